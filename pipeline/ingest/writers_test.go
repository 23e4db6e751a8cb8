package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

// Offices save their sheets with Excel (Transitional or, by choice, Strict
// Open XML) or LibreOffice Calc; the samples in input/ were written by
// excelize. Each kind of file must read the same: same initiatives,
// indexes and findings (cells included); only the files' hashes and sizes
// differ.

// readSamples reads the six sample workbooks of dir, with the files'
// hashes and sizes blanked.
func readSamples(t *testing.T, dir string) *model.Batch {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil || len(paths) != 6 {
		t.Fatalf("%s: %d workbooks (%v), want the six samples", dir, len(paths), err)
	}
	b, err := ReadPaths(context.Background(), paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.Files {
		if b.Files[i].SHA256 == "" || b.Files[i].Size == 0 {
			t.Fatalf("%s: %s not read: %+v", dir, b.Files[i].Name, b.Files[i])
		}
		b.Files[i].SHA256, b.Files[i].Size = "", 0
	}
	return b
}

// sameReading fails unless got reads as want, the reading of input/.
func sameReading(t *testing.T, got, want *model.Batch) {
	t.Helper()
	if len(want.Initiatives) != 11 || len(want.Indexes) != 1 {
		t.Fatalf("samples: %d initiatives, %d indexes; want 11 and 1", len(want.Initiatives), len(want.Indexes))
	}
	if !reflect.DeepEqual(got.Files, want.Files) {
		t.Errorf("files:\ngot  %+v\nwant %+v", got.Files, want.Files)
	}
	if len(got.Initiatives) != len(want.Initiatives) {
		t.Fatalf("%d initiatives, want %d", len(got.Initiatives), len(want.Initiatives))
	}
	for i := range want.Initiatives {
		if !reflect.DeepEqual(got.Initiatives[i], want.Initiatives[i]) {
			t.Errorf("initiative %d differs:\ngot  %+v\nwant %+v", i, *got.Initiatives[i], *want.Initiatives[i])
		}
	}
	if !reflect.DeepEqual(got.Indexes, want.Indexes) {
		t.Errorf("indexes:\ngot  %+v\nwant %+v", got.Indexes, want.Indexes)
	}
	if !reflect.DeepEqual(got.Findings, want.Findings) {
		t.Errorf("findings:\ngot  %v\nwant %v", got.Findings, want.Findings)
	}
}

var samplesDir = filepath.Join("..", "..", "input")

// The samples opened and saved again by LibreOffice Calc 7.4.7
// (testdata/libreoffice/README.md). Calc writes its own styles (General as
// custom format 164, explicit t="n"), shared strings for all text and its
// own part names.
func TestLibreOfficeSavedReadsTheSame(t *testing.T) {
	sameReading(t, readSamples(t, filepath.Join("testdata", "libreoffice")), readSamples(t, samplesDir))
}

// The samples converted to Strict Open XML, as Excel's "Strict Open XML
// Spreadsheet" saves them: the main and relationship namespaces (and so
// the relationship types and the r:id attribute) are the ISO ones, and the
// workbook says conformance="strict". Before readWorkbook accepted the
// Strict r:id, every sheet of such a file was "not found in the workbook".
func TestStrictOpenXMLReadsTheSame(t *testing.T) {
	strict := strings.NewReplacer(
		"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
		"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main",
		"<workbook ", `<workbook conformance="strict" `,
	)
	changed := 0
	dir := rewriteSamples(t, func(name string, data []byte) (string, []byte) {
		if s := strict.Replace(string(data)); s != string(data) {
			changed++
			return name, []byte(s)
		}
		return name, data
	})
	if changed < 6*4 { // per workbook .rels, workbook, its rels, a sheet at least
		t.Fatalf("only %d parts rewritten", changed)
	}
	sameReading(t, readSamples(t, dir), readSamples(t, samplesDir))
}

// The shared strings may be any part the workbook's relationships name
// (xl/sharedStrings.xml is only the usual name). Before readBook followed
// the relationship, such a file read with every text cell empty.
func TestSharedStringsNamedByRelationship(t *testing.T) {
	moved := 0
	dir := rewriteSamples(t, func(name string, data []byte) (string, []byte) {
		switch name {
		case "xl/sharedStrings.xml":
			moved++
			return "xl/strings/table1.xml", data
		case "xl/_rels/workbook.xml.rels", "[Content_Types].xml":
			return name, bytes.ReplaceAll(data, []byte("sharedStrings.xml"), []byte("strings/table1.xml"))
		}
		return name, data
	})
	if moved != 6 {
		t.Fatalf("moved the shared strings of %d workbooks, want 6", moved)
	}
	sameReading(t, readSamples(t, dir), readSamples(t, samplesDir))
}

// Part names are case-insensitive: a sheet stored as Xl/Worksheets/sheet1.XML
// while the relationships say worksheets/sheet1.xml is the same part (Excel
// opens it). Before parts.get folded case, every such sheet was "missing".
func TestPartNamesIgnoreCase(t *testing.T) {
	renamed := 0
	dir := rewriteSamples(t, func(name string, data []byte) (string, []byte) {
		if strings.HasPrefix(name, "xl/worksheets/") || name == "xl/sharedStrings.xml" {
			renamed++
			return strings.ToUpper(name[:1]) + name[1:3] + strings.ToUpper(name[3:4]) + name[4:len(name)-4] + ".XML", data
		}
		return name, data
	})
	if renamed < 6*2 {
		t.Fatalf("renamed %d parts, want at least a sheet and the strings of each workbook", renamed)
	}
	sameReading(t, readSamples(t, dir), readSamples(t, samplesDir))
}

// rewriteSamples copies the sample workbooks into a temporary folder, every
// zip entry passed through edit (which may rename it and change its
// bytes), and returns the folder.
func rewriteSamples(t *testing.T, edit func(name string, data []byte) (string, []byte)) string {
	t.Helper()
	dir := t.TempDir()
	paths, err := filepath.Glob(filepath.Join(samplesDir, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		xlsx, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), rewriteEntries(t, xlsx, edit), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
