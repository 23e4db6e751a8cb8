// Package reportdoc decides what the report says: which initiatives,
// findings and files it shows, in which order, under which headings, with
// which table rows, chart data and alternative texts. It knows nothing of
// pages or markup. Two renderers set the same content: pdfreport (report.pdf
// and the department PDFs) and htmlreport (report.html), so that the web
// edition cannot drift from the printed one.
package reportdoc

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// Options selects what the report shows.
type Options struct {
	Title  string // report title, default config.DefaultTitle
	Issuer string
	// Department, when set, limits the document to the initiatives whose
	// Initiative.Departments() include it (the per-department PDFs
	// output/departments/<担当部>.pdf).
	Department string
	// SectionsLimit: when the batch has more initiatives than this (0 = no
	// limit), the consolidated report keeps the overview, the initiative list
	// and the findings and leaves the per-initiative sections to the
	// department PDFs.
	SectionsLimit int
	// Grades are the grade bands the rates were judged with (the
	// configuration's grades), which 総括 explains; nil means the built-in
	// bands, as rate.Run takes them when given none.
	Grades []config.GradeBand
}

// ErrNoDate is returned when the batch has no valid report date.
var ErrNoDate = errors.New("報告日（YYYY-MM-DD）がありません")

// Content is one report's content, selected from a checked and rated
// batch. It only reads the batch.
type Content struct {
	Batch   *model.Batch
	Options Options
	Date    time.Time // the report date, midnight in Japan

	Initiatives []*model.Initiative // selected, in report order
	Sections    bool                // per-initiative sections are included
	ManyGoals   bool                // the initiatives shown span more than one basic goal
	Findings    []model.Finding
	Files       []model.InputFile
	// LatestYear is the latest fiscal year with any evaluated indicator
	// among the initiatives shown (0: none): the batch's for the
	// consolidated report, the department's own for its extract.
	LatestYear int
}

// New selects the content of b's report for opt.
func New(b *model.Batch, opt Options) (*Content, error) {
	if b == nil {
		return nil, errors.New("reportdoc: nil batch")
	}
	if opt.Title == "" {
		opt.Title = config.DefaultTitle
	}
	date, err := ReportDate(b.ReportDate)
	if err != nil {
		return nil, err
	}
	c := &Content{Batch: b, Options: opt, Date: date}
	c.selectContent()
	return c, nil
}

// ReportDate parses YYYY-MM-DD as midnight in Japan (the report date is a
// Japanese calendar date; a fixed zone keeps the output free of the host's
// zone database).
func ReportDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("JST", 9*60*60))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q", ErrNoDate, s)
	}
	return t, nil
}

// selectContent picks and orders the initiatives, findings and files the
// document shows.
func (c *Content) selectContent() {
	dept := c.Options.Department
	inDept := func(in *model.Initiative) bool {
		return dept == "" || slices.Contains(in.Departments(), dept)
	}
	sheets := map[model.Source]bool{}
	fileSet := map[string]bool{}
	// Over the selection: a department PDF depends only on its own
	// initiatives (the cache reuses it on that promise), so it numbers them
	// with the goal only when they span goals themselves.
	for _, in := range c.Batch.Initiatives {
		if in == nil || !inDept(in) {
			continue
		}
		c.Initiatives = append(c.Initiatives, in)
		sheets[model.Source{File: in.Source.File, Sheet: in.Source.Sheet}] = true
		fileSet[in.Source.File] = true
	}
	c.ManyGoals = ManyGoals(c.Initiatives)
	// A department's PDF shows its own latest year, not the batch's: another
	// department's later results must neither put an empty year on its
	// cover and chart nor change its bytes (the cache reuses it).
	c.LatestYear = c.Batch.Rollups.LatestYear
	if dept != "" {
		c.LatestYear = latestEval(c.Initiatives)
	}
	slices.SortStableFunc(c.Initiatives, func(a, b *model.Initiative) int {
		return cmp.Or(
			cmp.Compare(a.GoalNumber, b.GoalNumber),
			cmp.Compare(a.Number, b.Number),
			cmp.Compare(a.Source.File, b.Source.File),
			cmp.Compare(a.Source.Sheet, b.Source.Sheet))
	})
	c.Sections = c.Options.SectionsLimit <= 0 || len(c.Initiatives) <= c.Options.SectionsLimit
	for _, f := range c.Batch.Findings {
		// A department sees the findings about its sheets and about the
		// workbooks they came from as a whole.
		if dept == "" || sheets[model.Source{File: f.File, Sheet: f.Sheet}] || (f.Sheet == "" && fileSet[f.File]) {
			c.Findings = append(c.Findings, f)
		}
	}
	model.SortFindings(c.Findings)
	for _, f := range c.Batch.Files {
		if dept == "" || fileSet[f.Name] {
			c.Files = append(c.Files, f)
		}
	}
	slices.SortStableFunc(c.Files, func(a, b model.InputFile) int { return cmp.Compare(a.Name, b.Name) })
}

// DepartmentBatches returns, for every department that has an initiative,
// the part of b that the department's PDF shows: its initiatives; the
// findings about their sheets and about their workbooks as a whole; those
// workbooks' entries; the goal indexes of their goals; the department's
// roll-ups; the latest evaluated year and the report date. Rendering it
// gives the same bytes as rendering b for the department
// (TestDepartmentBatchRendersTheSame), so its hash is a sound cache key
// (package cache). It selects what selectContent selects for
// Options.Department, in one pass for every department: the two are the one
// place that decides what a department's PDF shows, side by side.
// The initiatives are shared with b, not copied. It is one pass over b
// (one per department would grow with departments × sheets).
func DepartmentBatches(b *model.Batch) map[string]*model.Batch {
	subs := map[string]*model.Batch{}
	sheets := map[model.Source][]string{} // sheet → its departments
	files := map[string][]string{}        // workbook → departments of its sheets
	goals := map[int][]string{}           // goal → departments with an initiative of it
	add := func(m []string, dept string) []string {
		if !slices.Contains(m, dept) {
			m = append(m, dept)
		}
		return m
	}
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		at := model.Source{File: in.Source.File, Sheet: in.Source.Sheet}
		for _, dept := range in.Departments() {
			sub, ok := subs[dept]
			if !ok {
				sub = &model.Batch{ReportDate: b.ReportDate}
				subs[dept] = sub
			}
			sub.Initiatives = append(sub.Initiatives, in)
			sheets[at] = add(sheets[at], dept)
			files[in.Source.File] = add(files[in.Source.File], dept)
			goals[in.GoalNumber] = add(goals[in.GoalNumber], dept)
		}
	}
	var depts []string
	for _, f := range b.Findings {
		depts = append(depts[:0], sheets[model.Source{File: f.File, Sheet: f.Sheet}]...)
		if f.Sheet == "" {
			for _, dept := range files[f.File] {
				depts = add(depts, dept)
			}
		}
		for _, dept := range depts {
			subs[dept].Findings = append(subs[dept].Findings, f)
		}
	}
	for _, f := range b.Files {
		for _, dept := range files[f.Name] {
			subs[dept].Files = append(subs[dept].Files, f)
		}
	}
	for _, ix := range b.Indexes {
		for _, dept := range goals[ix.GoalNumber] {
			subs[dept].Indexes = append(subs[dept].Indexes, ix)
		}
	}
	for _, ro := range b.Rollups.ByDepartmentYear {
		if sub, ok := subs[ro.Department]; ok {
			sub.Rollups.ByDepartmentYear = append(sub.Rollups.ByDepartmentYear, ro)
		}
	}
	for _, sub := range subs {
		sub.Rollups.LatestYear = latestEval(sub.Initiatives)
	}
	return subs
}

// ManyGoals reports whether the initiatives span more than one basic goal:
// then the roll-up tables (総括, summary.xlsx's 概要) have a row per goal,
// which with one goal would repeat 全体.
func ManyGoals(ins []*model.Initiative) bool {
	seen, first := false, 0
	for _, in := range ins {
		switch {
		case in == nil:
		case !seen:
			seen, first = true, in.GoalNumber
		case in.GoalNumber != first:
			return true
		}
	}
	return false
}

// GoalRowName labels a basic goal's roll-up rows: 基本目標5.
func GoalRowName(goal int) string { return fmt.Sprintf("基本目標%d", goal) }

// DeptGoalHeader heads the name column of a roll-up table with goal rows.
const DeptGoalHeader = "担当部・目標"
