package check

import (
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

// A copy saved by hand beside the department's workbook (「福祉部 .xlsx」,
// a space before the extension) sorts before 福祉部.xlsx byte by byte; the
// workbook named as the department is still the one the report uses,
// whichever order ingest or the file names give.
func TestDuplicatePrefersDepartmentName(t *testing.T) {
	for _, spaceFirst := range []bool{true, false} {
		odd := sheetOf("福祉部 .xlsx", "取組1", 5, 1, "写し", "福祉部")
		plain := sheetOf("福祉部.xlsx", "取組1", 5, 1, "本来", "福祉部")
		ins := []*model.Initiative{plain, odd}
		if spaceFirst {
			ins = []*model.Initiative{odd, plain}
		}
		b := &model.Batch{Initiatives: ins, Files: []model.InputFile{
			{Name: "福祉部 .xlsx", SHA256: "aa", Status: model.FileAccepted},
			{Name: "福祉部.xlsx", SHA256: "bb", Status: model.FileAccepted},
		}}
		run(b)
		if len(b.Initiatives) != 1 || b.Initiatives[0] != plain {
			t.Fatalf("kept %v, want 福祉部.xlsx", sources(b.Initiatives))
		}
		msg := messageOf(t, b, CodeDuplicateInitiative)
		if !strings.Contains(msg, "報告書にはファイル名が担当部名どおりのブックの「福祉部.xlsx」シート「取組1」") {
			t.Errorf("message %q", msg)
		}
	}
}

// Between two names that are not the department's, the one without white
// space wins; between two ordinary ones, file order (as before).
func TestDuplicatePrefersNameWithoutSpaces(t *testing.T) {
	odd := sheetOf("a .xlsx", "取組1", 5, 1, "写し", "福祉部")
	plain := sheetOf("b.xlsx", "取組1", 5, 1, "本来", "福祉部")
	b := &model.Batch{Initiatives: []*model.Initiative{odd, plain}}
	run(b)
	if len(b.Initiatives) != 1 || b.Initiatives[0] != plain {
		t.Fatalf("kept %v, want b.xlsx", sources(b.Initiatives))
	}
	if msg := messageOf(t, b, CodeDuplicateInitiative); !strings.Contains(msg, "報告書にはファイル名に空白のないブックの「b.xlsx」") {
		t.Errorf("message %q", msg)
	}
}

// Two byte-identical workbooks are one submission: the copy's sheets and
// index are left out with one finding naming both files, not an error per
// initiative.
func TestIdenticalWorkbooksAreOneSubmission(t *testing.T) {
	var ins []*model.Initiative
	for _, file := range []string{"福祉部 .xlsx", "福祉部.xlsx"} {
		for n := 1; n <= 3; n++ {
			ins = append(ins, sheetOf(file, "取組"+string(rune('0'+n)), 5, n, "取組", "福祉部"))
		}
	}
	idx := func(file string) model.GoalIndex {
		return model.GoalIndex{GoalNumber: 5, Source: model.Source{File: file, Sheet: "取組一覧"},
			Entries: []model.IndexEntry{{Number: 1, Title: "取組"}, {Number: 2, Title: "取組"}, {Number: 3, Title: "取組"}}}
	}
	b := &model.Batch{Initiatives: ins, Indexes: []model.GoalIndex{idx("福祉部 .xlsx"), idx("福祉部.xlsx")}, Files: []model.InputFile{
		{Name: "福祉部 .xlsx", SHA256: "same", Status: model.FileAccepted},
		{Name: "福祉部.xlsx", SHA256: "same", Status: model.FileAccepted},
		{Name: "other.xlsx", SHA256: "same", Status: model.FileRejected}, // not read: not a copy
	}}
	run(b)
	if got := sources(b.Initiatives); !slices.Equal(got, []string{"福祉部.xlsx/取組1", "福祉部.xlsx/取組2", "福祉部.xlsx/取組3"}) {
		t.Fatalf("kept %v, want 福祉部.xlsx's three sheets", got)
	}
	if len(b.Indexes) != 1 || b.Indexes[0].Source.File != "福祉部.xlsx" {
		t.Errorf("indexes %+v, want 福祉部.xlsx's only", b.Indexes)
	}
	assertFindings(t, b, "info:identical_workbook@福祉部 .xlsx//")
	msg := messageOf(t, b, CodeIdenticalWorkbook)
	for _, s := range []string{"「福祉部 .xlsx」", "「福祉部.xlsx」と同じ内容", "一つの提出"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}
