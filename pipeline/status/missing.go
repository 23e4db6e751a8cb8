package status

import (
	"cmp"
	"slices"

	"planreport/pipeline/model"
)

// missing finds the entries of the goal indexes with no management sheet.
// As the check stage compares them, a goal's first index counts (the
// batch is sorted), and a number's first row.
func (c *collector) missing(b *model.Batch) {
	type key struct{ goal, number int }
	have := map[key]bool{}
	for _, in := range b.Initiatives {
		if in != nil {
			have[key{in.GoalNumber, in.Number}] = true
		}
	}
	goalSeen := map[int]bool{}
	for _, ix := range b.Indexes {
		if goalSeen[ix.GoalNumber] {
			continue
		}
		goalSeen[ix.GoalNumber] = true
		seen := map[int]bool{}
		for _, e := range ix.Entries {
			if seen[e.Number] || have[key{ix.GoalNumber, e.Number}] {
				seen[e.Number] = true
				continue
			}
			seen[e.Number] = true
			src := e.Source
			if src.Sheet == "" {
				src = ix.Source
			}
			m := Missing{GoalNumber: ix.GoalNumber, Number: e.Number, Title: e.Title, Source: src}
			for _, name := range (&model.Initiative{Department: e.Department}).Departments() {
				d := c.dept(name)
				d.Missing = append(d.Missing, m)
			}
		}
	}
	for _, d := range c.depts {
		slices.SortStableFunc(d.Missing, func(a, b Missing) int {
			return cmp.Or(cmp.Compare(a.GoalNumber, b.GoalNumber), cmp.Compare(a.Number, b.Number))
		})
	}
}

// findings gives each department its findings and counts its errors and
// warnings: those about its sheets, and about its workbooks as a whole or
// their other sheets.
func (c *collector) findings(fs []model.Finding) {
	for _, f := range fs {
		depts := c.sheetDept[model.Source{File: f.File, Sheet: f.Sheet}]
		if len(depts) == 0 {
			depts = c.fileDept[f.File]
		}
		for _, name := range depts {
			d := c.depts[name]
			d.Findings = append(d.Findings, f)
			switch f.Severity {
			case model.SeverityError:
				d.Errors++
			case model.SeverityWarning:
				d.Warnings++
			}
		}
	}
}
