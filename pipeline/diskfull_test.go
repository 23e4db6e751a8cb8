package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"planreport/pipeline/outputs"
)

// A disk that fills up under one output file: the run fails (3), the
// previous outputs stay, and the message, in run.json too, says the disk of
// the output folder is full and which file, not "context canceled" from
// a job the failure cancelled, nor the system's English.
func TestRunDiskFullSaysSo(t *testing.T) {
	cfg := SampleConfig(t)
	opt := Options{Now: func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }}
	if res, err := Run(context.Background(), cfg, opt); res.Status != "done" {
		t.Fatalf("first run: %s %v", res.Status, err)
	}
	before, _ := os.ReadFile(filepath.Join(cfg.Output, SummaryXLSX))

	for _, full := range []string{ReportHTML, DepartmentsDir + "/総務部.pdf", FindingsJSON} {
		cfg.Force = true
		r, err := newRun(cfg, opt)
		if err != nil {
			t.Fatal(err)
		}
		// The file fails as a full disk makes write(2) fail; every other
		// write goes through.
		r.writeFile = func(name string, data []byte, perm os.FileMode) error {
			if strings.HasSuffix(filepath.ToSlash(name), "/"+full) {
				return &fs.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
			}
			return os.WriteFile(name, data, perm)
		}
		res, err := r.execute(context.Background())
		if err == nil || res.ExitStatus != 3 {
			t.Fatalf("%s: exit %d, err %v; want 3 and an error", full, res.ExitStatus, err)
		}
		msg := err.Error()
		for _, want := range []string{"出力フォルダ「" + cfg.Output + "」のディスクに空きがない", full + " を書けません（ディスクの空きがありません）", "空きを作って"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: message %q does not say %q", full, msg, want)
			}
		}
		for _, not := range []string{"context canceled", "no space left", "中断されました"} {
			if strings.Contains(msg, not) {
				t.Errorf("%s: message %q says %q", full, msg, not)
			}
		}
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("%s: the error does not wrap ENOSPC: %v", full, err)
		}
		data, _ := os.ReadFile(filepath.Join(cfg.Output, RunJSON))
		var rec outputs.RunRecord
		if err := json.Unmarshal(data, &rec); err != nil || rec.Message != msg {
			t.Errorf("%s: run.json message %q (%v), want %q", full, rec.Message, err, msg)
		}
		if after, _ := os.ReadFile(filepath.Join(cfg.Output, SummaryXLSX)); !bytes.Equal(before, after) {
			t.Errorf("%s: the failed run replaced summary.xlsx", full)
		}
	}
}
