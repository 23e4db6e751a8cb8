// Package pdfreport writes the consolidated Japanese report (report.pdf) and
// the per-department reports: a cover, a table of contents with page numbers
// and links, the overview (総括) with roll-up tables and charts, the list of
// initiatives (取組一覧), one section per initiative laid out like its
// management sheet, and an appendix of findings and input files.
//
// The document is typeset by package layout and rendered by
// layout/gopdfprovider; this package only decides what goes where. The same
// batch and options always give the same bytes: the only date in the file is
// the batch's report date.
package pdfreport

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"planreport/fonts"
	"planreport/pipeline/config"
	"planreport/pipeline/layout"
	"planreport/pipeline/layout/gopdfprovider"
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
}

// ErrNoDate is returned when the batch has no valid report date.
var ErrNoDate = errors.New("報告日（YYYY-MM-DD）がありません")

// provider parses the two embedded faces once per process; the parsed
// fonts are only read afterwards (each document copies the face and keeps
// its own glyph subset), so concurrent Writes may share them.
var provider = sync.OnceValues(func() (*gopdfprovider.Provider, error) {
	return gopdfprovider.New(fonts.Regular, fonts.Bold)
})

// LoadFonts parses the faces now, if no report or check has yet, so that
// a run can do it while it reads the workbooks (about 20 ms) instead of
// on the way to its outputs. An error is returned again where the faces
// are used.
func LoadFonts() { provider() }

// Write renders the report for b (already checked and rated) to w. Same
// batch and options → identical bytes. Write only reads b, and concurrent
// Writes share nothing mutable but the font faces parsed once per process
// (read-only after parsing), so several reports of one batch (the
// per-department PDFs) may be rendered at the same time.
func Write(ctx context.Context, w io.Writer, b *model.Batch, opt Options) error {
	doc, err := Build(ctx, b, opt)
	if err != nil {
		return err
	}
	p, err := provider()
	if err != nil {
		return fmt.Errorf("pdfreport: fonts: %w", err)
	}
	// The document is ours alone: let the renderer drop each page once
	// drawn, which lowers the peak memory of a large report.
	if err := p.RenderRelease(ctx, doc, w); err != nil {
		return fmt.Errorf("pdfreport: %w", err)
	}
	return nil
}

// Build lays the report out without rendering it: the document structure
// that Write renders, for tests and for callers that want page counts.
func Build(ctx context.Context, b *model.Batch, opt Options) (*layout.Document, error) {
	if b == nil {
		return nil, errors.New("pdfreport: nil batch")
	}
	if opt.Title == "" {
		opt.Title = config.DefaultTitle
	}
	date, err := reportDate(b.ReportDate)
	if err != nil {
		return nil, fmt.Errorf("pdfreport: %w", err)
	}
	p, err := provider()
	if err != nil {
		return nil, fmt.Errorf("pdfreport: fonts: %w", err)
	}
	r := &report{
		b:    b,
		opt:  opt,
		ms:   layout.NewMeasurer(p),
		date: date,
	}
	r.select_()
	return r.build(ctx)
}

// Departments lists the department names that get their own PDF, sorted.
func Departments(b *model.Batch) []string {
	seen := map[string]bool{}
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		for _, d := range in.Departments() {
			seen[d] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// reportDate parses YYYY-MM-DD as midnight in Japan (the report date is a
// Japanese calendar date; a fixed zone keeps the output free of the host's
// zone database).
func reportDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("JST", 9*60*60))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q", ErrNoDate, s)
	}
	return t, nil
}

func anchorPages(doc *layout.Document) map[string]int {
	out := map[string]int{}
	for i, p := range doc.Pages {
		for _, op := range p.Ops {
			if op.Kind == layout.OpAnchor {
				out[op.Dest] = i + 1
			}
		}
	}
	return out
}

// report is one document being built.
type report struct {
	b    *model.Batch
	opt  Options
	ms   *layout.Measurer
	date time.Time

	initiatives []*model.Initiative // selected, in report order
	sections    bool                // per-initiative sections are included
	manyGoals   bool                // the initiatives shown span more than one basic goal
	findings    []model.Finding
	files       []model.InputFile
}

// select_ picks and orders the initiatives, findings and files the document shows.
func (r *report) select_() {
	inDept := func(in *model.Initiative) bool {
		return r.opt.Department == "" || slices.Contains(in.Departments(), r.opt.Department)
	}
	sheets := map[model.Source]bool{}
	fileSet := map[string]bool{}
	// Over the selection: a department PDF depends only on its own
	// initiatives (the cache reuses it on that promise), so it numbers them
	// with the goal only when they span goals themselves.
	goals := map[int]bool{}
	for _, in := range r.b.Initiatives {
		if in == nil || !inDept(in) {
			continue
		}
		goals[in.GoalNumber] = true
		r.initiatives = append(r.initiatives, in)
		sheets[model.Source{File: in.Source.File, Sheet: in.Source.Sheet}] = true
		fileSet[in.Source.File] = true
	}
	r.manyGoals = len(goals) > 1
	slices.SortStableFunc(r.initiatives, func(a, b *model.Initiative) int {
		return cmp.Or(
			cmp.Compare(a.GoalNumber, b.GoalNumber),
			cmp.Compare(a.Number, b.Number),
			cmp.Compare(a.Source.File, b.Source.File),
			cmp.Compare(a.Source.Sheet, b.Source.Sheet))
	})
	r.sections = r.opt.SectionsLimit <= 0 || len(r.initiatives) <= r.opt.SectionsLimit
	for _, f := range r.b.Findings {
		// A department sees the findings about its sheets and about the
		// workbooks they came from as a whole.
		if r.opt.Department == "" || sheets[model.Source{File: f.File, Sheet: f.Sheet}] || (f.Sheet == "" && fileSet[f.File]) {
			r.findings = append(r.findings, f)
		}
	}
	model.SortFindings(r.findings)
	for _, f := range r.b.Files {
		if r.opt.Department == "" || fileSet[f.Name] {
			r.files = append(r.files, f)
		}
	}
	slices.SortStableFunc(r.files, func(a, b model.InputFile) int { return cmp.Compare(a.Name, b.Name) })
}
