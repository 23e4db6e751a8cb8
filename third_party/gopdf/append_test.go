package gopdf

import (
	"bytes"
	"fmt"
	"math"
	"testing"
)

// planreport: the strconv appends write what the fmt verbs they replace
// wrote.
func TestAppendMatchesFmt(t *testing.T) {
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.005, 0.015, 0.0049, 0.0051, -0.001,
		10.125, 10.375, 841.89, 1e-9, -1e-9, 1e21, 123456.785, math.Inf(1), math.Inf(-1), math.NaN()}
	for c := 0; c < 256; c++ {
		floats = append(floats, float64(c)/255)
	}
	for _, v := range floats {
		for _, prec := range []int{2, 3} {
			want := fmt.Sprintf("%0."+string(rune('0'+prec))+"f", v)
			if got := string(appendFixed(nil, v, prec)); got != want {
				t.Errorf("appendFixed(%v, %d) = %q, fmt %q", v, prec, got, want)
			}
		}
	}
	for _, v := range []uint{0, 1, 0xF, 0x10, 0xABC, 0xFFFF, 0x10000, 0x1F600, math.MaxUint32} {
		if got, want := string(appendHex4(nil, v)), fmt.Sprintf("%04X", v); got != want {
			t.Errorf("appendHex4(%d) = %q, fmt %q", v, got, want)
		}
	}
	if got := string(appendGS([]byte("q\n"), []int{1, 12})); got != "q\n/GS1 gs\n/GS12 gs\n" {
		t.Errorf("appendGS: %q", got)
	}
}

// The operators of each content cache are the bytes upstream's fmt calls
// wrote, with and without a free buffer to append to.
func TestContentOperators(t *testing.T) {
	caches := []struct {
		c    ICacheContent
		want string
	}{
		{&cacheContentColorRGB{colorType: colorTypeFillRGB, r: 0x1f, g: 0x3a, b: 0x68}, "0.122 0.227 0.408 rg\n"},
		{&cacheContentLineWidth{width: 0.755}, "0.76 w\n"},
		{&cacheContentLine{pageHeight: 100, x1: 1.005, y1: 2, x2: -3, y2: 200, opts: lineOptions{extGStateIndexes: []int{2}}}, "q\n/GS2 gs\n1.00 98.00 m -3.00 -100.00 l S\nQ\n"},
		{cacheContentRectangle{pageHeight: 100, x: 10.125, y: 10.375, width: 50.5, height: 5.5, style: "B"}, "q\n10.12 89.62 50.50 5.50 re B\nQ\n"},
	}
	for _, tc := range caches {
		var buf bytes.Buffer
		if err := tc.c.write(&buf, nil); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("%T: %q, want %q", tc.c, buf.String(), tc.want)
		}
		var plain plainWriter
		if err := tc.c.write(&plain, nil); err != nil {
			t.Fatal(err)
		}
		if string(plain) != tc.want {
			t.Errorf("%T to a plain writer: %q, want %q", tc.c, plain, tc.want)
		}
	}
}

// plainWriter is an io.Writer without AvailableBuffer.
type plainWriter []byte

func (w *plainWriter) Write(p []byte) (int, error) {
	*w = append(*w, p...)
	return len(p), nil
}
