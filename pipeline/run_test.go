package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"planreport/pipeline"
	"planreport/pipeline/config"
)

// sampleConfig runs on a copy of input/*.xlsx in a fresh folder.
func sampleConfig(t *testing.T) config.Config {
	t.Helper()
	return pipeline.SampleConfig(t)
}

var fixedClock = func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }

func TestRunPublishesToTheDistributionFolder(t *testing.T) {
	cfg := sampleConfig(t)
	share := t.TempDir()
	cfg.Delivery.PublishDir = share
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || res.Status != "done" || res.ExitStatus != 1 {
		t.Fatalf("status %s exit %d err %v", res.Status, res.ExitStatus, err)
	}
	// The dated Japanese name the issue gives, and the department PDFs.
	for _, name := range []string{"行財政運営プラン取組状況報告書_令和8年11月23日.pdf", "行財政運営プラン取組状況報告書_令和8年11月23日.html", "総務部_令和8年11月23日.pdf", "index.json"} {
		if _, err := os.Stat(filepath.Join(share, name)); err != nil {
			t.Errorf("%s not published: %v", name, err)
		}
	}
	report, _ := os.ReadFile(filepath.Join(cfg.Output, "report.pdf"))
	published, _ := os.ReadFile(filepath.Join(share, "行財政運営プラン取組状況報告書_令和8年11月23日.pdf"))
	if !bytes.Equal(report, published) {
		t.Error("the published PDF is not the report")
	}
	web, _ := os.ReadFile(filepath.Join(cfg.Output, "report.html"))
	publishedWeb, _ := os.ReadFile(filepath.Join(share, "行財政運営プラン取組状況報告書_令和8年11月23日.html"))
	if len(web) == 0 || !bytes.Equal(web, publishedWeb) {
		t.Error("the published HTML edition is not report.html")
	}
	if res.Record.Delivery.Status != "ok" || len(res.Record.Delivery.Published) != 7 {
		t.Errorf("delivery record %+v, want ok with 7 published (report, its HTML edition, 5 departments)", res.Record.Delivery)
	}

	// Unchanged inputs: skipped, nothing published again.
	res, err = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || res.Status != "skipped" {
		t.Fatalf("second run %s %v, want skipped", res.Status, err)
	}
	if len(res.Record.Delivery.Published) != 0 || len(res.Record.Delivery.Sent) != 0 {
		t.Errorf("a skipped run delivered %+v", res.Record.Delivery)
	}
}

func TestRunDryRunPublishesNothing(t *testing.T) {
	cfg := sampleConfig(t)
	share := t.TempDir()
	cfg.Delivery.PublishDir = share
	var plan bytes.Buffer
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock, DryRun: true, DeliveryPlan: &plan})
	if err != nil || res.Status != "done" {
		t.Fatalf("status %s err %v", res.Status, err)
	}
	entries, _ := os.ReadDir(share)
	if len(entries) != 0 {
		t.Errorf("dry run wrote %d entries into the distribution folder", len(entries))
	}
	if !bytes.Contains(plan.Bytes(), []byte("行財政運営プラン取組状況報告書_令和8年11月23日.pdf")) {
		t.Errorf("dry run plan does not name the file it would publish:\n%s", plan.String())
	}
	// The real run after the preview is not skipped: it publishes.
	res, err = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || res.Status != "done" {
		t.Fatalf("run after the dry run: status %s err %v", res.Status, err)
	}
	if entries, _ := os.ReadDir(share); len(entries) == 0 {
		t.Error("the run after a dry run published nothing")
	}
}

func TestRunStrictFailsAndKeepsPreviousOutputs(t *testing.T) {
	cfg := sampleConfig(t)
	if _, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(cfg.Output, "summary.xlsx"))
	cfg.Strict, cfg.Force, cfg.Date = true, true, "2026-11-24"
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if !errors.Is(err, pipeline.ErrStrict) || res.ExitStatus != 3 || res.Status != "failed" {
		t.Fatalf("strict run: status %s exit %d err %v; want failed, 3, ErrStrict", res.Status, res.ExitStatus, err)
	}
	after, _ := os.ReadFile(filepath.Join(cfg.Output, "summary.xlsx"))
	if !bytes.Equal(before, after) {
		t.Error("a failed strict run replaced summary.xlsx")
	}
}

func TestRunCancelledLeavesOutputsUntouched(t *testing.T) {
	cfg := sampleConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := pipeline.Run(ctx, cfg, pipeline.Options{Now: fixedClock})
	if err == nil || res.ExitStatus != 3 {
		t.Fatalf("cancelled run: exit %d err %v; want 3 and an error", res.ExitStatus, err)
	}
	if _, err := os.Stat(filepath.Join(cfg.Output, "report.pdf")); err == nil {
		t.Error("a cancelled run wrote report.pdf")
	}
}

// A workbook the last good run read and this run does not find is named
// in run.json (and so on the terminal), not silently dropped; the report
// itself depends on the inputs alone.
func TestRunNamesWorkbooksGoneSinceLastRun(t *testing.T) {
	cfg := sampleConfig(t)
	if _, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(cfg.Input, "総務部.xlsx")); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Record.MissingInputs; len(got) != 1 || got[0] != "総務部.xlsx" {
		t.Errorf("missing inputs %q, want [総務部.xlsx]", got)
	}
	data, err := os.ReadFile(filepath.Join(cfg.Output, "run.json"))
	if err != nil || !bytes.Contains(data, []byte(`"missing_inputs": [`)) {
		t.Errorf("run.json does not name the missing workbook (%v):\n%s", err, data)
	}
	// Run again: the last good run no longer had it, so nothing to say.
	cfg.Force = true
	res, err = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || len(res.Record.MissingInputs) != 0 {
		t.Errorf("third run: missing %q, err %v", res.Record.MissingInputs, err)
	}
}

// A nightly run on a new day with no new data is skipped (no new report,
// publication or council mail that differ only in the cover's date); a new
// fiscal year, or a date someone chose, runs again.
func TestRunNewDayWithoutNewDataIsSkipped(t *testing.T) {
	cfg := sampleConfig(t)
	cfg.Date = "" // today, as the nightly schedule runs
	at := func(s string) pipeline.Options {
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return pipeline.Options{Now: func() time.Time { return ts }}
	}
	for _, step := range []struct {
		now, date, want string
	}{
		{"2026-11-23T02:00:00+09:00", "", "done"},
		{"2026-11-24T02:00:00+09:00", "", "skipped"},        // the next night, nothing new
		{"2027-03-31T02:00:00+09:00", "", "skipped"},        // the same fiscal year
		{"2027-04-01T02:00:00+09:00", "", "done"},           // a new fiscal year
		{"2027-04-02T02:00:00+09:00", "2027-04-02", "done"}, // a date given
	} {
		cfg.Date = step.date
		res, err := pipeline.Run(context.Background(), cfg, at(step.now))
		if err != nil && res.Status != "done" {
			t.Fatalf("%s: %v", step.now, err)
		}
		if res.Status != step.want {
			t.Errorf("%s (date %q): %s, want %s", step.now, step.date, res.Status, step.want)
		}
	}
}

// The summary the next council mail compares with (前回) is kept only once
// the council mail of that report went out: with the mail server down, the
// queued mail's report must not become 前回.
func TestLastReportKeptOnlyWhenCouncilMailed(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	cfg := sampleConfig(t)
	cfg.Delivery.SMTP = config.SMTP{Host: "127.0.0.1", Port: port, Security: "none", From: "kikaku@city.example.jp",
		Council: []string{"giin@city.example.jp"}, TimeoutSeconds: 2}
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Logf("run: %v", err)
	}
	// The report was made and its council mail queued: the case at hand.
	if res.Status != "done" || res.Record.Delivery.Pending == 0 {
		t.Fatalf("status %s, %d mails pending; want done with the council mail queued", res.Status, res.Record.Delivery.Pending)
	}
	if _, err := os.Stat(filepath.Join(cfg.Output, ".last-report-summary.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the summary of a report whose council mail is still queued was kept (%v)", err)
	}
}

// A mistyped future report date (2062 for 2026) must not delete the
// archive of the real reports: retention never removes the newest
// archives before the report date, and what it removes is logged and
// recorded in run.json.
func TestRunFutureDateKeepsNewestArchives(t *testing.T) {
	cfg := sampleConfig(t)
	var logs bytes.Buffer
	opt := pipeline.Options{Now: fixedClock, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	for _, d := range []string{"2026-11-19", "2026-11-20"} {
		cfg.Date, cfg.Force = d, true
		if res, err := pipeline.Run(context.Background(), cfg, opt); res.Status != "done" {
			t.Fatalf("%s: %s %v", d, res.Status, err)
		}
	}
	// Two older archives (as from earlier years): one is among the three
	// newest before 2062-11-20 and stays, the oldest goes.
	archive := filepath.Join(cfg.Output, "archive")
	for _, d := range []string{"2019-01-01", "2020-01-01"} {
		os.MkdirAll(filepath.Join(archive, d), 0o755)
		os.WriteFile(filepath.Join(archive, d, "report.pdf"), []byte(d), 0o644)
	}
	logs.Reset()
	cfg.Date = "2062-11-20"
	res, err := pipeline.Run(context.Background(), cfg, opt)
	if res.Status != "done" {
		t.Fatalf("typo run: %s %v", res.Status, err)
	}
	for _, d := range []string{"2020-01-01", "2026-11-19", "2026-11-20", "2062-11-20"} {
		if _, err := os.Stat(filepath.Join(archive, d)); err != nil {
			t.Errorf("archive/%s: %v", d, err)
		}
	}
	if _, err := os.Stat(filepath.Join(archive, "2019-01-01")); err == nil {
		t.Error("archive/2019-01-01, 90 days too old and not among the three newest, was kept")
	}
	if got := res.Record.ArchiveRemoved; len(got) != 1 || got[0] != "2019-01-01" {
		t.Errorf("archive_removed %q, want [2019-01-01]", got)
	}
	data, _ := os.ReadFile(filepath.Join(cfg.Output, "run.json"))
	if !bytes.Contains(data, []byte(`"archive_removed": [`)) {
		t.Errorf("run.json does not say what retention removed:\n%s", data)
	}
	log := logs.String()
	if !strings.Contains(log, filepath.Join(archive, "2019-01-01")) {
		t.Errorf("the log does not name the removed folder:\n%s", log)
	}
	if !strings.Contains(log, "報告日が今日より後の日付です") {
		t.Errorf("no warning for a report date after today:\n%s", log)
	}
}

// A night with unchanged inputs is skipped only when every file of the
// last set is still there with its recorded size: a department PDF, the
// snapshot or an annotated copy deleted, or summary.xlsx cut short, is
// made again (byte-identical, from the same inputs).
func TestRunSkipRestoresDamagedOutputs(t *testing.T) {
	cfg := sampleConfig(t)
	if res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock}); res.Status != "done" {
		t.Fatalf("first run: %s %v", res.Status, err)
	}
	for _, name := range []string{"departments/総務部.pdf", "snapshot.json", "feedback/建設部.xlsx", "summary.xlsx"} {
		path := filepath.Join(cfg.Output, filepath.FromSlash(name))
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "summary.xlsx" {
			err = os.Truncate(path, 100)
		} else {
			err = os.Remove(path)
		}
		if err != nil {
			t.Fatal(err)
		}
		res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
		if res.Status != "done" {
			t.Errorf("%s damaged: run %s %v, want done", name, res.Status, err)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes after the run, want the %d bytes it had", name, len(got), len(want))
		}
	}
	if res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock}); res.Status != "skipped" {
		t.Errorf("outputs intact: run %s %v, want skipped", res.Status, err)
	}
}
