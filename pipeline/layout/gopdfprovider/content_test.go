package gopdfprovider

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"planreport/fonts"
	"planreport/pipeline/layout"
)

// oddPages exercises what contentWriter must write exactly as gopdf does:
// glyphs the face lacks (drawn as a space), invalid UTF-8, a space met only
// after a missing glyph, font sizes gopdf trims to three decimals,
// coordinates that round at the second decimal either way, negative and
// off-page positions, colours of every fraction, each rectangle style, a
// page whose first operation is a link or a bookmark, and pages with
// nothing drawn.
func oddPages() *layout.Document {
	red := layout.RGB{R: 255, G: 1, B: 128}
	grey := layout.RGB{R: 127, G: 128, B: 129}
	return &layout.Document{
		Width: layout.A4Width, Height: layout.A4Height,
		Info: layout.Info{Title: "試験", Creator: "planreport"},
		Pages: []*layout.Page{
			{Ops: []layout.Op{
				{Kind: layout.OpOutline, Text: "章", Y: 10},
				{Kind: layout.OpLink, X: 1, Y: 2, W: 3, H: 4, Dest: "end"},
				{Kind: layout.OpText, X: 10.005, Y: 20.015, Text: "𠮷野家✅の\xffテスト", Font: layout.Font{Size: 10.3333}, Color: red},
				{Kind: layout.OpText, X: -3.125, Y: 900.5, Text: "半角 space　全角", Font: layout.Font{Size: 7.25, Bold: true}, Color: red},
				{Kind: layout.OpText, X: 0.0049, Y: 0.0051, Text: "①②③ ＡＢＣ abc 123 ー〜", Font: layout.Font{Size: 12}, Color: grey},
				{Kind: layout.OpText, X: 100, Y: 100, Text: "𠮷", Font: layout.Font{Size: 9, Bold: true}},
				{Kind: layout.OpRect, X: 10, Y: 10, W: 0.004, H: 5, HasFill: true, Fill: grey},
				{Kind: layout.OpRect, X: 10, Y: 10, W: 50, H: 5, Stroke: true, Width: 0.25, Color: red},
				{Kind: layout.OpRect, X: 10.125, Y: 10.375, W: 50.5, H: 5.5, HasFill: true, Fill: red, Stroke: true, Width: 0.755, Color: grey},
				{Kind: layout.OpRect, X: 10, Y: 10, W: 0, H: 5, HasFill: true, Fill: layout.White, Stroke: true, Width: 2, Color: layout.Black},
				{Kind: layout.OpRect, X: 10, Y: 10, W: 5, H: 5},
				{Kind: layout.OpLine, X: 0, Y: 0, X2: layout.A4Width, Y2: layout.A4Height, Width: 0.1, Color: grey},
				{Kind: layout.OpLine, X: 1e-9, Y: -1e-9, X2: math.Copysign(0, -1), Y2: 5, Width: 0.1, Color: grey},
			}},
			{}, // nothing at all
			{Ops: []layout.Op{
				{Kind: layout.OpAnchor, Dest: "end", Y: 40},
				{Kind: layout.OpText, X: 60, Y: 80, Text: "", Font: layout.Font{Size: 10}}, // an unfilled slot only
			}},
			{Ops: []layout.Op{
				{Kind: layout.OpOutline, Text: "終", Y: 60},
				{Kind: layout.OpText, X: 60, Y: 80, Text: strings.Repeat("長い行の文字列", 40), Font: layout.Font{Size: 10}},
			}},
		},
	}
}

// TestContentMatchesGopdf: the files contentWriter makes are byte for byte
// the ones gopdf makes when it draws every operation itself.
func TestContentMatchesGopdf(t *testing.T) {
	p, err := New(fonts.Regular, fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]func() *layout.Document{"twoPages": twoPages, "oddPages": oddPages} {
		var want, got bytes.Buffer
		if err := p.renderWithGopdf(context.Background(), doc(), &want); err != nil {
			t.Fatalf("%s: gopdf: %v", name, err)
		}
		if err := p.RenderRelease(context.Background(), doc(), &got); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(want.Bytes(), got.Bytes()) {
			t.Errorf("%s: %d bytes, gopdf wrote %d; first difference at %d", name, got.Len(), want.Len(), firstDiff(want.Bytes(), got.Bytes()))
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// appendFixed must write what strconv writes: coordinates in gopdf's
// format, ties and all.
func TestAppendFixed(t *testing.T) {
	values := []float64{
		0, math.Copysign(0, -1), -0.001, 0.004, 0.005, 0.015, 0.125, 0.375, 1.005, 2.675, 1.0005, 72.69, 771.875,
		841.89, 595.28, -12.345, 0.1 + 0.2, 1e-300, 99.995, 1 << 31, 1<<31 - 0.5, 1e300, math.Inf(1), math.Inf(-1), math.NaN(),
		float64(0x33) / 255, float64(0xcc) / 255, 128.0 / 255,
	}
	for _, v := range values {
		for prec := -1; prec <= 4; prec++ {
			want := strconv.FormatFloat(v, 'f', prec, 64)
			if got := string(appendFixed([]byte("x"), v, prec)); got != "x"+want {
				t.Errorf("appendFixed(%v, %d) = %q, want %q", v, prec, got[1:], want)
			}
		}
	}
	// Every byte colour and every hundredth of a point on an A4 page.
	for c := range 256 {
		v := float64(c) / 255
		if got, want := string(appendFixed(nil, v, 3)), strconv.FormatFloat(v, 'f', 3, 64); got != want {
			t.Errorf("colour %d: %q, want %q", c, got, want)
		}
	}
	for i := range 84190 {
		v := float64(i) / 100
		for _, x := range []float64{v, 841.89 - v, v + 0.005, v * 1.0000001} {
			if got, want := string(appendFixed(nil, x, 2)), strconv.FormatFloat(x, 'f', 2, 64); got != want {
				t.Fatalf("%v: %q, want %q", x, got, want)
			}
		}
	}
}

func FuzzAppendFixed(f *testing.F) {
	for _, v := range []float64{0, 0.125, 72.69, -1.005, 1e9, 1 << 31} {
		f.Add(v, uint8(2))
	}
	f.Fuzz(func(t *testing.T, v float64, prec uint8) {
		p := int(prec % 5)
		if got, want := string(appendFixed(nil, v, p)), strconv.FormatFloat(v, 'f', p, 64); got != want {
			t.Fatalf("appendFixed(%v, %d) = %q, want %q", v, p, got, want)
		}
	})
}
