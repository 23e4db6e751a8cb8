package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/templates"
)

// blankBook is the workbook of a department (福祉部.xlsx) with one sheet of
// plan 令和3〜7年度, every value correct, and the actual of 令和7年度 (2025)
// not filled in although it has a target: nothing is wrong with it but
// that the office's 提出状況 will ask for that actual once 令和7年度 has
// ended. cell is that empty actual's cell.
func blankBook(t *testing.T, dir string) (path, cell string) {
	t.Helper()
	s, err := templates.Blank(templates.NextPlanFirst, templates.NextPlanLast)
	if err != nil {
		t.Fatal(err)
	}
	s.DepartmentCode, s.Department = templates.Number("7"), "福祉部"
	s.GoalNumber, s.GoalName = templates.Number("2"), "健康と福祉"
	s.SectionCode, s.Section = templates.Number("1"), "福祉課"
	s.Number, s.Title, s.SectionItemNo = templates.Number("4"), "見守り活動の推進", templates.Number("1")
	s.Overview = "高齢者の見守りを地域で進める。"
	s.Background = "一人暮らしの高齢者が増えている。"
	for j := range s.Plans {
		s.Plans[j].Work = "見守り活動の支援"
		s.Results[j].Work, s.Results[j].Issues = "見守り訪問を行った。", "担い手を増やす。"
	}
	// Rates by hand: 4/8 = 50.0, 6/8 = 75.0, 8/8 = 100.0, 9/8 = 112.5.
	ind := &s.Indicators[0]
	ind.Name, ind.Unit = "見守り訪問の回数", "回"
	for range 5 {
		ind.Targets = append(ind.Targets, templates.Number("8"))
	}
	for j, a := range []string{"4", "6", "8", "9"} {
		ind.Actuals = append(ind.Actuals, templates.Number(a))
		ind.Rates = append(ind.Rates, templates.Number([]string{"50.0", "75.0", "100.0", "112.5"}[j]))
	}
	f, layouts, err := templates.Build(templates.Workbook{File: "福祉部.xlsx", Sheets: []templates.Sheet{s}})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	path = filepath.Join(dir, "福祉部.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path, layouts[0].ActualCell(0, 4)
}

// TestValidateListsBlankActuals: a workbook without findings whose actual
// of the evaluation year is empty is not said to be ready (提出できます):
// validate lists that cell, as the night's 提出状況 will chase it, and
// says to fill it in; the exit status stays 0 (a blank is not an error
// finding). As of a report date in fiscal year 2025 (evaluation year
// 2024), the 2025 actual is not yet due and the workbook is ready.
func TestValidateListsBlankActuals(t *testing.T) {
	dir := t.TempDir()
	path, cell := blankBook(t, dir)
	r := planreport(t, dir, "validate", "-date", "2026-06-01", path)
	line := "[未記入] 「福祉部.xlsx」シート「" + templates.BlankSheetName + "」セル" + cell + " 見守り訪問の回数 令和7年度の実績値\n"
	closing := "エラーはありません。ただし 令和7年度の実績値が 1 件未記入です（上の一覧）。記入してから提出してください。\n"
	if r.code != 0 || !strings.Contains(r.stdout, "未記入（目標値があって実績値がない指標。報告日 令和8年6月1日 の提出状況で記入を求められます）: 1 件\n"+line) ||
		!strings.HasSuffix(r.stdout, closing) || strings.Contains(r.stdout, "提出できます") {
		t.Errorf("as of 2026-06-01: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = planreport(t, dir, "validate", "-date", "2025-06-01", path)
	if r.code != 0 || strings.Contains(r.stdout, "未記入") || !strings.HasSuffix(r.stdout, "エラーはありません。提出できます。\n") {
		t.Errorf("as of 2025-06-01: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestValidateJSONKeepsFindingsShape: with -json, stdout stays
// findings.json's documented shape (findings, files, counts) and nothing
// else: the 未記入 are not findings and are in the text output only.
func TestValidateJSONKeepsFindingsShape(t *testing.T) {
	dir := t.TempDir()
	path, _ := blankBook(t, dir)
	r := planreport(t, dir, "validate", "-json", "-date", "2026-06-01", path)
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if keys := slices.Sorted(maps.Keys(doc)); !slices.Equal(keys, []string{"counts", "files", "findings"}) {
		t.Errorf("keys %v, want findings.json's", keys)
	}
}

// TestValidateDateIsRuns: -date is run's option: the same check and the
// same message for a date that is not YYYY-MM-DD (exit 2), and the same
// report date on the annotated copy, so that validate -date -annotate
// gives, byte for byte, the copy the night's run of that date writes
// (findings marked, blank actuals not: the night marks none).
func TestValidateDateIsRuns(t *testing.T) {
	want := "-date: 「2026/06/01」は YYYY-MM-DD 形式の日付ではありません（例: 2026-11-23）"
	for _, args := range [][]string{{"run", "-date", "2026/06/01"}, {"validate", "-date", "2026/06/01", "../../input/総務部.xlsx"}} {
		if r := planreport(t, ".", args...); r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	root := copySample(t)
	if r := planreport(t, root, "run", "-date", "2026-06-01", "-output", "out"); r.code > 1 {
		t.Fatalf("run: exit %d\n%s", r.code, r.stderr)
	}
	copies := filepath.Join(t.TempDir(), "赤入れ")
	if r := planreport(t, root, "validate", "-date", "2026-06-01", "-annotate", copies, "input"); r.code > 1 {
		t.Fatalf("validate: exit %d\n%s", r.code, r.stderr)
	}
	night, mine := listTree(t, filepath.Join(root, "out", "feedback")), listTree(t, copies)
	if len(night) == 0 || !maps.EqualFunc(mine, night, bytes.Equal) {
		t.Errorf("validate's copies %v differ from the night's %v", slices.Sorted(maps.Keys(mine)), slices.Sorted(maps.Keys(night)))
	}
}

// Findings name a workbook by its file name: two workbooks of one name
// from two folders would give findings nobody can tell apart (trial G), so
// validate refuses them; the same file named twice is checked once.
func TestValidateSameNameTwice(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"a", "b"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := blankBook(t, filepath.Join(dir, "a"))
	b, _ := blankBook(t, filepath.Join(dir, "b"))
	r := planreport(t, dir, "validate", "-date", "2026-06-01", a, b)
	if r.code != 2 || !strings.Contains(r.stderr, "同じ名前のブック「福祉部.xlsx」が 2 つあります") || r.stdout != "" {
		t.Errorf("two of one name: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = planreport(t, dir, "validate", "-date", "2026-06-01", a, filepath.Join(dir, "a", ".", "福祉部.xlsx"))
	if r.code != 0 || strings.Count(r.stdout, "福祉部.xlsx: 読み込みました") != 1 {
		t.Errorf("one file named twice: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// A file and its folder both named: one file, checked once.
	r = planreport(t, dir, "validate", "-date", "2026-06-01", filepath.Join(dir, "a"), a)
	if r.code != 0 || strings.Count(r.stdout, "福祉部.xlsx: 読み込みました") != 1 {
		t.Errorf("a file and its folder: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// A workbook with warnings and no error is not simply 提出できます: a
// warning may be what keeps a value out of the report (trial G: a hidden
// year column), so validate asks to look at them first. By hand: an actual
// of −5 against a positive target is a rate below 0, a warning.
func TestValidateWarningsAskForALook(t *testing.T) {
	dir := t.TempDir()
	path, cell := blankBook(t, dir)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(templates.BlankSheetName, cell, -5); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	r := planreport(t, dir, "validate", "-date", "2026-06-01", path)
	warning := "セル" + cell + " " // the negative actual's warning, at its cell
	if r.code != 0 || !strings.Contains(r.stdout, "[警告]") || !strings.Contains(r.stdout, warning) ||
		!strings.Contains(r.stdout, "（negative_rate_basis）") || strings.Contains(r.stdout, "提出できます") ||
		!strings.Contains(r.stdout, "エラーはありません。ただし警告が") || !strings.Contains(r.stdout, "内容を確かめてから提出してください。\n") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
