package gopdfprovider

import (
	_ "embed"
	"encoding/xml"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"planreport/pipeline/layout"
)

// Every PDF is written as PDF/A-2a (ISO 19005-2, level A: tagged, with
// Unicode for every glyph), not only the archived copy: the additions are
// an XMP packet of about 1.5 kB, a 7 kB ICC profile and an /ID digest per
// file, and one kind of PDF means the copy published and the copy
// archived are the same bytes.

// srgbProfile is sRGB.icc from Debian's icc-profiles-free (zlib licence,
// icc/LICENSE): the colour space of the report's DeviceRGB colours.
//
//go:embed icc/sRGB.icc
var srgbProfile []byte

// PDF/A identification written in the XMP packet.
const (
	PDFAPart        = "2"
	PDFAConformance = "A"
)

// archive sets the catalog entries, metadata and output intent that make
// pdf a tagged PDF/A-2a document for d.
func archive(pdf *gopdf.GoPdf, d *layout.Document, producer string) {
	pdf.SetLang(d.Info.Lang)
	pdf.SetDisplayDocTitle(true)
	pdf.SetXMPMetadata(xmpPacket(d.Info, producer))
	pdf.AddOutputIntent(gopdf.OutputIntent{
		Subtype:                   "GTS_PDFA1",
		OutputConditionIdentifier: "sRGB IEC61966-2.1",
		Info:                      "sRGB IEC61966-2.1",
		ICCProfile:                srgbProfile,
		Components:                3,
	})
	pdf.SetIDFromContent(true)
	pdf.SetInfoAsObject(true)
	// The structure elements, one per table cell, compressed in object
	// streams: as plain objects they made a PDF up to four times larger.
	pdf.SetObjectStreams(true)
}

// xmpPacket is the document's XMP metadata: the PDF/A identification and
// the same title, author, subject, creator tool, producer and creation
// date as the information dictionary (PDF/A wants them equal). The dates
// are the document's CreationDate, which callers take from the report
// date, never the clock.
func xmpPacket(info layout.Info, producer string) []byte {
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
`)
	b.WriteString("<pdfaid:part>" + PDFAPart + "</pdfaid:part>\n")
	b.WriteString("<pdfaid:conformance>" + PDFAConformance + "</pdfaid:conformance>\n")
	b.WriteString("<dc:format>application/pdf</dc:format>\n")
	if info.Title != "" {
		b.WriteString(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(info.Title) + "</rdf:li></rdf:Alt></dc:title>\n")
	}
	if info.Author != "" {
		b.WriteString("<dc:creator><rdf:Seq><rdf:li>" + esc(info.Author) + "</rdf:li></rdf:Seq></dc:creator>\n")
	}
	if info.Subject != "" {
		b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(info.Subject) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if info.Lang != "" {
		b.WriteString("<dc:language><rdf:Bag><rdf:li>" + esc(info.Lang) + "</rdf:li></rdf:Bag></dc:language>\n")
	}
	if info.Creator != "" {
		b.WriteString("<xmp:CreatorTool>" + esc(info.Creator) + "</xmp:CreatorTool>\n")
	}
	if !info.CreationDate.IsZero() {
		date := info.CreationDate.Format(time.RFC3339)
		b.WriteString("<xmp:CreateDate>" + date + "</xmp:CreateDate>\n")
		b.WriteString("<xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n")
		b.WriteString("<xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n")
	}
	if producer != "" {
		b.WriteString("<pdf:Producer>" + esc(producer) + "</pdf:Producer>\n")
	}
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}
