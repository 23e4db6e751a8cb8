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
	"fmt"
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

// OpKind tells what an Op draws. It is a small number, not its name, so
// that an Op stays small: a large department PDF holds millions of them
// until it is rendered. JSON shows the name.
type OpKind uint8

const (
	OpText    OpKind = iota + 1 // Text at X, baseline Y, in Font and Color
	OpLine                      // from X,Y to X2,Y2, Width thick, in Color
	OpRect                      // X,Y,W,H: filled with Fill when HasFill, stroked with Color when Stroke
	OpLink                      // X,Y,W,H: a click area jumping to the anchor Dest, described by Text
	OpAnchor                    // a named destination (Dest) at Y
	OpOutline                   // a bookmark Text at Level (0 = top) pointing at Y

	// OpBegin opens a structure element (Tag, with Alt and Scope where its
	// kind has them); every op until the matching OpEnd belongs to it.
	// Elements nest, and may open on one page and close on a later one
	// (a table split across pages stays one Table). The root Document is
	// implicit. Tag Artifact brackets what is not content: running headers,
	// footers, page numbers, rules, a table's header rows repeated on a
	// continuation page. Renderers that know no structure skip both ops.
	OpBegin
	OpEnd // closes the innermost open element
)

var opKindNames = [...]string{"", "text", "line", "rect", "link", "anchor", "outline", "begin", "end"}

func (k OpKind) String() string { return nameOf(opKindNames[:], k) }

// MarshalText writes the kind's name.
func (k OpKind) MarshalText() ([]byte, error) { return marshalName(opKindNames[:], k) }

// UnmarshalText reads a kind's name.
func (k *OpKind) UnmarshalText(b []byte) error { return unmarshalName(opKindNames[:], k, b) }

// Tag names a structure element, with the standard structure types of
// ISO 32000-1 section 14.8.4 as names (String), so that a PDF renderer
// writes them as they are and an HTML renderer maps them to elements (H1
// to h1, P to p, L to ul, TH to th, Figure to figure...). The zero Tag is
// none.
type Tag uint8

// Structure types the report uses.
const (
	TagArtifact Tag = iota + 1
	TagH1
	TagH2
	TagH3
	TagP
	TagL
	TagLI
	TagTable
	TagTR
	TagTH // Scope says Row or Column
	TagTD
	TagFigure // Alt states the chart's data in words
	TagLink   // brackets the text and the OpLink of one TOC entry
	TagTOC
	TagTOCI
)

var tagNames = [...]string{"", "Artifact", "H1", "H2", "H3", "P", "L", "LI", "Table", "TR", "TH", "TD", "Figure", "Link", "TOC", "TOCI"}

// String is the structure type's name.
func (t Tag) String() string { return nameOf(tagNames[:], t) }

// MarshalText writes the structure type's name.
func (t Tag) MarshalText() ([]byte, error) { return marshalName(tagNames[:], t) }

// UnmarshalText reads a structure type's name.
func (t *Tag) UnmarshalText(b []byte) error { return unmarshalName(tagNames[:], t, b) }

// Scope of a header cell; the zero Scope is none.
type Scope uint8

const (
	ScopeColumn Scope = iota + 1
	ScopeRow
)

var scopeNames = [...]string{"", "Column", "Row"}

// String is the scope's name in PDF (and in HTML, lower-cased).
func (s Scope) String() string { return nameOf(scopeNames[:], s) }

// MarshalText writes the scope's name.
func (s Scope) MarshalText() ([]byte, error) { return marshalName(scopeNames[:], s) }

// UnmarshalText reads a scope's name.
func (s *Scope) UnmarshalText(b []byte) error { return unmarshalName(scopeNames[:], s, b) }

func nameOf[T ~uint8](names []string, v T) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%T(%d)", v, v)
}

func marshalName[T ~uint8](names []string, v T) ([]byte, error) {
	if int(v) >= len(names) {
		return nil, fmt.Errorf("%T(%d) has no name", v, v)
	}
	return []byte(names[v]), nil
}

func unmarshalName[T ~uint8](names []string, v *T, b []byte) error {
	for i, n := range names {
		if n == string(b) {
			*v = T(i)
			return nil
		}
	}
	return fmt.Errorf("unknown %T %q", *v, b)
}

// Op is one drawing operation of a page. Only the fields of its kind are set.
type Op struct {
	Kind    OpKind  `json:"k"`
	Level   uint8   `json:"level,omitempty"` // OpOutline
	Tag     Tag     `json:"tag,omitempty"`   // OpBegin: the element's type
	Scope   Scope   `json:"scope,omitempty"` // OpBegin of a TH: ScopeColumn or ScopeRow
	Color   RGB     `json:"color,omitzero"`
	Fill    RGB     `json:"fill,omitzero"`
	HasFill bool    `json:"has_fill,omitempty"`
	Stroke  bool    `json:"stroke,omitempty"`
	X       float64 `json:"x,omitempty"`
	Y       float64 `json:"y,omitempty"`
	X2      float64 `json:"x2,omitempty"`
	Y2      float64 `json:"y2,omitempty"`
	W       float64 `json:"w,omitempty"`
	H       float64 `json:"h,omitempty"`
	Width   float64 `json:"width,omitempty"` // line width
	Font    Font    `json:"font,omitzero"`
	Text    string  `json:"text,omitempty"`
	Dest    string  `json:"dest,omitempty"`
	Alt     string  `json:"alt,omitempty"` // OpBegin: alternative text (Figure)
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
