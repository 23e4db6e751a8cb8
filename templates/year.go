package templates

import (
	"planreport/pipeline/model"
)

// FiscalYearLabel writes a Western fiscal year the way sheets label it:
// 2015 → 平成27年度, 2019 → 令和元年度, 2021 → 令和3年度.
func FiscalYearLabel(year int) string { return model.Wareki(year) }
