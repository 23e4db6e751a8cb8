package ingest

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"planreport/pipeline/model"
)

// A workbook saved by LibreOffice Calc instead of the program that wrote it
// reads the same: same initiatives, indexes and findings (cells included),
// only the files' hashes and sizes differ. Offices save their sheets with
// Excel or Calc; the samples in input/ were written by excelize.
func TestLibreOfficeSavedReadsTheSame(t *testing.T) {
	read := func(dir string) *model.Batch {
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
	excelize := read(filepath.Join("..", "..", "input"))
	calc := read(filepath.Join("testdata", "libreoffice"))
	if len(excelize.Initiatives) != 11 || len(excelize.Indexes) != 1 {
		t.Fatalf("samples: %d initiatives, %d indexes; want 11 and 1", len(excelize.Initiatives), len(excelize.Indexes))
	}
	if !reflect.DeepEqual(calc.Files, excelize.Files) {
		t.Errorf("files:\ncalc     %+v\nexcelize %+v", calc.Files, excelize.Files)
	}
	for i := range excelize.Initiatives {
		if i >= len(calc.Initiatives) {
			t.Fatalf("calc: %d initiatives, want %d", len(calc.Initiatives), len(excelize.Initiatives))
		}
		if !reflect.DeepEqual(calc.Initiatives[i], excelize.Initiatives[i]) {
			t.Errorf("initiative %d differs:\ncalc     %+v\nexcelize %+v", i, *calc.Initiatives[i], *excelize.Initiatives[i])
		}
	}
	if !reflect.DeepEqual(calc.Indexes, excelize.Indexes) {
		t.Errorf("indexes:\ncalc     %+v\nexcelize %+v", calc.Indexes, excelize.Indexes)
	}
	if !reflect.DeepEqual(calc.Findings, excelize.Findings) {
		t.Errorf("findings:\ncalc     %v\nexcelize %v", calc.Findings, excelize.Findings)
	}
}
