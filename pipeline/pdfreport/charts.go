package pdfreport

import (
	"math"
	"strconv"

	"planreport/pipeline/layout"
	"planreport/pipeline/model"
	rd "planreport/pipeline/reportdoc"
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

// rateChart is a horizontal bar chart of every indicator's rate in the
// latest evaluated year, with the 100 % line; long lists continue on the
// next page, each part with its own axis.
func (r *report) rateChart(f *layout.Flow) {
	ch := r.RateChart()
	title, bars := ch.Title, ch.Bars
	const rowH, top, bottom = rateRowH, rateTop, rateBottom
	// A chart that fits a page is kept on one, with its heading.
	if whole := f.TextHeight(title, h2) + 8 + top + float64(len(bars))*rowH + bottom; len(bars) > 0 && whole <= f.ContentHeight() {
		f.Ensure(whole)
	}
	f.Heading(title, h2, 80)
	if len(bars) == 0 {
		f.Paragraph(ch.Empty, note)
		return
	}
	scale := ch.Scale
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
		f.Figure(h, ch.Alt(part, start > 0), func(c *layout.Canvas) { drawRateBars(c, part, scale) })
		start = end
	}
}

// The rate chart's rows and margins, in points.
const (
	rateRowH   = 13.0
	rateTop    = 16.0 // tick labels
	rateBottom = 20.0 // legend
	rateLabelW = 190.0
)

// drawRateBars draws one part of the rate chart: axis, bars with their
// rates and grades, the 100 % line and the legend.
func drawRateBars(c *layout.Canvas, part []rd.RateBar, scale float64) {
	const rowH, top, labelW = rateRowH, rateTop, rateLabelW
	x0, x1 := labelW, c.W-34
	xOf := func(v float64) float64 { return x0 + (x1-x0)*math.Min(v, scale)/scale }
	plotBottom := top + float64(len(part))*rowH
	for t := 0.0; t <= scale+1e-9; t += 50 {
		x := xOf(t)
		c.Line(x, top, x, plotBottom, 0.3, gridColor)
		c.Text(x, top-4, rd.FormatTick(t), chartFont, axisColor, layout.AlignCenter)
	}
	c.Line(x0, top, x0, plotBottom, 0.6, axisColor)
	ms := c.Measurer()
	for i, b := range part {
		y := top + float64(i)*rowH
		// The direction mark is never cut off with the name.
		mark := b.Mark()
		c.Text(x0-4, y+rowH*0.7, ms.Truncate(chartFont, b.Label, labelW-8-ms.Width(chartFont, mark))+mark, chartFont, textColor, layout.AlignRight)
		col := gradeColors[b.Judge]
		w := xOf(b.Rate.Float64()) - x0
		if w > 0 {
			c.Rect(x0, y+2.5, w, rowH-5, &col, nil, 0)
		}
		// The grade is written, not only coloured: a reader who
		// cannot tell the bars' colours apart still reads it.
		label := b.Rate.String() + " " + b.Judge.Label()
		if b.Rate.Float64() > scale {
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
}

// gradeChart is a stacked column chart of judgement counts per fiscal year.
func (r *report) gradeChart(f *layout.Flow) {
	ch := r.GradeChart()
	f.Heading(ch.Title, h2, 208)
	if len(ch.Years) == 0 {
		f.Paragraph(ch.Empty, note)
		return
	}
	step, scale := ch.Step, ch.Scale
	const h = 198.0
	f.Figure(h, ch.Alt(), func(c *layout.Canvas) {
		x0, x1 := 40.0, c.W-90
		top, bottom := 18.0, h-28
		yOf := func(v float64) float64 { return bottom - (bottom-top)*v/scale }
		for t := 0.0; t <= scale+1e-9; t += step {
			y := yOf(t)
			c.Line(x0, y, x1, y, 0.3, gridColor)
			c.Text(x0-4, y+2.5, rd.FormatTick(t), chartFont, axisColor, layout.AlignRight)
		}
		c.Line(x0, top, x0, bottom, 0.6, axisColor)
		c.Line(x0, bottom, x1, bottom, 0.6, axisColor)
		slot := (x1 - x0) / float64(len(ch.Years))
		barW := math.Min(slot*0.6, 48)
		for i, year := range ch.Years {
			cx := x0 + slot*(float64(i)+0.5)
			acc := 0.0
			for k, v := range ch.Counts[i] {
				if v == 0 {
					continue
				}
				color := gradeColors[rd.GradeOrder[k]]
				y1, y2 := yOf(acc), yOf(acc+float64(v))
				c.Rect(cx-barW/2, y2, barW, y1-y2, &color, &layout.White, 0.3)
				// The segment says its judgement where it fits, so the
				// colours are not the only key; the table below has all.
				if y1-y2 >= 8 {
					label := rd.GradeOrder[k].Label() + " " + strconv.Itoa(v)
					if c.Measurer().Width(chartFont, label) > barW-2 {
						label = strconv.Itoa(v)
					}
					c.Text(cx, (y1+y2)/2+2.5, label, chartFont, layout.White, layout.AlignCenter)
				}
				acc += float64(v)
			}
			c.Text(cx, bottom+10, model.Wareki(year), chartFont, textColor, layout.AlignCenter)
		}
		// Above the top tick label (at top+2.5), clear of it.
		c.Text(x0, top-9, "（件数）", chartFont, muted, layout.AlignCenter)
		ly := top
		for _, j := range rd.GradeOrder {
			color := gradeColors[j]
			c.Rect(x1+14, ly, 8, 8, &color, nil, 0)
			c.Text(x1+26, ly+7, j.Label(), chartFont, textColor, layout.AlignLeft)
			ly += 13
		}
	})
	// The counts as a table too (as the HTML edition gives them): a short
	// segment has no room for its number, and colour alone tells nothing
	// to a reader who cannot see it or tell the colours apart.
	f.Space(6)
	cols := []layout.Column{{Width: 80}}
	for range rd.GradeOrder {
		cols = append(cols, layout.Column{Width: 0, Align: layout.AlignRight})
	}
	data := ch.Table()
	t := r.table(cols, data)
	f.Ensure(f.TextHeight(data.Caption, note) + 2 + f.StartHeight(t))
	f.Paragraph(data.Caption, note)
	f.Space(2)
	f.Table(t)
}

// targetChartHeight is the height of a targetChart block.
const targetChartHeight = 92.0

// targetChart compares target and actual per fiscal year for a numeric
// indicator; qualitative indicators (実施/未実施) get no chart.
func (r *report) targetChart(f *layout.Flow, ch rd.TargetChart) {
	ind := ch.Indicator
	step, scale := ch.Step, ch.Scale
	const h = targetChartHeight
	f.Figure(h, ch.Alt(), func(c *layout.Canvas) {
		x0, x1 := 46.0, c.W-80
		top, bottom := 8.0, h-16
		yOf := func(v float64) float64 { return bottom - (bottom-top)*math.Max(v, 0)/scale }
		for t := 0.0; t <= scale+1e-9; t += step {
			y := yOf(t)
			c.Line(x0, y, x1, y, 0.3, gridColor)
			c.Text(x0-4, y+2.5, rd.FormatTick(t), chartFont, axisColor, layout.AlignRight)
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
		if ind.Direction == model.LowerIsBetter {
			c.Text(x1+12, top+47, model.LowerIsBetter.Label(), chartFont, muted, layout.AlignLeft)
		}
	})
}
