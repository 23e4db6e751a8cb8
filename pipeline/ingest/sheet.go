package ingest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	sheetFindings                    // the 指摘事項 (or a kept 前回の指摘事項) of an annotated copy sent back
)

// sheetResult is what parseSheet makes of one worksheet. Initiative is nil
// when the sheet is not a management sheet or cannot be used at all.
type sheetResult struct {
	kind       sheetKind
	initiative *model.Initiative
	index      *model.GoalIndex
	findings   []model.Finding
	// hiddenYears are the fiscal-year columns of block (3) hidden in
	// Excel, for noteHiddenYears.
	hiddenYears []hiddenYear
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
	// blankFormulas are the formula cells saved without a result, in
	// reading order (found on first use): they hold no text, so a text
	// block would pass over them unseen.
	blankFormulas []xlsx.Pos
	foundBlank    bool
	hiddenYears   []hiddenYear
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
	p.cutStackedSheet()
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
		} else if msg := findingsListMessage(p.src.Sheet, p.text(xlsx.Pos{})); msg != "" {
			res.kind = sheetFindings
			p.add(model.SeverityInfo, CodeSheetSkipped, nil, "%s", msg)
		} else {
			p.add(model.SeverityInfo, CodeSheetSkipped, nil,
				"取組管理シートでも基本目標の取組一覧でもないため、読み飛ばしました")
		}
	}
	res.findings, res.hiddenYears = p.findings, p.hiddenYears
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

// cutStackedSheet finds a second management sheet pasted below the first
// on the same worksheet: a (1) 取組概要 label after a label of a later
// block. Read as one sheet, the second initiative vanished (its blocks
// were duplicates, only warned about) and its header ran into the first
// one's (5). The sheet is read up to the second one's header (its first
// header label after the last block label before it), and an error names
// the initiative left out.
func (p *parser) cutStackedSheet() {
	var blocks []xlsx.Pos
	for pos, k := range p.labels {
		if k >= lblBlock1 && k <= lblBlock5 {
			blocks = append(blocks, pos)
		}
	}
	slices.SortFunc(blocks, comparePos)
	second, later := -1, -1 // the second (1), and the last later block's row before it
	for _, pos := range blocks {
		if p.labels[pos] != lblBlock1 {
			later = pos.Row
		} else if later >= 0 {
			second = pos.Row
			break
		}
	}
	if second < 0 {
		return
	}
	cut := second
	item := xlsx.Pos{Row: -1}
	for pos, k := range p.labels {
		if pos.Row <= later || pos.Row >= second || k < lblTitle || k > lblItem {
			continue
		}
		cut = min(cut, pos.Row)
		if k == lblItem && (item.Row < 0 || before(pos, item)) {
			item = pos
		}
	}
	title := ""
	if item.Row >= 0 {
		// As readItem reads it: the number, then the title.
		switch v := p.rightValues(item, lblGoal, lblSection, lblDepartment); {
		case len(v) > 1:
			title = fmt.Sprintf("（取組項目 %s「%s」）", xlsx.Shorten(p.text(v[0]), 10), xlsx.Shorten(normalize.Text(p.text(v[1])), 40))
		case len(v) == 1:
			title = fmt.Sprintf("（取組項目 %s）", xlsx.Shorten(p.text(v[0]), 10))
		}
	}
	at := xlsx.Pos{Row: cut}
	p.add(model.SeverityError, CodeSheetStacked, &at,
		"このシートの%d行目から、もう一つの取組管理シート%sが続いています。1つのシートには1つの取組を入力してください。%d行目より下は読みません（この取組は報告書に載りません）",
		cut+1, title, cut+1)
	for pos := range p.labels {
		if pos.Row >= cut {
			delete(p.labels, pos)
		}
	}
	g := *p.g
	g.Cells = g.Cells[:cut]
	p.g = &g
}

func comparePos(a, b xlsx.Pos) int {
	if before(a, b) {
		return -1
	}
	if a == b {
		return 0
	}
	return 1
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
	slices.SortFunc(all, comparePos)
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

// noteFormula warns once per cell that a value came from a formula's saved
// result in a workbook not saved by Excel or LibreOffice. A saved result
// is never recalculated (only a target or actual saved without one is
// computed, formulas.go: excelize's CalcCellValue does not know every
// function, and nothing from an input is ever executed). Excel and
// LibreOffice compute before saving, so their results are what the sheet
// showed; a program that writes workbooks without calculating may keep a
// result from before the cells it depends on changed.
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
	if p.g.Calculated {
		// Saved by Excel or LibreOffice, which compute every formula before
		// saving: the result is what the department saw, and a finding on
		// every =SUM(…) of a department's actuals would only be noise.
		return
	}
	if checked {
		p.add(model.SeverityInfo, CodeFormulaCachedValue, &pos,
			"数式のセル%sです。値「%s」はファイルに保存されていた計算結果で（数式は計算しません）、目標値・実績値から計算した達成率と照合します", formula, xlsx.Shorten(p.text(pos), 40))
		return
	}
	p.add(model.SeverityWarning, CodeFormulaCachedValue, &pos,
		"数式のセル%sです。値「%s」はファイルに保存されていた計算結果をそのまま使いました（数式は計算しません）。このブックはExcelやLibreOfficeで計算して保存されたものではないため（または開くときに再計算する設定のため）、その後に参照先が変わっていれば古い値の可能性があります。Excelで開いて保存し直してください", formula, xlsx.Shorten(p.text(pos), 40))
}

// integer reads a positive whole number (goal or initiative number), saying
// so when it was written as an enclosed numeral (numbers.go).
func (p *parser) integer(pos xlsx.Pos) (int, bool) {
	p.noteFormula(pos)
	n, enclosed, ok := readNumber(p.text(pos))
	if ok && enclosed {
		p.noteEnclosed(pos, n)
	}
	return n, ok
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
	// A formula saved without its result (a file another program wrote)
	// shows as （記載なし）: said, since the department did write there.
	for _, pos := range p.formulasWithoutResult() {
		if pos.Row >= from && pos.Row < to && pos.Col >= col {
			p.noteFormula(pos)
		}
	}
	return model.RichText{Blocks: normalize.ParseRichText(strings.Join(parts, "\n")), Source: p.src.At(src.Ref())}
}

// formulasWithoutResult lists the formula cells with no saved result and
// no text (not under a merge), in reading order.
func (p *parser) formulasWithoutResult() []xlsx.Pos {
	if p.foundBlank {
		return p.blankFormulas
	}
	p.foundBlank = true
	for pos, fl := range p.g.Flags {
		if fl&xlsx.FlagFormula != 0 && fl&xlsx.FlagFormulaBlank == 0 && pos.Row < p.g.Rows() &&
			!p.g.Covered(pos.Row, pos.Col) && p.text(pos) == "" {
			p.blankFormulas = append(p.blankFormulas, pos)
		}
	}
	slices.SortFunc(p.blankFormulas, comparePos)
	return p.blankFormulas
}

// mostCommonColumn returns the column (after minCol, before maxCol) where
// test holds for the most cells (merge-filled) in rows [from, to); ties go
// to the leftmost. ok is false when no cell passes.
func (p *parser) mostCommonColumn(from, to, minCol, maxCol int, test func(string) bool) (int, bool) {
	count := map[int]int{}
	for r := from; r < to; r++ {
		for c := minCol; c < min(maxCol, len(p.g.Cells[r])); c++ {
			if s := p.yearText(xlsx.Pos{Row: r, Col: c}); s != "" && test(s) {
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
func (p *parser) fiscalYear(pos xlsx.Pos) (model.FiscalYear, bool) { return p.yearAt(pos, "") }

// yearAt is fiscalYear where the error at a bad label also says what is
// lost (lost, a sentence; "" for nothing more).
func (p *parser) yearAt(pos xlsx.Pos, lost string) (model.FiscalYear, bool) {
	o := p.g.Top(pos.Row, pos.Col)
	s := p.yearText(o)
	y, err := normalize.ParseFiscalYear(s)
	if err == nil && p.g.Flag(o)&xlsx.FlagDate != 0 {
		p.noteYearAsDate(o, s)
	}
	if err != nil {
		if !p.warned[o] {
			p.warned[o] = true
			if lost != "" {
				lost = "。" + lost
			}
			p.add(model.SeverityError, CodeYearUnreadable, &o,
				"年度「%s」を読めません（「令和3年度」「平成27年度」「2021年度」のように入力してください）%s", s, lost)
		}
		return model.FiscalYear{}, false
	}
	return y, true
}

// noteYearAsDate warns, once per cell, of a year label read from a number
// shown as a date: a date, as the year it shows (s), or a year such as
// 2015 that its format shows as a date of 1905.
func (p *parser) noteYearAsDate(o xlsx.Pos, s string) {
	if p.warned[o] {
		return
	}
	p.warned[o] = true
	if _, ok := yearNumber(p.text(o)); ok {
		p.add(model.SeverityWarning, CodeYearIsDate, &o,
			"年度の見出し「%s」に日付の表示形式が設定されているため、Excelでは%sの日付として表示されます。「%s」として読みました。表示形式を「標準」にするか、「令和3年度」「2021年度」のように文字で入力してください",
			p.text(o), xlsx.DateText(p.text(o)), s)
		return
	}
	p.add(model.SeverityWarning, CodeYearIsDate, &o,
		"年度の見出しが日付（%s）として入力されています。表示される年の「%s」として読みました。「令和3年度」「2021年度」のように文字で入力してください",
		xlsx.DateText(p.text(o)), s)
}

func isYear(s string) bool { return normalize.LooksLikeFiscalYear(s) }

// yearText is the cell's text (merge-filled) as a year label: a number
// as its format shows it with text around it ("平成"0"年度": 27 is
// 平成27年度), a date as the year it shows (2021-04-01 is 2021年度, and
// 令和3年度 with an era format such as ggge"年度"). A year label typed as
// a date would otherwise be a serial number, and the sheet would lose
// every year. A whole number 1900–2200 shown as a date (2015 with
// ggge"年度", which Excel shows as a date of 1905) is that year: no plan
// year is in 1905, and the number is the year the department typed.
// fiscalYear warns of the last two.
func (p *parser) yearText(pos xlsx.Pos) string {
	o := p.g.Top(pos.Row, pos.Col)
	s := p.text(o)
	if t, ok := p.g.Shown[o]; ok {
		return t
	}
	if s == "" || p.g.Flag(o)&xlsx.FlagDate == 0 {
		return s
	}
	if _, ok := yearNumber(s); ok {
		return s + "年度"
	}
	d := xlsx.DateText(s)
	switch {
	case len(d) != len("2006-01-02") || d == s:
		return s
	case p.g.Flag(o)&xlsx.FlagEra != 0:
		return eraYear(d) + "年度"
	}
	return d[:4] + "年度"
}

// yearNumber reads a cell's stored number that is a Western year, 1900–2200.
func yearNumber(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1900 && n <= 2200
}

// eraYear is the era and year an era format shows for the date d
// (2006-01-02 form): 2015-04-01 is 平成27, 2019-05-01 令和1.
func eraYear(d string) string {
	era, n, err := model.DateEra(d)
	if err != nil {
		return d[:4]
	}
	return era + strconv.Itoa(n)
}

// findingsListMessage is what ingest says of a sheet that is a list of
// findings planreport put in an annotated copy sent back (its name, and
// its heading in A1), or "" for any other sheet.
func findingsListMessage(sheet, a1 string) string {
	switch {
	case !strings.HasPrefix(a1, templates.FindingsHeading):
		return ""
	case templates.IsFindingsSheet(sheet):
		return "planreport の赤入れ版の指摘事項（前回の確認結果）のため、読み飛ばしました。次の赤入れ版では今回の指摘に置き換わります"
	case templates.IsPreviousFindingsSheet(sheet):
		return "planreport の赤入れ版で、部署の書き込みがあったため残した前回の指摘事項のため、読み飛ばしました。不要になったらシートを削除してください"
	}
	return ""
}
