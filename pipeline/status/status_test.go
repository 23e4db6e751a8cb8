package status_test

import (
	"reflect"
	"testing"

	"planreport/pipeline/model"
	"planreport/pipeline/status"
	"planreport/pipeline/status/statustest"
)

func TestCompute(t *testing.T) {
	b := statustest.Batch()
	tab := status.Compute(b)
	if tab.EvaluationYear != 2025 {
		t.Errorf("evaluation year %d, want 2025", tab.EvaluationYear)
	}
	var names []string
	byName := map[string]status.Department{}
	for _, d := range tab.Departments {
		names = append(names, d.Name)
		byName[d.Name] = d
	}
	if want := []string{"建設部", "総務部", "財務部"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("departments %q, want %q", names, want)
	}
	build := byName[statustest.MissingDept]
	wantMissing := []status.Missing{{GoalNumber: 1, Number: statustest.MissingNumber, Title: statustest.MissingTitle,
		Source: model.Source{File: statustest.IndexFile, Sheet: statustest.IndexSheet, Cell: statustest.MissingCell}}}
	// 建設部's rejected workbook is its own by its file name: received,
	// unread, and its error counts to 建設部.
	wantFiles := []status.File{{Name: statustest.UnreadFile, Modified: status.Unknown, ModifiedBy: status.Unknown, Unread: true, Status: model.FileRejected}}
	if !reflect.DeepEqual(build.Missing, wantMissing) || build.Sheets != 0 || !reflect.DeepEqual(build.Files, wantFiles) || build.Errors != 1 || !build.NeedsChasing() {
		t.Errorf("建設部: %+v", build)
	}
	wantUnattributed := []status.File{{Name: statustest.UnattributedFile, Modified: statustest.UnattributedJapan, ModifiedBy: statustest.UnattributedSaver,
		Unread: true, Status: model.FileRejected}}
	if !reflect.DeepEqual(tab.Unattributed, wantUnattributed) {
		t.Errorf("unattributed %+v, want %+v", tab.Unattributed, wantUnattributed)
	}
	general := byName[statustest.GeneralDept]
	if len(general.Blank) != 1 || general.Blank[0].Source != (model.Source{File: statustest.BlankFile, Sheet: statustest.BlankSheet, Cell: statustest.BlankCell}) ||
		general.Blank[0].Indicator != statustest.BlankIndicator || general.Blank[0].Year.Year != 2025 {
		t.Errorf("総務部 blanks: %+v", general.Blank)
	}
	wantFiles = []status.File{{Name: statustest.BlankFile, Modified: statustest.SavedAtJapan, ModifiedBy: statustest.SavedBy, Status: model.FileAccepted}}
	if !reflect.DeepEqual(general.Files, wantFiles) || general.Sheets != 1 || general.Warnings != 1 || general.Errors != 0 {
		t.Errorf("総務部: %+v", general)
	}
	finance := byName[statustest.FinanceDept]
	wantFiles = []status.File{{Name: statustest.FinanceFile, Modified: status.Unknown, ModifiedBy: status.Unknown, Status: model.FileAccepted}}
	// 2025 has its actual; 2026 is not yet due.
	if !reflect.DeepEqual(finance.Files, wantFiles) || len(finance.Blank) != 0 || len(finance.Missing) != 0 || finance.Errors != 1 {
		t.Errorf("財務部: %+v", finance)
	}
	if got := len(tab.ToChase()); got != 3 {
		t.Errorf("%d departments to chase, want 3", got)
	}
}

// TestComputeDeterministic: the same batch in another order gives the
// same table.
func TestComputeDeterministic(t *testing.T) {
	a := status.Compute(statustest.Batch())
	b := statustest.Batch()
	for i, j := 0, len(b.Initiatives)-1; i < j; i, j = i+1, j-1 {
		b.Initiatives[i], b.Initiatives[j] = b.Initiatives[j], b.Initiatives[i]
	}
	for i, j := 0, len(b.Files)-1; i < j; i, j = i+1, j-1 {
		b.Files[i], b.Files[j] = b.Files[j], b.Files[i]
	}
	if got := status.Compute(b); !reflect.DeepEqual(got, a) {
		t.Errorf("order changed the table:\n%+v\n%+v", got, a)
	}
}

func TestEvaluationYear(t *testing.T) {
	for date, want := range map[string]int{"2026-03-31": 2024, "2026-04-01": 2025, "2026-11-20": 2025, "bad": 0} {
		if got := status.EvaluationYear(date); got != want {
			t.Errorf("%s: %d, want %d", date, got, want)
		}
	}
}

// TestPlanEndedBeforeEvaluationYear: a sheet whose plan ended before the
// evaluation year (平成27〜令和2年度, reported on in 2026) owes its last
// year's actuals: a target of 令和2年度 with no actual is 未記入, at its
// cell; an earlier year's blank is not asked for.
func TestPlanEndedBeforeEvaluationYear(t *testing.T) {
	src := model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "A1"}
	ind := model.Indicator{Name: "公園数", Source: src.At("B12")}
	for i, year := range []int{2019, 2020} {
		col := string(rune('E' + i))
		ind.Years = append(ind.Years, model.IndicatorYear{
			Year:   model.FiscalYear{Year: year, Label: model.Wareki(year)},
			Target: model.Value{Kind: model.ValueNumber, Number: "10", Source: src.At(col + "12")},
			Actual: model.Value{Source: src.At(col + "13")},
		})
	}
	b := &model.Batch{ReportDate: "2026-11-20", Initiatives: []*model.Initiative{{Source: src, Department: "建設部",
		GoalNumber: 5, Number: 11, Title: "公園", Period: model.Period{First: 2015, Last: 2020}, Indicators: []model.Indicator{ind}}}}
	tab := status.Compute(b)
	if len(tab.Departments) != 1 {
		t.Fatalf("departments %+v", tab.Departments)
	}
	blank := tab.Departments[0].Blank
	if len(blank) != 1 || blank[0].Year.Year != 2020 || blank[0].Source.Cell != "F13" {
		t.Errorf("blanks %+v, want 令和2年度 at F13 only", blank)
	}
}
