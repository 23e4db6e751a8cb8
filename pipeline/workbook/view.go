package workbook

import (
	"cmp"
	"context"
	"slices"

	"planreport/pipeline/model"
)

// view is the batch in the order the workbook shows it. Sorting here makes
// the workbook independent of the order in which parallel readers appended
// to the batch.
type view struct {
	rows        *rowStore           // what the tables share while their rows are streamed
	initiatives []*model.Initiative // by goal, initiative number, file, sheet
	findings    []model.Finding     // model.SortFindings order
	files       []model.InputFile   // by name
	years       []int               // fiscal years shown across 指標一覧, ascending

	// manyGoals: the initiatives span more than one basic goal, so 概要
	// has each goal's rows (reportdoc.ManyGoals, the rule of 総括).
	manyGoals bool

	changes  *model.Changes // nil: the run did not compare
	rollups  model.Rollups
	byInitYr map[initiativeYear]model.Rollup // lookup only, never iterated
}

type initiativeYear struct{ goal, number, year int }

func newView(b *model.Batch) *view {
	v := &view{rollups: b.Rollups, changes: b.Changes, byInitYr: make(map[initiativeYear]model.Rollup)}
	for _, in := range b.Initiatives {
		if in != nil {
			v.initiatives = append(v.initiatives, in)
		}
	}
	slices.SortStableFunc(v.initiatives, func(a, b *model.Initiative) int {
		return cmp.Or(
			cmp.Compare(a.GoalNumber, b.GoalNumber),
			cmp.Compare(a.Number, b.Number),
			cmp.Compare(a.Source.File, b.Source.File),
			cmp.Compare(a.Source.Sheet, b.Source.Sheet),
		)
	})
	v.findings = slices.Clone(b.Findings)
	model.SortFindings(v.findings)
	v.files = slices.Clone(b.Files)
	slices.SortStableFunc(v.files, func(a, b model.InputFile) int { return cmp.Compare(a.Name, b.Name) })

	seen := make(map[int]bool)
	for _, in := range v.initiatives {
		for _, ind := range in.Indicators {
			for _, y := range ind.Years {
				if y.Year.Year > 0 && !seen[y.Year.Year] && shown(y) {
					seen[y.Year.Year] = true
					v.years = append(v.years, y.Year.Year)
				}
			}
		}
	}
	slices.Sort(v.years)

	for _, r := range b.Rollups.ByInitiativeYear {
		k := initiativeYear{r.GoalNumber, r.Initiative, r.Year}
		if _, dup := v.byInitYr[k]; !dup {
			v.byInitYr[k] = r
		}
	}
	return v
}

// shown reports whether an indicator-year has anything to show in 指標一覧.
func shown(y model.IndicatorYear) bool {
	return hasValue(y.Target) || hasValue(y.Actual) || statedGiven(y.StatedRate)
}

// initiativeRollup finds the roll-up of one initiative and fiscal year. A
// roll-up without a goal number matches any goal, for rate stages that key
// initiatives by number alone.
func (v *view) initiativeRollup(in *model.Initiative, year int) (model.Rollup, bool) {
	if r, ok := v.byInitYr[initiativeYear{in.GoalNumber, in.Number, year}]; ok {
		return r, true
	}
	r, ok := v.byInitYr[initiativeYear{0, in.Number, year}]
	return r, ok
}

// latestYear is the latest fiscal year in which any indicator of the
// initiative was evaluated (0: none).
func latestYear(in *model.Initiative) int {
	latest := 0
	for _, ind := range in.Indicators {
		for _, y := range ind.Years {
			if y.Eval.Judgement != model.NotEvaluable && y.Year.Year > latest {
				latest = y.Year.Year
			}
		}
	}
	return latest
}

// countYear counts the judgements of one initiative in one year the way a
// roll-up does, for initiatives the batch has no roll-up for.
func countYear(in *model.Initiative, year int) model.Rollup {
	r := model.Rollup{Initiative: in.Number, GoalNumber: in.GoalNumber, Year: year}
	for _, ind := range in.Indicators {
		for _, y := range ind.Years {
			if y.Year.Year != year || y.Eval.Judgement == model.NotEvaluable || y.Eval.Judgement > model.NotAchieved {
				continue
			}
			r.Evaluated++
			switch y.Eval.Judgement {
			case model.GradeA:
				r.Grades.A++
			case model.GradeB:
				r.Grades.B++
			case model.GradeC:
				r.Grades.C++
			case model.GradeD:
				r.Grades.D++
			case model.Achieved:
				r.Grades.Achieved++
			case model.NotAchieved:
				r.Grades.NotAchieved++
			}
			if y.Eval.IsAchieved() {
				r.Achieved++
			}
		}
	}
	return r
}

// yearOf returns the first indicator-year of the given fiscal year.
func yearOf(ind model.Indicator, year int) (model.IndicatorYear, bool) {
	for _, y := range ind.Years {
		if y.Year.Year == year {
			return y, true
		}
	}
	return model.IndicatorYear{}, false
}

// eachInitiative calls fn for every initiative in order, checking ctx
// every 64.
func (v *view) eachInitiative(ctx context.Context, fn func(i int, in *model.Initiative) error) error {
	for i, in := range v.initiatives {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(i, in); err != nil {
			return err
		}
	}
	return nil
}
