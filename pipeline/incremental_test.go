package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline"
	"planreport/pipeline/cache"
	"planreport/pipeline/config"
	"planreport/pipeline/outputs"
	"planreport/templates"
)

// incrementalConfig runs on the sample workbooks plus 30 synthetic sheets
// (three workbooks of three departments, two of them also in the sample).
func incrementalConfig(t *testing.T) config.Config {
	t.Helper()
	cfg := sampleConfig(t)
	for _, wb := range templates.Synthetic(30, 11) {
		if err := templates.Save(cfg.Input, wb); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Workers = 2
	return cfg
}

func run(t *testing.T, cfg config.Config) pipeline.Result {
	t.Helper()
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Version: "test", Now: fixedClock})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return res
}

// archivedAsCommitted checks that the archive's copy of the run (written
// beside the outputs, reused department PDFs included) is the committed set.
func archivedAsCommitted(t *testing.T, res pipeline.Result) {
	t.Helper()
	root := filepath.Join(res.OutputDir, outputs.ArchiveDir)
	dates, err := os.ReadDir(root)
	if err != nil || len(dates) != 1 {
		t.Fatalf("archive folder: %v, %v; want one date", dates, err)
	}
	for _, name := range res.Outputs {
		want, err := os.ReadFile(filepath.Join(res.OutputDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(root, dates[0].Name(), filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("archive copy of %s: %d bytes, %v; want the committed %d bytes", name, len(got), err, len(want))
		}
	}
}

// sameOutputs compares every committed file of two output folders byte for byte.
func sameOutputs(t *testing.T, a, b pipeline.Result) {
	t.Helper()
	if !slices.Equal(a.Outputs, b.Outputs) {
		t.Fatalf("output sets differ:\n%v\n%v", a.Outputs, b.Outputs)
	}
	// The run records too: a reused department PDF's record is made from
	// the hash checked when it was read, not computed again.
	if !slices.Equal(a.Record.Outputs, b.Record.Outputs) {
		t.Errorf("run records differ:\n%v\n%v", a.Record.Outputs, b.Record.Outputs)
	}
	for _, name := range a.Outputs {
		x, err := os.ReadFile(filepath.Join(a.OutputDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b.OutputDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between the incremental run and a full rebuild", name)
		}
	}
}

func TestIncrementalRunEqualsFullRebuild(t *testing.T) {
	cfg := incrementalConfig(t)
	first := run(t, cfg)
	if first.Cache.FilesReused != 0 || first.Cache.PDFsReused != 0 {
		t.Fatalf("first run reused %+v", first.Cache)
	}
	for _, name := range first.Outputs {
		if strings.Contains(name, cache.DirName) {
			t.Fatalf("the cache is in the committed set: %s", name)
		}
	}

	// One synthetic workbook (合成0002_総務部.xlsx, department 総務部)
	// changes: a title and an actual value.
	wb := templates.Synthetic(30, 11)[1]
	wb.Sheets[2].Title = "窓口の改善（見直し後）"
	wb.Sheets[2].Indicators[0].Actuals[0] = templates.Number("1")
	if err := templates.Save(cfg.Input, wb); err != nil {
		t.Fatal(err)
	}
	inc := run(t, cfg)
	if inc.Status != "done" {
		t.Fatalf("status %s", inc.Status)
	}
	// 6 sample + 3 synthetic workbooks: only the changed one is parsed.
	if inc.Cache.FilesReused != 8 || inc.Cache.FilesRead != 1 {
		t.Errorf("ingest: reused %d, parsed %d; want 8 and 1", inc.Cache.FilesReused, inc.Cache.FilesRead)
	}
	// 総務部's PDF is rendered again; the other departments' are copied,
	// unless the change moved something they all show (the latest year).
	if inc.Cache.PDFsBuilt < 1 || inc.Cache.PDFsReused < 1 {
		t.Errorf("department PDFs: rendered %d, reused %d", inc.Cache.PDFsBuilt, inc.Cache.PDFsReused)
	}

	full := cfg
	full.Output = filepath.Join(t.TempDir(), "output")
	rebuilt := run(t, full)
	if rebuilt.Cache.FilesReused != 0 || rebuilt.Cache.PDFsReused != 0 {
		t.Fatalf("the rebuild reused %+v", rebuilt.Cache)
	}
	sameOutputs(t, inc, rebuilt)
	archivedAsCommitted(t, inc)
	archivedAsCommitted(t, rebuilt)

	// A damaged cache is ignored: every entry rewritten with garbage, the
	// index too; the next forced run still gives the same bytes.
	entries, _ := filepath.Glob(filepath.Join(cfg.Output, cache.DirName, "*", "*"))
	entries = append(entries, filepath.Join(cfg.Output, cache.DirName, "departments.json"))
	for _, e := range entries {
		os.WriteFile(e, []byte("planreport-cache/1 0\n{]"), 0o644)
	}
	cfg.Force = true
	again := run(t, cfg)
	if again.Cache.FilesReused != 0 || again.Cache.PDFsReused != 0 {
		t.Errorf("damaged cache reused %+v", again.Cache)
	}
	sameOutputs(t, again, rebuilt)
}

func TestUnchangedInputsSkipWithoutReadingTheCache(t *testing.T) {
	cfg := incrementalConfig(t)
	run(t, cfg)
	res := run(t, cfg)
	if res.Status != "skipped" || res.Cache != (cache.Stats{}) {
		t.Errorf("status %s, cache %+v; want skipped without cache use", res.Status, res.Cache)
	}
}
