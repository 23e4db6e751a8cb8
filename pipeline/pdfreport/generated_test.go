package pdfreport

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planreport/pipeline/check"
	"planreport/pipeline/config"
	"planreport/pipeline/ingest"
	"planreport/pipeline/model"
	rating "planreport/pipeline/rate"
	"planreport/templates"
)

// generatedBatch is what the pipeline makes of 100 sheets that
// templates.Synthetic writes as workbooks (the sheets the scale benchmark
// uses): read by ingest from files, checked and rated, so the PDFs hold
// what a real batch holds (findings, lower-is-better indicators, sheets
// of several layouts), not a copy of the seed.
func generatedBatch(t *testing.T, sheets int) *model.Batch {
	t.Helper()
	dir := t.TempDir()
	for _, wb := range templates.Synthetic(sheets, 19) {
		if err := templates.Save(dir, wb); err != nil {
			t.Fatal(err)
		}
	}
	b, err := ingest.Read(context.Background(), dir, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Initiatives) != sheets {
		t.Fatalf("ingest read %d initiatives from %d generated sheets", len(b.Initiatives), sheets)
	}
	cfg := config.Default()
	b.ReportDate = "2026-11-23" // checkPDFA's date
	check.Run(b)
	rating.Run(b, rating.OptionsOf(&cfg))
	model.SortFindings(b.Findings)
	// Changes since a previous report, as a run finds them, so that the
	// consolidated report has its section 前回報告からの変更 too.
	in := b.Initiatives[0]
	b.Changes = &model.Changes{Base: "2026-08-31", Items: []model.Change{
		{Kind: model.ChangeGrade, Goal: in.GoalNumber, Initiative: in.Number, Title: in.Title, Indicator: in.Indicators[0].Name, Year: 2024,
			Item: "判定", Before: "C", After: "B", Source: in.Indicators[0].Source},
		{Kind: model.ChangeInitiativeAdded, Goal: in.GoalNumber, Initiative: in.Number, Title: in.Title, After: in.Title, Source: in.Source},
	}}
	return b
}

// TestTaggedGenerated is issue 19's acceptance on a 100-sheet generated
// batch: every PDF (the report and each department's) says Tagged: yes to
// pdfinfo, passes qpdf --check and the pikepdf structure checks, and its
// text is the text of the same document rendered untagged.
func TestTaggedGenerated(t *testing.T) {
	const issuer = "企画部 企画政策課"
	b := generatedBatch(t, 100)
	cases := []taggedCase{{name: "report", batch: b, opt: Options{Issuer: issuer}, tocLinks: 6 + len(b.Initiatives), split: true}} // 提出状況 and 前回報告からの変更
	depts := Departments(b)
	if len(depts) < 2 {
		t.Fatalf("the generated batch has %d departments", len(depts))
	}
	for _, d := range depts {
		cases = append(cases, taggedCase{name: d, batch: b, opt: Options{Issuer: issuer, Department: d}, tocLinks: 4 + countDept(b, d)})
	}
	p, err := provider()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, path := render(t, c.batch, c.opt, c.name+".pdf")
			checkTaggedFile(t, path, c)

			doc, err := Build(context.Background(), c.batch, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			plain := filepath.Join(t.TempDir(), "plain.pdf")
			f, err := os.Create(plain)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.RenderUntagged(context.Background(), doc, f); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			tagged, untagged := tool(t, "pdftotext", path, "-"), tool(t, "pdftotext", plain, "-")
			if tagged != untagged {
				t.Error("the text of the tagged PDF differs from the untagged rendering")
			}
			if c.opt.Department != "" {
				return
			}
			for _, in := range c.batch.Initiatives {
				title := []rune(in.Title)
				if !strings.Contains(tagged, string(title[:min(len(title), 4)])) {
					t.Errorf("the report's text lacks initiative %q", in.Title)
					break
				}
			}
		})
	}
}
