package htmlreport

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"planreport/pipeline/model"
	rd "planreport/pipeline/reportdoc"
)

// The charts are drawn as inline SVG from reportdoc's chart data, in the
// report's colours (those of report.pdf, which stay apart in grey-scale
// print). Each SVG is role="img" named by its <title> (aria-labelledby) and
// described by its <desc> (aria-describedby), the same alternative text as
// the PDF's Figure; the data follows as a table. The name is the title
// alone: naming it by both would have a screen reader say every value as
// the name and again as the description.

var gradeColors = map[model.Judgement]string{
	model.GradeA:      "#2b5ca8",
	model.GradeB:      "#4fa06a",
	model.GradeC:      "#e0a030",
	model.GradeD:      "#c83c30",
	model.Achieved:    "#7b9cd0",
	model.NotAchieved: "#b0b0b0",
}

const (
	textColor   = "#222222"
	muted       = "#595959"
	gridColor   = "#dddddd"
	axisColor   = "#444444"
	lineColor   = "#c81e1e"
	targetColor = "#b8c8e0"
	actualColor = "#1f3a68"
	chartWidth  = 680.0
)

// chart is one SVG picture.
type chart struct {
	ID, Title, Desc string
	W, H            float64
	Rects           []rect
	Lines           []line
	Texts           []text
}

type rect struct {
	X, Y, W, H   float64
	Fill, Stroke string
}

type line struct {
	X1, Y1, X2, Y2, Width float64
	Stroke                string
}

type text struct {
	X, Y   float64
	Anchor string // start, middle, end
	Fill   string
	Text   string
}

func (c *chart) rect(x, y, w, h float64, fill string) {
	c.Rects = append(c.Rects, rect{X: x, Y: y, W: w, H: h, Fill: fill})
}

func (c *chart) line(x1, y1, x2, y2, width float64, stroke string) {
	c.Lines = append(c.Lines, line{X1: x1, Y1: y1, X2: x2, Y2: y2, Width: width, Stroke: stroke})
}

func (c *chart) text(x, y float64, anchor, fill, s string) {
	c.Texts = append(c.Texts, text{X: x, Y: y, Anchor: anchor, Fill: fill, Text: s})
}

// SVG writes the chart as inline SVG. It is written here rather than by
// the page template because a chart has hundreds of shapes, and the
// template's reflective calls cost a second per 1,000 sections; every
// text in it (the title, the description, the labels, all from the
// workbooks) is escaped with template.HTMLEscapeString, and the attributes
// are numbers and the colours above.
func (c *chart) SVG() template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ` + num(c.W) + ` ` + num(c.H) + `" width="` + num(c.W) + `" height="` + num(c.H) +
		`" aria-labelledby="` + esc(c.ID) + `-title" aria-describedby="` + esc(c.ID) + `-desc" font-size="11" font-family="inherit">` + "\n")
	b.WriteString(`<title id="` + esc(c.ID) + `-title">` + esc(c.Title) + "</title>\n")
	b.WriteString(`<desc id="` + esc(c.ID) + `-desc">` + esc(c.Desc) + "</desc>\n")
	for _, l := range c.Lines {
		b.WriteString(`<line x1="` + num(l.X1) + `" y1="` + num(l.Y1) + `" x2="` + num(l.X2) + `" y2="` + num(l.Y2) + `" stroke="` + l.Stroke + `" stroke-width="` + num(l.Width) + "\"/>\n")
	}
	for _, r := range c.Rects {
		b.WriteString(`<rect x="` + num(r.X) + `" y="` + num(r.Y) + `" width="` + num(r.W) + `" height="` + num(r.H) + `" fill="` + r.Fill + `"`)
		if r.Stroke != "" {
			b.WriteString(` stroke="` + r.Stroke + `"`)
		}
		b.WriteString("/>\n")
	}
	for _, t := range c.Texts {
		b.WriteString(`<text x="` + num(t.X) + `" y="` + num(t.Y) + `" text-anchor="` + t.Anchor + `" fill="` + t.Fill + `">` + esc(t.Text) + "</text>\n")
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// num writes a coordinate with at most two decimals.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// rateChart draws every bar in one picture: a web page scrolls, it need
// not be cut into pages.
func rateChart(ch rd.RateChart) *chart {
	const (
		rowH   = 16.0
		top    = 18.0
		bottom = 26.0
		labelW = 250.0
	)
	c := &chart{ID: "rate-chart", Title: ch.Title, Desc: ch.Alt(ch.Bars, false), W: chartWidth, H: top + float64(len(ch.Bars))*rowH + bottom}
	x0, x1 := labelW, c.W-44
	xOf := func(v float64) float64 { return x0 + (x1-x0)*math.Min(v, ch.Scale)/ch.Scale }
	plotBottom := top + float64(len(ch.Bars))*rowH
	for t := 0.0; t <= ch.Scale+1e-9; t += 50 {
		x := xOf(t)
		c.line(x, top, x, plotBottom, 0.5, gridColor)
		c.text(x, top-5, "middle", axisColor, rd.FormatTick(t))
	}
	c.line(x0, top, x0, plotBottom, 1, axisColor)
	for i, b := range ch.Bars {
		y := top + float64(i)*rowH
		// The direction mark is never cut off with the name.
		c.text(x0-5, y+rowH*0.7, "end", textColor, truncate(b.Label, 22-utf8.RuneCountInString(b.Mark()))+b.Mark())
		if w := xOf(b.Rate.Float64()) - x0; w > 0 {
			c.rect(x0, y+3, w, rowH-6, gradeColors[b.Judge])
		}
		label := b.Rate.String()
		if b.Rate.Float64() > ch.Scale {
			label = "▶ " + label
		}
		c.text(x0+math.Max(xOf(b.Rate.Float64())-x0, 0)+4, y+rowH*0.7, "start", textColor, label)
	}
	c.line(xOf(100), top-2, xOf(100), plotBottom+2, 1.5, lineColor)
	lx, ly := x0, plotBottom+10
	for _, j := range []model.Judgement{model.GradeA, model.GradeB, model.GradeC, model.GradeD} {
		c.rect(lx, ly, 10, 10, gradeColors[j])
		c.text(lx+14, ly+9, "start", textColor, j.Label())
		lx += 40
	}
	c.line(lx, ly+5, lx+16, ly+5, 1.5, lineColor)
	c.text(lx+20, ly+9, "start", textColor, "目標（100%）")
	c.text(c.W, ly+9, "end", muted, "単位：%")
	return c
}

// truncate shortens a bar's label to n characters with …; the full name
// is in the description and the data table.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// valueAxis draws the grid lines and tick labels of a vertical value axis
// from 0 to scale between top and bottom, and the two axes, and returns
// the y of a value (negative values at 0).
func (c *chart) valueAxis(x0, x1, top, bottom, step, scale float64) func(float64) float64 {
	yOf := func(v float64) float64 { return bottom - (bottom-top)*math.Max(v, 0)/scale }
	for t := 0.0; t <= scale+1e-9; t += step {
		y := yOf(t)
		c.line(x0, y, x1, y, 0.5, gridColor)
		c.text(x0-5, y+4, "end", axisColor, rd.FormatTick(t))
	}
	c.line(x0, top, x0, bottom, 1, axisColor)
	c.line(x0, bottom, x1, bottom, 1, axisColor)
	return yOf
}

// gradeChart draws the stacked columns of judgements per year.
func gradeChart(ch rd.GradeChart) *chart {
	c := &chart{ID: "grade-chart", Title: ch.Title, Desc: ch.Alt(), W: chartWidth, H: 240}
	x0, x1 := 48.0, c.W-110
	top, bottom := 22.0, c.H-30
	yOf := c.valueAxis(x0, x1, top, bottom, ch.Step, ch.Scale)
	slot := (x1 - x0) / float64(len(ch.Years))
	barW := math.Min(slot*0.6, 60)
	for i, year := range ch.Years {
		cx := x0 + slot*(float64(i)+0.5)
		acc := 0.0
		for k, v := range ch.Counts[i] {
			if v == 0 {
				continue
			}
			y1, y2 := yOf(acc), yOf(acc+float64(v))
			c.Rects = append(c.Rects, rect{X: cx - barW/2, Y: y2, W: barW, H: y1 - y2, Fill: gradeColors[rd.GradeOrder[k]], Stroke: "#ffffff"})
			acc += float64(v)
		}
		c.text(cx, bottom+14, "middle", textColor, model.Wareki(year))
	}
	c.text(x0, top-10, "middle", muted, "（件数）")
	ly := top
	for _, j := range rd.GradeOrder {
		c.rect(x1+16, ly, 10, 10, gradeColors[j])
		c.text(x1+30, ly+9, "start", textColor, j.Label())
		ly += 16
	}
	return c
}

// targetChart draws an indicator's target and actual columns per year.
func targetChart(ch rd.TargetChart) *chart {
	ind := ch.Indicator
	c := &chart{Title: ch.Title(), Desc: ch.Alt(), W: chartWidth, H: 130}
	x0, x1 := 56.0, c.W-100
	top, bottom := 10.0, c.H-20
	yOf := c.valueAxis(x0, x1, top, bottom, ch.Step, ch.Scale)
	slot := (x1 - x0) / float64(len(ind.Years))
	barW := math.Min(slot*0.3, 24)
	for i, iy := range ind.Years {
		cx := x0 + slot*(float64(i)+0.5)
		if iy.Target.Kind == model.ValueNumber {
			y := yOf(iy.Target.Number.Float64())
			c.rect(cx-barW, y, barW, bottom-y, targetColor)
		}
		if iy.Actual.Kind == model.ValueNumber {
			y := yOf(iy.Actual.Number.Float64())
			c.rect(cx, y, barW, bottom-y, actualColor)
		}
		c.text(cx, bottom+14, "middle", textColor, model.Wareki(iy.Year.Year))
	}
	c.rect(x1+14, top, 10, 10, targetColor)
	c.text(x1+28, top+9, "start", textColor, "目標値")
	c.rect(x1+14, top+16, 10, 10, actualColor)
	c.text(x1+28, top+25, "start", textColor, "実績値")
	if ind.Unit != "" && ind.Unit != "—" {
		c.text(x1+14, top+44, "start", muted, "単位："+ind.Unit)
	}
	if ind.Direction == model.LowerIsBetter {
		c.text(x1+14, top+60, "start", muted, model.LowerIsBetter.Label())
	}
	return c
}
