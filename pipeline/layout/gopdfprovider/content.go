package gopdfprovider

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/signintech/gopdf"

	"planreport/pipeline/layout"
)

// Page content streams are serialised here, not by gopdf.
//
// Why: gopdf v0.33.0 keeps one cache object per drawing operation and
// writes each with fmt (a Fprintf per glyph of every text run, a Sprintf
// per rectangle): for the department PDFs of 1,000 sheets that was a fifth
// of the whole run's CPU. contentWriter writes the very bytes gopdf would
// write for the operations the provider uses (TestContentMatchesGopdf
// renders documents both ways and compares the files byte for byte), with
// strconv into one buffer per page. gopdf still builds the document around
// them: pages, fonts and their subsets, links, anchors, outlines, the
// cross-reference table. streamDeflater puts each page's bytes in place of
// the placeholder stream gopdf wrote for that page.
//
// The formats below are gopdf v0.33.0's (cache_content_text.go,
// cache_content_line.go, cache_content_rectangle.go, cache_content_line_width.go,
// cache_content_color_rgb.go), for a document in points without
// transparency, kerning, underline, cell borders or text colour mode, which
// is how render sets it up.

// fontIndex is the number gopdf gives a face in /F<n>: faces are counted
// in the order they are added, regular first (render adds them so).
var fontIndex = [2]string{"1", "2"}

// contentWriter serialises the drawing operations of one document's pages.
type contentWriter struct {
	pageHeight float64
	faces      [2]*faceGlyphs
	sizes      map[float64]string // font size → gopdf.FormatFloatTrim(size)
	b          []byte             // the page being written
}

// faceGlyphs maps runes to glyph indexes for one face, as gopdf's subset
// does, and records the runes in the order the text first uses them: gopdf
// registers them in that order (AddChars), and register repeats it.
type faceGlyphs struct {
	metrics *gopdf.SubsetFontObj
	bmp     []uint32 // rune → glyph+1 for the Basic Multilingual Plane; 0 not looked up yet
	other   map[rune]uint32
	order   []rune
	space   uint32 // glyph+1 of U+0020, gopdf's substitute for a missing glyph; 0 not looked up yet
}

func newContentWriter(metrics [2]*gopdf.SubsetFontObj, pageHeight float64) *contentWriter {
	w := &contentWriter{pageHeight: pageHeight, sizes: map[float64]string{}}
	for i, m := range metrics {
		w.faces[i] = &faceGlyphs{metrics: m, other: map[rune]uint32{}}
	}
	return w
}

// glyph returns the glyph index gopdf writes for r. A rune the face lacks
// is drawn as a space, as gopdf's default substitute does.
func (f *faceGlyphs) glyph(r rune) (uint32, error) {
	var slot *uint32
	if r >= 0 && r < 0x10000 {
		if f.bmp == nil {
			f.bmp = make([]uint32, 0x10000)
		}
		slot = &f.bmp[r]
	} else if g, ok := f.other[r]; ok {
		return g - 1, nil
	}
	if slot != nil && *slot != 0 {
		return *slot - 1, nil
	}
	f.order = append(f.order, r)
	g, err := f.metrics.CharCodeToGlyphIndex(r)
	if errors.Is(err, gopdf.ErrGlyphNotFound) {
		g, err = f.spaceGlyph(), nil
	}
	if err != nil {
		return 0, fmt.Errorf("glyph of %U: %w", r, err)
	}
	if slot != nil {
		*slot = uint32(g) + 1
	} else {
		f.other[r] = uint32(g) + 1
	}
	return uint32(g), nil
}

func (f *faceGlyphs) spaceGlyph() uint {
	if f.space == 0 {
		g, err := f.metrics.CharCodeToGlyphIndex(' ')
		if err != nil {
			g = 0 // gopdf maps the substitute to glyph 0 on any error
		}
		f.space = uint32(g) + 1
	}
	return uint(f.space - 1)
}

// register adds the runes the pages use to gopdf's font subsets, in the
// order the text first used them, so that the fonts embedded are the ones
// gopdf's own Text calls would have built.
func (w *contentWriter) register(pdf *gopdf.GoPdf) error {
	for i, f := range w.faces {
		if len(f.order) == 0 {
			continue
		}
		fam := familyRegular
		if i == 1 {
			fam = familyBold
		}
		if err := pdf.SetFont(fam, "", 10); err != nil {
			return fmt.Errorf("set font %s: %w", fam, err)
		}
		if _, err := pdf.MeasureTextWidth(string(f.order)); err != nil {
			return fmt.Errorf("font %s: %w", fam, err)
		}
	}
	return nil
}

// take returns the page written so far and starts the next, with room
// for as much as this one held (pages of a report are much alike, and
// growing each from nothing was a third of the provider's allocations).
func (w *contentWriter) take() []byte {
	b := w.b
	if len(b) == 0 {
		return nil // a page with nothing drawn (its buffer kept for the next)
	}
	w.b = make([]byte, 0, len(b)+len(b)/8)
	return b
}

func (w *contentWriter) num(v float64, prec int) {
	w.b = appendFixed(w.b, v, prec)
}

// appendFixed appends v with prec decimals (0 to 3), the bytes
// strconv.AppendFloat(b, v, 'f', prec, 64) appends, without its general
// algorithm: coordinates are a fifth of a page's operators, and
// strconv's exact rounding was a fifth of the time to render a PDF. v is
// scaled and rounded in floating point; for |v × 10^prec| < 2^31 the
// scaled value is within 2^-22 of the exact one, so its rounding is the
// exact one unless it lies within 10^-6 of a tie, which goes to strconv
// (as do NaN, infinities and large values).
func appendFixed(b []byte, v float64, prec int) []byte {
	const nearTie = 1e-6
	if prec < 0 || prec >= len(pow10) {
		return strconv.AppendFloat(b, v, 'f', prec, 64)
	}
	scale := pow10[prec]
	neg := math.Signbit(v)
	y := math.Abs(v) * float64(scale)
	if !(y < 1<<31) {
		return strconv.AppendFloat(b, v, 'f', prec, 64)
	}
	r := math.Floor(y)
	frac := y - r
	if math.Abs(frac-0.5) < nearTie {
		return strconv.AppendFloat(b, v, 'f', prec, 64)
	}
	n := uint64(r)
	if frac > 0.5 {
		n++
	}
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, n/scale, 10)
	if prec == 0 {
		return b
	}
	b = append(b, '.')
	frac10 := n % scale
	for d := scale / 10; d > 0; d /= 10 {
		b = append(b, byte('0'+frac10/d%10))
	}
	return b
}

var pow10 = [...]uint64{1, 10, 100, 1000}

const hexDigits = "0123456789ABCDEF"

// text writes a text run at x and baseline y (from the top of the page).
func (w *contentWriter) text(font layout.Font, x, y float64, s string) error {
	face := 0
	if font.Bold {
		face = 1
	}
	size, ok := w.sizes[font.Size]
	if !ok {
		size = gopdf.FormatFloatTrim(font.Size)
		w.sizes[font.Size] = size
	}
	w.b = append(w.b, "BT\n"...)
	w.num(x, 2)
	w.b = append(w.b, ' ')
	w.num(w.pageHeight-y, 2)
	w.b = append(w.b, " TD\n/F"...)
	w.b = append(w.b, fontIndex[face]...)
	w.b = append(w.b, ' ')
	w.b = append(w.b, size...)
	w.b = append(w.b, " Tf 0 Tc\n[<"...)
	f := w.faces[face]
	for _, r := range s {
		g, err := f.glyph(r)
		if err != nil {
			return err
		}
		if g > 0xFFFF {
			w.b = fmt.Appendf(w.b, "%04X", g)
			continue
		}
		w.b = append(w.b, hexDigits[g>>12], hexDigits[g>>8&15], hexDigits[g>>4&15], hexDigits[g&15])
	}
	w.b = append(w.b, ">] TJ\nET\n"...)
	return nil
}

// line strokes a line from (x1, y1) to (x2, y2).
func (w *contentWriter) line(x1, y1, x2, y2 float64) {
	w.b = append(w.b, "q\n"...)
	w.num(x1, 2)
	w.b = append(w.b, ' ')
	w.num(w.pageHeight-y1, 2)
	w.b = append(w.b, " m "...)
	w.num(x2, 2)
	w.b = append(w.b, ' ')
	w.num(w.pageHeight-y2, 2)
	w.b = append(w.b, " l S\nQ\n"...)
}

// rect paints a rectangle whose upper-left corner is (x, y): style is the
// paint operator, S (stroke), f (fill) or B (both).
func (w *contentWriter) rect(x, y, width, height float64, style string) {
	y += height // gopdf keeps the lower-left corner
	w.b = append(w.b, "q\n"...)
	w.num(x, 2)
	w.b = append(w.b, ' ')
	w.num(w.pageHeight-y, 2)
	w.b = append(w.b, ' ')
	w.num(width, 2)
	w.b = append(w.b, ' ')
	w.num(height, 2)
	w.b = append(w.b, " re "...)
	w.b = append(w.b, style...)
	w.b = append(w.b, "\nQ\n"...)
}

func (w *contentWriter) lineWidth(width float64) {
	w.num(width, 2)
	w.b = append(w.b, " w\n"...)
}

// color sets the fill (op "rg") or stroke (op "RG") colour.
func (w *contentWriter) color(c layout.RGB, op string) {
	w.num(float64(c.R)/255, 3)
	w.b = append(w.b, ' ')
	w.num(float64(c.G)/255, 3)
	w.b = append(w.b, ' ')
	w.num(float64(c.B)/255, 3)
	w.b = append(w.b, ' ')
	w.b = append(w.b, op...)
	w.b = append(w.b, '\n')
}
