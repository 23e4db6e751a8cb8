package gopdf

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/zlib"
)

// planreport: tests of SetCompactPages (content_obj.go compact).

func drawPages(pdf *GoPdf, compact, backToFirst bool) {
	pdf.Start(Config{PageSize: *PageSizeA4, Unit: UnitPT})
	pdf.SetCompressLevel(zlib.BestSpeed)
	pdf.SetCompactPages(compact)
	for p := range 3 {
		pdf.AddPage()
		pdf.BeginStructElem("P", StructElemOption{})
		pdf.BeginMarkedContent()
		for i := range 40 {
			y := float64(10 + 15*i + p)
			pdf.Line(10, y, 300, y)
			pdf.RectFromUpperLeftWithStyle(20, y, 50, 5, "D")
		}
		pdf.EndMarkedContent()
		pdf.EndStructElem()
	}
	if backToFirst {
		_ = pdf.SetPage(1)
		pdf.Line(10, 700, 300, 700)
	}
}

func writePDF(t *testing.T, pdf *GoPdf) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func contents(pdf *GoPdf) []*ContentObj {
	var out []*ContentObj
	for _, o := range pdf.pdfObjs {
		if c, ok := o.(*ContentObj); ok {
			out = append(out, c)
		}
	}
	return out
}

func TestCompactPagesWriteTheSameBytes(t *testing.T) {
	for _, back := range []bool{false, true} {
		var plain, compact GoPdf
		drawPages(&plain, false, back)
		drawPages(&compact, true, back)
		cs := contents(&compact)
		if len(cs) != 3 || cs[1].compacted == nil || len(cs[1].listCache.caches) != 0 {
			t.Fatalf("back to page 1 %v: page 2 was not compacted", back)
		}
		if cs[2].compacted != nil {
			t.Errorf("back to page 1 %v: the last page was compacted before the document was written", back)
		}
		if back && len(cs[0].listCache.caches) == 0 {
			t.Errorf("the line drawn on page 1 after SetPage is missing")
		}
		if !bytes.Equal(writePDF(t, &plain), writePDF(t, &compact)) {
			t.Errorf("back to page 1 %v: compact pages changed the PDF", back)
		}
	}
}

func TestCompactPagesThenNoCompression(t *testing.T) {
	var plain, compact GoPdf
	drawPages(&plain, false, true)
	drawPages(&compact, true, true)
	plain.SetNoCompression()
	compact.SetNoCompression()
	got, want := writePDF(t, &compact), writePDF(t, &plain)
	if !bytes.Equal(got, want) {
		t.Error("a compacted page is not written uncompressed after SetNoCompression")
	}
	if bytes.Contains(got, []byte("/FlateDecode")) {
		t.Error("a content stream is still compressed")
	}
}

func TestCompactPagesKeepsPlaceholders(t *testing.T) {
	var pdf GoPdf
	pdf.Start(Config{PageSize: *PageSizeA4, Unit: UnitPT})
	pdf.SetCompactPages(true)
	pdf.AddPage()
	pdf.Line(10, 10, 100, 10)
	pdf.getContent().hasPlaceHolder = true // what PlaceHolderText sets
	pdf.AddPage()
	if c := contents(&pdf)[0]; c.compacted != nil || len(c.listCache.caches) == 0 {
		t.Error("a page with a placeholder text was compacted; FillInPlaceHoldText could not fill it")
	}
}
