package status

import (
	"slices"

	"planreport/pipeline/model"
)

// Blanks lists the blank actuals (未記入) of a checked batch once each, in
// the table's order (goal, initiative, file, sheet): the same rule, the
// same evaluation year and the same cells as Compute's per-department
// lists, for `planreport validate`, so that a department checking its
// workbook before submitting sees exactly what the night's 提出状況 will
// chase it for. An initiative of two departments (総務部・財務部) is listed
// once, not once per department as in the table. It only reads b.
func Blanks(b *model.Batch) []Blank {
	year := EvaluationYear(b.ReportDate)
	var out []Blank
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		out = append(out, blanksOf(in, dueYear(in, year))...)
	}
	// As Compute orders a department's list; a checked batch is already
	// in this order (model.SortBatch), a batch built by hand may not be.
	slices.SortStableFunc(out, compareBlank)
	return out
}
