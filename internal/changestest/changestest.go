// Package changestest makes the second report's inputs of issue 18's
// acceptance from the sample, and knows the changes they make, worked out
// by hand. The pipeline's and the command's tests share it.
package changestest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

// editWorkbook opens an input workbook, lets edit change it and saves it.
func editWorkbook(t testing.TB, path string, edit func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Edit makes the second report's inputs from the sample: one
// actual entered, one target changed, one new initiative (取組12, listed in
// the 取組一覧 too), and the stated rate of 取組1's first indicator in
// 平成27年度 corrected, which fixes the finding on it.
func Edit(t testing.TB, in string) {
	t.Helper()
	editWorkbook(t, filepath.Join(in, "復興政策部.xlsx"), func(f *excelize.File) {
		must(t, f.SetCellValue("取組1", "H14", 200))  // 平成30年度 actual, blank before
		must(t, f.SetCellValue("取組1", "J16", 12))   // 平成32年度 target 10 → 12
		must(t, f.SetCellValue("取組1", "E15", 42.1)) // stated 42 (truncated) → 42.1
		idx, err := f.NewSheet("取組12")
		must(t, err)
		src, _ := f.GetSheetIndex("取組1")
		must(t, f.CopySheet(src, idx))
		must(t, f.SetCellValue("取組12", "B3", 12))
		must(t, f.SetCellValue("取組12", "C3", "地域活動の担い手育成"))
		must(t, f.SetCellValue("取組12", "B4", "地域活動を担う人材を育成する講座を開く。"))
	})
	editWorkbook(t, filepath.Join(in, "基本目標5_取組一覧.xlsx"), func(f *excelize.File) {
		must(t, f.SetCellValue("取組一覧", "A19", 12))
		must(t, f.SetCellValue("取組一覧", "B19", "地域活動の担い手育成"))
		must(t, f.SetCellValue("取組一覧", "C19", "復興政策部"))
	})
}

// Want are the changes changeInputs makes, worked out by hand:
// 157/373 … are unchanged; 200 of 250 is 80.0 %, grade B (80 ≤ rate < 100);
// the stated rate 42 shown as 42.0 (its 0.0 format), now 42.1.
var Want = []model.Change{
	{Kind: model.ChangeGrade, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "コミュニティづくり支援補助事業申請件数", Year: 2018, Item: "判定", Before: "—", After: "B",
		Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "H14"}},
	{Kind: model.ChangeRate, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "コミュニティづくり支援補助事業申請件数", Year: 2018, Item: "達成率", Before: "—", After: "80.0",
		Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "H14"}},
	{Kind: model.ChangeActualEntered, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "コミュニティづくり支援補助事業申請件数", Year: 2018, Item: "実績値", Before: "", After: "200",
		Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "H14"}},
	{Kind: model.ChangeValue, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "コミュニティづくり支援補助事業申請件数", Year: 2015, Item: "記載達成率", Before: "42.0", After: "42.1",
		Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "E15"}},
	{Kind: model.ChangeValue, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "地域づくりコーディネート補助団体数", Year: 2020, Item: "目標値", Before: "10", After: "12",
		Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "J16"}},
	{Kind: model.ChangeInitiativeAdded, Goal: 5, Initiative: 12, Title: "地域活動の担い手育成", After: "地域活動の担い手育成",
		Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組12"}},
	// A finding names the initiative of its sheet, as the report's 取組
	// column does (trial H, defect 6).
	{Kind: model.ChangeFindingFixed, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Item: "警告", Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "E15"}},
}

// Check compares got with Want; a fixed finding's message is the
// old report's wording, checked only for naming the cell.
func Check(t testing.TB, got []model.Change) {
	t.Helper()
	if len(got) != len(Want) {
		for _, g := range got {
			t.Logf("got %+v", g)
		}
		t.Fatalf("%d changes, want %d", len(got), len(Want))
	}
	for i, w := range Want {
		g := got[i]
		if w.Kind == model.ChangeFindingFixed {
			if !strings.Contains(g.Before, "E15") {
				t.Errorf("fixed finding's message %q does not name E15", g.Before)
			}
			g.Before = ""
		}
		if g != w {
			t.Errorf("change %d:\n got %+v\nwant %+v", i+1, g, w)
		}
	}
}
