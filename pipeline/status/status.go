// Package status computes the submission status (提出状況) of a batch, per
// department: the workbooks and management sheets received, when and by
// whom each workbook was last saved, the initiatives of the 取組一覧 with
// no sheet (未提出), the indicators with a target and no actual for the
// evaluation year (未記入), and the error and warning findings. It is the
// one place these are worked out; report.pdf, summary.xlsx and the office
// mail only show the table.
package status

import (
	"cmp"
	"slices"
	"time"

	"planreport/pipeline/model"
)

// Unknown is shown for a document property a workbook does not have.
const Unknown = "不明"

// Table is the submission status of a batch.
type Table struct {
	// EvaluationYear is the fiscal year whose actuals are expected: the
	// latest fiscal year that ended before the report date (0 when the
	// report date is not a date); a sheet whose plan ended before it owes
	// its plan's last year (dueYear).
	EvaluationYear int
	Departments    []Department // sorted by name
	// Unattributed are the workbooks received with no management sheet
	// read (rejected, or holding none) whose file name names no
	// department: nothing else tells whose they are. By name.
	Unattributed []File
}

// Department is one department's line of the status.
type Department struct {
	Name     string
	Files    []File // workbooks with a sheet of the department, by name
	Sheets   int    // management sheets received
	Missing  []Missing
	Blank    []Blank
	Errors   int
	Warnings int
	// Findings are the department's findings of every severity, in batch
	// order: those about its sheets, and about its workbooks as a whole
	// or their other sheets.
	Findings []model.Finding
}

// File is one workbook received.
type File struct {
	Name string
	// Modified is the last saved time in Japan time (2026-05-10 10:23),
	// ModifiedBy who saved it; Unknown when the workbook does not say.
	Modified   string
	ModifiedBy string
	// Unread is set when no management sheet of the workbook could be
	// read; Status then says whether it was rejected as a whole. Such a
	// workbook is a department's when its file name names the department
	// (生活環境部.xlsx): a department whose only workbook was unreadable
	// has submitted, and is chased for the errors, not for a sheet it
	// never sent.
	Unread bool
	Status model.FileStatus
}

// Missing is an initiative of the 取組一覧 with no management sheet (未提出).
type Missing struct {
	GoalNumber int
	Number     int
	Title      string
	Source     model.Source // the entry's row in the 取組一覧 (its number cell)
}

// Blank is an indicator with a target and no actual for the evaluation
// year (未記入).
type Blank struct {
	GoalNumber int
	Number     int // the initiative's
	Title      string
	Indicator  string
	Year       model.FiscalYear
	Source     model.Source // the empty actual cell
	// Hidden is set when the year's column is hidden in Excel: the
	// department cannot see the cell to fill in until it shows the
	// column, and every list of the blank says so.
	Hidden bool
}

// NeedsChasing reports whether the office has something to ask of the
// department: a missing sheet, a blank actual or an error.
func (d Department) NeedsChasing() bool {
	return len(d.Missing) > 0 || len(d.Blank) > 0 || d.Errors > 0
}

// ToChase returns the departments that need chasing, in table order.
func (t Table) ToChase() []Department {
	var out []Department
	for _, d := range t.Departments {
		if d.NeedsChasing() {
			out = append(out, d)
		}
	}
	return out
}

// EvaluationYear is the latest fiscal year that ended before the report
// date (YYYY-MM-DD): the fiscal year before the report date's.
func EvaluationYear(reportDate string) int {
	fy, ok := model.FiscalYearOfDate(reportDate)
	if !ok {
		return 0
	}
	return fy - 1
}

// Compute works the status out from a checked batch. It only reads b.
func Compute(b *model.Batch) Table {
	t := Table{EvaluationYear: EvaluationYear(b.ReportDate)}
	c := newCollector(b)
	c.sheets(b.Initiatives, t.EvaluationYear)
	c.missing(b)
	t.Unattributed = c.unread(b)
	c.findings(b.Findings)
	for _, d := range c.depts {
		slices.SortFunc(d.Files, func(a, b File) int { return cmp.Compare(a.Name, b.Name) })
	}
	names := make([]string, 0, len(c.depts))
	for name := range c.depts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Departments = append(t.Departments, *c.depts[name])
	}
	return t
}

// collector gathers the departments' lines in one pass over each part of
// the batch.
type collector struct {
	depts     map[string]*Department
	files     map[string]model.InputFile
	sheetDept map[model.Source][]string // sheet → its departments
	fileDept  map[string][]string       // workbook → departments of its sheets
}

func newCollector(b *model.Batch) *collector {
	c := &collector{depts: map[string]*Department{}, files: map[string]model.InputFile{},
		sheetDept: map[model.Source][]string{}, fileDept: map[string][]string{}}
	for _, f := range b.Files {
		c.files[f.Name] = f
	}
	return c
}

func (c *collector) dept(name string) *Department {
	d, ok := c.depts[name]
	if !ok {
		d = &Department{Name: name}
		c.depts[name] = d
	}
	return d
}

// sheets counts the management sheets and their workbooks and finds the
// blank actuals of year.
func (c *collector) sheets(ins []*model.Initiative, year int) {
	for _, in := range ins {
		if in == nil {
			continue
		}
		at := model.Source{File: in.Source.File, Sheet: in.Source.Sheet}
		blanks := blanksOf(in, dueYear(in, year))
		for _, name := range in.Departments() {
			d := c.dept(name)
			d.Sheets++
			d.Blank = append(d.Blank, blanks...)
			c.sheetDept[at] = appendNew(c.sheetDept[at], name)
			if !slices.Contains(c.fileDept[in.Source.File], name) {
				c.fileDept[in.Source.File] = append(c.fileDept[in.Source.File], name)
				d.Files = append(d.Files, c.file(in.Source.File))
			}
		}
	}
	for _, d := range c.depts {
		slices.SortStableFunc(d.Blank, compareBlank)
	}
}

// dueYear is the year whose actuals a sheet owes: the evaluation year,
// or the last year of its plan when the plan ended before it. A plan of
// 平成27〜令和2年度 reported on in 2026 owes 令和2年度's actuals; checked for
// 令和7年度, which it has no column for, it would never show a blank.
func dueYear(in *model.Initiative, year int) int {
	if in.Period.Last != 0 && in.Period.Last < year {
		return in.Period.Last
	}
	return year
}

// blanksOf lists the indicators of in with a target and no actual for year.
func blanksOf(in *model.Initiative, year int) []Blank {
	var out []Blank
	for _, ind := range in.Indicators {
		out = append(out, blankYears(in, ind.Name, ind.Years, year, false)...)
		// A year whose column is hidden in Excel is owed all the same.
		// TODO(model, ingest): blankYears(in, ind.Name, ind.HiddenYears,
		// year, true) once ingest keeps a hidden year column's values (see
		// ingest.noteHiddenYears); until then they are not in the batch.
	}
	return out
}

// blankYears lists the years of ys that are year with a target and no
// actual; hidden says the years' column is hidden in Excel.
func blankYears(in *model.Initiative, indicator string, ys []model.IndicatorYear, year int, hidden bool) []Blank {
	var out []Blank
	for _, y := range ys {
		if y.Year.Year != year || !hasTarget(y.Target) || y.Actual.Kind != model.ValueNone {
			continue
		}
		src := y.Actual.Source
		if src.File == "" {
			src = in.Source
		}
		out = append(out, Blank{GoalNumber: in.GoalNumber, Number: in.Number, Title: in.Title,
			Indicator: indicator, Year: y.Year, Source: src, Hidden: hidden})
	}
	return out
}

func hasTarget(v model.Value) bool {
	return v.Kind == model.ValueNumber || v.IsQualitative()
}

// file describes a received workbook.
func (c *collector) file(name string) File {
	f := c.files[name]
	out := File{Name: name, Modified: Unknown, ModifiedBy: Unknown, Status: f.Status}
	if t, err := time.Parse(time.RFC3339, f.Modified); err == nil {
		out.Modified = t.In(japan).Format("2006-01-02 15:04")
	}
	if f.ModifiedBy != "" {
		out.ModifiedBy = f.ModifiedBy
	}
	return out
}

// japan is Japan Standard Time (no daylight saving time), fixed so that
// the status does not depend on the host's time zone data.
var japan = time.FixedZone("JST", 9*60*60)

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// compareBlank orders blanks as the table lists them: goal, initiative,
// file, sheet.
func compareBlank(a, b Blank) int {
	return cmp.Or(cmp.Compare(a.GoalNumber, b.GoalNumber), cmp.Compare(a.Number, b.Number),
		cmp.Compare(a.Source.File, b.Source.File), cmp.Compare(a.Source.Sheet, b.Source.Sheet))
}
