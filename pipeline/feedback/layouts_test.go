package feedback_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/internal/corpus"
	"planreport/pipeline/feedback"
	"planreport/pipeline/model"
	"planreport/templates"
)

// TestAnnotateKeepsWhatTheDepartmentWrote: the blank sheet of `planreport
// template` filled in, with what departments add to their workbooks — a
// note of their own on a cell a finding points at and on another, a hidden
// sheet, its print area and print titles (names scoped to a sheet, which
// must stay on their sheet when 指摘事項 is put first), a workbook-wide
// name, a formula, a merge, a hidden row and a column width.
func TestAnnotateKeepsWhatTheDepartmentWrote(t *testing.T) {
	f, err := templates.BlankWorkbook(templates.NextPlanFirst, templates.NextPlanLast)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sheet := f.GetSheetName(0)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A target that cannot be read, in the first cell of the drop-downs
	// (the first indicator's first target).
	dvs, err := f.GetDataValidations(sheet)
	if err != nil || len(dvs) == 0 {
		t.Fatalf("drop-downs of the blank sheet: %v %v", dvs, err)
	}
	target, _, _ := strings.Cut(dvs[0].Sqref, ":")
	must(f.SetCellStr(sheet, target, "約150"))
	must(f.AddComment(sheet, excelize.Comment{Cell: "L41", Author: "総務課", Text: "課のメモ: 確認中"}))
	must(f.SetCellFormula(sheet, "M2", "1+1"))
	must(f.MergeCell(sheet, "M5", "N6"))
	must(f.SetColWidth(sheet, "M", "M", 17.5))
	must(f.SetRowVisible(sheet, 60, false))
	_, err = f.NewSheet("作業用")
	must(err)
	must(f.SetCellStr("作業用", "A1", "非表示の作業シート"))
	must(f.SetSheetVisible("作業用", false))
	if names := f.GetDefinedName(); len(names) == 0 || names[0].Scope != sheet {
		t.Fatalf("the blank sheet's print area: %v", names)
	}
	must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'作業用'!$1:$1", Scope: "作業用"}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "基準年", RefersTo: "'" + sheet + "'!$B$2"}))
	must(f.SaveAs(filepath.Join(dir, "記入済み.xlsx")))
	f.Close()

	b := analyzed(t, dir)
	targets := feedback.Targets(b)
	if len(targets) != 1 {
		t.Fatalf("targets %v", targets)
	}
	tg := targets[0]
	// Findings of the shapes the checks make, beside the real ones: on the
	// department's note, on a range, on a whole sheet and the whole file.
	tg.Findings = append(tg.Findings,
		model.Finding{Severity: model.SeverityWarning, Code: "test", Source: model.Source{File: tg.Name, Sheet: sheet, Cell: "L41"}, Message: "メモのあるセルへの指摘"},
		model.Finding{Severity: model.SeverityInfo, Code: "test", Source: model.Source{File: tg.Name, Sheet: sheet, Cell: "M5:N6"}, Message: "範囲への指摘"},
		model.Finding{Severity: model.SeverityError, Code: "test", Source: model.Source{File: tg.Name, Sheet: "作業用"}, Message: "シート全体への指摘"},
		model.Finding{Severity: model.SeverityError, Code: "test", Source: model.Source{File: tg.Name}, Message: "ファイル全体への指摘"},
	)
	orig, err := os.ReadFile(filepath.Join(dir, tg.Name))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, fd := range tg.Findings {
		found = found || fd.Cell == target && fd.Severity == model.SeverityError
	}
	if !found {
		t.Errorf("no error on %s (約150): %v", target, tg.Findings)
	}
	checkTarget(t, orig, tg.Name, tg.Findings)
}

// TestAnnotateCorpus: the committed workbooks of the bad-input corpus that
// ingest accepts (odd layouts, other programs, odd values) get copies that
// keep every cell; the rejected ones get none.
func TestAnnotateCorpus(t *testing.T) {
	dir := t.TempDir()
	for _, e := range corpus.Entries() {
		if e.Committed {
			if err := e.Write(dir); err != nil {
				t.Fatal(err)
			}
		}
	}
	b := analyzed(t, dir)
	rejected := map[string]bool{}
	for _, f := range b.Files {
		rejected[f.Name] = f.Status == model.FileRejected
	}
	targets := feedback.Targets(b)
	if len(targets) < 3 {
		t.Fatalf("only %d corpus workbooks with findings", len(targets))
	}
	for _, tg := range targets {
		if rejected[tg.Name] {
			t.Errorf("%s is rejected but gets a copy", tg.Name)
		}
	}
	annotateAll(t, dir, b)
}

// TestAnnotateOtherLayouts: the next plan period's example sheet (令和3〜7年度)
// and synthetic workbooks of several sheets each, as `make bench` makes
// them, with whatever findings the checks give them.
func TestAnnotateOtherLayouts(t *testing.T) {
	dir := t.TempDir()
	wbs := append(templates.Synthetic(20, 3), templates.Workbook{File: "次期計画.xlsx", Sheets: []templates.Sheet{templates.NextPlanExample()}})
	for _, wb := range wbs {
		if err := templates.Save(dir, wb); err != nil {
			t.Fatal(err)
		}
	}
	b := analyzed(t, dir)
	if n := annotateAll(t, dir, b); n == 0 {
		t.Fatal("no finding with a cell")
	}
}
