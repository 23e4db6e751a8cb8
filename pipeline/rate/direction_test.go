package rate

import (
	"fmt"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

func TestFallingTargets(t *testing.T) {
	for _, c := range []struct {
		targets []model.Value
		want    bool
	}{
		{[]model.Value{num("30"), num("28"), num("25")}, true},
		{[]model.Value{num("30"), num("28")}, false},                   // two targets are not a plan that falls
		{[]model.Value{num("30"), num("30"), num("25")}, false},        // not each lower than the one before
		{[]model.Value{num("30"), none, num("28"), num("25.5")}, true}, // a year without a target is skipped
		{[]model.Value{num("8"), num("8"), num("8")}, false},           // flat
		{[]model.Value{num("1"), num("2"), num("3")}, false},           // rising
		{[]model.Value{num("30"), done, num("28"), num("25")}, false},  // not all numbers
	} {
		ind := model.Indicator{Name: "x"}
		for i, v := range c.targets {
			ind.Years = append(ind.Years, model.IndicatorYear{Year: model.FiscalYear{Year: 2021 + i}, Target: v})
		}
		if _, got := fallingTargets(&ind); got != c.want {
			t.Errorf("%v: falling %v, want %v", c.targets, got, c.want)
		}
	}
}

func TestRunDirectionUndeclared(t *testing.T) {
	flat := func(name string) model.Indicator {
		return model.Indicator{Name: name, Source: sheet.At("B20"), Years: []model.IndicatorYear{
			iy(2021, num("10"), num("9"), "", "21"), iy(2022, num("10"), num("8"), "", "22"), iy(2023, num("10"), none, "", "23"),
		}}
	}
	for _, c := range []struct {
		ind  model.Indicator
		cfg  []config.IndicatorRule
		want string
	}{
		{flat("交通事故件数"), nil, "[warning:direction_undeclared@B20]"},    // 事故件数
		{flat("窓口の平均待ち時間"), nil, "[warning:direction_undeclared@B20]"}, // 待ち時間
		{flat("ごみ排出量の削減率"), nil, "[warning:direction_undeclared@B20]"}, // 削減
		{flat("まちづくり懇談会開催回数"), nil, "[]"},
		{func() model.Indicator { i := flat("交通事故件数"); i.Declared = model.DeclaredHigher; return i }(), nil, "[]"},
		{flat("交通事故件数"), []config.IndicatorRule{{Name: "交通事故件数", Direction: "higher"}}, "[]"},
		{flat("交通事故件数"), []config.IndicatorRule{{Name: "交通事故件数", Direction: "lower"}}, "[]"},
	} {
		cfg := config.Default()
		cfg.Indicators = c.cfg
		b := batchOf("2024-05-01", c.ind)
		Run(b, OptionsOf(&cfg))
		if got := fmt.Sprint(codes(b)); got != c.want {
			t.Errorf("%s (config %v): %s, want %s", c.ind.Name, c.cfg, got, c.want)
		}
	}
}
