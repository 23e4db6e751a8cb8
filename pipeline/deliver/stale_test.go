package deliver

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// A run killed while copying leaves its hidden temporary file in the
// distribution folder (and a department's folder); a later run, a skipped
// night included, removes it once it is old enough not to belong to a copy
// in progress, and nothing else: not a young one, not a file of another
// name, not a folder.
func TestStaleTemporaryFilesAreRemoved(t *testing.T) {
	pub, dept := t.TempDir(), t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	put := func(dir, name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := []string{
		put(pub, ".総務部_令和8年11月21日.pdf.tmp-2948615602", old),
		put(pub, ".index.json.tmp-17", old),
		put(dept, ".総務部（赤入れ版）.xlsx.tmp-3", old),
	}
	kept := []string{
		put(pub, ".総務部_令和8年11月22日.pdf.tmp-55", time.Now()), // a copy in progress
		put(pub, "総務部.pdf.tmp-12", old),                    // not hidden: not planreport's name
		put(pub, ".notes.tmp-1a", old),
		put(pub, "行財政運営プラン取組状況報告書_令和8年11月21日.pdf", old),
	}
	if err := os.Mkdir(filepath.Join(pub, ".dir.tmp-9"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := Config{PublishDir: pub, Departments: map[string]config.Route{"総務部": {Folder: dept}}}
	sum := RunSummary{Status: model.RunSkipped, ReportDate: "2026-11-23"}
	res := Deliver(context.Background(), cfg, t.TempDir(), sum, Artifacts{}, nil, nil, false, nil)
	if !res.OK() {
		t.Fatalf("errors %q", res.Errors)
	}
	for _, p := range stale {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", filepath.Base(p), err)
		}
	}
	for _, p := range append(kept, filepath.Join(pub, ".dir.tmp-9")) {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
	// A dry run removes nothing either.
	p := put(pub, ".a.pdf.tmp-1", old)
	Deliver(context.Background(), cfg, t.TempDir(), sum, Artifacts{}, nil, nil, true, nil)
	if _, err := os.Stat(p); err != nil {
		t.Errorf("a dry run removed %s: %v", p, err)
	}
}
