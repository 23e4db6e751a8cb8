package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRead reads 10 workbooks of 10 management sheets each (100
// sheets) from a temporary folder, with the default workers.
func BenchmarkRead(b *testing.B) {
	dir := b.TempDir()
	var total int64
	for w := range 10 {
		var specs []sheetSpec
		for s := range 10 {
			spec := heiseiSpec()
			spec.name = fmt.Sprintf("取組%d", s+1)
			spec.num = w*10 + s + 1
			specs = append(specs, spec)
		}
		data := buildBook(b, specs, nil)
		total += int64(len(data))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("dept%02d.xlsx", w)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		batch, err := Read(context.Background(), dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(batch.Initiatives) != 100 {
			b.Fatalf("initiatives %d", len(batch.Initiatives))
		}
	}
}
