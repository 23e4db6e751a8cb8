package ingest

import (
	"cmp"
	"slices"
	"strings"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// hiddenYear is a fiscal-year column of block (3) hidden in Excel: the
// reader blanks hidden cells, so none of the year's targets and actuals
// is read.
type hiddenYear struct {
	at   xlsx.Pos // the year label
	year model.FiscalYear
}

// hiddenYearColumns records the hidden cells of the year row that hold a
// fiscal-year label. Only here is it known that a hidden column is a year
// of the indicator table; the reader, which warns about hidden cells, sees
// cells only.
func (p *parser) hiddenYearColumns(t *indicatorTable) {
	for pos, s := range p.g.Hidden {
		if pos.Row != t.yearRow || pos.Col < t.valueStart {
			continue
		}
		if y, err := normalize.ParseFiscalYear(s); err == nil {
			p.hiddenYears = append(p.hiddenYears, hiddenYear{at: pos, year: y})
		}
	}
	slices.SortFunc(p.hiddenYears, func(a, b hiddenYear) int { return cmp.Compare(a.at.Col, b.at.Col) })
}

// hiddenYearRow finds, when block (3) has no visible year row, a hidden row
// above its first indicator that holds fiscal-year labels: "no year row"
// would send the department looking for a row it can see is there.
func (p *parser) hiddenYearRow(t *indicatorTable) (int, bool) {
	row := -1
	for pos, s := range p.g.Hidden {
		if pos.Row >= t.b.start && pos.Row < t.firstKindRow && pos.Col >= t.valueStart && isYear(s) && (row < 0 || pos.Row < row) {
			row = pos.Row
		}
	}
	return row, row >= 0
}

// noteHiddenYears leads the reader's hidden-cells warning with the years
// the hidden columns drop, and points it at the first year's label. "A
// value in a hidden column" is easily passed over; a year not read is not:
// its blank actuals are not listed either, so validate would otherwise say
// 提出できます of a sheet whose evaluation year was never looked at.
func noteHiddenYears(findings []model.Finding, years []hiddenYear) {
	if len(years) == 0 {
		return
	}
	cols := make([]string, len(years))
	for i, y := range years {
		cols[i] = y.year.Display() + "の列（" + xlsx.ColumnName(y.at.Col) + "列）"
	}
	which := "その年度"
	if len(years) > 1 {
		which = "それらの年度"
	}
	lead := strings.Join(cols, "・") + "が非表示のため、" + which + "の目標値・実績値を読んでいません（報告書に載らず、未記入かどうかも確かめていません）。"
	for i := range findings {
		if f := &findings[i]; f.Code == xlsx.CodeHiddenCells {
			f.Cell = years[0].at.Ref()
			f.Message = lead + f.Message
			return
		}
	}
}
