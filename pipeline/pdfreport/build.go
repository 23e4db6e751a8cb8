package pdfreport

import (
	"context"
	"strconv"

	"planreport/pipeline/layout"
	"planreport/pipeline/model"
	rd "planreport/pipeline/reportdoc"
)

// Colours and type of the report.
var (
	textColor   = layout.RGB{R: 0x22, G: 0x22, B: 0x22}
	accent      = layout.RGB{R: 0x1f, G: 0x3a, B: 0x68}
	muted       = layout.RGB{R: 0x66, G: 0x66, B: 0x66}
	headerFill  = layout.RGB{R: 0xdc, G: 0xe4, B: 0xf0}
	borderColor = layout.RGB{R: 0x80, G: 0x80, B: 0x80}
	warnFill    = layout.RGB{R: 0xfb, G: 0xe0, B: 0xdc}
	warnColor   = layout.RGB{R: 0xb0, G: 0x1c, B: 0x10}

	body = layout.TextStyle{Font: layout.Font{Size: 10}, Color: textColor}
	note = layout.TextStyle{Font: layout.Font{Size: 8.5}, Color: muted}
	h1   = layout.TextStyle{Font: layout.Font{Bold: true, Size: 16}, Color: accent, LineHeight: 1.4, Level: 1}
	h2   = layout.TextStyle{Font: layout.Font{Bold: true, Size: 12}, Color: accent, LineHeight: 1.5, Level: 2}
	h3   = layout.TextStyle{Font: layout.Font{Bold: true, Size: 10.5}, Color: textColor, LineHeight: 1.5, Level: 3}
)

// build lays the whole document out in one pass. The table of contents is
// set first with empty page-number slots of fixed width, so its length does
// not depend on the numbers; once every section is placed, the slots are
// filled with the pages the anchors landed on.
func (r *report) build(ctx context.Context) (*layout.Document, error) {
	f := layout.NewFlow(r.ms, layout.PageSetup{Header: r.Title(), Color: muted})
	r.cover(f)
	f.NewPage()
	slots := r.contents(f)
	f.NewPage()
	r.summary(f)
	if r.HasChanges() {
		f.NewPage()
		r.changes(f)
	}
	r.submissionStatus(f)
	f.NewPage()
	r.list(f)
	if r.Sections {
		for i, in := range r.Initiatives {
			if i%64 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			f.NewPage()
			if i == 0 {
				f.Outline(rd.OutlineSections, 0)
			}
			r.initiative(f, i, in)
		}
	}
	f.NewPage()
	r.appendix(f)
	pages := f.Anchors()
	for _, s := range slots {
		if n, ok := pages[s.anchor]; ok {
			f.Fill(s.slot, strconv.Itoa(n))
			f.Fill(s.link, rd.TOCLinkText(s.title, n))
		}
	}
	return f.Finish(layout.Info{
		Title:        r.Title(),
		Subject:      r.Subject(),
		Author:       r.Options.Issuer,
		Creator:      "planreport",
		Lang:         "ja-JP",
		CreationDate: r.Date,
	}), nil
}

// heading starts a section: bookmark, anchor and title, kept with 40 pt of
// what follows. The page is broken before the anchor is placed, so that a
// link or bookmark never lands at the foot of the page before the title.
func heading(f *layout.Flow, title, anchor string, level int) {
	f.Ensure(f.TextHeight(title, h1) + 40)
	f.Anchor(anchor)
	f.Outline(title, level)
	f.Paragraph(title, h1)
	f.Space(6)
}

// cover is the title page, set like a city's printed report: the title
// between two rules in the upper third, the scope below it, and the date
// and the issuing office at the foot of the page.
func (r *report) cover(f *layout.Flow) {
	f.SuppressHeader()
	rule := func(width float64) {
		f.Begin(layout.TagArtifact) // decoration
		f.Block(width, func(c *layout.Canvas) { c.Rect(0, 0, c.W, width, &accent, nil, 0) })
		f.End()
	}
	f.Space(150)
	rule(2.5)
	f.Space(22)
	title := layout.TextStyle{Font: layout.Font{Bold: true, Size: 24}, Color: accent, Align: layout.AlignCenter, LineHeight: 1.5}
	f.Paragraph(r.Options.Title, title)
	if r.Options.Department != "" {
		f.Space(6)
		f.Paragraph(r.Options.Department, layout.TextStyle{Font: layout.Font{Bold: true, Size: 18}, Color: accent, Align: layout.AlignCenter, LineHeight: 1.5})
	}
	f.Space(18)
	rule(0.8)
	f.Space(36)
	center := layout.TextStyle{Font: layout.Font{Size: 13}, Color: textColor, Align: layout.AlignCenter, LineHeight: 1.8}
	for _, g := range r.Goals() {
		f.Paragraph(g, center)
	}
	f.Space(24)
	small := layout.TextStyle{Font: layout.Font{Size: 11}, Color: textColor, Align: layout.AlignCenter, LineHeight: 1.8}
	for _, line := range r.CoverFacts() {
		f.Paragraph(line, small)
	}

	date := r.DateText()
	issuer := layout.TextStyle{Font: layout.Font{Bold: true, Size: 14}, Color: textColor, Align: layout.AlignCenter, LineHeight: 1.8}
	foot := f.TextHeight(date, small) + 40
	if r.Options.Issuer != "" {
		foot += f.TextHeight(r.Options.Issuer, issuer)
	}
	// The date and the issuer sit at the foot of the page (40 pt above the
	// bottom margin), unless the goals already filled the page.
	if gap := f.Remaining() - foot; gap > 0 {
		f.Space(gap)
	}
	f.Paragraph(date, small)
	if r.Options.Issuer != "" {
		f.Paragraph(r.Options.Issuer, issuer)
	}
}

// tocSlot is a page number of the table of contents and its link's
// description, filled in once the page its anchor landed on is known.
type tocSlot struct {
	anchor, title string
	slot, link    layout.Slot
}

// contents writes the table of contents; each entry links to its anchor.
// Page numbers are right-aligned in a fixed 40 pt column (room for five
// digits), so the entries' heights do not depend on them.
func (r *report) contents(f *layout.Flow) []tocSlot {
	f.Anchor(rd.AnchorTOC)
	f.Outline(rd.HeadingTOC, 0)
	f.Heading(rd.HeadingTOC, h1, 40)
	f.Space(8)
	const numW = 40
	var slots []tocSlot
	f.Begin(layout.TagTOC)
	defer f.End()
	for _, e := range r.TOC() {
		font := layout.Font{Size: 10.5, Bold: e.Level == 0}
		indent := float64(e.Level) * 16
		lh := font.Size * 1.6
		lines := r.ms.Lines(e.Title, font, f.ContentWidth()-indent-numW-8)
		h := float64(len(lines)) * lh
		f.Ensure(h)
		f.Begin(layout.TagTOCI)
		f.Begin(layout.TagLink)
		f.Block(h, func(c *layout.Canvas) {
			for i, l := range lines {
				c.Text(indent+l.Offset, float64(i)*lh+lh*0.75, l.Text, font, textColor, layout.AlignLeft)
			}
			// The leader between title and number is an artifact: a space
			// after the title keeps the two apart in the text a screen
			// reader or a copy gets (「総括 3」, not 「総括3」).
			last := lines[len(lines)-1]
			c.Text(indent+last.Offset+r.ms.Width(font, last.Text), float64(len(lines)-1)*lh+lh*0.75, " ", font, textColor, layout.AlignLeft)
			s := tocSlot{anchor: e.Anchor, title: e.Title, slot: c.Slot(c.W, lh*0.75, font, textColor, layout.AlignRight)}
			c.Begin(layout.TagArtifact) // the leader rule
			c.Line(indent, h-1, c.W, h-1, 0.3, layout.RGB{R: 0xcc, G: 0xcc, B: 0xcc})
			c.End()
			s.link = c.Link(0, 0, c.W, h, e.Anchor, e.Title)
			slots = append(slots, s)
		})
		f.End()
		f.End()
		f.Space(2)
	}
	return slots
}

// table sets a reportdoc table in the given columns: the report's type,
// shading and borders, and the marks as colours.
func (r *report) table(cols []layout.Column, t rd.Table) *layout.Table {
	hc := make([]layout.Cell, len(t.Header))
	for i, h := range t.Header {
		hc[i] = layout.Cell{Text: h}
	}
	rows := make([][]layout.Cell, len(t.Rows))
	for i, row := range t.Rows {
		rows[i] = make([]layout.Cell, len(row))
		for j, c := range row {
			lc := layout.Cell{Text: c.Text, Link: c.Link}
			switch c.Mark {
			case rd.MarkMismatch:
				lc.Fill, lc.Color = &warnFill, &warnColor
			case rd.MarkError:
				lc.Color, lc.Bold = &warnColor, true
			}
			rows[i][j] = lc
		}
	}
	return &layout.Table{
		Columns:     cols,
		Header:      hc,
		Rows:        rows,
		RowHeaders:  t.RowHeaders,
		Font:        layout.Font{Size: 8.5},
		Color:       textColor,
		HeaderFill:  headerFill,
		BorderColor: borderColor,
	}
}

func (r *report) summary(f *layout.Flow) {
	s := r.Summary()
	heading(f, rd.HeadingSummary, rd.AnchorSummary, 0)
	f.Paragraph(s.Intro, body)
	f.Paragraph(s.Bands, body)
	f.Space(8)
	f.Heading(s.Table.Caption, h2, 60)
	right := layout.AlignRight
	// Widths from the bold 8.5 pt headers plus 6 pt padding, so that no
	// header wraps: 評価指標数 5 em = 42.5 pt, 平均達成率(%) 6.5 em = 55.3 pt.
	cols := []layout.Column{{Width: 70, Names: true}, {Width: 0}, {Width: 50, Align: right}, {Width: 40, Align: right}, {Width: 62, Align: right},
		{Width: 24, Align: right}, {Width: 24, Align: right}, {Width: 24, Align: right}, {Width: 24, Align: right}, {Width: 32, Align: right}, {Width: 40, Align: right}}
	if len(s.Table.Rows) == 0 {
		f.Paragraph(s.Empty, body)
	} else {
		f.Table(r.table(cols, s.Table))
		for _, n := range s.Notes {
			f.Space(2)
			f.Paragraph(n, note)
		}
	}
	f.Space(14)
	r.rateChart(f)
	f.Space(14)
	r.gradeChart(f)
}

// changes lists what changed since the previous report, a table per kind.
func (r *report) changes(f *layout.Flow) {
	s := r.Changes()
	heading(f, rd.HeadingChanges, rd.AnchorChanges, 0)
	f.Paragraph(s.Intro, body)
	f.Space(6)
	// A value's columns: 項目 holds 記載達成率 (5 em, bold in the header:
	// 42.5 pt + 6 pt padding) and the place ファイル・シート・セル (11 em, 99.5 pt)
	// without breaking. A finding's message gets what its table leaves.
	values := []layout.Column{{Width: 0}, {Width: 50}, {Width: 50}, {Width: 54}, {Width: 54}, {Width: 100, Names: true}}
	findings := []layout.Column{{Width: 100}, {Width: 100, Names: true}, {Width: 36, Align: layout.AlignCenter}, {Width: 0}}
	for _, g := range s.Groups {
		cols := values
		if g.Findings {
			cols = findings
		}
		t := r.table(cols, g.Table)
		f.Heading(g.Title, h2, f.StartHeight(t))
		f.Table(t)
		if g.More != "" {
			f.Space(2)
			f.Paragraph(g.More, note)
		}
		f.Space(8)
	}
}

func (r *report) list(f *layout.Flow) {
	l := r.List()
	center := layout.AlignCenter
	cols := []layout.Column{{Width: 30, Align: center}, {Width: 0}, {Width: 62, Names: true}, {Width: 62, Names: true}, {Width: 54, Align: center}, {Width: 46, Align: layout.AlignRight}, {Width: 36, Align: center}}
	heading(f, rd.HeadingList, rd.AnchorList, 0)
	if l.Intro != "" {
		f.Paragraph(l.Intro, body)
		f.Space(6)
	}
	f.Paragraph(l.Explain, note)
	f.Space(4)
	f.Table(r.table(cols, l.Table))
}

// richText sets a block of paragraphs and bullets.
func richText(f *layout.Flow, t model.RichText) {
	if t.IsEmpty() {
		f.Paragraph(rd.NoEntry, note)
		return
	}
	for _, b := range t.Blocks {
		if b.Kind == model.Bullet {
			f.Bullet(b.Text, layout.TextStyle{Font: body.Font, Color: body.Color, Indent: 8})
		} else {
			f.Paragraph(b.Text, body)
		}
	}
}

func (r *report) initiative(f *layout.Flow, i int, in *model.Initiative) {
	title := r.InitiativeTitle(in)
	f.Ensure(f.TextHeight(title, h1) + 40)
	f.Anchor(rd.InitiativeAnchor(i))
	f.Outline(title, 1)
	f.Paragraph(title, h1)
	f.Space(4)
	f.Paragraph(rd.InitiativeMeta(in), body)
	f.Paragraph(rd.InitiativeSource(in), note)
	f.Space(8)

	f.Heading(rd.HeadingOverview, h2, 30)
	richText(f, in.Overview)
	f.Space(10)

	r.tableSection(f, rd.HeadingPlans, rd.Plans(in), []layout.Column{{Width: 36, Align: layout.AlignCenter}, {Width: 110}, {Width: 0}})
	f.Space(10)

	f.Heading(rd.HeadingIndicators, h2, 60)
	if len(in.Indicators) == 0 {
		f.Paragraph(rd.NoEntry, note)
	}
	for _, ind := range in.Indicators {
		r.indicator(f, ind)
	}
	f.Space(10)

	f.Heading(rd.HeadingBackground, h2, 30)
	richText(f, in.Background)
	f.Space(10)

	r.tableSection(f, rd.HeadingResults, rd.Results(in), []layout.Column{{Width: 80}, {Width: 0}, {Width: 0}})
}

// tableSection is a subsection that is one table, kept with its heading;
// (記載なし) when the table is empty.
func (r *report) tableSection(f *layout.Flow, title string, t rd.Table, cols []layout.Column) {
	if len(t.Rows) == 0 {
		f.Heading(title, h2, 30)
		f.Paragraph(rd.NoEntry, note)
		return
	}
	lt := r.table(cols, t)
	f.Heading(title, h2, f.StartHeight(lt))
	f.Table(lt)
}

func (r *report) indicator(f *layout.Flow, ind model.Indicator) {
	in := rd.IndicatorOf(ind)
	right := layout.AlignRight
	cols := []layout.Column{{Width: 0}, {Width: 70, Align: right}, {Width: 70, Align: right}, {Width: 62, Align: right}, {Width: 70, Align: right}, {Width: 44, Align: layout.AlignCenter}}
	t := r.table(cols, in.Table)
	mismatchStyle := layout.TextStyle{Font: note.Font, Color: warnColor}
	chart, hasChart := rd.TargetChartOf(ind)
	// An indicator (title, table, note, chart) is read as one figure: keep
	// it on one page when it fits one, rather than leave the chart or the
	// last rows of the table alone on the next.
	whole := f.TextHeight(in.Name, h3) + f.TableHeight(t) + 4
	if in.Mismatch {
		whole += f.TextHeight(rd.MismatchNote, mismatchStyle)
	}
	if hasChart {
		whole += targetChartHeight
	}
	if whole <= f.ContentHeight() {
		f.Ensure(whole)
	}
	f.Heading(in.Name, h3, f.StartHeight(t)+24)
	f.Table(t)
	if in.Mismatch {
		f.Paragraph(rd.MismatchNote, mismatchStyle)
	}
	f.Space(4)
	if hasChart {
		r.targetChart(f, chart)
	}
	f.Space(8)
}

func (r *report) appendix(f *layout.Flow) {
	a := r.FindingsAppendix()
	heading(f, rd.HeadingFindings, rd.AnchorFindings, 0)
	f.Paragraph(a.Counts, body)
	if a.Order != "" {
		f.Paragraph(a.Order, note)
	}
	f.Space(6)
	cols := []layout.Column{{Width: 38, Align: layout.AlignCenter}, {Width: 40, Align: layout.AlignCenter}, {Width: 0}}
	// Set like an H3, but the level under 付録1 is 2.
	groupTitle := h3
	groupTitle.Level = 2
	for _, g := range a.Groups {
		t := r.table(cols, g.Table)
		f.Heading(g.Title, groupTitle, f.StartHeight(t))
		f.Table(t)
		f.Space(8)
	}
	f.Space(16)
	heading(f, rd.HeadingFiles, rd.AnchorFiles, 0)
	if len(r.Files) == 0 {
		f.Paragraph(rd.NoInputFiles, note)
		return
	}
	f.Table(r.table([]layout.Column{{Width: 0}, {Width: 40, Align: layout.AlignCenter}, {Width: 56, Align: layout.AlignRight}, {Width: 160}}, r.FilesTable()))
}
