package layout

import (
	"fmt"
	"strings"
)

// A4 portrait in points and the report's 20 mm margins.
const (
	A4Width  = 595.28
	A4Height = 841.89
	Margin20 = 56.69
)

// Align is the horizontal alignment of text.
type Align uint8

const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// TextStyle says how a paragraph is set.
type TextStyle struct {
	Font       Font
	Color      RGB
	LineHeight float64 // multiple of the font size; 0 means 1.6
	Align      Align
	Indent     float64 // left indent of every line, points
	// Level 1 to 3 makes a paragraph in this style a heading of that
	// level (structure H1–H3); 0 is body text (P).
	Level int
}

func (s TextStyle) lineHeight() float64 {
	if s.LineHeight == 0 {
		return s.Font.Size * 1.6
	}
	return s.Font.Size * s.LineHeight
}

// baseline is the distance from a line box's top to the text baseline: the
// glyphs (about 0.88 em above and 0.12 em below the baseline for BIZ
// UDGothic) are centred in the box.
func baseline(f Font, lineHeight float64) float64 {
	return (lineHeight-f.Size)/2 + f.Size*0.88
}

// PageSetup is the page model.
type PageSetup struct {
	Width, Height float64 // default A4 portrait
	Margin        float64 // all four sides; default 20 mm
	// Header is the running title printed above the top margin of every
	// page but those marked with SuppressHeader.
	Header string
	Font   Font // header and footer font; default 8 pt
	Color  RGB  // header and footer colour
}

// Flow lays content out top to bottom with a running cursor, starting a new
// page when the next piece does not fit. It is not safe for concurrent use.
type Flow struct {
	ms       *Measurer
	setup    PageSetup
	pages    []*Page
	noHeader []bool
	y        float64 // cursor: top of the next content, points from the page top
	measured measuredTable
	open     []Tag // structure elements open at the cursor, innermost last
}

// NewFlow starts a document with one empty page.
func NewFlow(ms *Measurer, setup PageSetup) *Flow {
	if setup.Width == 0 {
		setup.Width, setup.Height = A4Width, A4Height
	}
	if setup.Margin == 0 {
		setup.Margin = Margin20
	}
	if setup.Font.Size == 0 {
		setup.Font.Size = 8
	}
	f := &Flow{ms: ms, setup: setup}
	f.NewPage()
	return f
}

// Measurer returns the flow's measurer.
func (f *Flow) Measurer() *Measurer { return f.ms }

// NewPage starts a new page and puts the cursor at its top margin.
func (f *Flow) NewPage() {
	var ops []Op
	if n := len(f.pages); n > 0 {
		ops = f.pages[n-1].seal()
	}
	if cap(ops) < minPageRoom {
		ops = make([]Op, 0, opsChunk)
	}
	f.pages = append(f.pages, &Page{Ops: ops})
	f.noHeader = append(f.noHeader, false)
	f.y = f.setup.Margin
}

// Pages take their operations from shared chunks: the page being laid out
// appends to the free end of a chunk, and the next page starts where it
// ended. Giving each page its own slice (sized like the page before it,
// then trimmed to its length) allocated every operation three times, a
// quarter of all the memory a full run allocates (docs/benchmarks.md).
const (
	opsChunk    = 2048 // operations per chunk, about 370 KB
	minPageRoom = 256  // a page starting with less room gets a new chunk
)

// pageFurniture is how many operations Finish adds to every page: the
// running header's text and rule, the footer, and the artifact around them.
const pageFurniture = 5

// seal ends a page: its operations keep room for the furniture Finish adds,
// capped so that Finish's appends stay inside the page, and the rest of
// the chunk is returned for the next page. A page that outgrew its chunk
// was moved by append to a larger array, whose rest is returned instead.
func (p *Page) seal() []Op {
	n := len(p.Ops)
	if cap(p.Ops)-n < pageFurniture {
		p.Ops = append(make([]Op, 0, n+pageFurniture), p.Ops...)
		return nil
	}
	rest := p.Ops[n+pageFurniture : n+pageFurniture]
	p.Ops = p.Ops[: n : n+pageFurniture]
	return rest
}

// SuppressHeader leaves the running header off the current page (a cover).
func (f *Flow) SuppressHeader() { f.noHeader[len(f.noHeader)-1] = true }

// PageNumber is the 1-based number of the current page.
func (f *Flow) PageNumber() int { return len(f.pages) }

// Y is the cursor: where the next content starts on the current page.
func (f *Flow) Y() float64 { return f.y }

// Left is the x of the left margin.
func (f *Flow) Left() float64 { return f.setup.Margin }

// ContentWidth is the width between the margins.
func (f *Flow) ContentWidth() float64 { return f.setup.Width - 2*f.setup.Margin }

// ContentHeight is the height between the margins.
func (f *Flow) ContentHeight() float64 { return f.setup.Height - 2*f.setup.Margin }

// Remaining is the height left on the current page.
func (f *Flow) Remaining() float64 { return f.setup.Height - f.setup.Margin - f.y }

// AtTop reports whether nothing was laid out on the current page yet.
func (f *Flow) AtTop() bool { return f.y <= f.setup.Margin+epsilon }

// Ensure starts a new page unless h points fit on this one (or the page is
// still empty, where starting another would not help).
func (f *Flow) Ensure(h float64) {
	if h > f.Remaining()+epsilon && !f.AtTop() {
		f.NewPage()
	}
}

// Space moves the cursor down by h, or to the top of a new page when h
// does not fit (space at a page top is dropped).
func (f *Flow) Space(h float64) {
	if h > f.Remaining() {
		f.NewPage()
		return
	}
	if !f.AtTop() {
		f.y += h
	}
}

func (f *Flow) add(op Op) {
	p := f.pages[len(f.pages)-1]
	p.Ops = append(p.Ops, op)
}

// Anchor names the current position as a link destination.
func (f *Flow) Anchor(name string) {
	f.add(Op{Kind: OpAnchor, Dest: name, Y: f.y})
}

// Outline adds a bookmark at the current position. Level 0 is top level;
// a level may be at most one deeper than the previous entry's.
func (f *Flow) Outline(title string, level int) {
	f.add(Op{Kind: OpOutline, Text: title, Level: uint8(min(max(level, 0), 255)), Y: f.y})
}

// Link makes a rectangle of the current page jump to the anchor dest.
// text describes the link (the tagged PDF's /Contents, which PDF/UA-1
// 7.18.5 asks of every link annotation): the text it is drawn over. It is
// not drawn, so a character the font lacks is kept for the screen reader.
func (f *Flow) Link(x, y, w, h float64, dest, text string) {
	f.add(Op{Kind: OpLink, X: x, Y: y, W: w, H: h, Dest: dest, Text: strings.ReplaceAll(text, "\n", " ")})
}

// textOp adds a text run with its top-left corner of the line box at x, top.
func (f *Flow) textOp(x, top float64, s string, st TextStyle) {
	if s == "" {
		return
	}
	f.add(Op{Kind: OpText, X: x, Y: top + baseline(st.Font, st.lineHeight()), Text: s, Font: st.Font, Color: st.Color})
}

// Line is one typeset line: its text, its x offset from the block's left,
// and for the first line of a bullet item the marker drawn at the left.
type Line struct {
	Text   string
	Offset float64
	Marker string
}

// BulletMarker is drawn for items written with a leading ・. The middle dot
// itself is a no-start character under JLReq (it may not begin a line), so
// the item is marked with a bullet glyph in a hanging indent instead.
const BulletMarker = "•"

// Lines breaks text into lines for a block width. A hard line beginning
// with the bullet ・ becomes a bullet item with a hanging indent of one em:
// the marker sits in the indent and every line of the item starts under
// the text, not under the marker.
func (ms *Measurer) Lines(text string, font Font, width float64) []Line {
	text = ms.Sanitize(font.Bold, text)
	var out []Line
	for hard := range strings.SplitSeq(text, "\n") {
		if rest, ok := strings.CutPrefix(hard, "・"); ok && width > 2*font.Size {
			hang := font.Size
			for i, l := range ms.BreakLines(strings.TrimLeft(rest, " 　"), font, width-hang) {
				line := Line{Text: l, Offset: hang}
				if i == 0 {
					line.Marker = BulletMarker
				}
				out = append(out, line)
			}
			continue
		}
		for _, l := range ms.BreakLines(hard, font, width) {
			out = append(out, Line{Text: l})
		}
	}
	return out
}

// Paragraph sets text in the full content width (less st.Indent), breaking
// pages between lines. Newlines are hard breaks; lines starting with ・ are
// bullet items with a hanging indent. It is one P, or a heading by
// st.Level; its bullet items are an L of LI.
// A list it ends with stays open for a Bullet that follows to join.
func (f *Flow) Paragraph(text string, st TextStyle) {
	width := f.ContentWidth() - st.Indent
	lh := st.lineHeight()
	lines := f.ms.Lines(text, st.Font, width)
	if len(lines) == 0 {
		return
	}
	heading := headingTag(st) != TagP
	tags := f.textTags(TagP, true)
	for i, l := range lines {
		f.Ensure(lh)
		switch {
		case heading && i == 0:
			f.begin(Op{Kind: OpBegin, Tag: headingTag(st)})
		case !heading:
			tags.line(l)
		}
		x := f.Left() + st.Indent + l.Offset
		switch st.Align {
		case AlignCenter:
			x = f.Left() + st.Indent + (width-f.ms.Width(st.Font, l.Text))/2
		case AlignRight:
			x = f.Left() + st.Indent + width - f.ms.Width(st.Font, l.Text)
		}
		if l.Marker != "" {
			f.marker(f.Left()+st.Indent+markerOffset(st.Font, f.ms), f.y, st)
		}
		f.textOp(x, f.y, l.Text, st)
		f.y += lh
	}
	if heading {
		f.end()
		return
	}
	tags.close()
}

// font4marker centres the half-width bullet marker in its one-em indent.
func markerOffset(f Font, ms *Measurer) float64 {
	return (f.Size - ms.Width(f, BulletMarker)) / 2
}

// Bullet sets one bullet item: ・ then text, continuation lines hanging
// under the text.
// Consecutive bullets are items of one L.
func (f *Flow) Bullet(text string, st TextStyle) {
	f.Paragraph("・"+strings.ReplaceAll(text, "\n", " "), st)
}

// Heading sets a heading and keeps it with what follows: it starts a new
// page unless keep points fit below it. Its level (H1–H3) is st.Level; a
// style without one is set as H1.
func (f *Flow) Heading(text string, st TextStyle, keep float64) {
	if st.Level == 0 {
		st.Level = 1
	}
	f.Ensure(f.TextHeight(text, st) + keep)
	f.Paragraph(text, st)
}

// Canvas draws inside a block reserved with Flow.Block; coordinates are
// relative to the block's top-left corner.
type Canvas struct {
	f      *Flow
	x0, y0 float64
	W, H   float64
}

// Measurer returns the measurer, for sizing labels.
func (c *Canvas) Measurer() *Measurer { return c.f.ms }

// Rect draws a rectangle, filled when fill is not nil, stroked with stroke
// when stroke is not nil.
func (c *Canvas) Rect(x, y, w, h float64, fill, stroke *RGB, width float64) {
	op := Op{Kind: OpRect, X: c.x0 + x, Y: c.y0 + y, W: w, H: h, Width: width}
	if fill != nil {
		op.Fill, op.HasFill = *fill, true
	}
	if stroke != nil {
		op.Color, op.Stroke = *stroke, true
	}
	c.f.add(op)
}

// Line draws a straight line.
func (c *Canvas) Line(x1, y1, x2, y2, width float64, color RGB) {
	c.f.add(Op{Kind: OpLine, X: c.x0 + x1, Y: c.y0 + y1, X2: c.x0 + x2, Y2: c.y0 + y2, Width: width, Color: color})
}

// Link makes a rectangle of the block jump to the anchor dest, described
// by text. The returned slot lets Flow.Fill describe it again once more is
// known (a contents entry's page number).
func (c *Canvas) Link(x, y, w, h float64, dest, text string) Slot {
	f := c.f
	page := len(f.pages) - 1
	s := Slot{page: page, op: len(f.pages[page].Ops)}
	f.Link(c.x0+x, c.y0+y, w, h, dest, text)
	return s
}

// Text draws one line of text whose baseline is at y; x is its left, centre
// or right end by align. Text is not wrapped.
func (c *Canvas) Text(x, y float64, s string, font Font, color RGB, align Align) {
	s = c.f.ms.Sanitize(font.Bold, strings.ReplaceAll(s, "\n", " "))
	w := c.f.ms.Width(font, s)
	switch align {
	case AlignCenter:
		x -= w / 2
	case AlignRight:
		x -= w
	}
	c.f.add(Op{Kind: OpText, X: c.x0 + x, Y: c.y0 + y, Text: s, Font: font, Color: color})
}

// Block reserves h points of the content width on one page (a new page if
// they do not fit here) and lets draw fill them.
func (f *Flow) Block(h float64, draw func(c *Canvas)) {
	f.closeList() // what a block draws is not a list item
	f.Ensure(h)
	c := &Canvas{f: f, x0: f.Left(), y0: f.y, W: f.ContentWidth(), H: h}
	draw(c)
	f.y += h
}

// Finish adds the running header and the footer "- X / Y -" to every page,
// now that the page count is known, and returns the document. It closes
// the structure elements still open; the header, its rule and the footer
// are artifacts.
func (f *Flow) Finish(info Info) *Document {
	f.closeAll()
	n := len(f.pages)
	if n > 0 {
		f.pages[n-1].seal()
	}
	st := TextStyle{Font: f.setup.Font, Color: f.setup.Color, LineHeight: 1.2}
	for i, p := range f.pages {
		p.Ops = append(p.Ops, Op{Kind: OpBegin, Tag: TagArtifact})
		if !f.noHeader[i] && f.setup.Header != "" {
			top := f.setup.Margin - 22
			p.Ops = append(p.Ops,
				Op{Kind: OpText, X: f.setup.Margin, Y: top + baseline(st.Font, st.lineHeight()), Text: f.ms.Sanitize(false, f.setup.Header), Font: st.Font, Color: st.Color},
				Op{Kind: OpLine, X: f.setup.Margin, Y: f.setup.Margin - 8, X2: f.setup.Width - f.setup.Margin, Y2: f.setup.Margin - 8, Width: 0.5, Color: st.Color})
		}
		footer := fmt.Sprintf("- %d / %d -", i+1, n)
		w := f.ms.Width(st.Font, footer)
		top := f.setup.Height - f.setup.Margin + 18
		p.Ops = append(p.Ops, Op{Kind: OpText, X: (f.setup.Width - w) / 2, Y: top + baseline(st.Font, st.lineHeight()), Text: footer, Font: st.Font, Color: st.Color},
			Op{Kind: OpEnd})
	}
	return &Document{Info: info, Width: f.setup.Width, Height: f.setup.Height, Pages: f.pages}
}
