package workbook

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/status/statustest"
)

// statusRows are the rows 提出状況 must hold for the status test batch, as
// the report's section shows them: the workbooks (建設部's rejected one by
// its file name, the other rejected one under （不明）), the initiative
// missing from the 取組一覧 and the blank actual, with their cells.
var statusRows = [][]string{
	{"建設部", "ブック（読み込めず）", "", "", "", statustest.UnreadFile, "", "", "不明", "不明"},
	{"建設部", "未提出", "1-3", statustest.MissingTitle, "", statustest.IndexFile, statustest.IndexSheet, statustest.MissingCell, "", ""},
	{"総務部", "ブック", "", "", "", statustest.BlankFile, "", "", statustest.SavedAtJapan, statustest.SavedBy},
	{"総務部", "未記入", "1-1", statustest.BlankIndicator, "令和7年度", statustest.BlankFile, statustest.BlankSheet, statustest.BlankCell, "", ""},
	{"財務部", "ブック", "", "", "", statustest.FinanceFile, "", "", "不明", "不明"},
	{"（不明）", "ブック（読み込めず）", "", "", "", statustest.UnattributedFile, "", "", statustest.UnattributedJapan, statustest.UnattributedSaver},
}

// statusCounts follow the table after one blank row and a caption.
var statusCounts = [][]string{
	{"担当部", "ブック", "シート", "未提出", "未記入", "エラー", "警告"},
	{"建設部", "1", "0", "1", "0", "1", "0"}, // its rejected workbook and its error
	{"総務部", "1", "1", "0", "1", "0", "1"},
	{"財務部", "1", "1", "0", "0", "1", "0"},
}

func pad(r []string, n int) []string {
	for len(r) < n {
		r = append(r, "")
	}
	return r
}

func TestStatusSheet(t *testing.T) {
	f := open(t, write(t, statustest.Batch()))
	got := rows(t, f, sheetStatus)
	if !slices.Equal(got[0], statusHeader) {
		t.Errorf("header %q", got[0])
	}
	n := 1 + len(statusRows)
	if len(got) != n+2+len(statusCounts) {
		t.Fatalf("%d rows, want %d:\n%q", len(got), n+2+len(statusCounts), got)
	}
	for i, want := range statusRows {
		if g := pad(got[1+i], len(statusHeader)); !slices.Equal(g, want) {
			t.Errorf("row %d: %q, want %q", i+2, g, want)
		}
	}
	if len(got[n]) != 0 || !strings.HasPrefix(got[n+1][0], "担当部別の件数（未記入は令和7年度") {
		t.Errorf("below the table: %q %q", got[n], got[n+1])
	}
	for i, want := range statusCounts {
		if g := got[n+2+i]; !slices.Equal(g, want) {
			t.Errorf("count row %d: %q, want %q", n+3+i, g, want)
		}
	}
	// The filter covers the table only, as on the other sheets.
	var filter string
	for _, n := range f.GetDefinedName() {
		if n.Scope == sheetStatus && n.Name == "_xlnm._FilterDatabase" {
			filter = n.RefersTo
		}
	}
	if filter != "'提出状況'!$A$1:$J$7" {
		t.Errorf("filter %q, want the table A1:J7", filter)
	}
}

// TestStatusSheetOpenpyxl reads the same rows with openpyxl.
func TestStatusSheetOpenpyxl(t *testing.T) {
	py := "/usr/bin/python3"
	path := filepath.Join(t.TempDir(), "summary.xlsx")
	if err := os.WriteFile(path, write(t, statustest.Batch()), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["提出状況"]
print(json.dumps([["" if c is None else str(c) for c in r] for r in ws.iter_rows(values_only=True)], ensure_ascii=False))
`
	out, err := exec.Command(py, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var got [][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := append([][]string{statusHeader}, statusRows...)
	want = append(want, nil, []string{"担当部別の件数（未記入は令和7年度の実績、計画期間が先に終わった取組はその最終年度の実績）"})
	want = append(want, statusCounts...)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if g := strings.Join(got[i], "|"); strings.TrimRight(g, "|") != strings.TrimRight(strings.Join(want[i], "|"), "|") {
			t.Errorf("row %d: %q, want %q", i+1, got[i], want[i])
		}
	}
}

func TestStatusSheetDeterministic(t *testing.T) {
	if a, b := write(t, statustest.Batch()), write(t, statustest.Batch()); !bytes.Equal(a, b) {
		t.Error("two writings of the status batch differ")
	}
}
