package feedback

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"planreport/pipeline/check"
	"planreport/pipeline/ingest"
	"planreport/pipeline/model"
	"planreport/templates"
)

// BenchmarkAnnotate makes the annotated copies of 100 generated sheets (10
// workbooks, every one with findings), as a full run does.
func BenchmarkAnnotate(b *testing.B) {
	dir := b.TempDir()
	for _, wb := range templates.Synthetic(100, 19) {
		if err := templates.Save(dir, wb); err != nil {
			b.Fatal(err)
		}
	}
	batch, err := ingest.Read(context.Background(), dir, ingest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	batch.ReportDate = "2026-11-23"
	check.Run(batch)
	byFile := map[string][]model.Finding{}
	for _, f := range batch.Findings {
		byFile[f.File] = append(byFile[f.File], f)
	}
	type input struct {
		data     []byte
		findings []model.Finding
	}
	var inputs []input
	for _, f := range batch.Files {
		if len(byFile[f.Name]) == 0 {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, input{data, byFile[f.Name]})
	}
	if len(inputs) == 0 {
		b.Fatal("no workbook with findings")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, in := range inputs {
			if _, err := Annotate(in.data, in.findings, Options{ReportDate: "2026-11-23"}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
