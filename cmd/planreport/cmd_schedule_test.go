package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"planreport/pipeline/model"
)

// planreport schedule runs the same job as run: with -run-now and
// @every 1s the first run commits the outputs, the next is skipped (nothing
// changed), and SIGTERM stops the process with status 0.
func TestScheduleRunsThenStopsOnSIGTERM(t *testing.T) {
	dir := copySample(t)
	cmd := exec.Command(binary, "schedule", "-cron", "@every 1s", "-run-now", "-log-format", "json")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	history := filepath.Join(dir, "output", "history.jsonl")
	for lines := 0; lines < 2; {
		select {
		case err := <-exited:
			t.Fatalf("schedule exited early: %v\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		data, _ := os.ReadFile(history)
		lines = strings.Count(string(data), "\n")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := <-exited; err != nil {
		t.Fatalf("exit after SIGTERM: %v (want status 0)\n%s", err, stderr.String())
	}

	var statuses []string
	for _, line := range strings.Split(strings.TrimSpace(string(readFile(t, history))), "\n") {
		var rec struct{ Status string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("history line %q: %v", line, err)
		}
		statuses = append(statuses, rec.Status)
	}
	if len(statuses) < 2 || statuses[0] != "done" || statuses[1] != "skipped" {
		t.Errorf("history statuses = %q, want done, skipped, …", statuses)
	}
	for _, name := range []string{"report.pdf", "summary.xlsx", "findings.json"} {
		if _, err := os.Stat(filepath.Join(dir, "output", name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Every stderr line that looks like a log record is JSON.
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(line, "{") && !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
	// The sample has error findings: the office is sent to what it can read.
	if !strings.Contains(stderr.String(), "summary.xlsx の「検証結果」シートか報告書の付録1を確認してください") || strings.Contains(stderr.String(), "findings.json を確認") {
		t.Errorf("the findings warning does not name summary.xlsx and 付録1:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), `"msg":"定時実行を停止しました"`) {
		t.Errorf("no stop message in the log:\n%s", stderr.String())
	}
}

func TestScheduleUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"schedule", "-cron", "every night"},
		{"schedule", "-date", "2025-01-01"},
		{"schedule", "-log-format", "xml"},
		{"schedule", "extra"},
	} {
		if r := planreport(t, dir, args...); r.code != model.ExitUsage {
			t.Errorf("%q: exit %d, want %d\n%s", args, r.code, model.ExitUsage, r.stderr)
		}
	}
}
