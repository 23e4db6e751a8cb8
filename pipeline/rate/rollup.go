package rate

import (
	"cmp"
	"math/big"
	"slices"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// rollupKey identifies one group of one roll-up table; unused fields are zero.
type rollupKey struct {
	goal       int
	initiative int
	department string
	year       int
}

// tally accumulates one group. sum is in tenths and kept in a big.Int so
// that no count of rates can overflow it.
type tally struct {
	r      model.Rollup
	sum    big.Int
	addend big.Int // the rate being added, kept to add without allocating
	n      int64
}

func (t *tally) add(e model.Evaluation) {
	if e.Judgement == model.NotEvaluable {
		return
	}
	t.r.Evaluated++
	if e.IsAchieved() {
		t.r.Achieved++
	}
	if e.Rate.Valid {
		t.sum.Add(&t.sum, t.addend.SetInt64(e.Rate.Tenths))
		t.n++
	}
	g := &t.r.Grades
	switch e.Judgement {
	case model.GradeA:
		g.A++
	case model.GradeB:
		g.B++
	case model.GradeC:
		g.C++
	case model.GradeD:
		g.D++
	case model.Achieved:
		g.Achieved++
	case model.NotAchieved:
		g.NotAchieved++
	}
}

// finish sets MeanRate: the exact mean of the rounded rates the report
// shows (so a reader can check it from the table), rounded like a rate.
func (t *tally) finish(rounding config.Rounding) model.Rollup {
	if t.n == 0 {
		return t.r
	}
	if useFast && t.sum.IsInt64() {
		// The mean in tenths is sum ÷ n.
		s := t.sum.Int64()
		if r, ok := quoRound(magnitude(s), 0, uint64(t.n), 0, s < 0); ok {
			if tenths, ok := r.under(rounding); ok {
				t.r.MeanRate = model.Rate{Tenths: tenths, Valid: true}
			}
			return t.r
		}
	}
	mean := new(big.Rat).SetFrac(&t.sum, big.NewInt(t.n*10)) // percent
	if tenths, ok := RoundTenths(mean, rounding); ok {
		t.r.MeanRate = model.Rate{Tenths: tenths, Valid: true}
	}
	return t.r
}

type table map[rollupKey]*tally

func (tb table) at(k rollupKey, proto model.Rollup) *tally {
	t, ok := tb[k]
	if !ok {
		t = &tally{r: proto}
		tb[k] = t
	}
	return t
}

// rows returns the finished roll-ups sorted by goal, initiative, department
// and year, so that map order never reaches an output.
func (tb table) rows(rounding config.Rounding) []model.Rollup {
	keys := make([]rollupKey, 0, len(tb))
	for k := range tb {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		return cmp.Or(
			cmp.Compare(a.goal, b.goal),
			cmp.Compare(a.initiative, b.initiative),
			cmp.Compare(a.department, b.department),
			cmp.Compare(a.year, b.year),
		)
	})
	out := make([]model.Rollup, 0, len(keys))
	for _, k := range keys {
		out = append(out, tb[k].finish(rounding))
	}
	return out
}

// buildRollups summarizes every indicator-year that has a target or an
// actual. A group × year appears as soon as one of its indicator-years has a
// target or an actual, so a year planned but not yet reported shows as
// Evaluated 0 rather than disappearing. Years that ingest could not read
// (Year 0) are left out: 0 means "all years" in a Rollup.
//
// An initiative whose 担当部名 names several departments (総務部・財務部)
// counts once under each of them.
func buildRollups(initiatives []*model.Initiative, rounding config.Rounding) model.Rollups {
	byInit, byDept, byGoal, byYear := table{}, table{}, table{}, table{}
	latest := 0
	for _, in := range initiatives {
		if in == nil {
			continue
		}
		depts := in.Departments()
		for i := range in.Indicators {
			for _, y := range in.Indicators[i].Years {
				year := y.Year.Year
				if year == 0 || (y.Target.Kind == model.ValueNone && y.Actual.Kind == model.ValueNone) {
					continue
				}
				e := y.Eval
				byInit.at(rollupKey{goal: in.GoalNumber, initiative: in.Number, year: year},
					model.Rollup{GoalNumber: in.GoalNumber, Initiative: in.Number, Department: in.Department, Year: year}).add(e)
				for _, d := range depts {
					byDept.at(rollupKey{department: d, year: year},
						model.Rollup{Department: d, Year: year}).add(e)
				}
				byGoal.at(rollupKey{goal: in.GoalNumber, year: year},
					model.Rollup{GoalNumber: in.GoalNumber, Year: year}).add(e)
				byYear.at(rollupKey{year: year}, model.Rollup{Year: year}).add(e)
				if e.Judgement != model.NotEvaluable && year > latest {
					latest = year
				}
			}
		}
	}
	return model.Rollups{
		ByInitiativeYear: byInit.rows(rounding),
		ByDepartmentYear: byDept.rows(rounding),
		ByGoalYear:       byGoal.rows(rounding),
		ByYear:           byYear.rows(rounding),
		LatestYear:       latest,
	}
}
