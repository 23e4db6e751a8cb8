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

// TestDiffArgumentErrors: each wrong argument of diff is said in Japanese,
// once, with the argument, and without Go's or the system's English.
func TestDiffArgumentErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("good.json", `{"format":"planreport-snapshot","version":1,"report_date":"2026-11-23","initiatives":[],"findings":[]}`)
	for _, c := range []struct {
		arg  string
		code int
		want string
	}{
		{"2026-13-45", 2, "「2026-13-45」は報告日として読めません"},
		{"2026/11/20", 2, "「2026/11/20」は報告日として読めません"},
		{filepath.Join(dir, "none.json"), 2, "ファイル「" + filepath.Join(dir, "none.json") + "」がありません"},
		{dir, 2, "「" + dir + "」はフォルダです"},
		{filepath.Join(write("afile", "x"), "x.json"), 3, "を読めません（途中にフォルダでないファイルがあります）"},
		{write("array.json", `[]`), 3, "全体が JSON のオブジェクト"},
		{write("version.json", `{"format":"planreport-snapshot","version":"1"}`), 3, "項目「version」の形が違います（数ではありません）"},
		{write("items.json", `{"format":"planreport-snapshot","version":1,"report_date":"2026-11-01","initiatives":{}}`), 3, "項目「initiatives」の形が違います"},
		{write("cut.json", `{"format":"planreport-snapshot","version":1,"report_da`), 3, "JSON が途中で終わっています"},
		{write("extra.json", `{"format":"planreport-snapshot","version":1,"report_date":"2026-11-01","initiatives":[],"x":1}`), 3, `この版にない項目 "x" があります`},
	} {
		r := planreport(t, dir, "diff", "-output", dir, good, c.arg)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("diff %s: exit %d, %q; want exit %d and %q", c.arg, r.code, r.stderr, c.code, c.want)
		}
		for _, english := range []string{"open ", "no such file", "not a directory", "json:", "is a directory", "Go ", "cannot unmarshal"} {
			if strings.Contains(r.stderr, english) {
				t.Errorf("diff %s: %q has %q", c.arg, r.stderr, english)
			}
		}
		if strings.Count(r.stderr, c.arg) > 1 {
			t.Errorf("diff %s: the argument said twice: %q", c.arg, r.stderr)
		}
		if c.code == 2 && !strings.Contains(r.stderr, "報告日（YYYY-MM-DD）") && !strings.Contains(r.stderr, "YYYY-MM-DD の形") {
			t.Errorf("diff %s: %q does not say what to give", c.arg, r.stderr)
		}
	}
}
