package ingest

import (
	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
)

// computeFormula computes the target or actual at o when its formula was
// saved without a result, and returns the value to read (the reader's
// calc.go says what is computed and what refused). The value is kept in
// the grid, so that the cell reads the same wherever it is read again.
// Where it cannot be computed, the cell stays blank with a warning that
// says why.
func (p *parser) computeFormula(o xlsx.Pos, slot int) (string, bool) {
	if slot > 1 {
		return "", false
	}
	return p.computeCell(o, slotNames[slot])
}

// computeCell is computeFormula for the cell o, named what in messages: a
// target, an actual or a header cell (取組番号, 取組項目名, 担当部名), which
// a program that does not calculate saves as the same formulas without
// results.
func (p *parser) computeCell(o xlsx.Pos, what string) (string, bool) {
	fl := p.g.Flag(o)
	if !p.g.CanCompute() || fl&xlsx.FlagFormula == 0 || fl&(xlsx.FlagFormulaBlank|xlsx.FlagError) != 0 || p.text(o) != "" || p.warned[o] {
		return "", false
	}
	p.warned[o] = true
	res := p.g.Compute(o)
	shown := "=" + xlsx.Shorten(res.Formula, 60)
	if res.Formula == "" {
		shown = "数式"
	}
	if res.Why != "" {
		p.add(model.SeverityWarning, CodeFormulaNoValue, &o,
			"%sの数式（%s）は計算結果が保存されておらず、%sため計算できません。空欄として扱います（Excelで開いて保存し直すと計算結果が保存されます）",
			what, shown, res.Why)
		return "", false
	}
	value := res.Value
	if value == "" {
		value = "（空欄）"
	}
	p.add(model.SeverityInfo, CodeFormulaComputed, &o,
		"%sの数式は計算結果が保存されていないため計算しました：%s → %s（同じブックのセルの値から計算しました）",
		what, shown, xlsx.Shorten(value, 40))
	p.g.SetText(o, res.Value)
	return res.Value, true
}
