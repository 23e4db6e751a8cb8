package gopdf

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// planreport: tests of the tagged-PDF and archive changes (struct_tree.go,
// archive.go, cache_content_marked.go), without fonts: lines and
// rectangles are marked content too.

func drawTwoPages(pdf *GoPdf, tagged bool) {
	pdf.Start(Config{PageSize: *PageSizeA4, Unit: UnitPT})
	pdf.SetNoCompression()
	pdf.AddPage()
	if tagged {
		pdf.BeginStructElem("Table", StructElemOption{})
		pdf.BeginStructElem("TH", StructElemOption{Scope: "Column"})
		pdf.BeginMarkedContent()
	}
	pdf.Line(10, 10, 100, 10)
	if tagged {
		pdf.EndMarkedContent()
		pdf.EndStructElem()
		pdf.BeginArtifact()
	}
	pdf.RectFromUpperLeftWithStyle(10, 800, 50, 10, "D")
	if tagged {
		pdf.EndMarkedContent()
	}
	pdf.SetAnchor("top")
	pdf.AddPage()
	if tagged {
		pdf.BeginStructElem("Link", StructElemOption{Alt: "目次へ"})
		pdf.BeginMarkedContent()
	}
	pdf.Line(10, 20, 100, 20)
	pdf.AddInternalLinkWithOption("top", 10, 10, 90, 20, AnnotOption{Print: tagged})
	if tagged {
		pdf.EndMarkedContent()
		pdf.EndStructElem()
		pdf.EndStructElem()
	}
}

func TestStructTree(t *testing.T) {
	var pdf GoPdf
	drawTwoPages(&pdf, true)
	pdf.SetLang("ja-JP")
	pdf.SetDisplayDocTitle(true)
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"/Lang <FEFF006A0061002D004A0050>",
		"/ViewerPreferences << /DisplayDocTitle true >>",
		"/MarkInfo << /Marked true >>",
		"/StructTreeRoot ",
		"/TH <</MCID 0>> BDC\n",
		"/Artifact BMC\n",
		"/Link <</MCID 0>> BDC\n",
		"  /StructParents 0\n",
		"  /StructParents 1\n",
		"/F 4 /StructParent 2>>",
		"/ParentTreeNextKey 3",
		"<</S /TH /P ",
		"/A <</O /Table /Scope /Column>> /K 0>>",
		"/Alt <FEFF76EE6B213078>",
		"<</Type /OBJR /Obj ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the PDF", want)
		}
	}
	// Keys 0 (page 1: the TH), 1 (page 2: the Link) and 2 (the link
	// annotation: the Link).
	if !regexp.MustCompile(`/Nums \[\n0 \[\d+ 0 R\]\n1 \[\d+ 0 R\]\n2 \d+ 0 R\n\]`).MatchString(out) {
		t.Errorf("parent tree:\n%s", out[strings.Index(out, "/Nums"):][:80])
	}
	if n := strings.Count(out, "BDC") + strings.Count(out, "BMC"); n != strings.Count(out, "EMC") || n != 3 {
		t.Errorf("%d BDC/BMC, %d EMC", n, strings.Count(out, "EMC"))
	}
	if err := pdf.EndStructElem(); err != ErrNoStructElem {
		t.Errorf("EndStructElem with none open: %v", err)
	}
}

// TestTabsOrder: in a tagged document the page with a link annotation
// (page 2) is visited in structure order (PDF/UA-1 7.18.3); the page
// without annotations gets no /Tabs. An untagged document gets none
// (TestUnusedIsByteNeutral).
func TestTabsOrder(t *testing.T) {
	var pdf GoPdf
	drawTwoPages(&pdf, true)
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "/Tabs"); n != 1 || !regexp.MustCompile(`/Annots \[\d+ 0 R \]\n  /Tabs /S\n`).MatchString(out) {
		t.Errorf("%d /Tabs, want one /Tabs /S after the second page's /Annots", n)
	}
}

func TestArchiveEntries(t *testing.T) {
	var pdf GoPdf
	drawTwoPages(&pdf, false)
	pdf.SetInfo(PdfInfo{Title: "題", Producer: "p"})
	pdf.SetXMPMetadata([]byte("<x:xmpmeta/>"))
	pdf.AddOutputIntent(OutputIntent{Subtype: "GTS_PDFA1", OutputConditionIdentifier: "sRGB", Info: "sRGB", ICCProfile: []byte("ICC"), Components: 3})
	pdf.SetIDFromContent(true)
	pdf.SetInfoAsObject(true)
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, re := range []string{
		`/Metadata \d+ 0 R`,
		`<< /Type /Metadata /Subtype /XML /Length 12 >>\nstream\n<x:xmpmeta/>\nendstream`,
		`/OutputIntents \[<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier <FEFF0073005200470042> /Info <FEFF0073005200470042> /DestOutputProfile \d+ 0 R >>\]`,
		`<< /N 3 /Length 3 >>\nstream\nICC\nendstream`,
		`/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]`,
		`/Info \d+ 0 R\n`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("no %s in the PDF", re)
		}
	}
	if strings.Contains(out, "StructTreeRoot") || strings.Contains(out, "MarkInfo") {
		t.Error("a structure tree in a document that opened no element")
	}
	// The /ID is the MD5 of the bytes before the trailer: the same
	// document, the same identifier.
	var again GoPdf
	drawTwoPages(&again, false)
	again.SetInfo(PdfInfo{Title: "題", Producer: "p"})
	again.SetXMPMetadata([]byte("<x:xmpmeta/>"))
	again.AddOutputIntent(OutputIntent{Subtype: "GTS_PDFA1", OutputConditionIdentifier: "sRGB", Info: "sRGB", ICCProfile: []byte("ICC"), Components: 3})
	again.SetIDFromContent(true)
	again.SetInfoAsObject(true)
	var buf2 bytes.Buffer
	if _, err := again.WriteTo(&buf2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Error("the same document written twice differs")
	}
}

// TestUnusedIsByteNeutral: a document that uses none of the new calls
// has none of the new entries (the link gets no /F, /Contents or
// /StructParent, the catalog and trailer what they had).
func TestUnusedIsByteNeutral(t *testing.T) {
	var pdf GoPdf
	drawTwoPages(&pdf, false)
	pdf.SetInfo(PdfInfo{Title: "題"})
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, not := range []string{"/Lang", "/ViewerPreferences", "/MarkInfo", "/StructTreeRoot", "/StructParent", "/Metadata", "/OutputIntents", "/ID", "/F 4", "/Tabs", "BDC", "BMC", "EMC"} {
		if strings.Contains(out, not) {
			t.Errorf("%s in a document that did not ask for it", not)
		}
	}
	if !strings.Contains(out, "/Info <<\n/Title <FEFF984C>\n >>\n") {
		t.Error("the information dictionary is no longer inline in the trailer")
	}
	if !strings.Contains(out, "/Dest [") || !strings.Contains(out, "null]>>\n") {
		t.Error("the link annotation changed")
	}
}

// TestObjectStreams: with SetObjectStreams the structure elements go in a
// compressed object stream and the file ends with a cross-reference
// stream; the other objects stay plain.
func TestObjectStreams(t *testing.T) {
	var pdf GoPdf
	drawTwoPages(&pdf, true)
	pdf.SetCompressLevel(1)
	pdf.SetObjectStreams(true)
	pdf.SetIDFromContent(true)
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, re := range []string{
		`\d+ 0 obj\n<< /Type /ObjStm /N 6 /First \d+ /Filter /FlateDecode /Length \d+ >>\nstream\n`,
		`<< /Type /XRef /Size \d+ /W \[1 4 2\] /Root 1 0 R\n/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]\n/Filter /FlateDecode`,
		`startxref\n\d+\n%%EOF\n$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("no %s in the PDF", re)
		}
	}
	if strings.Contains(out, "trailer") || strings.Contains(out, "<</S /") {
		t.Error("an xref table, or a structure element outside the object stream")
	}
}
