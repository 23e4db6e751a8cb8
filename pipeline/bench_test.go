package pipeline_test

import (
	"context"
	"testing"

	"planreport/pipeline/check"
	"planreport/pipeline/config"
	"planreport/pipeline/ingest"
	"planreport/pipeline/rate"
	"planreport/templates"
)

// BenchmarkIngestCheckRate1000 is the data core on 1,000 synthetic sheets
// (100 workbooks of ten): read, validate and rate, no outputs (issue 3's
// figure; the target is ≤ 1 s on the 2-core reference machine).
func BenchmarkIngestCheckRate1000(b *testing.B) {
	dir := b.TempDir()
	for _, wb := range templates.Synthetic(1000, 1) {
		if err := templates.Save(dir, wb); err != nil {
			b.Fatal(err)
		}
	}
	cfg := config.Default()
	b.ResetTimer()
	for b.Loop() {
		batch, err := ingest.Read(context.Background(), dir, ingest.Options{Limits: cfg.Limits})
		if err != nil {
			b.Fatal(err)
		}
		batch.ReportDate = "2026-11-23"
		check.Run(batch)
		rate.Run(batch, rate.OptionsOf(&cfg))
		if len(batch.Initiatives) != 1000 {
			b.Fatalf("%d initiatives, want 1000", len(batch.Initiatives))
		}
	}
}
