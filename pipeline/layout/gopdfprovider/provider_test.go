package gopdfprovider

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"planreport/fonts"
	"planreport/pipeline/layout"
)

// twoPages is a small document with every kind of op.
func twoPages() *layout.Document {
	blue := layout.RGB{R: 0x1f, G: 0x3a, B: 0x68}
	return &layout.Document{
		Width: layout.A4Width, Height: layout.A4Height,
		Info: layout.Info{Title: "試験文書", Creator: "planreport"},
		Pages: []*layout.Page{
			{Ops: []layout.Op{
				{Kind: layout.OpOutline, Text: "第一章", Y: 50},
				{Kind: layout.OpText, X: 60, Y: 80, Text: "行財政運営プラン", Font: layout.Font{Size: 12, Bold: true}, Color: blue},
				{Kind: layout.OpText, X: 60, Y: 100, Text: "", Font: layout.Font{Size: 10}}, // an unfilled slot
				{Kind: layout.OpRect, X: 60, Y: 120, W: 100, H: 20, Fill: blue, HasFill: true, Stroke: true, Width: 0.5},
				{Kind: layout.OpLine, X: 60, Y: 150, X2: 200, Y2: 150, Width: 1},
				{Kind: layout.OpLink, X: 60, Y: 120, W: 100, H: 20, Dest: "two"},
			}},
			{Ops: []layout.Op{
				{Kind: layout.OpAnchor, Dest: "two", Y: 60},
				{Kind: layout.OpOutline, Text: "第二章", Y: 60},
				{Kind: layout.OpText, X: 60, Y: 80, Text: "達成率 106.3%", Font: layout.Font{Size: 10}},
			}},
		},
	}
}

func TestRenderAndRelease(t *testing.T) {
	p, err := New(fonts.Regular, fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := p.Render(context.Background(), twoPages(), &a); err != nil {
		t.Fatal(err)
	}
	d := twoPages()
	if err := p.RenderRelease(context.Background(), d, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("RenderRelease writes other bytes than Render")
	}
	if d.Pages != nil {
		t.Error("RenderRelease kept the pages")
	}
	if bytes.Contains(a.Bytes(), []byte("\n/Length ")) && !bytes.Contains(a.Bytes(), []byte("/Filter/FlateDecode/Length ")) {
		t.Error("page content streams are not compressed")
	}

	path := filepath.Join(t.TempDir(), "two.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"qpdf", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed by this test (apt-get install qpdf poppler-utils)", tool)
		}
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"行財政運営プラン", "達成率 106.3%"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%q missing from the text:\n%s", want, out)
		}
	}
}

// Colours and line widths are written when they change, once per page at
// most per change, and text takes the fill colour set before it. Read from
// the decompressed content streams; expected operators worked out from the
// ops (gopdf writes colours as %.3f of 255ths, widths as %.2f).
func TestSettingsWrittenWhenTheyChange(t *testing.T) {
	blue := layout.RGB{R: 0x1f, G: 0x3a, B: 0x68} // 0.122 0.227 0.408
	red := layout.RGB{R: 255}
	text := func(y float64, c layout.RGB) layout.Op {
		return layout.Op{Kind: layout.OpText, X: 60, Y: y, Text: "達成率", Font: layout.Font{Size: 10}, Color: c}
	}
	d := &layout.Document{
		Width: layout.A4Width, Height: layout.A4Height,
		Pages: []*layout.Page{
			{Ops: []layout.Op{
				text(80, blue),
				text(100, blue),
				{Kind: layout.OpRect, X: 60, Y: 120, W: 100, H: 20, Fill: red, HasFill: true, Stroke: true, Width: 0.5},
				text(150, layout.RGB{}),
				{Kind: layout.OpLine, X: 60, Y: 160, X2: 200, Y2: 160, Width: 1},
				{Kind: layout.OpLine, X: 60, Y: 170, X2: 200, Y2: 170, Width: 1},
				{Kind: layout.OpRect, X: 60, Y: 180, W: 100, H: 20, Stroke: true, Width: 0.5},
			}},
			{Ops: []layout.Op{text(80, blue)}},
		},
	}
	p, err := New(fonts.Regular, fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := p.Render(context.Background(), d, &out); err != nil {
		t.Fatal(err)
	}
	pages := contentStreams(t, out.Bytes())
	if len(pages) != 2 {
		t.Fatalf("%d content streams, want 2", len(pages))
	}
	// Only the setting operators, in order, with BT marking each text.
	settings := func(stream string) []string {
		var ops []string
		for _, line := range strings.Split(stream, "\n") {
			switch {
			case line == "BT", strings.HasSuffix(line, " rg"), strings.HasSuffix(line, " RG"), strings.HasSuffix(line, " w"):
				ops = append(ops, line)
			}
		}
		return ops
	}
	want1 := []string{
		"0.122 0.227 0.408 rg", "BT", "BT", // blue once for both texts
		"1.000 0.000 0.000 rg", "0.50 w", "0.000 0.000 0.000 RG", // the rect: red fill, black stroke
		"0.000 0.000 0.000 rg", "BT", // black text
		"1.00 w", // both lines: black stroke already set, width once
		"0.50 w", // the second rect: width back, colour unchanged
	}
	want2 := []string{"0.122 0.227 0.408 rg", "BT"} // a new page starts over
	for i, want := range [][]string{want1, want2} {
		if got := settings(pages[i]); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("page %d settings:\n got %q\nwant %q", i+1, got, want)
		}
	}
}

// contentStreams returns the decompressed page content streams of a PDF
// written by Render, in page order: the streams gopdf compressed, less the
// fonts' ToUnicode maps.
func contentStreams(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("/Filter/FlateDecode/Length "))
		if i < 0 {
			return out
		}
		rest = rest[i:]
		start := bytes.Index(rest, []byte("stream\n"))
		end := bytes.Index(rest, []byte("\nendstream"))
		if start < 0 || end < start {
			t.Fatal("unterminated stream")
		}
		zr, err := zlib.NewReader(bytes.NewReader(rest[start+len("stream\n") : end]))
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("begincmap")) {
			out = append(out, string(data))
		}
		rest = rest[end:]
	}
}

// oddPages exercises what the patched gopdf must write as upstream does:
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

// TestOddPages renders oddPages twice: the same bytes both times, a file
// qpdf finds sound (gopdf v0.33.0 wrote an empty /Contents for a page with
// nothing drawn), four pages, and the text a reader extracts (the text
// placed below the page is cropped).
func TestOddPages(t *testing.T) {
	p, err := New(fonts.Regular, fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := p.Render(context.Background(), oddPages(), &a); err != nil {
		t.Fatal(err)
	}
	if err := p.Render(context.Background(), oddPages(), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renders of the same document differ")
	}
	if n := len(contentStreams(t, a.Bytes())); n != 2 {
		t.Errorf("%d content streams, want 2 (pages 2 and 3 draw nothing)", n)
	}
	path := filepath.Join(t.TempDir(), "odd.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(info)), " "), "Pages: 4 ") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"野家 の テスト", // 𠮷, ✅ and the invalid byte: glyphs the face lacks, drawn as spaces
		"①②③ ＡＢＣ abc 123 ー〜",
		"長い行の文字列長い行の文字列",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%q missing from the text:\n%s", want, out)
		}
	}
}
