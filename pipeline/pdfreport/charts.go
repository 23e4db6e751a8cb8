package pdfreport

import (
	"fmt"
	"math"
	"strconv"

	"planreport/pipeline/layout"
	"planreport/pipeline/model"
)

// Chart colours: one per grade, chosen to stay apart in grey-scale print.
var (
	gradeColors = map[model.Judgement]layout.RGB{
		model.GradeA:      {R: 0x2b, G: 0x5c, B: 0xa8},
		model.GradeB:      {R: 0x4f, G: 0xa0, B: 0x6a},
		model.GradeC:      {R: 0xe0, G: 0xa0, B: 0x30},
		model.GradeD:      {R: 0xc8, G: 0x3c, B: 0x30},
		model.Achieved:    {R: 0x7b, G: 0x9c, B: 0xd0},
		model.NotAchieved: {R: 0xb0, G: 0xb0, B: 0xb0},
	}
	gridColor   = layout.RGB{R: 0xdd, G: 0xdd, B: 0xdd}
	axisColor   = layout.RGB{R: 0x44, G: 0x44, B: 0x44}
	lineColor   = layout.RGB{R: 0xc8, G: 0x1e, B: 0x1e}
	targetColor = layout.RGB{R: 0xb8, G: 0xc8, B: 0xe0}
	chartFont   = layout.Font{Size: 7}
)

// niceStep returns a 1-2-5 step that divides [0, v] into at most n parts.
func niceStep(v float64, n int) float64 {
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

func formatTick(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

type rateBar struct {
	label string
	rate  model.Rate
	judge model.Judgement
}

// rateChart is a horizontal bar chart of every indicator's rate in the
// latest evaluated year, with the 100 % line; long lists continue on the
// next page, each part with its own axis.
func (r *report) rateChart(f *layout.Flow) {
	year := r.b.Rollups.LatestYear
	title := "指標別達成率"
	if year != 0 {
		title = model.Wareki(year) + "の" + title
	}
	var bars []rateBar
	for _, in := range r.initiatives {
		for _, ind := range in.Indicators {
			for _, iy := range ind.Years {
				if iy.Year.Year == year && iy.Eval.Rate.Valid {
					bars = append(bars, rateBar{label: fmt.Sprintf("%d-%d %s", in.GoalNumber, in.Number, ind.Name), rate: iy.Eval.Rate, judge: iy.Eval.Judgement})
				}
			}
		}
	}
	const (
		rowH   = 13.0
		top    = 16.0 // tick labels
		bottom = 20.0 // legend
		labelW = 190.0
	)
	// A chart that fits a page is kept on one, with its heading.
	if whole := f.TextHeight(title, h2) + 8 + top + float64(len(bars))*rowH + bottom; len(bars) > 0 && whole <= f.ContentHeight() {
		f.Ensure(whole)
	}
	f.Heading(title, h2, 80)
	if len(bars) == 0 {
		f.Paragraph("数値で評価できた指標がないため、グラフはありません。", note)
		return
	}
	maxRate := 100.0
	for _, b := range bars {
		maxRate = max(maxRate, b.rate.Float64())
	}
	// Rates far above target would squash the rest: the axis stops at
	// 300 % and longer bars end in an arrow with their value printed.
	scale := math.Min(math.Ceil(maxRate/50)*50, 300)
	for start := 0; start < len(bars); {
		cont := 0.0
		if start > 0 {
			// A part on a later page says what it continues.
			cont = f.TextHeight(title+"（続き）", note) + 4
		}
		n := int((f.Remaining() - cont - top - bottom) / rowH)
		if n < 3 {
			f.NewPage()
			continue
		}
		if start > 0 {
			f.Paragraph(title+"（続き）", note)
			f.Space(4)
		}
		end := min(start+n, len(bars))
		part := bars[start:end]
		h := top + float64(len(part))*rowH + bottom
		f.Figure(h, rateChartAlt(title, part, start > 0), func(c *layout.Canvas) {
			x0, x1 := labelW, c.W-34
			xOf := func(v float64) float64 { return x0 + (x1-x0)*math.Min(v, scale)/scale }
			plotBottom := top + float64(len(part))*rowH
			for t := 0.0; t <= scale+1e-9; t += 50 {
				x := xOf(t)
				c.Line(x, top, x, plotBottom, 0.3, gridColor)
				c.Text(x, top-4, formatTick(t), chartFont, axisColor, layout.AlignCenter)
			}
			c.Line(x0, top, x0, plotBottom, 0.6, axisColor)
			ms := c.Measurer()
			for i, b := range part {
				y := top + float64(i)*rowH
				c.Text(x0-4, y+rowH*0.7, ms.Truncate(chartFont, b.label, labelW-8), chartFont, textColor, layout.AlignRight)
				col := gradeColors[b.judge]
				w := xOf(b.rate.Float64()) - x0
				if w > 0 {
					c.Rect(x0, y+2.5, w, rowH-5, &col, nil, 0)
				}
				label := b.rate.String()
				if b.rate.Float64() > scale {
					label = "▶ " + label
				}
				c.Text(x0+math.Max(w, 0)+3, y+rowH*0.7, label, chartFont, textColor, layout.AlignLeft)
			}
			c.Line(xOf(100), top-2, xOf(100), plotBottom+2, 1, lineColor)
			// Legend.
			lx, ly := x0, plotBottom+8
			for _, j := range []model.Judgement{model.GradeA, model.GradeB, model.GradeC, model.GradeD} {
				col := gradeColors[j]
				c.Rect(lx, ly, 8, 8, &col, nil, 0)
				c.Text(lx+11, ly+7, j.Label(), chartFont, textColor, layout.AlignLeft)
				lx += 36
			}
			c.Line(lx, ly+4, lx+14, ly+4, 1, lineColor)
			c.Text(lx+17, ly+7, "目標（100%）", chartFont, textColor, layout.AlignLeft)
			c.Text(c.W, ly+7, "単位：%", chartFont, muted, layout.AlignRight)
		})
		start = end
	}
}

// gradeChart is a stacked column chart of judgement counts per fiscal year.
func (r *report) gradeChart(f *layout.Flow) {
	type column struct {
		year   int
		counts []int
	}
	order := []model.Judgement{model.GradeA, model.GradeB, model.GradeC, model.GradeD, model.Achieved, model.NotAchieved}
	countsOf := func(g model.GradeCounts) []int {
		return []int{g.A, g.B, g.C, g.D, g.Achieved, g.NotAchieved}
	}
	var cols []column
	add := func(ro model.Rollup) {
		if ro.Year == 0 {
			return
		}
		if n := len(cols); n > 0 && cols[n-1].year == ro.Year {
			for i, v := range countsOf(ro.Grades) {
				cols[n-1].counts[i] += v
			}
			return
		}
		cols = append(cols, column{year: ro.Year, counts: countsOf(ro.Grades)})
	}
	if r.opt.Department == "" {
		for _, ro := range r.b.Rollups.ByYear {
			add(ro)
		}
	} else {
		// ByDepartmentYear is sorted by department, then year: one
		// department's rows come in year order.
		for _, ro := range r.b.Rollups.ByDepartmentYear {
			if ro.Department == r.opt.Department {
				add(ro)
			}
		}
	}
	f.Heading("年度別の判定の内訳", h2, 208)
	if len(cols) == 0 {
		f.Paragraph("評価できた指標がないため、グラフはありません。", note)
		return
	}
	maxTotal := 1
	for _, c := range cols {
		t := 0
		for _, v := range c.counts {
			t += v
		}
		maxTotal = max(maxTotal, t)
	}
	step := math.Max(1, niceStep(float64(maxTotal), 5))
	scale := math.Ceil(float64(maxTotal)/step) * step
	const h = 198.0
	years := make([]int, len(cols))
	counts := make([][]int, len(cols))
	for i, c := range cols {
		years[i], counts[i] = c.year, c.counts
	}
	f.Figure(h, gradeChartAlt(order, years, counts), func(c *layout.Canvas) {
		x0, x1 := 40.0, c.W-90
		top, bottom := 18.0, h-28
		yOf := func(v float64) float64 { return bottom - (bottom-top)*v/scale }
		for t := 0.0; t <= scale+1e-9; t += step {
			y := yOf(t)
			c.Line(x0, y, x1, y, 0.3, gridColor)
			c.Text(x0-4, y+2.5, formatTick(t), chartFont, axisColor, layout.AlignRight)
		}
		c.Line(x0, top, x0, bottom, 0.6, axisColor)
		c.Line(x0, bottom, x1, bottom, 0.6, axisColor)
		slot := (x1 - x0) / float64(len(cols))
		barW := math.Min(slot*0.6, 48)
		for i, col := range cols {
			cx := x0 + slot*(float64(i)+0.5)
			acc := 0.0
			for k, v := range col.counts {
				if v == 0 {
					continue
				}
				color := gradeColors[order[k]]
				y1, y2 := yOf(acc), yOf(acc+float64(v))
				c.Rect(cx-barW/2, y2, barW, y1-y2, &color, &layout.White, 0.3)
				if y1-y2 >= 8 {
					c.Text(cx, (y1+y2)/2+2.5, strconv.Itoa(v), chartFont, layout.White, layout.AlignCenter)
				}
				acc += float64(v)
			}
			c.Text(cx, bottom+10, model.Wareki(col.year), chartFont, textColor, layout.AlignCenter)
		}
		// Above the top tick label (at top+2.5), clear of it.
		c.Text(x0, top-9, "（件数）", chartFont, muted, layout.AlignCenter)
		ly := top
		for _, j := range order {
			color := gradeColors[j]
			c.Rect(x1+14, ly, 8, 8, &color, nil, 0)
			c.Text(x1+26, ly+7, j.Label(), chartFont, textColor, layout.AlignLeft)
			ly += 13
		}
	})
}

// targetChartHeight is the height of a targetChart block.
const targetChartHeight = 92.0

// hasTargetChart reports whether targetChart draws anything for ind: some
// target or actual is a number.
func hasTargetChart(ind model.Indicator) bool {
	for _, iy := range ind.Years {
		if iy.Target.Kind == model.ValueNumber || iy.Actual.Kind == model.ValueNumber {
			return true
		}
	}
	return false
}

// targetChart compares target and actual per fiscal year for a numeric
// indicator; qualitative indicators (実施/未実施) get no chart.
func (r *report) targetChart(f *layout.Flow, ind model.Indicator) {
	maxV := 0.0
	numeric := false
	for _, iy := range ind.Years {
		for _, v := range []model.Value{iy.Target, iy.Actual} {
			if v.Kind == model.ValueNumber {
				numeric = true
				maxV = math.Max(maxV, v.Number.Float64())
			}
		}
	}
	if !numeric || len(ind.Years) == 0 || maxV < 0 {
		return
	}
	step := niceStep(maxV, 4)
	scale := math.Max(math.Ceil(maxV/step)*step, step)
	const h = targetChartHeight
	f.Figure(h, targetChartAlt(ind), func(c *layout.Canvas) {
		x0, x1 := 46.0, c.W-80
		top, bottom := 8.0, h-16
		yOf := func(v float64) float64 { return bottom - (bottom-top)*math.Max(v, 0)/scale }
		for t := 0.0; t <= scale+1e-9; t += step {
			y := yOf(t)
			c.Line(x0, y, x1, y, 0.3, gridColor)
			c.Text(x0-4, y+2.5, formatTick(t), chartFont, axisColor, layout.AlignRight)
		}
		c.Line(x0, top, x0, bottom, 0.6, axisColor)
		c.Line(x0, bottom, x1, bottom, 0.6, axisColor)
		slot := (x1 - x0) / float64(len(ind.Years))
		barW := math.Min(slot*0.3, 20)
		for i, iy := range ind.Years {
			cx := x0 + slot*(float64(i)+0.5)
			if iy.Target.Kind == model.ValueNumber {
				y := yOf(iy.Target.Number.Float64())
				c.Rect(cx-barW, y, barW, bottom-y, &targetColor, nil, 0)
			}
			if iy.Actual.Kind == model.ValueNumber {
				y := yOf(iy.Actual.Number.Float64())
				c.Rect(cx, y, barW, bottom-y, &accent, nil, 0)
			}
			c.Text(cx, bottom+9, model.Wareki(iy.Year.Year), chartFont, textColor, layout.AlignCenter)
		}
		c.Rect(x1+12, top, 8, 8, &targetColor, nil, 0)
		c.Text(x1+24, top+7, "目標値", chartFont, textColor, layout.AlignLeft)
		c.Rect(x1+12, top+13, 8, 8, &accent, nil, 0)
		c.Text(x1+24, top+20, "実績値", chartFont, textColor, layout.AlignLeft)
		if ind.Unit != "" && ind.Unit != "—" {
			c.Text(x1+12, top+34, "単位："+ind.Unit, chartFont, muted, layout.AlignLeft)
		}
	})
}
