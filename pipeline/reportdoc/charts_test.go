package reportdoc

import (
	"testing"

	"planreport/pipeline/model"
)

func number(s string) model.Value {
	d, ok := model.ParseDecimal(s)
	if !ok {
		panic(s)
	}
	return model.Value{Kind: model.ValueNumber, Number: d, Raw: s}
}

// An indicator with a negative target or actual gets no target chart: its
// columns would rise from 0 and draw nothing (trial E: an empty chart of
// 人口社会増減). Positive values get one scaled to the largest.
func TestTargetChartOfNegative(t *testing.T) {
	ind := func(target, actual string) model.Indicator {
		return model.Indicator{Name: "人口社会増減", Years: []model.IndicatorYear{
			{Year: model.FiscalYear{Year: 2026}, Target: number(target), Actual: number(actual)},
		}}
	}
	if _, ok := TargetChartOf(ind("-400", "-450")); ok {
		t.Error("a chart for negative values")
	}
	if _, ok := TargetChartOf(ind("100", "-50")); ok {
		t.Error("a chart for a negative actual")
	}
	ch, ok := TargetChartOf(ind("400", "450"))
	if !ok || ch.Scale < 450 {
		t.Errorf("positive values: ok %v, scale %v", ok, ch.Scale)
	}
}
