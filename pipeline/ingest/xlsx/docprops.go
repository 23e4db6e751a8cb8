package xlsx

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"time"
)

// The core properties part (docProps/core.xml, ECMA-376 Part 2, 11) says
// when a workbook was last saved and by whom; the submission status
// (提出状況) shows both. The part is found through _rels/.rels like the
// workbook, else at its usual name. It is small in any real workbook:
// MaxCorePropsBytes bounds what is decompressed, and a part past it, or
// one that does not parse, gives no properties (never a finding: the
// workbook's content is what counts).
const (
	MaxCorePropsBytes = 64 << 10
	maxCorePropsRunes = 200
	corePropsRelType  = "core-properties"
	corePropsDefault  = "docProps/core.xml"
)

// DocProps is what the submission status uses of the core properties.
type DocProps struct {
	Modified   string // RFC 3339, UTC; "" when absent or unreadable
	ModifiedBy string
}

// DocProps reads the book's core properties.
func (b *Book) DocProps() DocProps { return readDocProps(b.ps) }

// readDocProps reads the core properties of a workbook whose container
// Open accepted.
func readDocProps(ps parts) DocProps {
	f, ok := ps.get(corePropsPart(ps))
	if !ok {
		return DocProps{}
	}
	rc, err := f.Open()
	if err != nil {
		return DocProps{}
	}
	defer rc.Close()
	var raw struct {
		Modified   string `xml:"http://purl.org/dc/terms/ modified"`
		ModifiedBy string `xml:"http://schemas.openxmlformats.org/package/2006/metadata/core-properties lastModifiedBy"`
	}
	lr := &io.LimitedReader{R: rc, N: MaxCorePropsBytes + 1}
	if err := xml.NewDecoder(lr).Decode(&raw); err != nil || lr.N <= 0 {
		return DocProps{}
	}
	return DocProps{Modified: parseW3CDTF(raw.Modified), ModifiedBy: Shorten(strings.TrimSpace(raw.ModifiedBy), maxCorePropsRunes)}
}

// corePropsPart is the core properties part the package relationships
// name, or the usual name.
func corePropsPart(ps parts) string {
	var rels xmlRels
	if err := ps.decode("_rels/.rels", &rels); err != nil && !errors.Is(err, errPartMissing) {
		return corePropsDefault
	}
	for _, r := range rels.Rels {
		if relType(r.Type) == corePropsRelType && r.Target != "" {
			return resolve("", r.Target)
		}
	}
	return corePropsDefault
}

// parseW3CDTF reads dcterms:modified (2024-05-10T01:23:45Z, with or
// without fractions or an offset) as RFC 3339 in UTC; anything else is "".
func parseW3CDTF(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() > 1900 && t.Year() < 10000 {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

// The extended properties part (docProps/app.xml) names the program that
// saved the workbook. Microsoft Excel and LibreOffice Calc compute every
// formula before they save, so a formula's saved result is what the
// department saw on screen; a program that writes workbooks without
// calculating (a generator, excelize) may keep a result from before the
// formula or its inputs changed.
const (
	appPropsRelType = "extended-properties"
	appPropsDefault = "docProps/app.xml"
)

// readApplication reads the Application of the extended properties, ""
// when absent or unreadable (bounded as the core properties are).
func readApplication(ps parts) string {
	name := appPropsDefault
	var rels xmlRels
	if err := ps.decode("_rels/.rels", &rels); err == nil {
		for _, r := range rels.Rels {
			if relType(r.Type) == appPropsRelType && r.Target != "" {
				name = resolve("", r.Target)
			}
		}
	}
	f, ok := ps.get(name)
	if !ok {
		return ""
	}
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	var raw struct {
		Application string `xml:"Application"`
	}
	lr := &io.LimitedReader{R: rc, N: MaxCorePropsBytes + 1}
	if err := xml.NewDecoder(lr).Decode(&raw); err != nil || lr.N <= 0 {
		return ""
	}
	return Shorten(strings.TrimSpace(raw.Application), maxCorePropsRunes)
}

// calculatingApp reports a program that computes formulas before saving.
func calculatingApp(app string) bool {
	return strings.Contains(app, "Microsoft") && strings.Contains(app, "Excel") || strings.Contains(app, "LibreOffice")
}
