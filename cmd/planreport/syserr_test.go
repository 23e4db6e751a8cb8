package main

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"planreport/internal/fserr"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
)

// The common file-system failures are said in Japanese, the chain kept.
func TestSysErrorf(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, missing := os.ReadFile(filepath.Join(dir, "none"))
	_, isDir := os.ReadFile(dir)
	_, underFile := os.ReadFile(filepath.Join(file, "x"))
	for _, c := range []struct {
		err  error
		want string
	}{
		{missing, "ファイルまたはフォルダがありません"},
		{isDir, "ファイルのはずの場所がフォルダです"},
		{underFile, "途中にフォルダでないファイルがあります"},
	} {
		err := fserr.WrapRead(c.err, "「%s」を読めません", "x")
		if err.Error() != "「x」を読めません（"+c.want+"）" || !errors.Is(err, c.err) {
			t.Errorf("%v: %q", c.err, err)
		}
	}
	if fserr.WrapRead(nil, "x") != nil || !errors.Is(fserr.WrapRead(syscall.EISDIR, "x"), syscall.EISDIR) {
		t.Error("nil or chain")
	}
}

// An unreadable run history is said in Japanese in schedule's log.
func TestLastCompletedUnreadableHistory(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "history.jsonl"), 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, ok := lastCompleted(dir, slog.New(slog.NewTextHandler(&buf, nil))); ok {
		t.Error("a history that is a folder gave a last success")
	}
	if !strings.Contains(buf.String(), "実行履歴を読めないため（ファイルのはずの場所がフォルダです）") || strings.Contains(buf.String(), "is a directory") {
		t.Errorf("log:\n%s", buf.String())
	}
}

// A dry run delivered nothing: schedule does not count it as the night's
// run when deciding on a catch-up (the real run before it does count).
func TestLastCompletedSkipsDryRuns(t *testing.T) {
	dir := t.TempDir()
	for _, rec := range []outputs.RunRecord{
		{Status: model.RunDone, Start: "2026-11-20T02:00:00+09:00", ReportDate: "2026-11-20"},
		{Status: model.RunDone, Start: "2026-11-21T10:00:00+09:00", ReportDate: "2026-11-21", DryRun: true},
		// A dry run recorded before RunRecord.DryRun: by its delivery status.
		{Status: model.RunDone, Start: "2026-11-22T10:00:00+09:00", ReportDate: "2026-11-22", Delivery: outputs.Delivery{Status: outputs.DeliveryDryRun}},
	} {
		if err := outputs.AppendHistory(dir, rec); err != nil {
			t.Fatal(err)
		}
	}
	last, ok := lastCompleted(dir, slog.New(slog.DiscardHandler))
	if want := time.Date(2026, 11, 20, 2, 0, 0, 0, time.FixedZone("", 9*3600)); !ok || !last.Equal(want) {
		t.Errorf("last completed %v (%v), want the real run of %v", last, ok, want)
	}
}
