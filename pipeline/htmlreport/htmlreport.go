// Package htmlreport writes the HTML edition of the consolidated report
// (report.html), for the city's website: one self-contained file (inline
// CSS, charts as inline SVG, no script) with the same sections as
// report.pdf, read from the same reportdoc content. It is made for screen
// readers first: lang="ja", one h1, headings in order, every table with a
// caption and scoped header cells, every chart with a text alternative and
// its data as a table, a table of contents of links; and for printing on
// A4.
//
// html/template escapes every text from the workbooks, so that a sheet
// cannot put markup or script into the city's web page.
package htmlreport

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"planreport/pipeline/model"
	rd "planreport/pipeline/reportdoc"
)

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"table":   tableHTML,
	"noEntry": func() string { return rd.NoEntry },
}).Parse(pageTemplate))

// Write renders the HTML edition of b's report to w. Same batch and
// options → identical bytes.
func Write(ctx context.Context, w io.Writer, b *model.Batch, opt rd.Options) error {
	c, err := rd.New(b, opt)
	if err != nil {
		return fmt.Errorf("htmlreport: %w", err)
	}
	v, err := newView(ctx, c)
	if err != nil {
		return err
	}
	// Rendered into memory first: a template error must not leave half a
	// page in w.
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		return fmt.Errorf("htmlreport: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// numeric reports whether a cell holds a number (or a column of them, or
// a dash), which is set right-aligned like the PDF's number columns.
func numeric(s string) bool {
	if s == "" || s == "—" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789.,-+%\n"+rd.ListLowerMark, r) {
			return false
		}
	}
	return true
}

// view is what the template shows, in document order.
type view struct {
	Title, Subject, Date, Issuer string
	ReportTitle, Department      string
	Goals, Facts                 []string

	TOC []tocItem

	Summary    rd.Summary
	RateTitle  string
	RateChart  *chart
	RateTable  rd.Table
	RateEmpty  string
	GradeTitle string
	GradeChart *chart
	GradeTable rd.Table
	GradeEmpty string

	Changes     *rd.ChangesSection // nil: no comparison (a department's extract)
	Status      *rd.StatusSection  // nil: a department's extract
	List        rd.List
	Initiatives []initiative

	Findings rd.FindingsAppendix
	Files    rd.Table
	NoFiles  string
}

// tocItem is a section in the contents, with the initiatives under
// 取組別の状況 as children.
type tocItem struct {
	rd.TOCEntry
	Children []rd.TOCEntry
}

// initiative is one initiative's section.
type initiative struct {
	Anchor, Title, Meta, Source string
	Overview, Background        []block
	Plans, Results              rd.Table
	Indicators                  []indicator
}

// indicator is one target indicator with its chart.
type indicator struct {
	rd.Indicator
	ID    string // unique within the page, for the chart's title and description
	Chart *chart // nil: no numeric value to draw
}

// block is a paragraph, or a run of bullet items.
type block struct {
	Text    string
	Bullets []string
}

// Headings of the fixed sections, for the template.
func (view) HeadingTOC() string          { return rd.HeadingTOC }
func (view) HeadingSummary() string      { return rd.HeadingSummary }
func (view) HeadingList() string         { return rd.HeadingList }
func (view) HeadingChanges() string      { return rd.HeadingChanges }
func (view) HeadingStatus() string       { return rd.HeadingStatus }
func (view) HeadingMissing() string      { return rd.HeadingMissing }
func (view) HeadingBlank() string        { return rd.HeadingBlank }
func (view) HeadingUnattributed() string { return rd.HeadingUnattributed }
func (view) HeadingFindings() string     { return rd.HeadingFindings }
func (view) HeadingFiles() string        { return rd.HeadingFiles }
func (view) HeadingSections() string     { return rd.OutlineSections }
func (view) HeadingOverview() string     { return rd.HeadingOverview }
func (view) HeadingPlans() string        { return rd.HeadingPlans }
func (view) HeadingIndicators() string   { return rd.HeadingIndicators }
func (view) HeadingBackground() string   { return rd.HeadingBackground }
func (view) HeadingResults() string      { return rd.HeadingResults }
func (view) NoEntry() string             { return rd.NoEntry }
func (view) MismatchNote() string        { return rd.MismatchNote }

func newView(ctx context.Context, c *rd.Content) (*view, error) {
	v := &view{
		Title:       c.Title(),
		Subject:     c.Subject(),
		Date:        c.DateText(),
		Issuer:      c.Options.Issuer,
		ReportTitle: c.Options.Title,
		Department:  c.Options.Department,
		Goals:       c.Goals(),
		Facts:       c.CoverFacts(),
		Summary:     c.Summary(),
		List:        c.List(),
		Findings:    c.FindingsAppendix(),
		Files:       c.FilesTable(),
		NoFiles:     rd.NoInputFiles,
	}
	v.TOC = toc(c.TOC())
	if c.HasChanges() {
		ch := c.Changes()
		v.Changes = &ch
	}
	if c.HasStatus() {
		st := c.Status()
		v.Status = &st
	}
	rc := c.RateChart()
	v.RateTitle, v.RateEmpty = rc.Title, rc.Empty
	if len(rc.Bars) > 0 {
		v.RateChart = rateChart(rc)
		v.RateTable = rateTable(rc)
	}
	gc := c.GradeChart()
	v.GradeTitle, v.GradeEmpty = gc.Title, gc.Empty
	if len(gc.Years) > 0 {
		v.GradeChart = gradeChart(gc)
		v.GradeTable = gc.Table()
	}
	if c.Sections {
		for i, in := range c.Initiatives {
			if i%64 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			v.Initiatives = append(v.Initiatives, initiativeOf(c, i, in))
		}
	}
	return v, nil
}

// toc nests the initiatives under the 取組別の状況 entry the PDF's
// bookmarks have, so that a screen reader announces a list of sections.
func toc(es []rd.TOCEntry) []tocItem {
	var out []tocItem
	for _, e := range es {
		if e.Level == 0 {
			out = append(out, tocItem{TOCEntry: e})
			continue
		}
		if n := len(out); n == 0 || out[n-1].Title != rd.OutlineSections {
			out = append(out, tocItem{TOCEntry: rd.TOCEntry{Title: rd.OutlineSections, Anchor: "sections"}})
		}
		last := &out[len(out)-1]
		last.Children = append(last.Children, e)
	}
	return out
}

func initiativeOf(c *rd.Content, i int, in *model.Initiative) initiative {
	out := initiative{
		Anchor:     rd.InitiativeAnchor(i),
		Title:      c.InitiativeTitle(in),
		Meta:       rd.InitiativeMeta(in),
		Source:     rd.InitiativeSource(in),
		Overview:   blocks(in.Overview),
		Background: blocks(in.Background),
		Plans:      rd.Plans(in),
		Results:    rd.Results(in),
	}
	for k, ind := range in.Indicators {
		x := indicator{Indicator: rd.IndicatorOf(ind), ID: fmt.Sprintf("%s-ind-%d", out.Anchor, k+1)}
		if ch, ok := rd.TargetChartOf(ind); ok {
			x.Chart = targetChart(ch)
			x.Chart.ID = x.ID + "-chart"
		}
		out.Indicators = append(out.Indicators, x)
	}
	return out
}

// blocks groups consecutive bullet items into one list.
func blocks(t model.RichText) []block {
	var out []block
	for _, b := range t.Blocks {
		if b.Kind != model.Bullet {
			out = append(out, block{Text: b.Text})
			continue
		}
		if n := len(out); n > 0 && out[n-1].Bullets != nil {
			out[n-1].Bullets = append(out[n-1].Bullets, b.Text)
			continue
		}
		out = append(out, block{Bullets: []string{b.Text}})
	}
	return out
}

// rateTable is the rate chart's data as a table.
func rateTable(ch rd.RateChart) rd.Table {
	t := rd.Table{Caption: ch.Title + "（グラフのデータ）", Header: []string{"指標", "達成率(%)", "判定"}, RowHeaders: 1}
	for _, b := range ch.Bars {
		t.Rows = append(t.Rows, []rd.Cell{{Text: b.Name()}, {Text: b.Rate.String()}, {Text: b.Judge.Label()}})
	}
	return t
}
