package pipeline

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"planreport/pipeline/changes"
)

// A dry run is never the base of 前回報告からの変更 (trial G: the real
// report of 11-26 compared itself with an unpublished -dry-run of 11-25
// and told the council nothing had changed). A dry run is not archived, so
// it can neither replace the archived copy of a real report of its date
// nor move the base; and the real run after it is never skipped for it,
// with or without a delivery configured.
func TestDryRunIsNeverTheBase(t *testing.T) {
	cfg := SampleConfig(t)
	now := func() time.Time { return time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC) }
	run := func(date string, dry, force bool) Result {
		t.Helper()
		cfg.Date, cfg.Force = date, force
		res, err := Run(context.Background(), cfg, Options{Now: now, DryRun: dry, DeliveryPlan: io.Discard})
		if res.Status != "done" {
			t.Fatalf("%s (dry run %v): %s, %v; want done", date, dry, res.Status, err)
		}
		return res
	}
	marker := filepath.Join(cfg.Output, changes.DryRunMarker)
	archived := func(date string) bool {
		_, err := os.Stat(filepath.Join(cfg.Output, "archive", date, changes.FileName))
		return err == nil
	}
	base := func(res Result) string { return res.Batch.Changes.Base }

	run("2026-11-20", false, false)
	res := run("2026-11-25", true, false)
	if _, err := os.Stat(marker); err != nil || !res.Record.DryRun || archived("2026-11-25") {
		t.Errorf("dry run: marker %v, record dry_run %v, archived %v; want marked, not archived", err, res.Record.DryRun, archived("2026-11-25"))
	}
	res = run("2026-11-26", false, false)
	if got := base(res); got != "2026-11-20" {
		t.Errorf("real run after a dry run compares with %q, want 2026-11-20", got)
	}
	if _, err := os.Stat(marker); err == nil || res.Record.DryRun || !archived("2026-11-26") {
		t.Errorf("real run: marker left (%v), dry_run %v, archived %v", err, res.Record.DryRun, archived("2026-11-26"))
	}
	// A forced dry run on the date of a real report keeps that report's
	// archived copy, which stays the next report's base.
	before, err := os.Stat(filepath.Join(cfg.Output, "archive", "2026-11-26"))
	if err != nil {
		t.Fatal(err)
	}
	run("2026-11-26", true, true)
	if after, err := os.Stat(filepath.Join(cfg.Output, "archive", "2026-11-26")); err != nil || !os.SameFile(before, after) {
		t.Errorf("a dry run replaced archive/2026-11-26 (%v)", err)
	}
	if got := base(run("2026-11-27", false, false)); got != "2026-11-26" {
		t.Errorf("after a forced dry run of 11-26, the base is %q, want the real 2026-11-26", got)
	}
	// The same date and inputs as the dry run: run, not skipped (no
	// delivery is configured here, so the record's dry_run decides).
	run("2026-11-28", true, false)
	run("2026-11-28", false, false)
}
