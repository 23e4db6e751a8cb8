package htmlreport_test

import (
	"context"
	"io"
	"testing"

	"planreport/pipeline/htmlreport"
	"planreport/pipeline/reportdoc"
)

// benchmarkWrite renders the HTML edition of 1,000 generated sheets.
func benchmarkWrite(b *testing.B, opt reportdoc.Options) {
	batch := generatedBatchB(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := htmlreport.Write(context.Background(), io.Discard, batch, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite: every initiative's section.
func BenchmarkWrite(b *testing.B) { benchmarkWrite(b, reportdoc.Options{}) }

// BenchmarkWriteLimited: the nightly job's default sections_limit (300),
// which leaves the sections of 1,000 sheets to the department PDFs.
func BenchmarkWriteLimited(b *testing.B) { benchmarkWrite(b, reportdoc.Options{SectionsLimit: 300}) }
