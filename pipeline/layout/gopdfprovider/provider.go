// Package gopdfprovider renders layout documents with github.com/signintech/gopdf.
// It is the only package of planreport that imports gopdf; it also supplies
// the glyph metrics the layout measures with, read from the same font files,
// so that what the layout measured is what the PDF shows.
//
// gopdf is the pinned, patched copy in third_party/gopdf (its CHANGES.md
// lists the speed changes made there). Work-arounds for gopdf v0.33.0 that
// stay here: text is drawn in the fill colour (gopdf otherwise takes the
// last fill colour), and the outline (bookmark) links that
// OutlineNodes.Parse gets wrong are rebuilt.
package gopdfprovider

import (
	"bufio"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/signintech/gopdf"

	"planreport/pipeline/layout"
)

// producer is the information dictionary's and the XMP's producer.
const producer = "planreport"

const (
	familyRegular = "PLNRPA+BIZUDGothic-Regular"
	familyBold    = "PLNRPB+BIZUDGothic-Bold"
)

// Provider holds two parsed faces (regular and bold). It is safe for
// concurrent Render calls: each builds its own gopdf document and only reads
// the parsed faces.
type Provider struct {
	fonts   gopdf.FontContainer
	metrics [2]*gopdf.SubsetFontObj
}

// New parses the regular and bold TrueType faces.
func New(regular, bold []byte) (*Provider, error) {
	p := &Provider{}
	for i, data := range [][]byte{regular, bold} {
		family := []string{familyRegular, familyBold}[i]
		if err := p.fonts.AddTTFFontData(family, data); err != nil {
			return nil, fmt.Errorf("font %s: %w", family, err)
		}
		m := new(gopdf.SubsetFontObj)
		if err := m.SetTTFData(data); err != nil {
			return nil, fmt.Errorf("font %s metrics: %w", family, err)
		}
		p.metrics[i] = m
	}
	return p, nil
}

// Advance implements layout.Metrics with the same arithmetic gopdf uses to
// place glyphs (advance × 1000 / units per em, truncated).
func (p *Provider) Advance(bold bool, r rune) (int, bool) {
	m := p.metrics[0]
	if bold {
		m = p.metrics[1]
	}
	g, err := m.CharCodeToGlyphIndex(r)
	if err != nil || g == 0 {
		return 0, false
	}
	return int(m.GlyphIndexToPdfWidth(g)), true
}

// outlineItem is one bookmark with its place in the tree.
type outlineItem struct {
	obj      *gopdf.OutlineObj
	level    int
	children []*outlineItem
}

// Render draws d and writes the PDF to w. The output depends only on d,
// which Render does not modify.
func (p *Provider) Render(ctx context.Context, d *layout.Document, w io.Writer) error {
	return p.render(ctx, d, w, false, true)
}

// RenderUntagged is Render without the structure: no structure tree, no
// marked content and none of the PDF/A entries, the PDF the renderer
// wrote before it knew the structure. Tests compare the text of the two.
func (p *Provider) RenderUntagged(ctx context.Context, d *layout.Document, w io.Writer) error {
	return p.render(ctx, d, w, false, false)
}

// RenderRelease is Render for a document the caller has no further use
// for: each page is dropped from d.Pages once it is drawn, so that the
// layout and gopdf's own copy of the pages are not both held in memory
// (for a 2,400-page report about 80 MB less at the peak). The output is
// the same as Render's; d has no pages left afterwards.
func (p *Provider) RenderRelease(ctx context.Context, d *layout.Document, w io.Writer) error {
	return p.render(ctx, d, w, true, true)
}

// render draws d; tagged writes the structure and makes it PDF/A.
func (p *Provider) render(ctx context.Context, d *layout.Document, w io.Writer, release, tagged bool) error {
	pdf, err := p.start(d)
	if err != nil {
		return err
	}
	var tags *tagger
	if tagged {
		archive(pdf, d, producer)
		tags = &tagger{pdf: pdf}
	}
	var tree outlineTree
	for i, page := range d.Pages {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		pdf.AddPage()
		pw := pageWriter{pdf: pdf, tree: &tree, tags: tags}
		for _, op := range page.Ops {
			if err := pw.draw(op); err != nil {
				return fmt.Errorf("page %d: %w", i+1, err)
			}
		}
		if tags != nil {
			tags.endMarked()
		}
		if release {
			d.Pages[i] = nil
		}
	}
	if release {
		d.Pages = nil
	}
	return finish(pdf, &tree, w)
}

// pageWriter draws the ops of one page with gopdf's own calls. Every
// setting is an operator in the page's content stream, which starts from
// the default state: the fields are what this page has set so far, so
// each setting is made only when it changes.
type pageWriter struct {
	pdf  *gopdf.GoPdf
	tree *outlineTree
	tags *tagger // nil: untagged

	font               layout.Font
	fontSet            bool
	fill, stroke       layout.RGB
	fillSet, strokeSet bool
	lineWidth          float64
	lineWidthSet       bool
}

func (pw *pageWriter) draw(op layout.Op) error {
	if pw.tags != nil {
		if op.Kind == layout.OpBegin || op.Kind == layout.OpEnd {
			return pw.tags.structure(op)
		}
		if drawsContent(op) {
			if err := pw.tags.mark(); err != nil {
				return err
			}
		}
	}
	switch op.Kind {
	case layout.OpText:
		return pw.text(op)
	case layout.OpLine:
		pw.setStroke(op.Color, op.Width)
		pw.pdf.Line(op.X, op.Y, op.X2, op.Y2)
	case layout.OpRect:
		pw.rect(op)
	default:
		// Tagged, a link is printable (PDF/A) and described by its text
		// (PDF/UA); untagged, it stays as gopdf writes it.
		link := gopdf.AnnotOption{}
		if pw.tags != nil {
			link = gopdf.AnnotOption{Print: true, Contents: op.Text}
		}
		pw.tree.place(pw.pdf, op, link)
	}
	return nil
}

func (pw *pageWriter) text(op layout.Op) error {
	if op.Text == "" {
		return nil // an unfilled Slot
	}
	if !pw.fontSet || pw.font != op.Font {
		fam := familyRegular
		if op.Font.Bold {
			fam = familyBold
		}
		if err := pw.pdf.SetFont(fam, "", op.Font.Size); err != nil {
			return fmt.Errorf("set font: %w", err)
		}
		pw.font, pw.fontSet = op.Font, true
	}
	// Text is drawn in the fill colour (gopdf's text colour would be
	// repeated in every text object).
	pw.setFill(op.Color)
	pw.pdf.SetXY(op.X, op.Y)
	if err := pw.pdf.Text(op.Text); err != nil {
		return fmt.Errorf("text %q: %w", op.Text, err)
	}
	return nil
}

func (pw *pageWriter) rect(op layout.Op) {
	style := ""
	if op.HasFill {
		pw.setFill(op.Fill)
		style = "F"
	}
	if op.Stroke {
		pw.setStroke(op.Color, op.Width)
		style = "D"
		if op.HasFill {
			style = "DF"
		}
	}
	if style != "" && op.W > 0 && op.H > 0 {
		pw.pdf.RectFromUpperLeftWithStyle(op.X, op.Y, op.W, op.H, style)
	}
}

func (pw *pageWriter) setFill(c layout.RGB) {
	if !pw.fillSet || pw.fill != c {
		pw.pdf.SetFillColor(c.R, c.G, c.B)
		pw.fill, pw.fillSet = c, true
	}
}

func (pw *pageWriter) setStroke(c layout.RGB, width float64) {
	if !pw.lineWidthSet || pw.lineWidth != width {
		pw.pdf.SetLineWidth(width)
		pw.lineWidth, pw.lineWidthSet = width, true
	}
	if !pw.strokeSet || pw.stroke != c {
		pw.pdf.SetStrokeColor(c.R, c.G, c.B)
		pw.stroke, pw.strokeSet = c, true
	}
}

// start begins a gopdf document for d with the two faces and d's
// information dictionary.
func (p *Provider) start(d *layout.Document) (*gopdf.GoPdf, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: d.Width, H: d.Height}, Unit: gopdf.UnitPT})
	// Fastest deflate: the page streams are small and the night run is
	// what waits for them (the base renderer used the same level).
	pdf.SetCompressLevel(zlib.BestSpeed)
	// Each page is compressed when the next one starts, not kept as
	// gopdf's drawing operations to the end (gopdf patch 13): the same
	// bytes, a fraction of the memory of a long department PDF.
	pdf.SetCompactPages(true)
	for _, fam := range []string{familyRegular, familyBold} {
		if err := pdf.AddTTFFontFromFontContainer(fam, &p.fonts); err != nil {
			return nil, fmt.Errorf("add font %s: %w", fam, err)
		}
	}
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        d.Info.Title,
		Subject:      d.Info.Subject,
		Author:       d.Info.Author,
		Creator:      d.Info.Creator,
		Producer:     producer,
		CreationDate: d.Info.CreationDate,
	})
	return pdf, nil
}

// outlineTree collects the bookmarks as they are added, for linkOutline.
type outlineTree struct {
	roots []*outlineItem
	stack []*outlineItem // the last item of each level
}

// place adds a link, anchor or bookmark op to the current page; other
// kinds are drawing and are not its business.
func (t *outlineTree) place(pdf *gopdf.GoPdf, op layout.Op, link gopdf.AnnotOption) {
	switch op.Kind {
	case layout.OpLink:
		// Tagged as a child of the Link element it is drawn in.
		pdf.AddInternalLinkWithOption(op.Dest, op.X, op.Y, op.W, op.H, link)
	case layout.OpAnchor:
		pdf.SetY(op.Y)
		pdf.SetAnchor(op.Dest)
	case layout.OpOutline:
		pdf.SetY(op.Y)
		it := &outlineItem{obj: pdf.AddOutlineWithPosition(op.Text), level: int(op.Level)}
		level := min(int(op.Level), len(t.stack))
		if level == 0 {
			t.roots = append(t.roots, it)
		} else {
			parent := t.stack[level-1]
			parent.children = append(parent.children, it)
		}
		t.stack = append(t.stack[:level], it)
		it.level = level
	}
}

// finish links the bookmarks and writes the document to w.
func finish(pdf *gopdf.GoPdf, tree *outlineTree, w io.Writer) error {
	if len(tree.roots) > 0 {
		if err := linkOutline(tree.roots, tree.stack); err != nil {
			return err
		}
	}
	// gopdf ignores some write errors; bufio keeps the first one for
	// Flush to report.
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := pdf.WriteTo(bw); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// outlinesObjectID is the object number of gopdf's /Outlines dictionary:
// gopdf.Start adds the catalog (1), the page tree (2) and the outlines (3)
// before anything else. gopdf gives top-level items the 0-based index (2)
// as /Parent, which points at the page tree.
const outlinesObjectID = 3

// linkOutline sets /Parent, /Prev, /Next, /First and /Last of every item.
// It replaces gopdf's OutlineNodes.Parse, which gives a top-level item the
// previous item's last child as /Prev. The /Outlines dictionary's /Last is
// the last item gopdf added, so the document must end on a top-level item.
func linkOutline(roots []*outlineItem, lastPath []*outlineItem) error {
	if len(lastPath) > 1 {
		return errors.New("outline: the last bookmark must be top level (gopdf sets /Outlines /Last to the last one added)")
	}
	var link func(items []*outlineItem, parent int)
	link = func(items []*outlineItem, parent int) {
		for i, it := range items {
			it.obj.SetParent(parent)
			it.obj.SetPrev(-1)
			it.obj.SetNext(-1)
			if i > 0 {
				it.obj.SetPrev(items[i-1].obj.GetIndex())
			}
			if i < len(items)-1 {
				it.obj.SetNext(items[i+1].obj.GetIndex())
			}
			if len(it.children) > 0 {
				it.obj.SetFirst(it.children[0].obj.GetIndex())
				it.obj.SetLast(it.children[len(it.children)-1].obj.GetIndex())
				link(it.children, it.obj.GetIndex())
			}
		}
	}
	link(roots, outlinesObjectID)
	return nil
}
