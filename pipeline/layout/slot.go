package layout

import "strings"

// Slot is a text run whose text is known only after more of the document
// is laid out: the page numbers of a table of contents, which point at pages
// that do not exist yet when the contents are set. The caller reserves the
// room (a fixed-width column), lays the rest out, and fills the slot; the
// document is laid out once instead of once more for the numbers.
type Slot struct {
	page, op int     // the text op: index into Flow.pages and Page.Ops
	x        float64 // the left, centre or right end by align, absolute
	align    Align
}

// Slot reserves a one-line text run like Text, empty until Flow.Fill sets
// it. Its baseline is at y; x is its left, centre or right end by align.
func (c *Canvas) Slot(x, y float64, font Font, color RGB, align Align) Slot {
	f := c.f
	page := len(f.pages) - 1
	s := Slot{page: page, op: len(f.pages[page].Ops), x: c.x0 + x, align: align}
	f.add(Op{Kind: OpText, X: c.x0 + x, Y: c.y0 + y, Font: font, Color: color})
	return s
}

// Fill sets the text of a slot and places it by the slot's alignment. The
// text is not wrapped: the caller reserved room for the widest text it can
// hold. A link's slot (Canvas.Link) gets its description, and stays where
// it is. Fill must come before Finish.
func (f *Flow) Fill(s Slot, text string) {
	op := &f.pages[s.page].Ops[s.op]
	text = strings.ReplaceAll(text, "\n", " ")
	if op.Kind == OpLink {
		op.Text = text
		return
	}
	op.Text = f.ms.Sanitize(op.Font.Bold, text)
	w := f.ms.Width(op.Font, op.Text)
	switch s.align {
	case AlignCenter:
		op.X = s.x - w/2
	case AlignRight:
		op.X = s.x - w
	default:
		op.X = s.x
	}
}

// Anchors returns the 1-based page of every anchor laid out so far. A name
// used twice maps to its last page.
func (f *Flow) Anchors() map[string]int {
	out := map[string]int{}
	for i, p := range f.pages {
		for _, op := range p.Ops {
			if op.Kind == OpAnchor {
				out[op.Dest] = i + 1
			}
		}
	}
	return out
}

// TextHeight is the height Paragraph takes for text in st at the full
// content width: what a caller keeping a title with what follows must
// reserve before placing an anchor above it.
func (f *Flow) TextHeight(text string, st TextStyle) float64 {
	return float64(len(f.ms.Lines(text, st.Font, f.ContentWidth()-st.Indent))) * st.lineHeight()
}
