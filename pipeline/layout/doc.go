// Package layout typesets documents: it breaks text into lines by the
// Japanese line-breaking rules (JLReq kinsoku over UAX #14 break
// opportunities), lays out paragraphs, bullet lists and tables on A4 pages
// with a running cursor, and produces a Document: pages of simple drawing
// operations (text runs, lines, rectangles, links, anchors, outline entries).
//
// The package knows nothing of management sheets and nothing of the PDF
// library: glyph widths come in through Metrics, and a Renderer (package
// layout/gopdfprovider) turns a Document into PDF bytes. Keeping the layout a
// plain data structure is what lets tests compare pages as JSON instead of
// PDF bytes.
//
// Units are PostScript points (1/72 inch); coordinates have their origin at
// the top-left corner of the page and grow downwards.
package layout

import (
	"context"
	"io"
	"time"
)

// RGB is a colour.
type RGB struct{ R, G, B uint8 }

// Common colours.
var (
	Black = RGB{0, 0, 0}
	White = RGB{255, 255, 255}
)

// Font selects a face and size. Every text run names its font.
type Font struct {
	Bold bool    `json:"bold,omitempty"`
	Size float64 `json:"size"`
}

// OpKind tells what an Op draws.
type OpKind string

const (
	OpText    OpKind = "text"    // Text at X, baseline Y, in Font and Color
	OpLine    OpKind = "line"    // from X,Y to X2,Y2, Width thick, in Color
	OpRect    OpKind = "rect"    // X,Y,W,H: filled with Fill when HasFill, stroked with Color when Stroke
	OpLink    OpKind = "link"    // X,Y,W,H: a click area jumping to the anchor Dest
	OpAnchor  OpKind = "anchor"  // a named destination (Dest) at Y
	OpOutline OpKind = "outline" // a bookmark Text at Level (0 = top) pointing at Y

	// OpBegin opens a structure element (Tag, with Alt and Scope where its
	// kind has them); every op until the matching OpEnd belongs to it.
	// Elements nest, and may open on one page and close on a later one
	// (a table split across pages stays one Table). The root Document is
	// implicit. Tag Artifact brackets what is not content: running headers,
	// footers, page numbers, rules, a table's header rows repeated on a
	// continuation page. Renderers that know no structure skip both ops.
	OpBegin OpKind = "begin"
	OpEnd   OpKind = "end" // closes the innermost open element
)

// Tag names a structure element, with the standard structure types of
// ISO 32000-1 section 14.8.4 as names, so that a PDF renderer writes them as
// they are and an HTML renderer maps them to elements (H1 to h1, P to p,
// L to ul, TH to th, Figure to figure...).
type Tag string

// Structure types the report uses.
const (
	TagArtifact Tag = "Artifact"
	TagH1       Tag = "H1"
	TagH2       Tag = "H2"
	TagH3       Tag = "H3"
	TagP        Tag = "P"
	TagL        Tag = "L"
	TagLI       Tag = "LI"
	TagTable    Tag = "Table"
	TagTR       Tag = "TR"
	TagTH       Tag = "TH" // Scope says Row or Column
	TagTD       Tag = "TD"
	TagFigure   Tag = "Figure" // Alt states the chart's data in words
	TagLink     Tag = "Link"   // brackets the text and the OpLink of one TOC entry
	TagTOC      Tag = "TOC"
	TagTOCI     Tag = "TOCI"
)

// Scope of a header cell.
const (
	ScopeColumn = "Column"
	ScopeRow    = "Row"
)

// Op is one drawing operation of a page. Only the fields of its kind are set.
type Op struct {
	Kind    OpKind  `json:"k"`
	X       float64 `json:"x,omitempty"`
	Y       float64 `json:"y,omitempty"`
	X2      float64 `json:"x2,omitempty"`
	Y2      float64 `json:"y2,omitempty"`
	W       float64 `json:"w,omitempty"`
	H       float64 `json:"h,omitempty"`
	Text    string  `json:"text,omitempty"`
	Font    Font    `json:"font,omitzero"`
	Color   RGB     `json:"color,omitzero"`
	Fill    RGB     `json:"fill,omitzero"`
	HasFill bool    `json:"has_fill,omitempty"`
	Stroke  bool    `json:"stroke,omitempty"`
	Width   float64 `json:"width,omitempty"` // line width
	Dest    string  `json:"dest,omitempty"`
	Level   int     `json:"level,omitempty"`
	Tag     Tag     `json:"tag,omitempty"`   // OpBegin: the element's type
	Alt     string  `json:"alt,omitempty"`   // OpBegin: alternative text (Figure)
	Scope   string  `json:"scope,omitempty"` // OpBegin of a TH: ScopeColumn or ScopeRow
}

// Page is one page's operations in drawing order.
type Page struct {
	Ops []Op `json:"ops"`
}

// Info is the document information dictionary.
type Info struct {
	Title   string
	Subject string
	Author  string
	Creator string
	// Lang is the document's natural language as a BCP 47 tag (ja-JP):
	// the PDF catalog's /Lang, the HTML edition's lang.
	Lang string
	// CreationDate is written as is; callers derive it from the report date,
	// never from the clock, so that the same input gives the same bytes.
	CreationDate time.Time
}

// Document is a laid-out document, ready to render.
type Document struct {
	Info   Info
	Width  float64 // page width
	Height float64 // page height
	Pages  []*Page
}

// Metrics gives glyph advance widths. Advance returns the advance of r in
// thousandths of an em (a full-width kana is 1000) and whether the face has
// a glyph for it. Implementations need not be fast: Measurer caches.
type Metrics interface {
	Advance(bold bool, r rune) (width int, ok bool)
}

// Renderer turns a Document into a file format.
type Renderer interface {
	Render(ctx context.Context, d *Document, w io.Writer) error
}
