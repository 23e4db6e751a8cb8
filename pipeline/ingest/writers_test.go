package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
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
	dir := t.TempDir()
	paths, err := filepath.Glob(filepath.Join(samplesDir, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), toStrict(t, data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sameReading(t, readSamples(t, dir), readSamples(t, samplesDir))
}

// toStrict rewrites a Transitional workbook's namespaces to Strict ones.
func toStrict(t *testing.T, xlsx []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	strict := strings.NewReplacer(
		"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
		"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main",
		"<workbook ", `<workbook conformance="strict" `,
	)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	changed := 0
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if s := strict.Replace(string(data)); s != string(data) {
			data = []byte(s)
			changed++
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if changed < 4 { // .rels, workbook, its rels, a sheet at least
		t.Fatalf("only %d parts rewritten", changed)
	}
	return out.Bytes()
}
