package pdfreport

import (
	"strconv"
	"strings"

	"planreport/pipeline/model"
)

// The alternative texts of the charts (the Figure elements' /Alt): what a
// screen reader says in place of the picture, so they state the data the
// chart draws, in the order it draws it, not just what kind of chart it is.

// rateChartAlt describes one part of the rate chart: every bar's
// indicator, rate and judgement.
func rateChartAlt(title string, part []rateBar, continued bool) string {
	var b strings.Builder
	b.WriteString(title)
	if continued {
		b.WriteString("（続き）")
	}
	b.WriteString("の横棒グラフ。目標の達成率100%に線を引いています。")
	for i, bar := range part {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(bar.label + " " + bar.rate.String() + "%（" + bar.judge.Label() + "）")
	}
	b.WriteString("。")
	return b.String()
}

// gradeChartAlt describes the stacked columns: per fiscal year, the count
// of each judgement that has any.
func gradeChartAlt(order []model.Judgement, years []int, counts [][]int) string {
	var b strings.Builder
	b.WriteString("年度別の判定の内訳の積み上げ縦棒グラフ。")
	for i, y := range years {
		b.WriteString(model.Wareki(y) + "：")
		var parts []string
		for k, v := range counts[i] {
			if v > 0 {
				parts = append(parts, order[k].Label()+" "+strconv.Itoa(v)+"件")
			}
		}
		if len(parts) == 0 {
			parts = append(parts, "0件")
		}
		b.WriteString(strings.Join(parts, "、") + "。")
	}
	return b.String()
}

// targetChartAlt describes the target and actual columns of an indicator
// per fiscal year.
func targetChartAlt(ind model.Indicator) string {
	var b strings.Builder
	b.WriteString(ind.Name + "の目標値と実績値の棒グラフ")
	if ind.Unit != "" && ind.Unit != "—" {
		b.WriteString("（単位：" + ind.Unit + "）")
	}
	b.WriteString("。")
	for _, iy := range ind.Years {
		b.WriteString(model.Wareki(iy.Year.Year) + "：目標値 " + valueWords(iy.Target) + "、実績値 " + valueWords(iy.Actual) + "。")
	}
	return b.String()
}

// valueWords is a value as the chart shows it: a number, else "なし"
// (the chart draws no bar for text or a blank).
func valueWords(v model.Value) string {
	if v.Kind != model.ValueNumber {
		return "なし"
	}
	return v.Text()
}
