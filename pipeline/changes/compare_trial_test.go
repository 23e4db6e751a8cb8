package changes

import (
	"slices"
	"testing"

	"planreport/pipeline/model"
)

// Trial H, defect 6: a finding's change names the initiative of its sheet,
// as the report's 取組 column does, so that 変更点 and diff -json agree
// with it; a finding about a whole workbook names none.
func TestFindingChangesNameTheirInitiative(t *testing.T) {
	a := initiative(5, 11, "十一", plan1)
	prev, cur := snap("2026-06-01", a), snap("2026-07-01", a)
	prev.Findings = []Finding{errAt(a.File, a.Sheet, "E21", "stated_rate_mismatch")}
	cur.Findings = []Finding{errAt(a.File, a.Sheet, "F21", "stated_rate_mismatch"), errAt(a.File, "", "", "external_link")}
	got := Compare(prev, cur)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeFindingFixed, model.ChangeFindingNew, model.ChangeFindingNew}) {
		t.Fatalf("kinds %v", k)
	}
	for _, it := range got.Items[:2] {
		if it.Goal != 5 || it.Initiative != 11 || it.Title != "十一" {
			t.Errorf("%s at %s names %d-%d %q", it.Kind, it.Source, it.Goal, it.Initiative, it.Title)
		}
	}
	if it := got.Items[2]; it.Initiative != 0 || it.Title != "" {
		t.Errorf("a workbook's finding names %+v", it)
	}
}

// Trial H, defect 10: the same departments in another order (or with
// another separator) are no 担当部の変更; another department still is.
func TestDepartmentsComparedAsSet(t *testing.T) {
	for _, c := range []struct {
		before, after string
		change        bool
	}{
		{"総務部・財務部", "財務部・総務部", false},
		{"総務部・財務部", "総務部、財務部", false},
		{"総務部・財務部", "総務部", true},
		{"総務部", "財務部", true},
	} {
		p, n := initiative(5, 7, "七", plan1), initiative(5, 7, "七", plan1)
		p.Department, n.Department = c.before, c.after
		got := Compare(snap("2026-06-01", p), snap("2026-07-01", n))
		if has := got.Count(model.ChangeDepartment) > 0; has != c.change {
			t.Errorf("%s → %s: 担当部の変更 %v, want %v", c.before, c.after, has, c.change)
		}
	}
}

// Trial H, defect 9: the findings on the rows of an indicator removed went
// with it: not 指摘の解消. A finding on another indicator's rows still is.
func TestRemovedIndicatorFindingsNotFixed(t *testing.T) {
	ind := func(name, row1, row2, row3 string) Indicator {
		return Indicator{Name: name, Cell: "B" + row1, Years: []Year{{Year: 2015, Target: Value{Text: "10", Cell: "E" + row1},
			Actual: Value{Text: "5", Cell: "E" + row2}, Stated: Value{Text: "60", Cell: "E" + row3}, Rate: "50.0", Grade: "D"}}}
	}
	keep, gone := ind("結成数", "16", "17", "18"), ind("公園数", "19", "20", "21")
	p, n := initiative(5, 11, "十一", plan1, keep, gone), initiative(5, 11, "十一", plan1, keep)
	prev, cur := snap("2026-06-01", p), snap("2026-07-01", n)
	prev.Findings = []Finding{errAt(p.File, p.Sheet, "E18", "stated_rate_mismatch"), errAt(p.File, p.Sheet, "E21", "stated_rate_mismatch"),
		errAt(p.File, p.Sheet, "F20", "value_unreadable")}
	got := Compare(prev, cur)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeIndicatorRemoved, model.ChangeFindingFixed}) {
		t.Fatalf("kinds %v: %+v", k, got.Items)
	}
	if it := got.Items[1]; it.Source.Cell != "E18" {
		t.Errorf("fixed %+v", it)
	}
}

// Trial H, defect 4: with a new plan, an initiative that shares no fiscal
// year with its previous report is not compared item by item (its
// indicators removed and added, its findings fixed and new): it is under
// the one 計画期間の変更 line, which lists the periods the plans have
// rather than one span none has.
func TestNewPlanNoCommonYear(t *testing.T) {
	old := func(n int, title string) Initiative {
		return initiative(5, n, title, plan1, Indicator{Name: "申請件数", Cell: "B13", Years: []Year{year(2015, "10", "5", "50.0", "D")}})
	}
	moved := initiative(5, 1, "一", model.Period{First: 2026, Last: 2030}, Indicator{Name: "指標A", Cell: "B13", Years: []Year{year(2026, "3", "", "—", "—")}})
	prev := snap("2026-06-01", old(1, "一"), old(2, "二"))
	cur := snap("2027-06-01", moved, old(2, "二"))
	prev.Findings = []Finding{errAt(moved.File, moved.Sheet, "E15", "stated_rate_mismatch")}
	cur.Findings = []Finding{errAt(moved.File, moved.Sheet, "E16", "indicator_without_target")}
	got := Compare(prev, cur)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangePlanPeriod}) {
		t.Fatalf("kinds %v: %+v", k, got.Items)
	}
	it := got.Items[0]
	if it.Before != "平成27年度〜令和2年度（取組2件）" || it.After != "平成27年度〜令和2年度：取組1件、令和8年度〜令和12年度：取組1件（うち前回と同じ取組2件）" {
		t.Errorf("plan period line %q → %q", it.Before, it.After)
	}
}
