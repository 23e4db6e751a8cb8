package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// End-to-end tests: build the real binary, run it as a planning office
// would, and read every output back with independent tools (excelize for the
// workbook, pdftotext and qpdf for the PDF).

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "planreport-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "planreport")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type runResult struct {
	code           int
	stdout, stderr string
}

func planreport(t *testing.T, dir string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return runResult{code, stdout.String(), stderr.String()}
}

// copySample copies the committed sample workbooks into a fresh input folder.
func copySample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "input")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../../input/*.xlsx")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample workbooks: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var seedTitles = []string{
	"市民との協働の推進", "ICTを活用した行政サービスの向上と業務の効率化の推進", "まちづくり懇談会の開催",
	"新たな市政情報の発信方法の検討", "ホームページ・市報の改善", "情報開示方法の多様化の検討",
	"社会保障・税番号制度（マイナンバー制度）の利活用の検討", "消防団の班の再編・再生", "財政状況の公表",
	"コンビニエンスストアにおける証明書等の交付の検討", "都市公園愛護会結成の促進",
}

func TestRunOnSampleWritesEveryOutput(t *testing.T) {
	dir := copySample(t)
	r := planreport(t, dir, "run", "-date", "2026-11-23")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (done with the seed's error findings)\n%s", r.code, r.stderr)
	}
	out := filepath.Join(dir, "output")
	for _, name := range []string{"report.pdf", "summary.xlsx", "findings.json", "run.json", "history.jsonl"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(r.stderr, "エラー") || !strings.Contains(r.stderr, "output") {
		t.Errorf("summary does not say where outputs are and the counts:\n%s", r.stderr)
	}
	// stderr is a pipe here, as under cron: no progress lines, only the summary.
	if strings.Contains(r.stderr, "… ") {
		t.Errorf("progress shown on a non-terminal stderr:\n%s", r.stderr)
	}

	// findings.json: the seed's 73.8 vs 75.6 is an error at its cell.
	var fj struct {
		Findings []struct{ Severity, Code, File, Sheet, Cell, Message string }
		Files    []struct{ Name, Sha256, Status string }
		Counts   map[string]int
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "findings.json")), &fj); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fj.Findings {
		if f.Code == "stated_rate_mismatch" && f.File == "建設部.xlsx" && f.Cell != "" && strings.Contains(f.Message, "73.8") {
			found = true
		}
	}
	if !found {
		t.Error("findings.json lacks the stated_rate_mismatch 73.8 finding of 建設部.xlsx")
	}
	if len(fj.Files) != 6 || fj.Counts["accepted"] != 6 {
		t.Errorf("files %d, accepted %d; want 6 and 6", len(fj.Files), fj.Counts["accepted"])
	}

	// summary.xlsx: the tidy sheet's header exactly as SPEC.md gives it.
	f, err := excelize.OpenFile(filepath.Join(out, "summary.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("データ")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := "ファイル, シート, 基本目標, 取組番号, 取組項目名, 担当部, 担当課, 指標名, 単位, 評価方向, 年度, 年度表記, 目標値, 実績値, 達成率, 記載達成率, 判定"
	if got := strings.Join(rows[0], ", "); got != wantHeader {
		t.Errorf("データ header\n got %s\nwant %s", got, wantHeader)
	}
	// The row of 建設部 公園数 2017: 187 ÷ 176 = 106.25 → 106.3, stated 106.2.
	found = false
	for _, row := range rows[1:] {
		if len(row) >= 17 && row[7] == "都市公園愛護会の結成された公園数" && row[10] == "2017" {
			found = true
			if row[12] != "176" || row[13] != "187" || row[14] != "106.3" || row[16] != "A" {
				t.Errorf("データ row for 公園数 2017 = %v", row)
			}
		}
	}
	if !found {
		t.Error("データ has no row for 都市公園愛護会の結成された公園数 2017")
	}

	// report.pdf: every initiative title is in the text.
	txt, err := exec.Command("pdftotext", "-layout", filepath.Join(out, "report.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	flat := strings.NewReplacer(" ", "", "\n", "").Replace(string(txt))
	for _, title := range seedTitles {
		if !strings.Contains(flat, strings.ReplaceAll(title, " ", "")) {
			t.Errorf("report.pdf lacks %q", title)
		}
	}
	if out, err := exec.Command("qpdf", "--check", filepath.Join(dir, "output", "report.pdf")).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

func TestRunTwiceSkipsThenForceIsByteIdentical(t *testing.T) {
	dir := copySample(t)
	out := filepath.Join(dir, "output")
	if r := planreport(t, dir, "run", "-date", "2026-11-23"); r.code != 1 {
		t.Fatalf("first run exit %d\n%s", r.code, r.stderr)
	}
	pdf1 := readFile(t, filepath.Join(out, "report.pdf"))
	xlsx1 := readFile(t, filepath.Join(out, "summary.xlsx"))

	r := planreport(t, dir, "run", "-date", "2026-11-23")
	if r.code != 0 {
		t.Fatalf("unchanged second run exit %d, want 0 (skipped)\n%s", r.code, r.stderr)
	}
	var rec struct{ Status string }
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "run.json")), &rec); err != nil || rec.Status != "skipped" {
		t.Errorf("run.json status %q (%v), want skipped", rec.Status, err)
	}

	if r := planreport(t, dir, "run", "-date", "2026-11-23", "-force"); r.code != 1 {
		t.Fatalf("forced run exit %d\n%s", r.code, r.stderr)
	}
	if !bytes.Equal(pdf1, readFile(t, filepath.Join(out, "report.pdf"))) {
		t.Error("report.pdf differs between two runs on the same inputs and date")
	}
	if !bytes.Equal(xlsx1, readFile(t, filepath.Join(out, "summary.xlsx"))) {
		t.Error("summary.xlsx differs between two runs on the same inputs and date")
	}
	hist := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(out, "history.jsonl")))), "\n")
	if len(hist) != 3 {
		t.Errorf("history.jsonl has %d lines, want 3 (done, skipped, done)", len(hist))
	}
}

func TestRunWithoutSheetsFailsAndKeepsPreviousOutputs(t *testing.T) {
	dir := copySample(t)
	out := filepath.Join(dir, "output")
	if r := planreport(t, dir, "run", "-date", "2026-11-23"); r.code != 1 {
		t.Fatalf("first run exit %d\n%s", r.code, r.stderr)
	}
	before := readFile(t, filepath.Join(out, "report.pdf"))
	// The office empties the folder and drops a broken file in it.
	empty := filepath.Join(dir, "empty")
	os.MkdirAll(empty, 0o755)
	os.WriteFile(filepath.Join(empty, "壊れた.xlsx"), []byte("not a workbook"), 0o644)
	r := planreport(t, dir, "run", "-input", "empty", "-date", "2026-11-24")
	if r.code != 3 {
		t.Fatalf("exit %d, want 3\n%s", r.code, r.stderr)
	}
	if !bytes.Equal(before, readFile(t, filepath.Join(out, "report.pdf"))) {
		t.Error("a failed run changed report.pdf")
	}
}

func TestValidateReportsSeedErrors(t *testing.T) {
	r := planreport(t, ".", "validate", "../../input/建設部.xlsx")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "73.8") || !strings.Contains(r.stdout, "建設部.xlsx") {
		t.Errorf("validate output lacks the 73.8 finding:\n%s", r.stdout)
	}
	r = planreport(t, ".", "validate", "-json", "../../input/財務部.xlsx")
	var doc struct{ Findings []struct{ Severity string } }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("validate -json: %v\n%s", err, r.stdout)
	}
}

// Validating only an Excel lock file finds nothing to check: a usage
// error (2), rather than "提出できます" (a workbook of notes: exit 3,
// TestValidateExitAgreesWithCounts).
func TestValidateWithoutSheets(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../input/建設部.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(dir, "~$建設部.xlsx")
	if err := os.WriteFile(lock, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := planreport(t, ".", "validate", lock)
	if r.code != 2 || !strings.Contains(r.stderr, "検証するブック（.xlsx）がありません") || strings.Contains(r.stdout, "提出できます") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The planning office checking its goal index alone is fine.
	r = planreport(t, ".", "validate", "../../input/基本目標5_取組一覧.xlsx")
	if r.code != 0 || strings.Contains(r.stdout, "管理シートが一枚もありません") {
		t.Errorf("index alone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A missing input folder is said in Japanese, not with the system's
// English error text.
func TestRunMissingInputFolder(t *testing.T) {
	dir := t.TempDir()
	r := planreport(t, dir, "run", "-input", "nosuch", "-output", "out", "-date", "2026-11-23")
	if r.code != 3 || !strings.Contains(r.stderr, "入力フォルダ nosuch を読めません: フォルダがありません") || strings.Contains(r.stderr, "no such file") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{}, {"nosuch"}, {"run", "-nosuchflag"}, {"run", "-date", "2026/11/23"}, {"validate"},
	} {
		r := planreport(t, t.TempDir(), args...)
		if r.code != 2 {
			t.Errorf("planreport %v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
}

// On a terminal, run shows its progress on stderr before the summary.
func TestProgressOnTerminal(t *testing.T) {
	dir := copySample(t)
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, stderrTTY: true}
	code := runMain(context.Background(), []string{"run", "-input", filepath.Join(dir, "input"),
		"-output", filepath.Join(dir, "output"), "-date", "2026-11-23", "-log-format", "json"}, e)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{"… ブックを読み込んでいます", "… 報告書（PDF）と集計表（Excel）を作成しています", "所要時間"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

// TestOutputFolderThatCannotBeMade: an output folder or an -annotate folder
// under a file cannot be made; run and validate say so in Japanese, with
// the folder, and without the system's words.
func TestOutputFolderThatCannotBeMade(t *testing.T) {
	dir := copySample(t)
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(file, "out")
	for _, args := range [][]string{
		{"run", "-output", target, "-date", "2026-11-23"},
		{"validate", "-annotate", target, "input"},
	} {
		r := planreport(t, dir, args...)
		if r.code != 3 || !strings.Contains(r.stderr, "「"+target+"」を作れません（途中にフォルダでないファイルがあります）") ||
			strings.Contains(r.stderr, "mkdir") || strings.Contains(r.stderr, "not a directory") {
			t.Errorf("planreport %v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
}

// TestValidateFollowsNamedLinks: a folder or a file the user names through
// a symbolic link is checked (a link found inside a folder still is not).
func TestValidateFollowsNamedLinks(t *testing.T) {
	dir := copySample(t)
	if err := os.Symlink(filepath.Join(dir, "input"), filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "input", "建設部.xlsx"), filepath.Join(dir, "linked.xlsx")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ arg, want string }{
		{"linked", "管理シート 11 枚"},
		{"linked.xlsx", "管理シート 1 枚"},
	} {
		r := planreport(t, dir, "validate", c.arg)
		if r.code != 1 || !strings.Contains(r.stdout+r.stderr, c.want) || strings.Contains(r.stdout, "file_symlink") {
			t.Errorf("validate %s: exit %d\n%s%s", c.arg, r.code, r.stdout, r.stderr)
		}
	}
	out := filepath.Join(t.TempDir(), "copies") // not beside the link, nor beside its target
	if r := planreport(t, dir, "validate", "-annotate", out, "linked.xlsx"); r.code != 1 || !strings.Contains(r.stderr, "赤入れ版: "+filepath.Join(out, "建設部.xlsx")) {
		t.Errorf("validate -annotate of a linked file: exit %d\n%s", r.code, r.stderr)
	}
	// A link in home to a workbook on a share: a copy into home would
	// replace the link.
	home, share := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(share, "建設部.xlsx"), readFile(t, filepath.Join(dir, "input", "建設部.xlsx")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(share, "建設部.xlsx"), filepath.Join(home, "建設部.xlsx")); err != nil {
		t.Fatal(err)
	}
	if r := planreport(t, dir, "validate", "-annotate", home, filepath.Join(home, "建設部.xlsx")); r.code != 2 {
		t.Errorf("-annotate into the folder of the link: exit %d, want 2\n%s", r.code, r.stderr)
	}
	if info, err := os.Lstat(filepath.Join(home, "建設部.xlsx")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", info, err)
	}
	if r := planreport(t, dir, "validate", "-annotate", filepath.Join(dir, "linked", "fb"), "linked"); r.code != 2 {
		t.Errorf("-annotate inside the linked folder: exit %d, want 2\n%s", r.code, r.stderr)
	}
	if err := os.Symlink(filepath.Join(dir, "input", "建設部.xlsx"), filepath.Join(dir, "input", "link.xlsx")); err != nil {
		t.Fatal(err)
	}
	if r := planreport(t, dir, "validate", "input"); !strings.Contains(r.stdout, "file_symlink") {
		t.Errorf("a link inside the folder was followed:\n%s", r.stdout)
	}
}
