package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"maps"
	"path"
	"slices"
	"strings"
)

// This file reads the workbook parts every sheet needs: the sheet list with
// each sheet's part and the styles and shared strings parts. Each sheet is
// then read by one token pass over its XML (sheetxml.go) that yields the
// cells' values, merges, formula cells and styled numbers and proves that
// the XML is whole.
//
// Why not excelize's Rows iterator: it stops silently at a syntax error and
// returns the rows read so far with a nil error (LIBRARY-NOTES), so every
// sheet needs a pass that sees every token anyway; a second pass by
// excelize would parse each sheet twice, half of the ingest time. excelize
// still writes the summary workbook, and a test reads every sample sheet
// with both and compares the values (TestScanMatchesExcelize).

// sheetPart is one sheet of the workbook.
type sheetPart struct {
	name  string
	part  string // zip entry name, "" when the relationship is missing
	state string // "", "visible", "hidden", "veryHidden"
	kind  string // relationship type tail: "worksheet", "chartsheet", …
}

// errPartMissing is returned when a part the workbook names is not in the zip.
var errPartMissing = errors.New("part missing")

// parts indexes the zip entries by name. Part names are case-insensitive
// (ECMA-376 Part 2, 6.2.2.3): Excel opens a workbook whose relationships say
// worksheets/sheet1.xml for an entry named worksheets/Sheet1.xml, so a name
// not found as written is looked up again with ASCII case folded.
type parts struct {
	byName map[string]*zip.File
	folded map[string]*zip.File // lower-cased name → first entry of that name
}

func newParts(zr *zip.Reader) parts {
	ps := parts{byName: make(map[string]*zip.File, len(zr.File)), folded: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		ps.byName[name] = f
		if l := asciiLower(name); ps.folded[l] == nil {
			ps.folded[l] = f
		}
	}
	return ps
}

// get returns the part named name, as written or else case-folded.
func (ps parts) get(name string) (*zip.File, bool) {
	if f, ok := ps.byName[name]; ok {
		return f, true
	}
	f, ok := ps.folded[asciiLower(name)]
	return f, ok
}

// names returns every entry name, sorted.
func (ps parts) names() []string {
	return slices.Sorted(maps.Keys(ps.byName))
}

// asciiLower folds A–Z only, as part names compare (strings.ToLower would
// also fold non-ASCII letters, which OPC does not).
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// decode unmarshals a small part (workbook, rels, styles) into v; sizes are
// bounded by the zip bomb check before this is called.
func (ps parts) decode(name string, v any) error {
	f, ok := ps.get(name)
	if !ok {
		return &partError{name, errPartMissing}
	}
	rc, err := f.Open()
	if err != nil {
		return &partError{name, err}
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return &partError{name, err}
	}
	return nil
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// relsPath gives the relationships part of a part: xl/workbook.xml →
// xl/_rels/workbook.xml.rels.
func relsPath(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// resolve turns a relationship target into a zip entry name.
func resolve(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir(base), target)), "/")
}

func relType(t string) string { return t[strings.LastIndex(t, "/")+1:] }

// The relationships namespace of r:id: Transitional (what Excel saves by
// default, and LibreOffice) and Strict (Excel's "Strict Open XML
// Spreadsheet"), which also renames the main namespace and the
// relationship types; the parts are read by local name and relType, so
// only this attribute needs both.
const (
	relNamespaceTransitional = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relNamespaceStrict       = "http://purl.oclc.org/ooxml/officeDocument/relationships"
)

// relationshipID returns a <sheet>'s r:id.
func relationshipID(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "id" && (a.Name.Space == relNamespaceTransitional || a.Name.Space == relNamespaceStrict) {
			return a.Value
		}
	}
	return ""
}

// workbookInfo is the sheet list and where the styles and shared strings
// live.
type workbookInfo struct {
	sheets  []sheetPart
	styles  string
	strings string // "" when the workbook names none
	// fullCalc is calcPr's fullCalcOnLoad (the program that saved the
	// workbook asks for every formula to be recalculated on opening) or
	// manual calculation without calculation on saving: its saved
	// results are not to be trusted.
	fullCalc bool
}

// readWorkbook finds the workbook part (through _rels/.rels, like Excel),
// its sheets in tab order and its styles part.
func readWorkbook(ps parts) (workbookInfo, error) {
	var info workbookInfo
	wbPath := "xl/workbook.xml"
	var root xmlRels
	if err := ps.decode("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if relType(r.Type) == "officeDocument" {
				wbPath = resolve("/", r.Target)
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"` // r:id, whose namespace depends on the conformance class
		} `xml:"sheets>sheet"`
		CalcPr struct {
			FullCalcOnLoad string `xml:"fullCalcOnLoad,attr"`
			CalcMode       string `xml:"calcMode,attr"`
			CalcOnSave     string `xml:"calcOnSave,attr"`
		} `xml:"calcPr"`
	}
	if err := ps.decode(wbPath, &wb); err != nil {
		return info, err
	}
	// Excel in manual calculation mode still computes before saving,
	// unless told not to (calcOnSave="0"): then a result may be stale too.
	cp := wb.CalcPr
	info.fullCalc = isTrue(cp.FullCalcOnLoad) || cp.CalcMode == "manual" && (cp.CalcOnSave == "0" || cp.CalcOnSave == "false")
	var rels xmlRels
	if err := ps.decode(relsPath(wbPath), &rels); err != nil && !errors.Is(err, errPartMissing) {
		return info, err
	}
	byID := map[string]int{}
	for i, r := range rels.Rels {
		byID[r.ID] = i
		switch relType(r.Type) {
		case "styles":
			info.styles = resolve(wbPath, r.Target)
		case "sharedStrings":
			info.strings = resolve(wbPath, r.Target)
		}
	}
	for _, s := range wb.Sheets {
		sp := sheetPart{name: s.Name, state: s.State}
		if i, ok := byID[relationshipID(s.Attrs)]; ok {
			sp.part = resolve(wbPath, rels.Rels[i].Target)
			sp.kind = relType(rels.Rels[i].Type)
		}
		info.sheets = append(info.sheets, sp)
	}
	return info, nil
}
