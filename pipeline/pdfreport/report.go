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
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

	"planreport/fonts"
	"planreport/pipeline/layout"
	"planreport/pipeline/layout/gopdfprovider"
	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

// Options selects what the report shows (see reportdoc.Options).
type Options = reportdoc.Options

// ErrNoDate is returned when the batch has no valid report date.
var ErrNoDate = reportdoc.ErrNoDate

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
	c, err := reportdoc.New(b, opt)
	if err != nil {
		return nil, fmt.Errorf("pdfreport: %w", err)
	}
	p, err := provider()
	if err != nil {
		return nil, fmt.Errorf("pdfreport: fonts: %w", err)
	}
	r := &report{Content: c, ms: layout.NewMeasurer(p)}
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

// report is one document being built: the content reportdoc selected,
// set on pages.
type report struct {
	*reportdoc.Content
	ms *layout.Measurer
}
