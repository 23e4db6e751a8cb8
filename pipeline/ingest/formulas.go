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
	fl := p.g.Flag(o)
	if slot > 1 || !p.g.CanCompute() || fl&xlsx.FlagFormula == 0 || fl&(xlsx.FlagFormulaBlank|xlsx.FlagError) != 0 || p.text(o) != "" || p.warned[o] {
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
			slotNames[slot], shown, res.Why)
		return "", false
	}
	value := res.Value
	if value == "" {
		value = "（空欄）"
	}
	p.add(model.SeverityInfo, CodeFormulaComputed, &o,
		"%sの数式は計算結果が保存されていないため計算しました：%s → %s（同じブックのセルの値から計算しました）",
		slotNames[slot], shown, xlsx.Shorten(value, 40))
	p.g.SetText(o, res.Value)
	return res.Value, true
}
