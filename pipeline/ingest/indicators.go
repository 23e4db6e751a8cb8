package ingest

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
	"planreport/templates"
)

// This file reads block (3), the indicator table: a header row (目標指標名,
// 単位, 前期, 後期), a row of fiscal-year labels whose columns are the year
// columns, then per indicator the rows 目標値 / 実績値 / 達成率.

// yearColumn is one fiscal-year column of block (3).
type yearColumn struct {
	Col  int
	year model.FiscalYear
}

// indicatorTable is the layout of block (3) as the header steps find it.
type indicatorTable struct {
	b                         *block
	nameCol, unitCol, kindCol int
	first                     int // first row after the header
	valueStart                int // first column that may hold values
	firstKindRow              int // first 目標値/実績値/達成率 row
	dirCol                    int // the 評価方向 column, or -1
	yearRow                   int
	years                     []yearColumn
	// isYearCol marks the columns that are not stray values: the year
	// columns and the 評価方向, notes and 基準値 columns.
	isYearCol map[int]bool
	// dropped marks the columns whose year label is unreadable or
	// repeated: one error at the label says their values are not read,
	// and none is said again at each value.
	dropped map[int]bool
}

// triplet is one indicator's rows as the table gives them.
type triplet struct {
	name    xlsx.Pos
	rows    [3]int // target, actual, rate rows; -1 when absent
	unitPos xlsx.Pos
	dir     xlsx.Pos // the 評価方向 cell, when hasDir
	hasDir  bool
}

// parseIndicators reads block (3): the table's columns, its year row and
// year columns, the rows of each indicator, then each indicator's values.
func (p *parser) parseIndicators(b *block) []model.Indicator {
	t, ok := p.indicatorColumns(b)
	if !ok {
		return nil // no indicator rows at all: a blank table
	}
	if !p.findYearRow(t) {
		return nil
	}
	p.readYearColumns(t)
	p.hiddenYearColumns(t)
	return p.indicators(t, p.indicatorRows(t))
}

// isKind reports a 目標値, 実績値 or 達成率 label.
func (p *parser) isKind(s string) bool {
	k := p.classify(s)
	return k == lblTarget || k == lblActual || k == lblRate
}

// indicatorColumns finds the name, unit and kind columns of the table.
func (p *parser) indicatorColumns(b *block) (*indicatorTable, bool) {
	labelCol := b.label.Col
	t := &indicatorTable{b: b, nameCol: -1, unitCol: -1, kindCol: -1, first: b.start}
	if pos, ok := p.firstLabel(lblIndicatorName, b.start, b.end); ok {
		t.nameCol, t.first = pos.Col, pos.Row+1
		for c := pos.Col + 1; c < len(p.g.Cells[pos.Row]); c++ {
			if p.labels[xlsx.Pos{Row: pos.Row, Col: c}] == lblUnit {
				t.unitCol = c
				break
			}
		}
	}
	c, ok := p.mostCommonColumn(t.first, b.end, labelCol+1, xlsx.MaxColumns, p.isKind)
	if !ok {
		return nil, false
	}
	t.kindCol = c
	if t.nameCol < 0 {
		at := b.label
		p.add(model.SeverityWarning, CodeIndicatorHeaderMissing, &at, "目標指標の見出し（「目標指標名」「単位」）が見つかりません。指標名は「目標値」の左の列から読みます")
		t.nameCol = max(labelCol+1, t.kindCol-1)
	}
	if t.unitCol < 0 {
		t.unitCol = t.kindCol + 1
	}
	t.valueStart = max(t.nameCol, t.kindCol, t.unitCol) + 1
	return t, true
}

// findYearRow finds the first indicator row and, before it, the year row:
// the first row that holds a fiscal-year label in the value columns.
func (p *parser) findYearRow(t *indicatorTable) bool {
	b := t.b
	t.firstKindRow = b.end
	for r := t.first; r < b.end; r++ {
		if p.isKind(p.g.At(r, t.kindCol)) {
			t.firstKindRow = r
			break
		}
	}
	t.dirCol = p.directionColumn(b.start, t.firstKindRow, b.label.Col)
	t.yearRow = -1
	for r := b.start; r < t.firstKindRow && t.yearRow < 0; r++ {
		for c := t.valueStart; c < len(p.g.Cells[r]); c++ {
			if !p.g.Covered(r, c) && isYear(p.yearText(xlsx.Pos{Row: r, Col: c})) {
				t.yearRow = r
				break
			}
		}
	}
	if t.yearRow < 0 {
		at := b.label
		if row, ok := p.hiddenYearRow(t); ok {
			p.add(model.SeverityError, CodeYearRowMissing, &at,
				"目標指標の年度の見出し行（%d行目）が非表示のため、目標値・実績値を読めません。行を表示してください", row+1)
			return false
		}
		p.add(model.SeverityError, CodeYearRowMissing, &at,
			"目標指標の年度の見出し行（「平成27年度」「令和3年度」など）が見つかりません。目標値・実績値を読めません")
		return false
	}
	return true
}

// readYearColumns reads the year row: each column a fiscal year, a notes
// column or a 基準値 column; a year written twice keeps its first column.
func (p *parser) readYearColumns(t *indicatorTable) {
	yearRow := t.yearRow
	t.isYearCol = map[int]bool{t.dirCol: t.dirCol >= 0} // the 評価方向 column holds no values
	t.dropped = map[int]bool{}
	seen := map[int]xlsx.Pos{}
	for c := t.valueStart; c < len(p.g.Cells[yearRow]); c++ {
		if c == t.dirCol || p.g.Covered(yearRow, c) || p.g.Cells[yearRow][c] == "" {
			continue
		}
		pos := xlsx.Pos{Row: yearRow, Col: c}
		if p.notYearColumn(t, pos) {
			t.isYearCol[c] = true
			continue
		}
		y, ok := p.yearAt(pos, p.droppedValues(t, c))
		if !ok {
			t.dropped[c] = true
			continue
		}
		if prev, dup := seen[y.Year]; dup {
			t.dropped[c] = true
			p.add(model.SeverityError, CodeYearDuplicate, &pos,
				"年度「%s」がセル%sと重複しています。%s", y.Label, prev.Ref(), p.droppedValues(t, c))
			continue
		}
		seen[y.Year] = pos
		t.years = append(t.years, yearColumn{Col: c, year: y})
		t.isYearCol[c] = true
	}
}

// droppedValues says, for the error at a year label that cannot be used,
// what of its column is not read: its values, counted, so that one
// finding stands for them all.
func (p *parser) droppedValues(t *indicatorTable, c int) string {
	n := 0
	for r := t.yearRow + 1; r < t.b.end; r++ {
		if !p.g.Covered(r, c) && p.g.Raw(r, c) != "" {
			n++
		}
	}
	if n == 0 {
		return "この列の値は読みません"
	}
	return fmt.Sprintf("この列の値（%d件）は読みません", n)
}

// notYearColumn reports, with an info finding, a column of the year row
// that holds no targets: notes (備考, 注記…) or 基準値 (the value before
// the plan).
func (p *parser) notYearColumn(t *indicatorTable, pos xlsx.Pos) bool {
	if l := normalize.Label(p.text(pos)); slices.ContainsFunc(noteWords, func(w string) bool { return strings.HasPrefix(l, w) }) {
		// A notes column beside the years: its text is not a value, and
		// its heading not a year.
		p.add(model.SeverityInfo, CodeNotesColumn, &pos,
			"「%s」の列は備考として、目標値・実績値には含めません", xlsx.Shorten(p.text(pos), 20))
		return true
	}
	if head, ok := p.baselineHeader(t.b.start, t.yearRow, pos.Col); ok {
		// 基準値 beside the plan's years: not a target, and its year is
		// not one of the plan's.
		p.add(model.SeverityInfo, CodeBaselineColumn, &head,
			"「%s」の列（%s）は計画前の値として、目標値・実績値には含めません", xlsx.Shorten(p.text(head), 20), xlsx.Shorten(p.text(p.g.Top(t.yearRow, pos.Col)), 20))
		return true
	}
	return false
}

// kindSlot is the slot (0 target, 1 actual, 2 rate) of a kind label, or -1.
func kindSlot(k label) int {
	switch k {
	case lblTarget:
		return 0
	case lblActual:
		return 1
	case lblRate:
		return 2
	}
	return -1
}

// indicatorRows groups the rows below the year row into indicators.
func (p *parser) indicatorRows(t *indicatorTable) []*triplet {
	var ts []*triplet
	var cur *triplet
	// Values between the year row and the first row of a known kind are
	// on a row whose kind is unreadable (計画額 above 実績値): said, as
	// for any other row, not left out unseen.
	for r := t.yearRow + 1; r < t.firstKindRow; r++ {
		p.rowWithoutKind(t, r, p.g.Top(r, t.kindCol))
	}
	for r := t.firstKindRow; r < t.b.end; r++ {
		kind := p.g.Top(r, t.kindCol)
		k, qualified := p.classifyQualified(p.text(kind))
		slot := kindSlot(k)
		if slot < 0 {
			if pos, ok := p.directionRow(r, t.b.label.Col+1); ok && cur != nil {
				cur.dir, cur.hasDir = pos, true
				continue
			}
			p.rowWithoutKind(t, r, kind)
			continue
		}
		next, ok := p.kindRow(t, cur, r, kind, slot, qualified)
		if !ok {
			continue
		}
		if next != cur {
			cur = next
			ts = append(ts, cur)
		}
		p.strayValues(t, r)
	}
	return ts
}

// rowWithoutKind reports the first value of a row whose kind cell is
// empty or unreadable.
func (p *parser) rowWithoutKind(t *indicatorTable, r int, kind xlsx.Pos) {
	for c := t.valueStart; c < len(p.g.Cells[r]); c++ {
		if p.g.Covered(r, c) || p.g.Cells[r][c] == "" {
			continue
		}
		pos := xlsx.Pos{Row: r, Col: c}
		if p.text(kind) != "" {
			p.add(model.SeverityError, CodeIndicatorKindMissing, &kind,
				"区分「%s」を「目標値」「実績値」「達成率」のどれとも読めないため、この行の値（セル%sの「%s」など）を読みません",
				xlsx.Shorten(p.text(kind), 40), pos.Ref(), xlsx.Shorten(p.g.Cells[r][c], 20))
			return
		}
		p.add(model.SeverityError, CodeIndicatorKindMissing, &pos,
			"値「%s」の行に「目標値」「実績値」「達成率」の区分がありません", p.g.Cells[r][c])
		return
	}
}

// kindRow adds row r, of the given slot, to the current indicator or to a
// new one, which it returns; ok is false when the row is not read.
func (p *parser) kindRow(t *indicatorTable, cur *triplet, r int, kind xlsx.Pos, slot int, qualified bool) (*triplet, bool) {
	name := p.g.Top(r, t.nameCol)
	sameName := p.sameIndicator(cur, name)
	if sameName && cur.rows[slot] >= 0 && qualified {
		// 実績値（見込） below 実績値, 目標値（修正後） below 目標値: a
		// second row of a kind the indicator has; not a new indicator.
		p.add(model.SeverityWarning, CodeIndicatorKindDuplicate, &kind,
			"区分「%s」の行は、同じ指標の%d行目の「%s」と同じ区分のため読みません（値を使う行を一つにしてください）",
			xlsx.Shorten(p.text(kind), 30), cur.rows[slot]+1, slotNames[slot])
		return cur, false
	}
	if cur == nil || slot == 0 || cur.rows[slot] >= 0 || (!sameName && p.text(cur.name) != "") {
		cur = &triplet{name: name, rows: [3]int{-1, -1, -1}, unitPos: xlsx.Pos{Row: r, Col: t.unitCol}}
	}
	if p.text(cur.name) == "" && p.text(name) != "" {
		cur.name = name
	}
	cur.rows[slot] = r
	p.rowCells(t, cur, r, slot)
	return cur, true
}

// sameIndicator reports whether a row whose name cell is name belongs to
// the current indicator: a new name starts a new indicator; the same name
// written again on each of its rows (an unmerged or pasted table), or none,
// does not.
func (p *parser) sameIndicator(cur *triplet, name xlsx.Pos) bool {
	if cur == nil {
		return false
	}
	return name == cur.name || p.text(name) == "" ||
		normalize.Text(p.text(name)) == normalize.Text(p.text(cur.name))
}

// rowCells takes the 評価方向 and unit cells of row r for the indicator,
// when it has none yet.
func (p *parser) rowCells(t *indicatorTable, cur *triplet, r, slot int) {
	if t.dirCol >= 0 && !cur.hasDir && p.g.At(r, t.dirCol) != "" {
		cur.dir, cur.hasDir = p.g.Top(r, t.dirCol), true
	}
	if slot < 2 && p.g.At(cur.unitPos.Row, cur.unitPos.Col) == "" && p.g.At(r, t.unitCol) != "" {
		cur.unitPos = p.g.Top(r, t.unitCol)
	}
}

// strayValues reports values beside the table but not under a year label.
func (p *parser) strayValues(t *indicatorTable, r int) {
	for c := t.valueStart; c < len(p.g.Cells[r]); c++ {
		if t.isYearCol[c] || t.dropped[c] || p.g.Covered(r, c) || p.g.Cells[r][c] == "" {
			continue
		}
		pos := xlsx.Pos{Row: r, Col: c}
		p.add(model.SeverityError, CodeValueWithoutYear, &pos,
			"値「%s」の列に年度の見出しがありません（年度の見出し行は%d行目です）", p.g.Cells[r][c], t.yearRow+1)
	}
}

// indicators reads each indicator's name, unit, direction and values; an
// indicator without a name is left out (with an error when it has values).
func (p *parser) indicators(t *indicatorTable, ts []*triplet) []model.Indicator {
	var out []model.Indicator
	for _, tr := range ts {
		ind := model.Indicator{
			Name:   normalize.Text(p.text(tr.name)),
			Unit:   normalize.Text(p.g.At(tr.unitPos.Row, tr.unitPos.Col)),
			Source: p.src.At(tr.name.Ref()),
		}
		if normalize.IsNoValue(ind.Unit) {
			ind.Unit = ""
		}
		p.declareDirection(&ind, tr.dir, tr.hasDir, tr.unitPos)
		ind.Years = p.indicatorYears(t, tr, ind.Unit)
		if ind.Name == "" {
			if !hasValues(ind.Years) {
				continue // a blank template slot
			}
			p.add(model.SeverityError, CodeIndicatorMissingName, &tr.name,
				"目標指標名が入力されていませんが、値があります。指標名を入力してください（この指標は報告書に載せません）")
			continue
		}
		out = append(out, ind)
	}
	return out
}

// indicatorYears reads the target, actual and stated rate of every year.
func (p *parser) indicatorYears(t *indicatorTable, tr *triplet, unit string) []model.IndicatorYear {
	var years []model.IndicatorYear // nil, not empty, when there are no years
	if len(t.years) > 0 {
		// Exactly sized: the model holds every indicator of every sheet
		// to the end of the run, and append's spare room was a sixth of
		// the live heap at 10,000 sheets.
		years = make([]model.IndicatorYear, 0, len(t.years))
	}
	for _, yc := range t.years {
		iy := model.IndicatorYear{Year: yc.year}
		for slot, dst := range []*model.Value{&iy.Target, &iy.Actual, &iy.StatedRate} {
			r := tr.rows[slot]
			if r < 0 {
				continue
			}
			pos := xlsx.Pos{Row: r, Col: yc.Col}
			if p.mergedFromEarlierYear(t, pos, slot) {
				*dst = model.Value{Source: p.src.At(pos.Ref())}
				continue
			}
			*dst = p.value(pos, slot, unit)
		}
		years = append(years, iy)
	}
	return years
}

// mergedFromEarlierYear reports whether the value cell pos is covered by a
// merge whose top-left cell is in an earlier year's column and is
// therefore left empty. An actual or rate merged over two years may be a
// two-year total or one year's figure: spread to each year, it would give
// a year an actual nobody entered, rated and graded. It is the first
// year's only. A target merged over years is the same target for each
// (the plan's usual intent) and is spread. Either way a warning, once at
// the merge's cell, says how it was read.
func (p *parser) mergedFromEarlierYear(t *indicatorTable, pos xlsx.Pos, slot int) bool {
	o := p.g.Top(pos.Row, pos.Col)
	if o.Col == pos.Col || !t.isYearCol[o.Col] || p.text(o) == "" {
		return false
	}
	spread := slot == 0
	if !p.warned[o] {
		p.warned[o] = true
		var first, rest []string
		for _, yc := range t.years {
			switch top := p.g.Top(pos.Row, yc.Col); {
			case yc.Col == o.Col:
				first = append(first, yc.year.Label)
			case top == o:
				rest = append(rest, yc.year.Label)
			}
		}
		how := fmt.Sprintf("%sの値として読み、%sは空欄としました", strings.Join(first, "・"), strings.Join(rest, "・"))
		if spread {
			how = fmt.Sprintf("%sのそれぞれの%sとして読みました", strings.Join(append(first, rest...), "・"), slotNames[slot])
		}
		p.add(model.SeverityWarning, CodeValueMergedYears, &o,
			"%s「%s」のセルが複数の年度の列に結合されています。%s（年度ごとのセルに分けて入力してください）",
			slotNames[slot], xlsx.Shorten(p.text(o), 20), how)
	}
	return !spread
}

// hasValues reports whether any year holds a value.
func hasValues(years []model.IndicatorYear) bool {
	for _, y := range years {
		for _, v := range []model.Value{y.Target, y.Actual, y.StatedRate} {
			if v.Kind != model.ValueNone {
				return true
			}
		}
	}
	return false
}

// slotNames are the kinds of an indicator row, as the template labels them.
var slotNames = [3]string{templates.LabelTarget, templates.LabelActual, templates.LabelRate}

// value reads one target, actual or stated-rate cell.
func (p *parser) value(pos xlsx.Pos, slot int, unit string) model.Value {
	o := p.g.Top(pos.Row, pos.Col)
	s := p.text(o)
	if c, ok := p.computeFormula(o, slot); ok {
		s = c // a formula saved without its result, computed (formulas.go)
	}
	src := p.src.At(o.Ref())
	if p.g.Flag(o)&xlsx.FlagDate != 0 {
		return p.dateValue(o, s, slot, src)
	}
	if p.g.Flag(o)&xlsx.FlagError != 0 {
		return p.errorValue(o, s, slot, src)
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
	return p.valueUnit(o, v, s, vunit, slot, unit)
}

// dateValue is a value cell holding a date: not a value.
func (p *parser) dateValue(o xlsx.Pos, s string, slot int, src model.Source) model.Value {
	shown := xlsx.DateText(s)
	p.add(model.SeverityError, CodeValueIsDate, &o,
		"%sが日付（%s）として入力されています。数値、「実施」「未実施」、または「—」を入力してください", slotNames[slot], shown)
	return model.Value{Kind: model.ValueInvalid, Raw: s, Source: src}
}

// errorValue is a value cell holding an error value, a formula's result
// (=E14/E13 with no target yet gives #DIV/0!): there is no value, and
// nothing to type.
func (p *parser) errorValue(o xlsx.Pos, s string, slot int, src model.Source) model.Value {
	sev, advice := model.SeverityWarning, "数式と参照先を確認してください"
	if slot == 2 {
		// A rate prefilled for years not reached yet is the common case;
		// the rate is computed from the target and actual anyway.
		sev, advice = model.SeverityInfo, "達成率は目標値・実績値から計算します"
	}
	p.warned[o] = true // the formula note would only repeat this
	p.add(sev, CodeValueError, &o, "%sのセルは数式の結果がエラー（%s）のため、空欄として扱いました。%s", slotNames[slot], xlsx.Shorten(s, 20), advice)
	return model.Value{Source: src} // the finding keeps the error's text; outputs show an empty cell
}

// valueUnit checks the unit a value was written with (vunit) against the
// indicator's: a numeral unit (1.5万人) is scaled, another unit warned of.
func (p *parser) valueUnit(o xlsx.Pos, v model.Value, s, vunit string, slot int, unit string) model.Value {
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
	// Both prefixed on the same base (100 万円 for an indicator in 千円 is
	// 1000): value's factor over the indicator's. Before, the bare number
	// was kept with a warning, 10.0 % for a target met.
	if fv, bv, ok := splitNumeralPrefix(v); ok {
		if fi, bi, ok := splitNumeralPrefix(ind); ok && fv != fi && sameUnit(bv, bi) {
			r.Mul(r, new(big.Rat).SetInt64(fv))
			return model.DecimalFromRat(r.Quo(r, new(big.Rat).SetInt64(fi))), true
		}
	}
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

// splitNumeralPrefix splits 万円 into 10000 and 円, 百万円 into 1000000 and
// 円; ok is false without a prefix or without a unit after it.
func splitNumeralPrefix(u string) (factor int64, base string, ok bool) {
	factor = 1
	for {
		found := false
		for _, m := range unitMultipliers {
			if rest, cut := strings.CutPrefix(u, m.prefix); cut {
				factor, u, found, ok = factor*m.n, rest, true, true
				break
			}
		}
		if !found || factor > 1_000_000_000_000 {
			break
		}
	}
	return factor, u, ok && u != ""
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
