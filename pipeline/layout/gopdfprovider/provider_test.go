package gopdfprovider

import (
	"bytes"
	"context"
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
