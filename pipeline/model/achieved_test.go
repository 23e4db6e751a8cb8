package model

import "testing"

// TestIsAchieved pins the one rule of 達成 the roll-ups, the run record,
// the summary mail and the summary workbook count with.
func TestIsAchieved(t *testing.T) {
	rate := func(tenths int64) Rate { return Rate{Tenths: tenths, Valid: true} }
	for _, c := range []struct {
		e    Evaluation
		want bool
	}{
		{Evaluation{Rate: rate(1000), Judgement: GradeA}, true},
		{Evaluation{Rate: rate(1063), Judgement: GradeA}, true},
		{Evaluation{Rate: rate(999), Judgement: GradeB}, false},
		{Evaluation{Rate: rate(-5), Judgement: GradeD}, false},
		{Evaluation{Judgement: Achieved}, true},
		{Evaluation{Judgement: NotAchieved}, false},
		{Evaluation{Judgement: GradeA}, false},                         // no rate
		{Evaluation{Rate: rate(1200), Judgement: NotEvaluable}, false}, // not evaluated: not counted
	} {
		if got := c.e.IsAchieved(); got != c.want {
			t.Errorf("%+v: IsAchieved %v, want %v", c.e, got, c.want)
		}
	}
}
