package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// call runs runMain in the process, in dir, and returns the exit status
// with what it printed.
func call(t *testing.T, ctx context.Context, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	code := runMain(ctx, args, e)
	return code, stdout.String(), stderr.String()
}

// --version and -version answer as `planreport version` does, and --help
// and -h print the usage, as other programs do.
func TestTopLevelVersionAndHelp(t *testing.T) {
	for _, arg := range []string{"--version", "-version"} {
		code, out, errs := call(t, context.Background(), t.TempDir(), arg)
		if code != 0 || out != "planreport "+programVersion()+"\n" || errs != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out, errs)
		}
	}
	for _, arg := range []string{"--help", "-h"} {
		code, out, _ := call(t, context.Background(), t.TempDir(), arg)
		if code != 0 || !strings.HasPrefix(out, "使い方: planreport <コマンド>") {
			t.Errorf("%s: exit %d, stdout %q", arg, code, out)
		}
	}
}

// The help names each option's value (not 「値」) and lists in its usage
// line every option it has.
func TestHelpNamesValues(t *testing.T) {
	_, _, help := call(t, context.Background(), t.TempDir(), "template", "-h")
	for _, want := range []string{"-o ファイル", "-from 年度", "-to 年度"} {
		if !strings.Contains(help, want) {
			t.Errorf("template -h lacks %q:\n%s", want, help)
		}
	}
	if strings.Contains(help, " 値\n") {
		t.Errorf("template -h says 値:\n%s", help)
	}
	_, _, help = call(t, context.Background(), t.TempDir(), "diff", "-h")
	if !strings.Contains(help, "使い方: planreport diff [-json] [-output DIR] [-config FILE] OLD NEW") ||
		!strings.Contains(help, "既定: 作業フォルダの planreport.yaml があれば使用") {
		t.Errorf("diff -h:\n%s", help)
	}
}

// A template written under a name run does not read (.xls, no extension)
// would be rejected once filled in: it is refused, with the name to use.
func TestTemplateRefusesNamesOtherThanXLSX(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, want string }{
		{"tx.xls", "-o tx.xlsx のように指定してください"},
		{"名前", "-o 名前.xlsx のように指定してください"},
		{"a.xlsm", "-o a.xlsx のように"},
		{".xls", "-o 行財政運営プラン取組管理シート.xlsx のように"},
	} {
		code, _, errs := call(t, context.Background(), dir, "template", "-o", c.name)
		if code != 2 || !strings.Contains(errs, "run と validate が読むのは名前が .xlsx で終わるファイルだけです") || !strings.Contains(errs, c.want) {
			t.Errorf("template -o %s: exit %d, %q", c.name, code, errs)
		}
		if _, err := os.Stat(filepath.Join(dir, c.name)); err == nil {
			t.Errorf("template -o %s wrote the file", c.name)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "d.xlsx"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"template", "-o", "d.xlsx"}, {"template", "-force", "-o", "d.xlsx"}} {
		if code, _, errs := call(t, context.Background(), dir, args...); code != 2 || !strings.Contains(errs, "「d.xlsx」はフォルダです。-o にはファイルの名前を指定してください") {
			t.Errorf("%q on a folder: exit %d, %q", args, code, errs)
		}
	}
	if code, _, errs := call(t, context.Background(), dir, "template", "-o", "B.XLSX"); code != 0 {
		t.Errorf("template -o B.XLSX (run reads it): exit %d, %s", code, errs)
	}
}

// A file that cannot be made is said with its folder, in Japanese, not as
// "open /x/t.xlsx: no such file or directory".
func TestTemplateCreateErrorsInJapanese(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none", "t.xlsx")
	for _, args := range [][]string{{"template", "-o", missing}, {"template", "-force", "-o", missing}} {
		code, _, errs := call(t, context.Background(), dir, args...)
		if code != 3 || !strings.Contains(errs, "「"+missing+"」を作れません（フォルダ「"+filepath.Join(dir, "none")+"」がありません。") ||
			strings.Contains(errs, "no such file") || strings.Contains(errs, "open ") {
			t.Errorf("%q: exit %d, %q", args, code, errs)
		}
	}
	if os.Geteuid() == 0 {
		return // root writes into a read-only folder
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	code, _, errs := call(t, context.Background(), dir, "template", "-o", filepath.Join(ro, "t.xlsx"))
	if code != 3 || !strings.Contains(errs, "に書き込む権限がありません") || strings.Contains(errs, "permission denied") {
		t.Errorf("read-only folder: exit %d, %q", code, errs)
	}
}

func writeSnapshot(t *testing.T, dir, date string) string {
	t.Helper()
	p := filepath.Join(dir, date+".json")
	s := `{"format":"planreport-snapshot","version":1,"report_date":"` + date + `","initiatives":[],"findings":[]}`
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// No change is an empty list, never null: a script iterates over it.
func TestDiffJSONWithoutChangesIsEmptyList(t *testing.T) {
	dir := t.TempDir()
	old, cur := writeSnapshot(t, dir, "2026-11-20"), writeSnapshot(t, dir, "2026-11-21")
	code, out, errs := call(t, context.Background(), dir, "diff", "-json", "-output", dir, old, cur)
	if code != 0 || !strings.Contains(out, `"changes": []`) {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
}

// OLD newer than NEW would list every change backwards: refused (2),
// with the command the right way round. The same report twice is fine.
func TestDiffRefusesOldNewerThanNew(t *testing.T) {
	dir := t.TempDir()
	older, newer := writeSnapshot(t, dir, "2026-11-20"), writeSnapshot(t, dir, "2026-11-27")
	code, out, errs := call(t, context.Background(), dir, "diff", "-output", dir, newer, older)
	want := "diff: 古い報告を先に、新しい報告を後に指定してください。「" + newer + "」（令和8年11月27日の報告）は「" + older +
		"」（令和8年11月20日の報告）より新しい報告です（例: planreport diff " + older + " " + newer + "）"
	if code != 2 || out != "" || !strings.Contains(errs, want) {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := call(t, context.Background(), dir, "diff", "-output", dir, older, older); code != 0 {
		t.Errorf("the same report twice: exit %d, %s", code, errs)
	}
}

// SIGTERM is said in Japanese at the end of the stopped run's message, not
// as Go's "terminated signal received".
func TestSignalCauseIsJapanese(t *testing.T) {
	ctx, stop := signalContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	if cause := context.Cause(ctx); cause == nil || cause.Error() != "停止の合図（SIGTERM）を受けました" {
		t.Fatalf("cause = %v", cause)
	}

	dir := copySample(t)
	code, _, errs := call(t, ctx, dir, "run", "-date", "2026-11-23")
	if code != 3 || !strings.Contains(errs, "もう一度実行してください（定時実行なら次の予定の時刻に実行されます）（停止の合図（SIGTERM）を受けました）") ||
		strings.Contains(errs, "signal received") {
		t.Errorf("exit %d\n%s", code, errs)
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("ctx.Err() = %v", ctx.Err())
	}
}
