package status_test

import (
	"testing"

	"planreport/pipeline/check"
	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

// A byte-identical copy of a department's workbook, which check leaves
// out, is not a second workbook received in 提出状況.
func TestIdenticalCopyIsNotASecondSubmission(t *testing.T) {
	sheet := func(file string) *model.Initiative {
		return &model.Initiative{GoalNumber: 5, Number: 1, Title: "取組", Department: "福祉部",
			Source: model.Source{File: file, Sheet: "取組1", Cell: "A1"}}
	}
	b := &model.Batch{ReportDate: "2026-11-23",
		Initiatives: []*model.Initiative{sheet("福祉部 .xlsx"), sheet("福祉部.xlsx")},
		Files: []model.InputFile{
			{Name: "福祉部 .xlsx", SHA256: "same", Status: model.FileAccepted},
			{Name: "福祉部.xlsx", SHA256: "same", Status: model.FileAccepted},
		}}
	check.Run(b)
	tab := status.Compute(b)
	if len(tab.Departments) != 1 {
		t.Fatalf("departments %+v, want 福祉部 alone", tab.Departments)
	}
	d := tab.Departments[0]
	if len(d.Files) != 1 || d.Files[0].Name != "福祉部.xlsx" || d.Files[0].Unread {
		t.Errorf("files %+v, want 福祉部.xlsx alone, read", d.Files)
	}
	if d.Sheets != 1 {
		t.Errorf("sheets %d, want 1", d.Sheets)
	}
}
