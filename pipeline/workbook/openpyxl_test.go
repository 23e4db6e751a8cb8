package workbook

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// openpyxlScript opens the workbook with openpyxl (not excelize, which
// wrote it) and prints, per sheet, its dimensions, merged ranges, and the
// value and type of the cells asked for.
const openpyxlScript = `
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = json.loads(sys.argv[2])
out = {"sheets": wb.sheetnames, "cells": {}, "max_row": {}, "freeze": {}}
for ws in wb.worksheets:
    out["max_row"][ws.title] = ws.max_row
    out["freeze"][ws.title] = ws.freeze_panes
for ref in cells:
    sheet, cell = ref.split("!")
    v = wb[sheet][cell].value
    out["cells"][ref] = [type(v).__name__, v if not isinstance(v, float) or v != int(v) else int(v)]
print(json.dumps(out, ensure_ascii=False))
`

// TestOpenpyxlReadsWorkbook: Debian's python3-openpyxl (make tools installs
// it) opens every sheet, finds the header frozen and the cells checked by
// hand in TestDataSheet with their values and types: the rows written by
// StreamWriter.SetRow read right in a reader excelize did not write.
func TestOpenpyxlReadsWorkbook(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s is missing (make tools installs python3-openpyxl): %v", py, err)
	}
	path := filepath.Join(t.TempDir(), "summary.xlsx")
	if err := os.WriteFile(path, write(t, testBatch()), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]any{
		"データ!A1":  {"str", "ファイル"},
		"データ!A2":  {"str", "総務部.xlsx"},
		"データ!D2":  {"int", 3.0},
		"データ!H2":  {"str", "まちづくり懇談会の開催回数"},
		"データ!M2":  {"int", 10.0},
		"データ!O6":  {"float", 90.9},
		"データ!Q3":  {"str", "C"},
		"データ!N11": {"NoneType", nil},
		"データ!Q12": {"str", "—"},
	}
	var refs []string
	for ref := range want {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	arg, _ := json.Marshal(refs)
	out, err := exec.Command(py, "-c", openpyxlScript, path, string(arg)).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("openpyxl: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("openpyxl: %v", err)
	}
	var got struct {
		Sheets []string
		Cells  map[string][2]any
		MaxRow map[string]int    `json:"max_row"`
		Freeze map[string]string `json:"freeze"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !slices.Equal(got.Sheets, sheetOrder) {
		t.Errorf("sheets %q, want %q", got.Sheets, sheetOrder)
	}
	for _, s := range sheetOrder {
		if got.Freeze[s] != "A2" {
			t.Errorf("%s: frozen at %q, want A2", s, got.Freeze[s])
		}
	}
	if got.MaxRow["データ"] != 12 {
		t.Errorf("データ has %d rows, want 12 (header and 11 indicator-years)", got.MaxRow["データ"])
	}
	for _, ref := range refs {
		if g, w := got.Cells[ref], want[ref]; g != w {
			t.Errorf("%s: %v, want %v", ref, g, w)
		}
	}
}
