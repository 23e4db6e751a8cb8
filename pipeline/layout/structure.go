package layout

// The structure a Flow emits (OpBegin/OpEnd, see doc.go): paragraphs are
// P, or H1–H3 when their style has a Level; bullet items are LI, and
// consecutive items one L, also across Bullet calls; tables are Table with
// TR, TH and TD, their repeated header rows artifacts; Figure wraps a
// chart drawn with Flow.Figure; Finish brackets the running header, its
// rule and the footer of every page as artifacts and closes what is still
// open. Callers bracket anything else with Begin and End (a table of
// contents, a decorative rule).

// Begin opens a structure element at the cursor; End closes it. An L
// left open by Bullet (so that the next bullet joins it) is closed first
// when anything but another item begins.
func (f *Flow) Begin(tag Tag) { f.begin(Op{Kind: OpBegin, Tag: tag}) }

// End closes the innermost element opened with Begin (first closing an
// L that Bullet left open). With nothing open it does nothing.
func (f *Flow) End() {
	f.closeList()
	f.end()
}

func (f *Flow) begin(op Op) {
	if op.Tag != TagLI {
		f.closeList()
	}
	f.add(op)
	f.open = append(f.open, op.Tag)
}

func (f *Flow) end() {
	if len(f.open) == 0 {
		return
	}
	f.open = f.open[:len(f.open)-1]
	f.add(Op{Kind: OpEnd})
}

// top is the innermost open element, or 0 (none).
func (f *Flow) top() Tag {
	if len(f.open) == 0 {
		return 0
	}
	return f.open[len(f.open)-1]
}

// closeList closes an L that is the innermost open element.
func (f *Flow) closeList() {
	if f.top() == TagL {
		f.end()
	}
}

// closeAll closes every open element (at Finish).
func (f *Flow) closeAll() {
	for len(f.open) > 0 {
		f.end()
	}
}

// headingTag is the element a paragraph in st is: H1–H3 by st.Level, P
// otherwise.
func headingTag(st TextStyle) Tag {
	switch st.Level {
	case 1:
		return TagH1
	case 2:
		return TagH2
	case 3:
		return TagH3
	}
	return TagP
}

// textTags opens and closes the elements of a block of lines as they are
// set: a run of plain lines is one para element (P; none in a table cell,
// whose TD holds them), a line with a bullet marker starts an LI, the
// lines after it with its hanging indent continue that LI, and
// consecutive items share one L.
type textTags struct {
	f    *Flow
	para Tag  // element of plain lines; 0 sets them in the enclosing one
	in   Tag  // what the last line opened: para, TagLI or 0
	keep bool // leave a trailing L open for the next block (Bullet)
}

func (f *Flow) textTags(para Tag, keep bool) *textTags {
	return &textTags{f: f, para: para, keep: keep}
}

// line opens what line l belongs to.
func (t *textTags) line(l Line) {
	f := t.f
	switch {
	case l.Marker != "":
		if t.in == TagLI || t.in == t.para && t.para != 0 {
			f.end()
		}
		if f.top() != TagL {
			// An L at the top is this block's or the one Bullet left
			// for the next item: join it.
			f.begin(Op{Kind: OpBegin, Tag: TagL})
		}
		f.begin(Op{Kind: OpBegin, Tag: TagLI})
		t.in = TagLI
	case l.Offset > 0 && t.in == TagLI:
		// continuation of the item
	default:
		if t.in == t.para && t.para != 0 {
			return
		}
		if t.in == TagLI {
			f.end() // LI
		}
		f.closeList()
		t.in = 0
		if t.para != 0 {
			f.begin(Op{Kind: OpBegin, Tag: t.para})
			t.in = t.para
		}
	}
}

// close ends the block: its para or LI, and its L unless keep.
func (t *textTags) close() {
	if t.in != 0 {
		t.f.end()
	}
	if !t.keep {
		t.f.closeList()
	}
	t.in = 0
}

// marker brackets a bullet marker as an artifact: the L says it is a list,
// and a renderer of HTML draws its own bullets.
func (f *Flow) marker(x, top float64, st TextStyle) {
	f.begin(Op{Kind: OpBegin, Tag: TagArtifact})
	f.textOp(x, top, BulletMarker, st)
	f.end()
}

// Figure is Block for a chart: the block is one Figure element whose alt
// states what the chart shows, in words.
func (f *Flow) Figure(h float64, alt string, draw func(c *Canvas)) {
	f.Ensure(h)
	f.begin(Op{Kind: OpBegin, Tag: TagFigure, Alt: alt})
	f.Block(h, draw)
	f.end()
}

// Begin opens a structure element inside a block (Flow.Begin).
func (c *Canvas) Begin(tag Tag) { c.f.Begin(tag) }

// End closes it.
func (c *Canvas) End() { c.f.End() }
