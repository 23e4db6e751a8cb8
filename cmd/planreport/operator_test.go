package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// With -log-format json every line on stderr is one JSON object: the
// summary (and a failure's message) too, as log records, for journald.
func TestJSONLogOnly(t *testing.T) {
	dir := copySample(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		// 14 warnings: 9 about sheets, and the background copied across all
		// eleven sheets once per each of the five workbooks.
		{[]string{"run", "-log-format", "json", "-date", "2026-11-23"}, 1, `"msg":"入力 6 件（読込 6）、管理シート 11 枚。所見: エラー 1 件、警告 14 件`},
		{[]string{"run", "-log-format", "json", "-date", "2026-11-23"}, 0, `"msg":"入力と設定に変更がないため、出力は前回のままです`},
		{[]string{"run", "-log-format", "json", "-date", "2026-11-24", "-strict", "-output", "o2"}, 3, `"msg":"エラー所見があるため -strict により出力しませんでした（エラー 1 件）","exit_status":3`},
		{[]string{"run", "-log-format", "json", "-config", "missing.yaml"}, 2, `"level":"ERROR","msg":"設定ファイル: 「missing.yaml」がありません。`},
		{[]string{"schedule", "-log-format", "json", "-cron", "61 2 * * *"}, 2, `"msg":"-cron: スケジュール「61 2 * * *」は cron の書式として正しくありません。`},
	} {
		r := planreport(t, dir, c.args...)
		if r.code != c.code {
			t.Errorf("%q: exit %d, want %d\n%s", c.args, r.code, c.code, r.stderr)
		}
		for _, line := range strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n") {
			if !json.Valid([]byte(line)) {
				t.Errorf("%q: stderr line is not JSON: %q", c.args, line)
			}
		}
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr lacks %s\n%s", c.args, c.want, r.stderr)
		}
	}
}

// A failed first run does not say that previous outputs were kept: there
// were none.
func TestFailedFirstRunWording(t *testing.T) {
	dir := copySample(t)
	r := planreport(t, dir, "run", "-date", "2026-11-23", "-strict")
	if r.code != 3 || strings.Contains(r.stderr, "前回") ||
		!strings.Contains(r.stderr, "実行に失敗しました。出力フォルダ（output）にはまだ報告書がなく、今回も何も出力していません。") ||
		!strings.Contains(r.stderr, "この実行の所見は出力していません。すべての所見は planreport validate input で確認できます。") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	var rec struct{ Status string }
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "output", "run.json")), &rec); err != nil || rec.Status != "failed" {
		t.Fatalf("run.json %+v %v", rec, err)
	}
	// Once there is a report, a failure says it was kept.
	if r := planreport(t, dir, "run", "-date", "2026-11-23"); r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	r = planreport(t, dir, "run", "-date", "2026-11-24", "-strict")
	if r.code != 3 || !strings.Contains(r.stderr, "実行に失敗しました。前回の出力（output）はそのままです。") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// SIGTERM (here: the context main cancels on it) is said as what happened
// and what to do, not as "中断されました: context canceled".
func TestStoppedRunWording(t *testing.T) {
	dir := copySample(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	code := runMain(ctx, []string{"run", "-input", filepath.Join(dir, "input"), "-output", filepath.Join(dir, "output"), "-date", "2026-11-23"}, e)
	want := "planreport: 停止の指示（SIGTERM や Ctrl+C）を受けたため、実行を途中でやめました。報告書を作り直すには、もう一度実行してください（定時実行なら次の予定の時刻に実行されます）（context canceled）"
	if code != 3 || !strings.Contains(stderr.String(), want) || strings.Contains(stderr.String(), "中断されました") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
}

// A workbook named as the input folder is a usage mistake (2), said as
// such, not "open …: not a directory" (3).
func TestInputThatIsAFile(t *testing.T) {
	dir := copySample(t)
	r := planreport(t, dir, "run", "-input", "input/建設部.xlsx", "-date", "2026-11-23")
	if r.code != 2 || strings.Contains(r.stderr, "not a directory") ||
		!strings.Contains(r.stderr, "入力フォルダ「input/建設部.xlsx」はフォルダではなくファイルです。-input（または設定の input）には各部のブックを置いたフォルダを指定してください") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// schedule dates every run itself: its help does not offer -date, and
// -date is refused saying why.
func TestScheduleHelpHasNoDate(t *testing.T) {
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	if code := runMain(context.Background(), []string{"schedule", "-h"}, e); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if help := stderr.String(); strings.Contains(help, "-date") || !strings.Contains(help, "-run-now") {
		t.Errorf("schedule -h:\n%s", help)
	}
	r := planreport(t, t.TempDir(), "schedule", "-date=2026-11-20")
	if r.code != 2 || !strings.Contains(r.stderr, "schedule: -date は使えません。定時実行は毎回その日の日付で報告書を作ります") {
		t.Errorf("schedule -date: exit %d\n%s", r.code, r.stderr)
	}
}
