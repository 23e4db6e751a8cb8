package ingest

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
	"planreport/templates"
)

// sheetKind is what a worksheet turned out to be.
type sheetKind uint8

const (
	sheetOther      sheetKind = iota // notes, instructions: skipped with an info finding
	sheetManagement                  // 行財政運営プラン取組管理シート
	sheetIndex                       // a basic goal's index of initiatives
)

// sheetResult is what parseSheet makes of one worksheet. Initiative is nil
// when the sheet is not a management sheet or cannot be used at all.
type sheetResult struct {
	kind       sheetKind
	initiative *model.Initiative
	index      *model.GoalIndex
	findings   []model.Finding
}

// titleArea bounds where the title label is looked for: the first rows and
// columns of the sheet.
const titleArea = 20

// parser reads one grid. It never fails: everything it cannot read becomes
// a finding at the cell concerned.
type parser struct {
	src      model.Source
	g        *xlsx.Grid
	findings []model.Finding
	warned   map[xlsx.Pos]bool // formula cells already reported
	labels   map[xlsx.Pos]label
	memo     labelMemo
}

// parseSheet reads one worksheet grid into a management sheet, a goal index
// or nothing. src names the file and sheet; its Cell is ignored. memo is
// shared by the sheets of one book (nil: a fresh one).
func parseSheet(src model.Source, g *xlsx.Grid, memo labelMemo) sheetResult {
	src.Cell = ""
	if memo == nil {
		memo = labelMemo{}
	}
	p := &parser{src: src, g: g, warned: map[xlsx.Pos]bool{}, labels: map[xlsx.Pos]label{}, memo: memo}
	for r, row := range g.Cells {
		for c, s := range row {
			if s == "" || g.Covered(r, c) {
				continue
			}
			if k := p.classify(s); k != lblNone {
				p.labels[xlsx.Pos{Row: r, Col: c}] = k
			}
		}
	}
	res := sheetResult{}
	title, hasTitle := p.findTitle()
	blocks := p.findBlocks()
	found := 0
	for _, b := range blocks {
		if b != nil {
			found++
		}
	}
	switch {
	case hasTitle || found >= 3:
		res.kind = sheetManagement
		res.initiative = p.parseManagement(title, hasTitle, blocks)
	default:
		if idx := p.parseIndex(); idx != nil {
			res.kind = sheetIndex
			res.index = idx
		} else if p.src.Sheet == templates.HowToSheetName {
			// The instructions sheet of our own blank template: expected
			// in every workbook made from it, not worth a finding.
		} else {
			p.add(model.SeverityInfo, CodeSheetSkipped, nil,
				"取組管理シートでも基本目標の取組一覧でもないため、読み飛ばしました")
		}
	}
	res.findings = p.findings
	return res
}

// add records a finding; at is the cell, or nil for the whole sheet. The
// message is prefixed with where it happened, so that it reads on its own.
func (p *parser) add(sev model.Severity, code string, at *xlsx.Pos, format string, args ...any) {
	src := p.src
	if at != nil {
		src.Cell = at.Ref()
	}
	p.findings = append(p.findings, model.Finding{
		Severity: sev, Code: code, Source: src,
		Message: xlsx.CleanMessage(fmt.Sprintf(format, args...)),
	})
}

func (p *parser) findTitle() (xlsx.Pos, bool) {
	best, ok := xlsx.Pos{}, false
	for pos, k := range p.labels {
		if k != lblTitle || pos.Row >= titleArea || pos.Col >= titleArea {
			continue
		}
		if !ok || before(pos, best) {
			best, ok = pos, true
		}
	}
	return best, ok
}

// before orders positions by row, then column (reading order).
func before(a, b xlsx.Pos) bool {
	if a.Row != b.Row {
		return a.Row < b.Row
	}
	return a.Col < b.Col
}

// block is a labelled block of the sheet: its label cell and the rows it
// spans (to the next block label or the end of the sheet).
type block struct {
	label      xlsx.Pos
	start, end int // rows, end exclusive
}

// findBlocks locates the five block labels; a missing block is nil. A label
// found twice keeps the first occurrence and warns.
func (p *parser) findBlocks() [5]*block {
	var out [5]*block
	var all []xlsx.Pos
	for pos, k := range p.labels {
		if k >= lblBlock1 && k <= lblBlock5 {
			all = append(all, pos)
		}
	}
	slices.SortFunc(all, func(a, b xlsx.Pos) int {
		if before(a, b) {
			return -1
		}
		if a == b {
			return 0
		}
		return 1
	})
	for i, pos := range all {
		n := int(p.labels[pos] - lblBlock1)
		if out[n] != nil {
			pos := pos
			p.add(model.SeverityWarning, CodeBlockDuplicate, &pos,
				"「%s」の欄が2回あります。最初の欄（セル%s）を読み、こちらは読みません", blockNames[n], out[n].label.Ref())
			continue
		}
		end := p.g.Rows()
		for _, next := range all[i+1:] {
			if next.Row > pos.Row {
				end = next.Row
				break
			}
		}
		out[n] = &block{label: pos, start: pos.Row, end: end}
	}
	return out
}

// rightValues returns the non-empty cells to the right of pos in its row,
// each merge once (by its top-left cell), up to the next label of one of
// the stop kinds.
func (p *parser) rightValues(pos xlsx.Pos, stop ...label) []xlsx.Pos {
	var out []xlsx.Pos
	row := p.g.Cells[pos.Row]
	for c := pos.Col + 1; c < len(row); c++ {
		if p.g.Covered(pos.Row, c) || row[c] == "" {
			continue
		}
		q := xlsx.Pos{Row: pos.Row, Col: c}
		if slices.Contains(stop, p.labels[q]) {
			break
		}
		out = append(out, q)
	}
	return out
}

// firstLabel finds the first cell (reading order) of kind k in rows
// [from, to).
func (p *parser) firstLabel(k label, from, to int) (xlsx.Pos, bool) {
	best, ok := xlsx.Pos{}, false
	for pos, kk := range p.labels {
		if kk != k || pos.Row < from || pos.Row >= to {
			continue
		}
		if !ok || before(pos, best) {
			best, ok = pos, true
		}
	}
	return best, ok
}

func (p *parser) text(pos xlsx.Pos) string { return p.g.Raw(pos.Row, pos.Col) }

// noteFormula warns once per cell that a value came from a formula. A
// saved result is never recalculated (only a target or actual saved
// without one is computed, formulas.go): the value is the one the department's Excel
// computed when the file was saved (excelize's CalcCellValue does not know
// every function, and nothing from an input is ever executed), so it may be
// stale when the cells it depends on changed afterwards without a
// recalculation, or when it refers to another workbook.
func (p *parser) noteFormula(pos xlsx.Pos) { p.noteFormulaIn(pos, false) }

// noteFormulaIn is noteFormula for a cell whose value is checked against
// others: a 達成率 is compared with the rate computed from its target and
// actual, so a stale cached value is caught there, and an ordinary one
// (=ROUND(E14/E13*100,1) in every rate cell is the common case) is only
// worth an information finding, not a warning per cell.
func (p *parser) noteFormulaIn(pos xlsx.Pos, checked bool) {
	if p.g.Flag(pos)&xlsx.FlagFormula == 0 || p.warned[pos] {
		return
	}
	p.warned[pos] = true
	formula := ""
	if f := p.g.Formulas[pos]; f != "" {
		formula = "（=" + xlsx.Shorten(f, 60) + "）"
	}
	if p.text(pos) == "" {
		if p.g.Flag(pos)&xlsx.FlagFormulaBlank != 0 {
			return // the formula's result is blank (=IF(E13="","",…)): an empty cell
		}
		if checked {
			p.add(model.SeverityInfo, CodeFormulaNoValue, &pos,
				"数式のセル%sですが、計算結果が保存されていません（Excel以外のソフトで作られたファイルかもしれません）。達成率は目標値・実績値から計算します", formula)
			return
		}
		p.add(model.SeverityWarning, CodeFormulaNoValue, &pos,
			"数式のセル%sですが、計算結果が保存されていません（Excel以外のソフトで作られたファイルかもしれません）。数式は計算せず、空欄として扱います", formula)
		return
	}
	if checked {
		p.add(model.SeverityInfo, CodeFormulaCachedValue, &pos,
			"数式のセル%sです。値「%s」はファイル保存時にExcelが計算した値で（数式は計算しません）、目標値・実績値から計算した達成率と照合します", formula, xlsx.Shorten(p.text(pos), 40))
		return
	}
	p.add(model.SeverityWarning, CodeFormulaCachedValue, &pos,
		"数式のセル%sです。値「%s」はファイル保存時にExcelが計算した値をそのまま使いました（数式は計算しません）。その後に参照先が変わっていれば古い値の可能性があります", formula, xlsx.Shorten(p.text(pos), 40))
}

// integer reads a positive whole number (goal or initiative number).
func (p *parser) integer(pos xlsx.Pos) (int, bool) {
	p.noteFormula(pos)
	d, unit, err := normalize.ParseNumber(p.text(pos))
	if err != nil || unit != "" || strings.Contains(string(d), ".") {
		return 0, false
	}
	n, err := strconv.Atoi(string(d))
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

func (p *parser) parseManagement(title xlsx.Pos, hasTitle bool, blocks [5]*block) *model.Initiative {
	in := &model.Initiative{Source: p.src}
	headerEnd := p.g.Rows()
	for _, b := range blocks {
		if b != nil {
			headerEnd = min(headerEnd, b.start)
		}
	}
	headerStart := 0
	if hasTitle {
		in.Source.Cell = title.Ref()
		headerStart = title.Row
		if v := p.rightValues(title, lblDepartment); len(v) > 0 {
			in.DepartmentCode = normalize.Text(p.text(v[0]))
		}
	} else {
		p.add(model.SeverityError, CodeMissingTitle, nil,
			"表題「行財政運営プラン取組管理シート」が見つかりません（シートの先頭%d行・%d列以内に入力してください）", titleArea, titleArea)
	}

	if pos, ok := p.firstLabel(lblDepartment, headerStart, headerEnd); ok {
		if v := p.rightValues(pos, lblGoal, lblSection, lblItem); len(v) > 0 {
			in.Department = organizationName(normalize.Text(p.text(v[0])))
		}
		if in.Department == "" {
			p.add(model.SeverityError, CodeMissingDepartment, &pos, "「担当部名」の右に担当部が入力されていません。報告書では「%s」として集計します", model.NoDepartment)
		}
	} else {
		p.add(model.SeverityError, CodeMissingDepartment, nil, "「担当部名」の欄が見つかりません。報告書では「%s」として集計します", model.NoDepartment)
	}

	if pos, ok := p.firstLabel(lblGoal, headerStart, headerEnd); ok {
		v := p.rightValues(pos, lblSection, lblItem, lblDepartment)
		if len(v) > 0 {
			if n, ok := p.integer(v[0]); ok {
				in.GoalNumber = n
			} else {
				p.add(model.SeverityError, CodeBadNumber, &v[0], "基本目標の番号「%s」を読めません（1以上の整数を入力してください）。番号がないため、このシートは報告書に含めません", p.text(v[0]))
			}
		} else {
			p.add(model.SeverityError, CodeMissingGoal, &pos, "「基本目標」の右に番号が入力されていません。番号がないため、このシートは報告書に含めません")
		}
		if len(v) > 1 {
			in.GoalName = normalize.Text(p.text(v[1]))
		}
		if len(v) > 2 {
			in.SectionCode = normalize.Text(p.text(v[2]))
		}
	} else {
		p.add(model.SeverityError, CodeMissingGoal, nil, "「基本目標」の欄が見つかりません。番号がないため、このシートは報告書に含めません")
	}

	if pos, ok := p.firstLabel(lblSection, headerStart, headerEnd); ok {
		if v := p.rightValues(pos, lblGoal, lblItem, lblDepartment); len(v) > 0 {
			in.Section = organizationName(normalize.Text(p.text(v[0])))
		}
	}

	if pos, ok := p.firstLabel(lblItem, headerStart, headerEnd); ok {
		v := p.rightValues(pos, lblGoal, lblSection, lblDepartment)
		if len(v) > 0 {
			if n, ok := p.integer(v[0]); ok {
				in.Number = n
			} else {
				p.add(model.SeverityError, CodeBadNumber, &v[0], "取組項目の番号「%s」を読めません（1以上の整数を入力してください）。番号がないため、このシートは報告書に含めません", p.text(v[0]))
			}
		} else {
			p.add(model.SeverityError, CodeMissingNumber, &pos, "「取組項目名」の右に取組番号が入力されていません。番号がないため、このシートは報告書に含めません")
		}
		if len(v) > 1 {
			in.Title = normalize.Text(p.text(v[1]))
		}
		if in.Title == "" {
			p.add(model.SeverityError, CodeMissingItemTitle, &pos, "取組項目名が入力されていません")
		}
		if len(v) > 2 {
			in.SectionItemNo = normalize.Text(p.text(v[2]))
		}
	} else {
		p.add(model.SeverityError, CodeMissingNumber, nil, "「取組項目名」の欄（取組番号と取組項目名）が見つかりません。番号がないため、このシートは報告書に含めません")
	}

	for n, b := range blocks {
		if b == nil {
			p.add(model.SeverityError, CodeBlockMissing, nil, "「%s」の欄が見つかりません", blockNames[n])
		}
	}
	if blocks[2] == nil && in.Number == 0 {
		p.add(model.SeverityError, CodeSheetUnusable, nil,
			"目標指標の欄も取組番号もないため、このシートは報告書に載せません")
		return nil
	}

	if b := blocks[0]; b != nil {
		in.Overview = p.blockText(b)
	}
	if b := blocks[1]; b != nil {
		in.Plans = p.parsePlans(b)
	}
	if b := blocks[2]; b != nil {
		in.Indicators = p.parseIndicators(b)
	}
	if b := blocks[3]; b != nil {
		in.Background = p.blockText(b)
	}
	if b := blocks[4]; b != nil {
		in.Results = p.parseResults(b)
	}
	in.Period = period(in)
	return in
}

// period spans the fiscal years of blocks (2) and (3).
func period(in *model.Initiative) model.Period {
	var pr model.Period
	see := func(y int) {
		if y == 0 {
			return
		}
		if pr.First == 0 || y < pr.First {
			pr.First = y
		}
		if y > pr.Last {
			pr.Last = y
		}
	}
	for _, pl := range in.Plans {
		see(pl.Year.Year)
	}
	for _, ind := range in.Indicators {
		for _, y := range ind.Years {
			see(y.Year.Year)
		}
	}
	return pr
}

// blockText joins every text cell to the right of the block label, in the
// block's rows, into one rich text.
func (p *parser) blockText(b *block) model.RichText {
	return p.textCells(b.start, b.end, b.label.Col+1, xlsx.Pos{Row: b.start, Col: b.label.Col + 1})
}

// textCells joins the non-empty cells of rows [from, to) from column col on
// (each merge once) and parses them as rich text; the source is the first
// such cell, or def.
func (p *parser) textCells(from, to, col int, def xlsx.Pos) model.RichText {
	var parts []string
	src := def
	for r := from; r < to; r++ {
		row := p.g.Cells[r]
		for c := col; c < len(row); c++ {
			if row[c] == "" || p.g.Covered(r, c) {
				continue
			}
			if len(parts) == 0 {
				src = xlsx.Pos{Row: r, Col: c}
			}
			p.noteFormula(xlsx.Pos{Row: r, Col: c})
			parts = append(parts, row[c])
		}
	}
	return model.RichText{Blocks: normalize.ParseRichText(strings.Join(parts, "\n")), Source: p.src.At(src.Ref())}
}

// mostCommonColumn returns the column (after minCol, before maxCol) where
// test holds for the most cells (merge-filled) in rows [from, to); ties go
// to the leftmost. ok is false when no cell passes.
func (p *parser) mostCommonColumn(from, to, minCol, maxCol int, test func(string) bool) (int, bool) {
	count := map[int]int{}
	for r := from; r < to; r++ {
		for c := minCol; c < min(maxCol, len(p.g.Cells[r])); c++ {
			if s := p.g.At(r, c); s != "" && test(s) {
				count[c]++
			}
		}
	}
	best, bestN := 0, 0
	for c, n := range count {
		if n > bestN || n == bestN && c < best {
			best, bestN = c, n
		}
	}
	return best, bestN > 0
}

// fiscalYear reads a year label at pos (merge-filled); a bad label is an
// error finding, reported once per cell.
func (p *parser) fiscalYear(pos xlsx.Pos) (model.FiscalYear, bool) {
	o := p.g.Top(pos.Row, pos.Col)
	s := p.text(o)
	y, err := normalize.ParseFiscalYear(s)
	if err != nil {
		if !p.warned[o] {
			p.warned[o] = true
			p.add(model.SeverityError, CodeYearUnreadable, &o,
				"年度「%s」を読めません（「令和3年度」「平成27年度」「2021年度」のように入力してください）", s)
		}
		return model.FiscalYear{}, false
	}
	return y, true
}

func isYear(s string) bool { return normalize.LooksLikeFiscalYear(s) }

// parsePlans reads block (2): per row a phase (前期/後期, usually merged
// down), a fiscal-year label and the planned work.
func (p *parser) parsePlans(b *block) []model.PlanYear {
	yearCol, ok := p.mostCommonColumn(b.start, b.end, b.label.Col+1, xlsx.MaxColumns, isYear)
	if !ok {
		if t := p.textCells(b.start, b.end, b.label.Col+1, b.label); !t.IsEmpty() {
			at := b.label
			p.add(model.SeverityError, CodeYearMissing, &at, "「%s」に年度の欄が見つかりません", blockNames[1])
		}
		return nil
	}
	var plans []model.PlanYear
	var phase model.Phase
	for r := b.start; r < b.end; r++ {
		work := p.textCells(r, r+1, yearCol+1, xlsx.Pos{Row: r, Col: yearCol + 1})
		yearText := p.g.At(r, yearCol)
		if yearText == "" {
			if !work.IsEmpty() {
				at := xlsx.Pos{Row: r, Col: yearCol}
				p.add(model.SeverityError, CodeYearMissing, &at, "取組内容に年度が入力されていません")
			}
			continue
		}
		y, ok := p.fiscalYear(xlsx.Pos{Row: r, Col: yearCol})
		if !ok {
			continue
		}
		// Without merges the phase is written on its first row only; the
		// rows below keep it until the next one.
		for c := b.label.Col + 1; c < yearCol; c++ {
			if k := p.classify(p.g.At(r, c)); k == lblFirstHalf || k == lblSecondHalf {
				phase = model.Phase(normalize.Label(p.g.At(r, c)))
			}
		}
		plans = append(plans, model.PlanYear{Phase: phase, Year: y, Work: work})
	}
	return plans
}

// parseResults reads block (5): per fiscal year (usually merged down two
// rows) a 取組実績 row and a 今後の課題 row.
func (p *parser) parseResults(b *block) []model.ResultYear {
	isKind := func(s string) bool { k := p.classify(s); return k == lblResults || k == lblIssues }
	kindCol, ok := p.mostCommonColumn(b.start, b.end, b.label.Col+1, xlsx.MaxColumns, isKind)
	if !ok {
		if t := p.textCells(b.start, b.end, b.label.Col+1, b.label); !t.IsEmpty() {
			at := b.label
			p.add(model.SeverityError, CodeResultKindMissing, &at, "「%s」に「取組実績」「今後の課題」の欄が見つかりません", blockNames[4])
		}
		return nil
	}
	yearCol, hasYearCol := p.mostCommonColumn(b.start, b.end, b.label.Col+1, kindCol, isYear)
	var out []model.ResultYear
	index := map[int]int{}
	prevYear, prevKind := -1, lblNone // row of the year the previous kind row used
	for r := b.start; r < b.end; r++ {
		k := p.classify(p.g.At(r, kindCol))
		if k != lblResults && k != lblIssues {
			prevYear = -1
			continue
		}
		text := p.textCells(r, r+1, kindCol+1, xlsx.Pos{Row: r, Col: kindCol + 1})
		yearRow := r
		if !hasYearCol || p.g.At(r, yearCol) == "" {
			// Without merges the year is often written only on the
			// 取組実績 row; the 今後の課題 row right below shares it.
			if prevYear >= 0 && prevKind == lblResults && k == lblIssues {
				yearRow = prevYear
			} else {
				if !text.IsEmpty() {
					at := xlsx.Pos{Row: r, Col: max(kindCol-1, 0)}
					p.add(model.SeverityError, CodeYearMissing, &at, "取組実績・今後の課題に年度が入力されていません")
				}
				prevYear = -1
				continue
			}
		}
		prevYear, prevKind = yearRow, k
		y, ok := p.fiscalYear(xlsx.Pos{Row: yearRow, Col: yearCol})
		if !ok {
			continue
		}
		i, seen := index[y.Year]
		if !seen {
			i = len(out)
			index[y.Year] = i
			out = append(out, model.ResultYear{Year: y})
		}
		if k == lblResults {
			out[i].Results = text
		} else {
			out[i].Issues = text
		}
	}
	return out
}

// yearColumn is one fiscal-year column of block (3).
type yearColumn struct {
	Col  int
	year model.FiscalYear
}

// parseIndicators reads block (3): a header row (目標指標名, 単位, 前期,
// 後期), a row of fiscal-year labels whose columns are the year columns,
// then per indicator the rows 目標値 / 実績値 / 達成率.
func (p *parser) parseIndicators(b *block) []model.Indicator {
	labelCol := b.label.Col
	nameCol, unitCol, kindCol := -1, -1, -1
	first := b.start // first row after the header
	if pos, ok := p.firstLabel(lblIndicatorName, b.start, b.end); ok {
		nameCol, first = pos.Col, pos.Row+1
		for c := pos.Col + 1; c < len(p.g.Cells[pos.Row]); c++ {
			if p.labels[xlsx.Pos{Row: pos.Row, Col: c}] == lblUnit {
				unitCol = c
				break
			}
		}
	}
	isKind := func(s string) bool { k := p.classify(s); return k == lblTarget || k == lblActual || k == lblRate }
	if c, ok := p.mostCommonColumn(first, b.end, labelCol+1, xlsx.MaxColumns, isKind); ok {
		kindCol = c
	} else {
		return nil // no indicator rows at all: a blank table
	}
	if nameCol < 0 {
		at := b.label
		p.add(model.SeverityWarning, CodeIndicatorHeaderMissing, &at, "目標指標の見出し（「目標指標名」「単位」）が見つかりません。指標名は「目標値」の左の列から読みます")
		nameCol = max(labelCol+1, kindCol-1)
	}
	if unitCol < 0 {
		unitCol = kindCol + 1
	}
	valueStart := max(nameCol, kindCol, unitCol) + 1

	// The year row is the first row before any indicator row that holds a
	// fiscal-year label in the value columns.
	firstKindRow := b.end
	for r := first; r < b.end; r++ {
		if isKind(p.g.At(r, kindCol)) {
			firstKindRow = r
			break
		}
	}
	dirCol := p.directionColumn(b.start, firstKindRow, labelCol)
	yearRow := -1
	for r := b.start; r < firstKindRow && yearRow < 0; r++ {
		for c := valueStart; c < len(p.g.Cells[r]); c++ {
			if !p.g.Covered(r, c) && isYear(p.g.Cells[r][c]) {
				yearRow = r
				break
			}
		}
	}
	if yearRow < 0 {
		at := b.label
		p.add(model.SeverityError, CodeYearRowMissing, &at,
			"目標指標の年度の見出し行（「平成27年度」「令和3年度」など）が見つかりません。目標値・実績値を読めません")
		return nil
	}
	var years []yearColumn
	isYearCol := map[int]bool{dirCol: dirCol >= 0} // the 評価方向 column holds no values
	seen := map[int]xlsx.Pos{}
	for c := valueStart; c < len(p.g.Cells[yearRow]); c++ {
		if c == dirCol || p.g.Covered(yearRow, c) || p.g.Cells[yearRow][c] == "" {
			continue
		}
		pos := xlsx.Pos{Row: yearRow, Col: c}
		if l := normalize.Label(p.text(pos)); slices.ContainsFunc(noteWords, func(w string) bool { return strings.HasPrefix(l, w) }) {
			// A notes column (備考, 注記…) beside the years: its text is
			// not a value, and its heading not a year.
			isYearCol[c] = true
			p.add(model.SeverityInfo, CodeNotesColumn, &pos,
				"「%s」の列は備考として、目標値・実績値には含めません", xlsx.Shorten(p.text(pos), 20))
			continue
		}
		if head, ok := p.baselineHeader(b.start, yearRow, c); ok {
			// 基準値 (the value before the plan) beside the plan's years:
			// not a target, and its year is not one of the plan's.
			isYearCol[c] = true
			p.add(model.SeverityInfo, CodeBaselineColumn, &head,
				"「%s」の列（%s）は計画前の値として、目標値・実績値には含めません", xlsx.Shorten(p.text(head), 20), xlsx.Shorten(p.text(p.g.Top(yearRow, c)), 20))
			continue
		}
		y, ok := p.fiscalYear(pos)
		if !ok {
			continue
		}
		if prev, dup := seen[y.Year]; dup {
			p.add(model.SeverityError, CodeYearDuplicate, &pos,
				"年度「%s」がセル%sと重複しています。この列の値は読みません", y.Label, prev.Ref())
			continue
		}
		seen[y.Year] = pos
		years = append(years, yearColumn{Col: c, year: y})
		isYearCol[c] = true
	}

	type triplet struct {
		name    xlsx.Pos
		rows    [3]int // target, actual, rate rows; -1 when absent
		unitPos xlsx.Pos
		dir     xlsx.Pos // the 評価方向 cell, when hasDir
		hasDir  bool
	}
	var ts []*triplet
	var cur *triplet
	for r := firstKindRow; r < b.end; r++ {
		kind := p.g.Top(r, kindCol)
		k, qualified := p.classifyQualified(p.text(kind))
		slot := -1
		switch k {
		case lblTarget:
			slot = 0
		case lblActual:
			slot = 1
		case lblRate:
			slot = 2
		}
		if slot < 0 {
			if pos, ok := p.directionRow(r, labelCol+1); ok && cur != nil {
				cur.dir, cur.hasDir = pos, true
				continue
			}
			for c := valueStart; c < len(p.g.Cells[r]); c++ {
				if !p.g.Covered(r, c) && p.g.Cells[r][c] != "" {
					pos := xlsx.Pos{Row: r, Col: c}
					if p.text(kind) != "" {
						p.add(model.SeverityError, CodeIndicatorKindMissing, &kind,
							"区分「%s」を「目標値」「実績値」「達成率」のどれとも読めないため、この行の値（セル%sの「%s」など）を読みません",
							xlsx.Shorten(p.text(kind), 40), pos.Ref(), xlsx.Shorten(p.g.Cells[r][c], 20))
						break
					}
					p.add(model.SeverityError, CodeIndicatorKindMissing, &pos,
						"値「%s」の行に「目標値」「実績値」「達成率」の区分がありません", p.g.Cells[r][c])
					break
				}
			}
			continue
		}
		// A new name starts a new indicator; the same name written again
		// on each of its rows (an unmerged or pasted table) does not.
		name := p.g.Top(r, nameCol)
		sameName := cur != nil && (name == cur.name || p.text(name) == "" ||
			normalize.Text(p.text(name)) == normalize.Text(p.text(cur.name)))
		if sameName && cur.rows[slot] >= 0 && qualified {
			// 実績値（見込） below 実績値, 目標値（修正後） below 目標値: a
			// second row of a kind the indicator has; not a new indicator.
			p.add(model.SeverityWarning, CodeIndicatorKindDuplicate, &kind,
				"区分「%s」の行は、同じ指標の%d行目の「%s」と同じ区分のため読みません（値を使う行を一つにしてください）",
				xlsx.Shorten(p.text(kind), 30), cur.rows[slot]+1, slotNames[slot])
			continue
		}
		if cur == nil || slot == 0 || cur.rows[slot] >= 0 || (!sameName && p.text(cur.name) != "") {
			cur = &triplet{name: name, rows: [3]int{-1, -1, -1}, unitPos: xlsx.Pos{Row: r, Col: unitCol}}
			ts = append(ts, cur)
		}
		if p.text(cur.name) == "" && p.text(name) != "" {
			cur.name = name
		}
		cur.rows[slot] = r
		if dirCol >= 0 && !cur.hasDir && p.g.At(r, dirCol) != "" {
			cur.dir, cur.hasDir = p.g.Top(r, dirCol), true
		}
		if slot < 2 && p.g.At(cur.unitPos.Row, cur.unitPos.Col) == "" && p.g.At(r, unitCol) != "" {
			cur.unitPos = p.g.Top(r, unitCol)
		}
		// Values beside the table but not under a year label.
		for c := valueStart; c < len(p.g.Cells[r]); c++ {
			if isYearCol[c] || p.g.Covered(r, c) || p.g.Cells[r][c] == "" {
				continue
			}
			pos := xlsx.Pos{Row: r, Col: c}
			p.add(model.SeverityError, CodeValueWithoutYear, &pos,
				"値「%s」の列に年度の見出しがありません（年度の見出し行は%d行目です）", p.g.Cells[r][c], yearRow+1)
		}
	}

	var out []model.Indicator
	for _, t := range ts {
		ind := model.Indicator{
			Name:   normalize.Text(p.text(t.name)),
			Unit:   normalize.Text(p.g.At(t.unitPos.Row, t.unitPos.Col)),
			Source: p.src.At(t.name.Ref()),
		}
		if normalize.IsNoValue(ind.Unit) {
			ind.Unit = ""
		}
		p.declareDirection(&ind, t.dir, t.hasDir, t.unitPos)
		var vals []*model.Value
		for _, yc := range years {
			iy := model.IndicatorYear{Year: yc.year}
			for slot, dst := range []*model.Value{&iy.Target, &iy.Actual, &iy.StatedRate} {
				if r := t.rows[slot]; r >= 0 {
					*dst = p.value(xlsx.Pos{Row: r, Col: yc.Col}, slot, ind.Unit)
				}
			}
			ind.Years = append(ind.Years, iy)
		}
		for i := range ind.Years {
			vals = append(vals, &ind.Years[i].Target, &ind.Years[i].Actual, &ind.Years[i].StatedRate)
		}
		if ind.Name == "" {
			empty := true
			for _, v := range vals {
				if v.Kind != model.ValueNone {
					empty = false
				}
			}
			if empty {
				continue // a blank template slot
			}
			p.add(model.SeverityError, CodeIndicatorMissingName, &t.name,
				"目標指標名が入力されていませんが、値があります。指標名を入力してください（この指標は報告書に載せません）")
			continue
		}
		out = append(out, ind)
	}
	return out
}

var slotNames = [3]string{"目標値", "実績値", "達成率"}

// value reads one target, actual or stated-rate cell.
func (p *parser) value(pos xlsx.Pos, slot int, unit string) model.Value {
	o := p.g.Top(pos.Row, pos.Col)
	s := p.text(o)
	if c, ok := p.computeFormula(o, slot); ok {
		s = c // a formula saved without its result, computed (formulas.go)
	}
	src := p.src.At(o.Ref())
	if p.g.Flag(o)&xlsx.FlagDate != 0 {
		shown := s
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if t, err := excelize.ExcelDateToTime(f, false); err == nil {
				shown = t.Format(time.DateOnly)
			}
		}
		p.add(model.SeverityError, CodeValueIsDate, &o,
			"%sが日付（%s）として入力されています。数値、「実施」「未実施」、または「—」を入力してください", slotNames[slot], shown)
		return model.Value{Kind: model.ValueInvalid, Raw: s, Source: src}
	}
	if p.g.Flag(o)&xlsx.FlagError != 0 {
		// An error value is a formula's result (=E14/E13 with no target
		// yet gives #DIV/0!): there is no value, and nothing to type.
		sev, advice := model.SeverityWarning, "数式と参照先を確認してください"
		if slot == 2 {
			// A rate prefilled for years not reached yet is the common
			// case; the rate is computed from the target and actual anyway.
			sev, advice = model.SeverityInfo, "達成率は目標値・実績値から計算します"
		}
		p.warned[o] = true // the formula note would only repeat this
		p.add(sev, CodeValueError, &o, "%sのセルは数式の結果がエラー（%s）のため、空欄として扱いました。%s", slotNames[slot], xlsx.Shorten(s, 20), advice)
		return model.Value{Source: src} // the finding keeps the error's text; outputs show an empty cell
	}
	p.noteFormulaIn(o, slot == 2)
	if e, ok := p.g.ExactPercents[o]; ok && slot < 2 {
		s = e // a target or actual is what the cell holds, not what it shows
	}
	v, vunit, err := normalize.ParseValue(s)
	v.Source = src
	if err != nil && slot == 2 && normalize.JudgementWord(s) != "" {
		// 達成 / 未達成 written where the rate goes (an indicator judged by
		// 実施/未実施 has no rate): kept as written, no number; the rate
		// stage compares it with the judgement it computes. (Looked for
		// only in what does not read as a value: no value is such a word.)
		return model.Value{Raw: s, Source: src}
	}
	if err != nil {
		v.Kind = model.ValueInvalid
		p.add(model.SeverityError, CodeValueUnreadable, &o,
			"%s「%s」を読めません。数値（例: 1,472、42.0%%、22回）、「実施」「未実施」、または「—」を入力してください", slotNames[slot], s)
		return v
	}
	if vunit == "" {
		return v
	}
	want := unit
	if slot == 2 {
		want = "%"
	}
	// The rate is in % and takes no numeral unit; a target or actual may.
	if slot < 2 {
		if scaled, ok := scaleToUnit(v.Number, vunit, want); ok {
			p.add(model.SeverityInfo, CodeUnitScaled, &o,
				"%s「%s」を、指標の単位「%s」に合わせて%sとして読みました", slotNames[slot], s, want, scaled)
			v.Number = scaled
			return v
		}
	}
	if !sameUnit(vunit, want) {
		shown := want
		if shown == "" {
			shown = "（なし）"
		}
		p.add(model.SeverityWarning, CodeUnitMismatch, &o,
			"%s「%s」の単位「%s」が指標の単位「%s」と異なります。数値%sとして読みました", slotNames[slot], s, vunit, shown, v.Number)
	}
	return v
}

// noteWords head a notes column in the indicator table's year row.
var noteWords = []string{"備考", "注記", "注", "メモ", "出典", "根拠", "説明"}

// baselineWords name a column of the value before the plan (基準値,
// 現状値, 策定時) in the indicator table's header.
var baselineWords = []string{"基準", "現状値", "策定時", "計画策定時"} // 基準値, 基準年度…

// baselineHeader finds a 基準値-like header for column c of the indicator
// table: in the year row itself (基準値（令和2年度）) or in a header row
// above it, down from the block's first row.
func (p *parser) baselineHeader(from, yearRow, c int) (xlsx.Pos, bool) {
	for r := from; r <= yearRow; r++ {
		pos := p.g.Top(r, c)
		// One column's header only: a caption merged over several columns
		// ("基準年度は平成26年度" over every year) names no column.
		if p.g.Top(pos.Row, pos.Col+1) == pos {
			continue
		}
		l := normalize.Label(p.text(pos))
		// In the year label itself the word may come anywhere (基準値（令和
		// 2年度）, 令和2年度（基準）); above it, a heading starts with it.
		match := strings.HasPrefix
		if r == yearRow {
			match = strings.Contains
		}
		if slices.ContainsFunc(baselineWords, func(w string) bool { return match(l, w) }) {
			return pos, true
		}
	}
	return xlsx.Pos{}, false
}

// unitMultipliers are the Japanese numeral units a value may carry before
// its unit (1.5万人, 500千円).
var unitMultipliers = []struct {
	prefix string
	n      int64
}{{"億", 100_000_000}, {"万", 10_000}, {"千", 1_000}, {"百", 100}}

// scaleToUnit brings a number written with a numeral unit to the
// indicator's unit: 1.5 万人 for an indicator in 人 is 15000, 500000 円 for
// one in 千円 is 500. ok is false when the units differ otherwise (or do
// not differ). Exact: the factors are powers of ten.
func scaleToUnit(n model.Decimal, valueUnit, indicatorUnit string) (model.Decimal, bool) {
	r := n.Rat()
	if r == nil || sameUnit(valueUnit, indicatorUnit) {
		return "", false
	}
	v, ind := normalize.Label(valueUnit), normalize.Label(indicatorUnit)
	for _, m := range unitMultipliers {
		factor := new(big.Rat).SetInt64(m.n)
		if strings.HasPrefix(ind, m.prefix) && strings.HasPrefix(v, m.prefix) {
			// 500千 in an indicator in 千円: the value's 千 is the
			// indicator's, not a factor to apply.
			continue
		}
		if rest, ok := strings.CutPrefix(v, m.prefix); ok && (rest == "" || sameUnit(rest, ind)) {
			return model.DecimalFromRat(r.Mul(r, factor)), true
		}
		if rest, ok := strings.CutPrefix(ind, m.prefix); ok && rest != "" && sameUnit(v, rest) {
			return model.DecimalFromRat(r.Quo(r, factor)), true
		}
	}
	return "", false
}

// organizationName drops white space between two Japanese characters of a
// department or section name: 「総務　部」 is 総務部 (a department of its own,
// with its own PDF, otherwise). Space after a whole organization name
// separates two (「総務部 財務部」 is 総務部・財務部), and space next to Latin
// letters or digits stays (「IT 推進課」).
func organizationName(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if !unicode.IsSpace(rs[i]) {
			b.WriteRune(rs[i])
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		switch {
		case !(i > 0 && j < len(rs) && rs[i-1] > unicode.MaxASCII && rs[j] > unicode.MaxASCII):
			b.WriteString(string(rs[i:j]))
		// IsOrganizationName looks at the end only: what b holds ends with
		// the name just written.
		case model.IsOrganizationName(b.String()) && rs[j] != '・' && rs[i-1] != '・':
			b.WriteRune('・')
		}
		i = j - 1
	}
	return b.String()
}

// sameUnit accepts the value's unit when it is the indicator's unit or its
// stem (件 for 件数, 団体 for 団体数).
func sameUnit(valueUnit, indicatorUnit string) bool {
	a, b := normalize.Label(valueUnit), normalize.Label(indicatorUnit)
	if a == b {
		return true
	}
	return b != "" && strings.HasPrefix(b, a) && strings.TrimPrefix(b, a) == "数"
}

// parseIndex reads a goal index sheet: 基本目標 with its number, the goal's
// name, a header row 取組項目名 … 担当部, then rows number / title /
// department until the first blank row.
func (p *parser) parseIndex() *model.GoalIndex {
	goal, ok := xlsx.Pos{}, false
	number := 0
	// 基本目標 may hold its number in the same cell ("基本目標 5") or in the
	// next one; scan in reading order so the choice is deterministic.
	for r, row := range p.g.Cells {
		for c, s := range row {
			if ok || s == "" || p.g.Covered(r, c) {
				continue
			}
			l := normalize.Label(s)
			rest, has := strings.CutPrefix(l, "基本目標")
			if !has {
				continue
			}
			pos := xlsx.Pos{Row: r, Col: c}
			if rest != "" {
				if n, err := strconv.Atoi(rest); err == nil && n > 0 {
					goal, number, ok = pos, n, true
				}
				continue
			}
			if v := p.rightValues(pos); len(v) > 0 {
				if n, good := p.integer(v[0]); good {
					goal, number, ok = pos, n, true
				}
			}
		}
	}
	if !ok {
		return nil
	}
	header, hok := p.firstLabel(lblItem, goal.Row, p.g.Rows())
	if !hok {
		return nil
	}
	deptCol := -1
	for c := header.Col + 1; c < len(p.g.Cells[header.Row]); c++ {
		if k := p.labels[xlsx.Pos{Row: header.Row, Col: c}]; k == lblDeptColumn || k == lblDepartment {
			deptCol = c
			break
		}
	}
	if deptCol < 0 {
		return nil
	}
	idx := &model.GoalIndex{GoalNumber: number, Source: p.src.At(goal.Ref())}
	// The goal's name: the first other text between the goal label and the
	// header row.
	for r := goal.Row; r < header.Row && idx.GoalName == ""; r++ {
		for c, s := range p.g.Cells[r] {
			if s == "" || p.g.Covered(r, c) || (r == goal.Row && c <= goal.Col) {
				continue
			}
			if _, err := strconv.Atoi(normalize.Label(s)); err == nil {
				continue
			}
			idx.GoalName = normalize.Text(s)
			break
		}
	}
	started := false
	for r := header.Row + 1; r < p.g.Rows(); r++ {
		var cells []xlsx.Pos
		for c := header.Col; c <= deptCol && c < len(p.g.Cells[r]); c++ {
			if p.g.Cells[r][c] != "" && !p.g.Covered(r, c) {
				cells = append(cells, xlsx.Pos{Row: r, Col: c})
			}
		}
		if len(cells) == 0 {
			if started {
				break
			}
			continue
		}
		started = true
		e := model.IndexEntry{Source: p.src.At(cells[0].Ref())}
		n, good := p.integer(cells[0])
		if !good {
			p.add(model.SeverityError, CodeBadNumber, &cells[0], "取組一覧の番号「%s」を読めません（1以上の整数を入力してください）", p.text(cells[0]))
			continue
		}
		e.Number = n
		for _, c := range cells[1:] {
			if c.Col < deptCol && e.Title == "" {
				e.Title = normalize.Text(p.text(c))
				e.TitleCell = c.Ref()
			}
		}
		e.Department = normalize.Text(p.g.At(r, deptCol))
		if e.Department != "" {
			e.DepartmentCell = p.g.Top(r, deptCol).Ref()
		}
		idx.Entries = append(idx.Entries, e)
	}
	return idx
}
