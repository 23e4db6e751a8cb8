package status

import (
	"testing"

	"planreport/pipeline/model"
)

// TestHiddenColumnBlankIsMarked: a blank of a year column hidden in Excel
// is a blank by the same rule as any other (a target, no actual, the due
// year) and is marked Hidden, so that every list of it (validate, the
// 提出状況) can say the column must be shown first.
func TestHiddenColumnBlankIsMarked(t *testing.T) {
	in := &model.Initiative{Source: model.Source{File: "福祉部.xlsx", Sheet: "取組4"}, GoalNumber: 2, Number: 4, Title: "見守り活動の推進"}
	ys := []model.IndicatorYear{
		{Year: model.FiscalYear{Year: 2024}, Target: model.Value{Kind: model.ValueNumber, Number: "8"}},
		{Year: model.FiscalYear{Year: 2025}, Target: model.Value{Kind: model.ValueNumber, Number: "8"},
			Actual: model.Value{Source: model.Source{File: "福祉部.xlsx", Sheet: "取組4", Cell: "I13"}}},
	}
	got := blankYears(in, "見守り訪問の回数", ys, 2025, true)
	if len(got) != 1 || !got[0].Hidden || got[0].Source.Cell != "I13" || got[0].Year.Year != 2025 {
		t.Fatalf("hidden blanks %+v, want the 2025 actual at I13, marked hidden", got)
	}
	if got := blankYears(in, "見守り訪問の回数", ys, 2025, false); len(got) != 1 || got[0].Hidden {
		t.Errorf("visible blanks %+v, want one, not hidden", got)
	}
}
