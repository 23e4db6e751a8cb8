package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"planreport/pipeline/changes"
)

// The nightly run (no -date) after a manual run with -date of the same
// fiscal year and the same inputs is skipped and keeps that report and its
// date (trial G: it made, published and mailed a new report dated today).
// A report dated after today is not kept; a chosen date must equal the last
// report's, whichever way that one was dated.
func TestNightlyAfterChosenDateIsSkipped(t *testing.T) {
	cfg := SampleConfig(t)
	for _, step := range []struct {
		now, date, want, reportDate string
	}{
		{"2026-12-08T02:00:00+09:00", "2026-11-20", "done", "2026-11-20"},
		{"2026-12-08T03:00:00+09:00", "", "skipped", "2026-11-20"}, // the night after, nothing new
		{"2027-03-31T02:00:00+09:00", "", "skipped", "2026-11-20"}, // still the same fiscal year
		{"2026-12-08T04:00:00+09:00", "2026-12-20", "done", "2026-12-20"},
		{"2026-12-09T02:00:00+09:00", "", "done", "2026-12-09"}, // not kept: dated after today
		{"2026-12-10T02:00:00+09:00", "", "skipped", "2026-12-09"},
		{"2026-12-10T03:00:00+09:00", "2026-12-09", "skipped", "2026-12-09"}, // the night's own date, chosen
		{"2026-12-10T04:00:00+09:00", "2026-12-10", "done", "2026-12-10"},
	} {
		ts, err := time.Parse(time.RFC3339, step.now)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Date = step.date
		res, err := Run(context.Background(), cfg, Options{Now: func() time.Time { return ts }})
		if res.Status != step.want {
			t.Errorf("%s (date %q): %s (%v), want %s", step.now, step.date, res.Status, err, step.want)
		}
		snap, err := changes.Load(filepath.Join(cfg.Output, changes.FileName))
		if err != nil {
			t.Fatal(err)
		}
		if snap.ReportDate != step.reportDate {
			t.Errorf("%s (date %q): the report is dated %s, want %s", step.now, step.date, snap.ReportDate, step.reportDate)
		}
	}
}

// A rebuilt program with the same version string ("dev" for every build
// from a clone) is not skipped on unchanged inputs: its first run is a full
// one, as the cache already made it (trial G: an update never reached the
// report until -force). The build's identity is one value for both.
func TestRebuiltProgramIsNotSkipped(t *testing.T) {
	cfg := SampleConfig(t)
	was := thisBuild
	t.Cleanup(func() { thisBuild = was })
	opt := Options{Version: "dev", Now: func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }}
	for i, step := range []struct {
		build, want string
	}{
		{"100-1", "done"},
		{"100-1", "skipped"},
		{"100-2", "done"}, // rebuilt: nothing of the old build's reused
		{"100-2", "skipped"},
	} {
		thisBuild = step.build
		res, err := Run(context.Background(), cfg, opt)
		if res.Status != step.want {
			t.Errorf("run %d (build %s): %s (%v), want %s", i+1, step.build, res.Status, err, step.want)
		}
		if res.Status == "done" && res.Cache.FilesReused != 0 {
			t.Errorf("run %d (build %s): %d workbooks reused from another build's cache", i+1, step.build, res.Cache.FilesReused)
		}
	}
}

// An entry of the input folder that is no input (the lock file Excel makes
// while a workbook is open, Thumbs.db) is not part of the fingerprint: its
// coming and going does not make the night run again.
func TestNonInputsDoNotBreakTheSkip(t *testing.T) {
	cfg := SampleConfig(t)
	opt := Options{Now: func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }}
	if res, err := Run(context.Background(), cfg, opt); res.Status != "done" {
		t.Fatalf("first run: %s %v", res.Status, err)
	}
	for _, name := range []string{"~$総務部.xlsx", "Thumbs.db", "提出メモ.txt"} {
		if err := os.WriteFile(filepath.Join(cfg.Input, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := Run(context.Background(), cfg, opt); res.Status != "skipped" {
		t.Errorf("with a lock file, Thumbs.db and a memo beside the workbooks: %s (%v), want skipped", res.Status, err)
	}
}
