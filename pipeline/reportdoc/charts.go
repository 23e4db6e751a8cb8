package reportdoc

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"planreport/pipeline/model"
)

// The charts' data and their alternative texts: what a screen reader says
// in place of the picture, so they state the data the chart draws, in the
// order it draws it, not just what kind of chart it is.

// RateBar is one indicator's bar in the rate chart.
type RateBar struct {
	Label string // 5-1 指標名
	Rate  model.Rate
	Judge model.Judgement
	Lower bool // the indicator is lower-is-better
}

// LowerMark follows the name of a lower-is-better indicator wherever its
// rate or bars are shown: its 95.0% (B) means an actual above the target,
// which a reader of the other indicators' bars would take for good.
var LowerMark = "（" + model.LowerIsBetter.Label() + "）"

// Mark is LowerMark for a lower-is-better indicator's bar, else "".
func (b RateBar) Mark() string {
	if b.Lower {
		return LowerMark
	}
	return ""
}

// Name is the bar's label with its Mark, as the text alternative and the
// chart's data table say it.
func (b RateBar) Name() string { return b.Label + b.Mark() }

// RateChart is every indicator's rate in the latest evaluated year.
type RateChart struct {
	Title string
	Bars  []RateBar
	Empty string // said instead of a chart without bars
	// Scale is the axis' end in %: at least 100, at most 300 (rates far
	// above target would squash the rest; longer bars end in an arrow).
	Scale float64
}

// RateChart collects the bars of the rate chart.
func (c *Content) RateChart() RateChart {
	year := c.LatestYear
	ch := RateChart{Title: "指標別達成率", Empty: "数値で評価できた指標がないため、グラフはありません。"}
	if year != 0 {
		ch.Title = model.Wareki(year) + "の" + ch.Title
	}
	for _, in := range c.Initiatives {
		for _, ind := range in.Indicators {
			for _, iy := range ind.Years {
				if iy.Year.Year == year && iy.Eval.Rate.Valid {
					ch.Bars = append(ch.Bars, RateBar{Label: fmt.Sprintf("%d-%d %s", in.GoalNumber, in.Number, ind.Name), Rate: iy.Eval.Rate, Judge: iy.Eval.Judgement,
						Lower: ind.Direction == model.LowerIsBetter})
				}
			}
		}
	}
	maxRate := 100.0
	for _, b := range ch.Bars {
		maxRate = max(maxRate, b.Rate.Float64())
	}
	ch.Scale = math.Min(math.Ceil(maxRate/50)*50, 300)
	return ch
}

// Alt describes one part of the rate chart: every bar's indicator, rate
// and judgement.
func (ch RateChart) Alt(part []RateBar, continued bool) string {
	var b strings.Builder
	b.WriteString(ch.Title)
	if continued {
		b.WriteString("（続き）")
	}
	b.WriteString("の横棒グラフ。目標の達成率100%に線を引いています。")
	for i, bar := range part {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(bar.Name() + " " + bar.Rate.String() + "%（" + bar.Judge.Label() + "）")
	}
	b.WriteString("。")
	return b.String()
}

// GradeOrder is the order of the judgements in the grade chart.
var GradeOrder = []model.Judgement{model.GradeA, model.GradeB, model.GradeC, model.GradeD, model.Achieved, model.NotAchieved}

// GradeChart counts the judgements per fiscal year.
type GradeChart struct {
	Title  string
	Years  []int
	Counts [][]int // per year, per GradeOrder
	Empty  string
	// Step and Scale are the count axis' tick step and end.
	Step, Scale float64
}

// GradeChart collects the stacked columns: the whole batch's years, or
// the department's.
func (c *Content) GradeChart() GradeChart {
	ch := GradeChart{Title: "年度別の判定の内訳", Empty: "評価できた指標がないため、グラフはありません。"}
	countsOf := func(g model.GradeCounts) []int {
		return []int{g.A, g.B, g.C, g.D, g.Achieved, g.NotAchieved}
	}
	add := func(ro model.Rollup) {
		if ro.Year == 0 {
			return
		}
		if n := len(ch.Years); n > 0 && ch.Years[n-1] == ro.Year {
			for i, v := range countsOf(ro.Grades) {
				ch.Counts[n-1][i] += v
			}
			return
		}
		ch.Years = append(ch.Years, ro.Year)
		ch.Counts = append(ch.Counts, countsOf(ro.Grades))
	}
	if dept := c.Options.Department; dept == "" {
		for _, ro := range c.Batch.Rollups.ByYear {
			add(ro)
		}
	} else {
		// ByDepartmentYear is sorted by department, then year: one
		// department's rows come in year order.
		for _, ro := range c.Batch.Rollups.ByDepartmentYear {
			if ro.Department == dept {
				add(ro)
			}
		}
	}
	maxTotal := 1
	for _, cs := range ch.Counts {
		t := 0
		for _, v := range cs {
			t += v
		}
		maxTotal = max(maxTotal, t)
	}
	ch.Step = math.Max(1, NiceStep(float64(maxTotal), 5))
	ch.Scale = math.Ceil(float64(maxTotal)/ch.Step) * ch.Step
	return ch
}

// Alt describes the stacked columns: per fiscal year, the count of each
// judgement that has any.
func (ch GradeChart) Alt() string {
	var b strings.Builder
	b.WriteString("年度別の判定の内訳の積み上げ縦棒グラフ。")
	for i, y := range ch.Years {
		b.WriteString(model.Wareki(y) + "：")
		var parts []string
		for k, v := range ch.Counts[i] {
			if v > 0 {
				parts = append(parts, GradeOrder[k].Label()+" "+strconv.Itoa(v)+"件")
			}
		}
		if len(parts) == 0 {
			parts = append(parts, "0件")
		}
		b.WriteString(strings.Join(parts, "、") + "。")
	}
	return b.String()
}

// Table is the chart's data as a table: a year per row, a judgement per
// column.
func (ch GradeChart) Table() Table {
	t := Table{Caption: ch.Title + "（件数）", Header: []string{"年度"}, RowHeaders: 1}
	for _, j := range GradeOrder {
		t.Header = append(t.Header, j.Label())
	}
	for i, y := range ch.Years {
		row := []Cell{{Text: model.Wareki(y)}}
		for _, v := range ch.Counts[i] {
			row = append(row, Cell{Text: strconv.Itoa(v)})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// TargetChart compares target and actual per fiscal year of a numeric
// indicator.
type TargetChart struct {
	Indicator   model.Indicator
	Step, Scale float64
}

// TargetChartOf is ind's chart; ok is false when no target or actual is a
// number (qualitative indicators, 実施/未実施, get no chart), or when one
// is negative.
func TargetChartOf(ind model.Indicator) (ch TargetChart, ok bool) {
	maxV := 0.0
	for _, iy := range ind.Years {
		for _, v := range []model.Value{iy.Target, iy.Actual} {
			if v.Kind == model.ValueNumber {
				// Columns rise from 0: a negative value would be drawn as
				// no column at all, so such an indicator gets no chart
				// (its table gives the numbers).
				if v.Number.Float64() < 0 {
					return TargetChart{}, false
				}
				ok = true
				maxV = math.Max(maxV, v.Number.Float64())
			}
		}
	}
	if !ok || len(ind.Years) == 0 {
		return TargetChart{}, false
	}
	step := NiceStep(maxV, 4)
	return TargetChart{Indicator: ind, Step: step, Scale: math.Max(math.Ceil(maxV/step)*step, step)}, true
}

// Mark is LowerMark for a lower-is-better indicator, else "": its actual
// bar standing above its target bar is bad, not good.
func (ch TargetChart) Mark() string {
	if ch.Indicator.Direction == model.LowerIsBetter {
		return LowerMark
	}
	return ""
}

// Title names the chart: 指標名（低いほど良い）の目標値と実績値.
func (ch TargetChart) Title() string {
	return ch.Indicator.Name + ch.Mark() + "の目標値と実績値"
}

// Alt describes the target and actual columns per fiscal year.
func (ch TargetChart) Alt() string {
	ind := ch.Indicator
	var b strings.Builder
	b.WriteString(ch.Title() + "の棒グラフ")
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

// NiceStep returns a 1-2-5 step that divides [0, v] into at most n parts.
func NiceStep(v float64, n int) float64 {
	if v <= 0 {
		return 1
	}
	raw := v / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// FormatTick writes an axis value without trailing zeros.
func FormatTick(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
