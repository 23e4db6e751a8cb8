package ingest

import (
	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

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
