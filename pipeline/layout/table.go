package layout

import "slices"

// Column is one table column.
type Column struct {
	// Width in points; columns with 0 share what the others leave of the
	// content width equally.
	Width float64
	Align Align
	// Names: the column holds names (departments, sections, a file, sheet
	// and cell), broken only after 「・」, 「／」 or a space (BreakName).
	Names bool
}

// Cell is one table cell. Text may hold newlines and ・ bullet lines.
type Cell struct {
	Text  string
	Bold  bool
	Align *Align // nil: the column's alignment
	Fill  *RGB   // nil: no shading (the header row uses Table.HeaderFill)
	Color *RGB   // nil: the table's text colour
	// Link, when set, makes the cell jump to that anchor.
	Link string
}

// Table is a table laid out by Flow.Table: automatic row heights from the
// wrapped text, borders, a shaded header row repeated at the top of every
// page the table continues on, page breaks between rows, and rows taller
// than a page split between lines.
type Table struct {
	Columns     []Column
	Header      []Cell // nil: no header row
	Rows        [][]Cell
	Font        Font    // body font
	Color       RGB     // text colour
	LineHeight  float64 // multiple of the font size; 0 means 1.4
	Padding     float64 // cell padding on every side; 0 means 3 pt
	HeaderFill  RGB     // shading of the header row
	BorderColor RGB
	BorderWidth float64 // 0 means 0.5 pt
	// RowHeaders makes the first RowHeaders cells of every body row row
	// headers (structure TH with Scope Row) instead of TDs.
	RowHeaders int
}

type laidRow struct {
	cells  [][]Line // per column
	height float64  // full height: lines × line height + padding
}

func (t *Table) lineHeight() float64 {
	if t.LineHeight == 0 {
		return t.Font.Size * 1.4
	}
	return t.Font.Size * t.LineHeight
}

func (t *Table) padding() float64 {
	if t.Padding == 0 {
		return 3
	}
	return t.Padding
}

// widths resolves the column widths for a content width.
func (t *Table) widths(total float64) []float64 {
	ws := make([]float64, len(t.Columns))
	fixed, free := 0.0, 0
	for i, c := range t.Columns {
		ws[i] = c.Width
		fixed += c.Width
		if c.Width == 0 {
			free++
		}
	}
	if free > 0 {
		share := max((total-fixed)/float64(free), 0)
		for i := range ws {
			if ws[i] == 0 {
				ws[i] = share
			}
		}
	}
	return ws
}

func (t *Table) layRow(ms *Measurer, cells []Cell, ws []float64, bold bool) laidRow {
	pad := t.padding()
	r := laidRow{cells: make([][]Line, len(ws))}
	n := 1
	for i := range ws {
		if i >= len(cells) {
			continue
		}
		font := t.Font
		font.Bold = bold || cells[i].Bold
		w := max(ws[i]-2*pad, 1)
		switch {
		case bold || t.Columns[i].Names:
			// A header is a label, broken (if at all) between its parts:
			// 「ファイル・シート・」「セル」, never 「ファイル・シート・セ」「ル」.
			for _, l := range ms.BreakName(ms.Sanitize(font.Bold, cells[i].Text), font, w) {
				r.cells[i] = append(r.cells[i], Line{Text: l})
			}
		default:
			r.cells[i] = ms.Lines(cells[i].Text, font, w)
		}
		n = max(n, len(r.cells[i]))
	}
	r.height = float64(n)*t.lineHeight() + 2*pad
	return r
}

// Table lays t out at the cursor.
func (f *Flow) Table(t *Table) {
	ws := t.widths(f.ContentWidth())
	lh := t.lineHeight()
	pad := t.padding()
	m := f.measure(t, ws)
	defer func() { f.measured = measuredTable{} }()
	var header *laidRow
	if t.Header != nil {
		h := m.headerRow(f.ms)
		header = &h
	}
	headerH := 0.0
	if header != nil {
		headerH = header.height
	}
	// The header row is a TR of TH the first time; repeated on a later
	// page it is an artifact (the Table has said it once).
	repeat := false
	drawHeader := func() {
		if header == nil {
			return
		}
		fill := t.HeaderFill
		if repeat {
			f.begin(Op{Kind: OpBegin, Tag: TagArtifact})
			f.drawRow(t, t.Header, *header, ws, 0, maxLines(*header), &fill, true)
			f.end()
			return
		}
		repeat = true
		f.drawRow(t, t.Header, *header, ws, 0, maxLines(*header), &fill, true)
	}
	// A row up to a third of a page is kept whole (moved to the next page
	// when it does not fit); a taller one is split between lines, starting
	// where the table is when a few of its lines fit there, rather than
	// leave most of a page empty.
	tall := (f.ContentHeight() - headerH) / 3
	startTall := minSplitLines*lh + 2*pad
	// The header goes with at least the first line of the first row: never
	// alone at the foot of a page.
	first := lh + 2*pad
	if len(t.Rows) > 0 {
		first = min(m.row(f.ms, 0, true).height, f.ContentHeight()-headerH)
		if first > tall {
			first = startTall
		}
	}
	f.Ensure(headerH + first)
	f.begin(Op{Kind: OpBegin, Tag: TagTable})
	defer f.end()
	drawHeader()
	for i, cells := range t.Rows {
		row := m.row(f.ms, i, false)
		if row.height <= f.Remaining()+epsilon {
			f.drawRow(t, cells, row, ws, 0, maxLines(row), nil, false)
			continue
		}
		if row.height <= f.ContentHeight()-headerH+epsilon && (row.height <= tall || f.Remaining() < startTall) {
			// Fits on a fresh page: break before the row.
			f.NewPage()
			drawHeader()
			f.drawRow(t, cells, row, ws, 0, maxLines(row), nil, false)
			continue
		}
		// Tall: split between lines, as many as fit each time.
		from, total := 0, maxLines(row)
		for from < total {
			fit := int((f.Remaining() - 2*pad + epsilon) / lh)
			if fit < 1 {
				f.NewPage()
				drawHeader()
				continue
			}
			to := min(from+fit, total)
			f.drawRow(t, cells, row, ws, from, to, nil, false)
			from = to
			if from < total {
				f.NewPage()
				drawHeader()
			}
		}
	}
}

// minSplitLines is how many lines of a tall row must fit before it starts
// on the current page.
const minSplitLines = 3

func maxLines(r laidRow) int {
	n := 1
	for _, c := range r.cells {
		n = max(n, len(c))
	}
	return n
}

// drawRow draws lines [from, to) of every cell of a row at the cursor and
// advances it.
func (f *Flow) drawRow(t *Table, cells []Cell, row laidRow, ws []float64, from, to int, fill *RGB, bold bool) {
	h := float64(to-from)*t.lineHeight() + 2*t.padding()
	x := f.Left()
	// A row is one TR; a tall row split across pages is one TR per page
	// (elements nest, and its cells cannot be reopened on the next page).
	// Inside an artifact (a repeated header) no elements are opened.
	tagged := f.top() != TagArtifact
	if tagged {
		f.begin(Op{Kind: OpBegin, Tag: TagTR})
		defer f.end()
	}
	for i, w := range ws {
		var c Cell
		if i < len(cells) {
			c = cells[i]
		}
		if tagged {
			f.begin(cellTag(t, i, bold))
		}
		cf := fill
		if c.Fill != nil {
			cf = c.Fill
		}
		f.cellBox(t, x, w, h, cf)
		if c.Link != "" && tagged {
			f.begin(Op{Kind: OpBegin, Tag: TagLink})
		}
		f.cellLines(t, c, row.cells[i], t.Columns[i].Align, x, w, from, to, bold, tagged)
		if c.Link != "" {
			f.Link(x, f.y, w, h, c.Link, c.Text)
			if tagged {
				f.end()
			}
		}
		if tagged {
			f.end()
		}
		x += w
	}
	f.y += h
}

// cellBox draws a cell's border, shaded with fill when not nil.
func (f *Flow) cellBox(t *Table, x, w, h float64, fill *RGB) {
	bw := t.BorderWidth
	if bw == 0 {
		bw = 0.5
	}
	op := Op{Kind: OpRect, X: x, Y: f.y, W: w, H: h, Width: bw, Color: t.BorderColor, Stroke: true}
	if fill != nil {
		op.Fill, op.HasFill = *fill, true
	}
	f.add(op)
}

// cellLines draws lines [from, to) of a cell at the cursor, in the
// column's alignment (centred in the header row), with their bullet items
// tagged as a list when tagged.
func (f *Flow) cellLines(t *Table, c Cell, lines []Line, align Align, x, w float64, from, to int, bold, tagged bool) {
	lh, pad := t.lineHeight(), t.padding()
	font := t.Font
	font.Bold = bold || c.Bold
	if bold {
		align = AlignCenter
	}
	if c.Align != nil {
		align = *c.Align
	}
	color := t.Color
	if c.Color != nil {
		color = *c.Color
	}
	st := TextStyle{Font: font, Color: color, LineHeight: lh / font.Size}
	tags := f.textTags(0, false)
	for j := from; j < to && j < len(lines); j++ {
		l := lines[j]
		lx := x + pad + l.Offset
		switch align {
		case AlignCenter:
			lx = x + (w-f.ms.Width(font, l.Text))/2
		case AlignRight:
			lx = x + w - pad - f.ms.Width(font, l.Text)
		}
		if tagged {
			tags.line(l)
		}
		if l.Marker != "" {
			f.marker(x+pad+markerOffset(font, f.ms), f.y+pad+float64(j-from)*lh, st)
		}
		f.textOp(lx, f.y+pad+float64(j-from)*lh, l.Text, st)
	}
	if tagged {
		tags.close()
	}
}

// cellTag opens cell i of a row: TH with Scope Column in the header row,
// TH with Scope Row for a row header (one of the first RowHeaders cells),
// TD otherwise.
func cellTag(t *Table, i int, header bool) Op {
	switch {
	case header:
		return Op{Kind: OpBegin, Tag: TagTH, Scope: ScopeColumn}
	case i < t.RowHeaders:
		return Op{Kind: OpBegin, Tag: TagTH, Scope: ScopeRow}
	}
	return Op{Kind: OpBegin, Tag: TagTD}
}

// measuredTable keeps the rows of the table measured last (StartHeight,
// TableHeight) for Flow.Table, which laid them out again: a heading kept
// with its table measured the table's start, and Table then laid out its
// first row twice more, a third of the time to build a report of many
// short tables (the findings, one per sheet). Laying out a row depends
// only on its cells, the table's font, line height and padding, the column
// widths and the measurer, so the rows kept are the rows Table would lay
// out as long as the table is not changed in between. What can be checked
// cheaply is: the widths, the font, line height and padding, and which
// header and rows the table holds (the same slices); a cell's text changed
// in place between measuring and laying out is not seen, and no caller
// does that.
type measuredTable struct {
	t      *Table
	look   tableLook
	ws     []float64
	header *laidRow
	rows   []laidRow // the first len(rows) rows
}

// tableLook is what of a table, besides its column widths, decides how
// its rows are laid out.
type tableLook struct {
	font         Font
	lineHeight   float64
	padding      float64
	nRows        int
	header, body *Cell // the first header cell and the first cell of the first row, by identity
}

func lookOf(t *Table) tableLook {
	l := tableLook{font: t.Font, lineHeight: t.LineHeight, padding: t.Padding, nRows: len(t.Rows)}
	if len(t.Header) > 0 {
		l.header = &t.Header[0]
	}
	if len(t.Rows) > 0 && len(t.Rows[0]) > 0 {
		l.body = &t.Rows[0][0]
	}
	return l
}

// measure returns the kept rows of t at widths ws, starting afresh when
// the table measured last was another or has changed.
func (f *Flow) measure(t *Table, ws []float64) *measuredTable {
	m := &f.measured
	if look := lookOf(t); m.t != t || m.look != look || !slices.Equal(m.ws, ws) {
		*m = measuredTable{t: t, look: look, ws: ws}
	}
	return m
}

func (m *measuredTable) headerRow(ms *Measurer) laidRow {
	if m.header == nil {
		h := m.t.layRow(ms, m.t.Header, m.ws, true)
		m.header = &h
	}
	return *m.header
}

// row lays out body row i, keeping it (and those before it) when keep.
func (m *measuredTable) row(ms *Measurer, i int, keep bool) laidRow {
	if i < len(m.rows) {
		return m.rows[i]
	}
	if !keep {
		return m.t.layRow(ms, m.t.Rows[i], m.ws, false)
	}
	for len(m.rows) <= i {
		m.rows = append(m.rows, m.t.layRow(ms, m.t.Rows[len(m.rows)], m.ws, false))
	}
	return m.rows[i]
}

// StartHeight is the height the table needs before its first page break
// can come: the header row and the first body row (at most a page). A
// heading kept with a table asks for this much.
func (f *Flow) StartHeight(t *Table) float64 {
	m := f.measure(t, t.widths(f.ContentWidth()))
	h := 0.0
	if t.Header != nil {
		h = m.headerRow(f.ms).height
	}
	if len(t.Rows) > 0 {
		h += m.row(f.ms, 0, true).height
	}
	return min(h, f.ContentHeight())
}

// TableHeight is the height of t laid out whole, header once and every row,
// as if it fitted on one page: what a caller asks Ensure for to keep a short
// table on one page with what goes with it (a title, a chart).
func (f *Flow) TableHeight(t *Table) float64 {
	m := f.measure(t, t.widths(f.ContentWidth()))
	h := 0.0
	if t.Header != nil {
		h += m.headerRow(f.ms).height
	}
	for i := range t.Rows {
		h += m.row(f.ms, i, true).height
	}
	return h
}
