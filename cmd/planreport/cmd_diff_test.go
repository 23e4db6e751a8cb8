package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planreport/internal/changestest"
	"planreport/pipeline/model"
)

// TestDiffAndDeterminism: two reports over inputs that differ as
// changestest says; `diff -json` over their report dates lists exactly
// those changes, the text form says the same, and running the second
// report again (same inputs, same previous snapshot, same date) gives
// byte-identical outputs.
func TestDiffAndDeterminism(t *testing.T) {
	dir := copySample(t)
	out := filepath.Join(dir, "output")
	if r := planreport(t, dir, "run", "-date", "2026-11-23"); r.code > 1 {
		t.Fatalf("first run exit %d\n%s", r.code, r.stderr)
	}
	changestest.Edit(t, filepath.Join(dir, "input"))
	if r := planreport(t, dir, "run", "-date", "2026-12-01"); r.code > 1 {
		t.Fatalf("second run exit %d\n%s", r.code, r.stderr)
	}
	names := []string{"report.pdf", "report.html", "summary.xlsx", "snapshot.json", "findings.json"}
	first := map[string][]byte{}
	for _, n := range names {
		first[n] = readFile(t, filepath.Join(out, n))
	}

	r := planreport(t, dir, "diff", "-json", "-output", out, "2026-11-23", "2026-12-01")
	if r.code != 0 {
		t.Fatalf("diff exit %d\n%s", r.code, r.stderr)
	}
	var got struct {
		Old, New, Summary string
		Changes           []model.Change
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("diff -json: %v\n%s", err, r.stdout)
	}
	if got.Old != "2026-11-23" || got.New != "2026-12-01" {
		t.Errorf("diff compared %s with %s", got.Old, got.New)
	}
	changestest.Check(t, got.Changes)

	text := planreport(t, dir, "diff", "-output", out, "2026-11-23", filepath.Join(out, "snapshot.json"))
	if text.code != 0 || !strings.Contains(text.stdout, "前回報告（令和8年11月23日）からの変更：判定の変更1件") ||
		!strings.Contains(text.stdout, "取組の追加　取組5-12「地域活動の担い手育成」") {
		t.Errorf("diff text (exit %d):\n%s%s", text.code, text.stdout, text.stderr)
	}
	if r := planreport(t, dir, "diff", "-output", out, "2026-11-23", "2026-10-01"); r.code != 3 || !strings.Contains(r.stderr, "2026-10-01 のスナップショット") {
		t.Errorf("diff with a date without a report: exit %d, %s", r.code, r.stderr)
	}

	if r := planreport(t, dir, "run", "-date", "2026-12-01", "-force"); r.code > 1 {
		t.Fatalf("repeated run exit %d\n%s", r.code, r.stderr)
	}
	for _, n := range names {
		if !bytes.Equal(first[n], readFile(t, filepath.Join(out, n))) {
			t.Errorf("%s differs when the second report is made again", n)
		}
	}
}

// A snapshot of another version is said to be unreadable, not misread.
func TestDiffUnreadableSnapshot(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, []byte(`{"format":"planreport-snapshot","version":2,"report_date":"2026-11-23","initiatives":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r := planreport(t, dir, "diff", "-output", dir, old, old)
	if r.code != 3 || !strings.Contains(r.stderr, "版 2 のスナップショット") {
		t.Errorf("exit %d, %s", r.code, r.stderr)
	}
}
