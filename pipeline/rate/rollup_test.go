package rate

import (
	"fmt"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

func ind(name string, years ...model.IndicatorYear) model.Indicator {
	return model.Indicator{Name: name, Years: years}
}

func yr(year int, target, actual model.Value) model.IndicatorYear {
	return model.IndicatorYear{Year: model.FiscalYear{Year: year}, Target: target, Actual: actual}
}

// rollupBatch is small enough to add up by hand:
//
//	goal 5 #1 復興政策部   X: 2015 157/373 = 42.09 → 42.1 D   2016 172/373 = 46.11 → 46.1 D
//	                       Y: 2015 7/6 = 116.66 → 116.7 A     2016 9/6 = 150.0 A
//	goal 5 #3 総務部       Z: 2015 4/8 = 50.0 C  2016 6/8 = 75.0 C  2017 6/10 = 60.0 C  2018 target 8 only
//	goal 5 #7 総務部・財務部 Q: 2015 実施/実施 達成  2016 実施/未実施 未達成  2017 実施/— (not evaluated)
//	goal 6 #20 財務部      W: 2015 2/2 = 100.0 A;  2016 —/— (neither: not counted at all)
func rollupBatch() *model.Batch {
	return &model.Batch{
		ReportDate: "2018-11-23",
		Initiatives: []*model.Initiative{
			{GoalNumber: 6, Number: 20, Department: "財務部", Title: "w", Indicators: []model.Indicator{
				ind("W", yr(2015, num("2"), num("2")), yr(2016, none, none)),
			}},
			{GoalNumber: 5, Number: 1, Department: "復興政策部", Title: "a", Indicators: []model.Indicator{
				ind("X", yr(2015, num("373"), num("157")), yr(2016, num("373"), num("172"))),
				ind("Y", yr(2015, num("6"), num("7")), yr(2016, num("6"), num("9"))),
			}},
			{GoalNumber: 5, Number: 7, Department: "総務部・財務部", Title: "q", Indicators: []model.Indicator{
				ind("Q", yr(2015, done, done), yr(2016, done, notDone), yr(2017, done, none)),
			}},
			{GoalNumber: 5, Number: 3, Department: "総務部", Title: "z", Indicators: []model.Indicator{
				ind("Z", yr(2015, num("8"), num("4")), yr(2016, num("8"), num("6")), yr(2017, num("10"), num("6")), yr(2018, num("8"), none)),
			}},
		},
	}
}

// r formats a roll-up compactly for comparison: key | evaluated achieved mean | A B C D 達成 未達成.
func r(x model.Rollup) string {
	g := x.Grades
	return fmt.Sprintf("%d/%d/%s/%d | %d %d %s | %d %d %d %d %d %d",
		x.GoalNumber, x.Initiative, x.Department, x.Year, x.Evaluated, x.Achieved, x.MeanRate,
		g.A, g.B, g.C, g.D, g.Achieved, g.NotAchieved)
}

func rows(xs []model.Rollup) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = r(x)
	}
	return out
}

func TestRollups(t *testing.T) {
	b := rollupBatch()
	Run(b, OptionsOf(defaultConfig()))
	// Means by hand, in tenths: (421+1167)/2 = 794; (461+1500)/2 = 980.5 → 981;
	// goal 5 2015 (421+1167+500)/3 = 696; 2016 (461+1500+750)/3 = 903.67 → 904;
	// all 2015 (421+1167+500+1000)/4 = 772.
	want := map[string][]string{
		"initiative": {
			"5/1/復興政策部/2015 | 2 1 79.4 | 1 0 0 1 0 0",
			"5/1/復興政策部/2016 | 2 1 98.1 | 1 0 0 1 0 0",
			"5/3/総務部/2015 | 1 0 50.0 | 0 0 1 0 0 0",
			"5/3/総務部/2016 | 1 0 75.0 | 0 0 1 0 0 0",
			"5/3/総務部/2017 | 1 0 60.0 | 0 0 1 0 0 0",
			"5/3/総務部/2018 | 0 0 — | 0 0 0 0 0 0",
			"5/7/総務部・財務部/2015 | 1 1 — | 0 0 0 0 1 0",
			"5/7/総務部・財務部/2016 | 1 0 — | 0 0 0 0 0 1",
			"5/7/総務部・財務部/2017 | 0 0 — | 0 0 0 0 0 0",
			"6/20/財務部/2015 | 1 1 100.0 | 1 0 0 0 0 0",
		},
		// Sorted by the department string (code point order: 復 < 総 < 財).
		"department": {
			"0/0/復興政策部/2015 | 2 1 79.4 | 1 0 0 1 0 0",
			"0/0/復興政策部/2016 | 2 1 98.1 | 1 0 0 1 0 0",
			"0/0/総務部/2015 | 2 1 50.0 | 0 0 1 0 1 0",
			"0/0/総務部/2016 | 2 0 75.0 | 0 0 1 0 0 1",
			"0/0/総務部/2017 | 1 0 60.0 | 0 0 1 0 0 0",
			"0/0/総務部/2018 | 0 0 — | 0 0 0 0 0 0",
			"0/0/財務部/2015 | 2 2 100.0 | 1 0 0 0 1 0",
			"0/0/財務部/2016 | 1 0 — | 0 0 0 0 0 1",
			"0/0/財務部/2017 | 0 0 — | 0 0 0 0 0 0",
		},
		"goal": {
			"5/0//2015 | 4 2 69.6 | 1 0 1 1 1 0",
			"5/0//2016 | 4 1 90.4 | 1 0 1 1 0 1",
			"5/0//2017 | 1 0 60.0 | 0 0 1 0 0 0",
			"5/0//2018 | 0 0 — | 0 0 0 0 0 0",
			"6/0//2015 | 1 1 100.0 | 1 0 0 0 0 0",
		},
		"year": {
			"0/0//2015 | 5 3 77.2 | 2 0 1 1 1 0",
			"0/0//2016 | 4 1 90.4 | 1 0 1 1 0 1",
			"0/0//2017 | 1 0 60.0 | 0 0 1 0 0 0",
			"0/0//2018 | 0 0 — | 0 0 0 0 0 0",
		},
	}
	got := map[string][]string{
		"initiative": rows(b.Rollups.ByInitiativeYear),
		"department": rows(b.Rollups.ByDepartmentYear),
		"goal":       rows(b.Rollups.ByGoalYear),
		"year":       rows(b.Rollups.ByYear),
	}
	for k, w := range want {
		g := got[k]
		if len(g) != len(w) {
			t.Errorf("%s: %d rows, want %d:\n got %q\nwant %q", k, len(g), len(w), g, w)
			continue
		}
		for i := range w {
			if g[i] != w[i] {
				t.Errorf("%s row %d:\n got %s\nwant %s", k, i, g[i], w[i])
			}
		}
	}
	// 2018 has a target but no evaluated indicator: the latest evaluated year is 2017.
	if b.Rollups.LatestYear != 2017 {
		t.Errorf("LatestYear = %d, want 2017", b.Rollups.LatestYear)
	}
}

func TestRollupMeanTruncated(t *testing.T) {
	// Under truncation #1 2016 is 46.1 (46.11…) and 150.0: (461+1500)/2 =
	// 980.5 → 98.0; #1 2015 is 42.0 (42.09…) and 116.6: (420+1166)/2 = 793.
	b := rollupBatch()
	cfg := defaultConfig()
	cfg.Rounding = config.Truncate
	Run(b, OptionsOf(cfg))
	got := b.Rollups.ByInitiativeYear[:2]
	if got[0].MeanRate.String() != "79.3" || got[1].MeanRate.String() != "98.0" {
		t.Errorf("truncated means = %s, %s; want 79.3, 98.0", got[0].MeanRate, got[1].MeanRate)
	}
}

func TestRollupsIgnoreOrderOfInitiatives(t *testing.T) {
	a, b := rollupBatch(), rollupBatch()
	in := b.Initiatives
	for i, j := 0, len(in)-1; i < j; i, j = i+1, j-1 {
		in[i], in[j] = in[j], in[i]
	}
	Run(a, OptionsOf(defaultConfig()))
	Run(b, OptionsOf(defaultConfig()))
	if fmt.Sprint(a.Rollups) != fmt.Sprint(b.Rollups) {
		t.Errorf("roll-ups depend on the order of initiatives:\n%v\n%v", a.Rollups, b.Rollups)
	}
}
