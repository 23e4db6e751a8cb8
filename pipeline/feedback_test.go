package pipeline_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/internal/corpus"
	"planreport/pipeline"
	"planreport/pipeline/cache"
	"planreport/pipeline/feedback"
	"planreport/pipeline/model"
)

// readFindings reads the committed findings.json of a run.
func readFindings(t *testing.T, res pipeline.Result) (out struct {
	Findings []model.Finding   `json:"findings"`
	Files    []model.InputFile `json:"files"`
}) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(res.OutputDir, pipeline.FindingsJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRunWritesAnnotatedCopies: every accepted workbook with a finding has
// its copy in feedback/, made from the input as feedback.Annotate makes it
// with the findings of findings.json; a rejected workbook has none but
// stays in findings.json; the inputs are not written; the copies are
// archived with the set.
func TestRunWritesAnnotatedCopies(t *testing.T) {
	cfg := sampleConfig(t)
	for _, e := range corpus.Entries() {
		if e.Name == "empty.xlsx" || e.Name == "truncated.xlsx" {
			if err := e.Write(cfg.Input); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := hashFolder(t, cfg.Input)
	res := run(t, cfg)
	if after := hashFolder(t, cfg.Input); !maps.Equal(before, after) {
		t.Fatal("the run changed the input folder")
	}
	fj := readFindings(t, res)
	byFile := map[string][]model.Finding{}
	for _, f := range fj.Findings {
		byFile[f.File] = append(byFile[f.File], f)
	}
	var want []string
	rejected := 0
	for _, f := range fj.Files {
		if f.Status == model.FileRejected {
			rejected++
			if len(byFile[f.Name]) == 0 {
				t.Errorf("rejected %s has no finding", f.Name)
			}
			continue
		}
		if f.Status == model.FileAccepted && len(byFile[f.Name]) > 0 {
			want = append(want, "feedback/"+f.Name)
		}
	}
	if rejected < 2 || len(want) < 3 {
		t.Fatalf("%d rejected, copies %v", rejected, want)
	}
	var got []string
	for _, name := range res.Outputs {
		if strings.HasPrefix(name, feedback.Dir+"/") {
			got = append(got, name)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("copies %v, want %v", got, want)
	}
	for _, name := range got {
		file := strings.TrimPrefix(name, "feedback/")
		orig, err := os.ReadFile(filepath.Join(cfg.Input, file))
		if err != nil {
			t.Fatal(err)
		}
		wantData, err := feedback.Annotate(orig, byFile[file], feedback.Options{ReportDate: cfg.Date})
		if err != nil {
			t.Fatal(err)
		}
		gotData, err := os.ReadFile(filepath.Join(res.OutputDir, "feedback", file))
		if err != nil || !bytes.Equal(gotData, wantData) {
			t.Errorf("%s: %d bytes (%v), not the copy of the input with its findings", name, len(gotData), err)
		}
	}
	archivedAsCommitted(t, res)
	if res.Cache.CopiesBuilt != len(want) || res.Cache.CopiesReused != 0 {
		t.Errorf("first run: copies made %d, reused %d", res.Cache.CopiesBuilt, res.Cache.CopiesReused)
	}
}

// TestIncrementalRunReusesAnnotatedCopies: a forced run on the same inputs
// takes every copy from the cache, byte-identical; a changed workbook's
// copy is made again, the others reused, and the set equals a full
// rebuild (TestIncrementalRunEqualsFullRebuild compares the bytes).
func TestIncrementalRunReusesAnnotatedCopies(t *testing.T) {
	cfg := sampleConfig(t)
	first := run(t, cfg)
	n := first.Cache.CopiesBuilt
	if n < 3 {
		t.Fatalf("first run made %d copies", n)
	}
	cfg.Force = true
	again := run(t, cfg)
	if again.Cache.CopiesReused != n || again.Cache.CopiesBuilt != 0 {
		t.Errorf("same inputs: copies reused %d, made %d; want %d and 0", again.Cache.CopiesReused, again.Cache.CopiesBuilt, n)
	}
	sameOutputs(t, first, again)
	archivedAsCommitted(t, again)

	// Another report date changes the line on top of 指摘事項: every copy
	// is made again, and the entries of the last date are pruned.
	cfg.Date = "2026-11-24"
	later := run(t, cfg)
	if later.Cache.CopiesReused != 0 || later.Cache.CopiesBuilt != n {
		t.Errorf("new date: copies reused %d, made %d", later.Cache.CopiesReused, later.Cache.CopiesBuilt)
	}
	entries, _ := filepath.Glob(filepath.Join(cfg.Output, cache.DirName, "feedback", "*"))
	if len(entries) != n {
		t.Errorf("%d cached copies after the run, want %d: %v", len(entries), n, entries)
	}
}

func hashFolder(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = string(data)
	}
	return out
}
