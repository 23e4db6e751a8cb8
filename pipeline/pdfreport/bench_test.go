package pdfreport

import (
	"context"
	"fmt"
	"io"
	"testing"

	"planreport/pipeline/model"
)

// bigBatch repeats the seed's eleven initiatives to n, numbered 1..n, in
// goals of 100 initiatives.
func bigBatch(n int) *model.Batch {
	b := seedBatch()
	seed := b.Initiatives
	b.Initiatives = nil
	for i := range n {
		in := *seed[i%len(seed)]
		in.Number = i + 1
		in.GoalNumber = 1 + i/100
		in.Source.Sheet = fmt.Sprintf("取組%d", i+1)
		b.Initiatives = append(b.Initiatives, &in)
	}
	return b
}

// BenchmarkWrite renders the consolidated report of 1,000 initiatives with
// every per-initiative section.
func BenchmarkWrite(b *testing.B) {
	batch := bigBatch(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(context.Background(), io.Discard, batch, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteLimited renders the same batch with SectionsLimit: the
// consolidated report the nightly job writes when the sections go to the
// department PDFs.
func BenchmarkWriteLimited(b *testing.B) {
	batch := bigBatch(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(context.Background(), io.Discard, batch, Options{SectionsLimit: 200}); err != nil {
			b.Fatal(err)
		}
	}
}
