package status_test

import (
	"reflect"
	"slices"
	"testing"

	"planreport/pipeline/model"
	"planreport/pipeline/status"
	"planreport/pipeline/status/statustest"
)

// TestBlanksAreTheTablesOnce: what validate lists is what the 提出状況
// table lists, each blank once even when its sheet belongs to two
// departments (and so is in both departments' lists).
func TestBlanksAreTheTablesOnce(t *testing.T) {
	b := statustest.Batch()
	for _, in := range b.Initiatives {
		if in.Source.File == statustest.BlankFile {
			in.Department = statustest.GeneralDept + "・" + statustest.FinanceDept
		}
	}
	got := status.Blanks(b)
	want := []status.Blank{{GoalNumber: 1, Number: 1, Title: statustest.BlankTitle, Indicator: statustest.BlankIndicator,
		Year:   model.FiscalYear{Year: 2025, Label: model.Wareki(2025)},
		Source: model.Source{File: statustest.BlankFile, Sheet: statustest.BlankSheet, Cell: statustest.BlankCell}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("blanks %+v, want %+v", got, want)
	}
	listed := 0
	for _, d := range status.Compute(b).Departments {
		for _, bl := range d.Blank {
			listed++
			if !slices.Contains(got, bl) {
				t.Errorf("%s: %+v is in the table, not in Blanks", d.Name, bl)
			}
		}
	}
	if listed != 2 {
		t.Errorf("the table lists the blank %d times, want 2 (once per department)", listed)
	}
}

// TestBlanksFollowTheReportDate: the evaluation year is the report
// date's: reported on before fiscal year 2026, 2025's blank actual is not
// yet due (2024's actual is there).
func TestBlanksFollowTheReportDate(t *testing.T) {
	b := statustest.Batch()
	b.ReportDate = "2025-11-20"
	if got := status.Blanks(b); len(got) != 0 {
		t.Errorf("blanks as of %s: %+v, want none", b.ReportDate, got)
	}
}
