package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planreport/internal/corpus"
)

// maxRSS bounds the peak memory of a run over the whole corpus: the zip
// bomb claims 4 GiB, the million-row sheet 40 MB of XML, and none of it
// may be unpacked.
const maxRSS = 500 << 20

// TestRunOnCorpus runs planreport on a folder holding the sample input and
// the whole bad-input corpus (internal/corpus): the run finishes with
// error findings (exit 1), every sample initiative is in the report, every
// corpus entry is listed in findings.json and summary.xlsx with its status
// and its findings, nothing behind the folder or the link is read, no
// formula reaches summary.xlsx, and the process stays under maxRSS.
func TestRunOnCorpus(t *testing.T) {
	dir := copySample(t)
	in := filepath.Join(dir, "input")
	entries := corpus.Entries()
	for _, e := range entries {
		if e.Committed {
			data := readFile(t, filepath.Join("..", "..", "testdata", "corpus", e.Name))
			if err := os.WriteFile(filepath.Join(in, e.Name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := e.Write(in); err != nil {
			t.Fatal(err)
		}
	}

	cmd := exec.Command(binary, "run", "-date", "2026-11-23")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // kilobytes on Linux
	t.Logf("corpus run: exit %d, %.1f s, peak RSS %d MB", code, elapsed.Seconds(), rss>>20)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (done, with error findings)\n%s", code, stderr.String())
	}
	if rss > maxRSS {
		t.Errorf("peak RSS %d MB, want under %d MB", rss>>20, maxRSS>>20)
	}
	out := filepath.Join(dir, "output")

	// findings.json: every entry with its status and its findings.
	var fj struct {
		Findings []struct{ Severity, Code, File, Sheet, Cell, Message string }
		Files    []struct{ Name, Sha256, Status string }
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "findings.json")), &fj); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, f := range fj.Files {
		status[f.Name] = f.Status
	}
	for _, e := range entries {
		if got := status[e.Name]; got != string(e.Status) {
			t.Errorf("%s: status %q in findings.json, want %q", e.Name, got, e.Status)
		}
		for _, w := range e.Want {
			if !slices.ContainsFunc(fj.Findings, func(f struct{ Severity, Code, File, Sheet, Cell, Message string }) bool {
				return f.File == e.Name && f.Code == w.Code && f.Severity == string(w.Severity) && f.Sheet == w.Sheet && f.Cell == w.Cell && f.Message != ""
			}) {
				t.Errorf("%s: findings.json lacks %s %s at %q %q", e.Name, w.Severity, w.Code, w.Sheet, w.Cell)
			}
		}
	}
	for _, name := range []string{"生活環境部.xlsx", "総務部.xlsx", "財務部.xlsx", "建設部.xlsx", "復興政策部.xlsx", "基本目標5_取組一覧.xlsx"} {
		if status[name] != "accepted" {
			t.Errorf("sample %s: status %q, want accepted", name, status[name])
		}
	}

	// report.pdf: the sample's eleven initiatives, nothing from behind the
	// folder or the link.
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
	for _, title := range []string{corpus.FolderTitle, corpus.OutsideTitle} {
		if strings.Contains(flat, title) {
			t.Errorf("report.pdf holds %q: a folder or a link was followed", title)
		}
	}

	// summary.xlsx: 入力ファイル lists every entry with its status code;
	// the formula-like texts are there as text; no sheet holds a formula.
	data := readFile(t, filepath.Join(out, "summary.xlsx"))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("入力ファイル")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) >= 3 {
			listed[r[0]] = r[2] // ファイル, 状態, 状態コード
		}
	}
	for _, e := range entries {
		if listed[e.Name] != string(e.Status) {
			t.Errorf("入力ファイル: %s is %q, want %q", e.Name, listed[e.Name], e.Status)
		}
	}
	data2, err := f.GetRows("データ")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range data2 {
		if len(r) > 7 && r[0] == "formula-text.xlsx" && r[7] == corpus.FormulaTexts["B10"] {
			found = true
		}
	}
	if !found {
		t.Errorf("データ has no row of formula-text.xlsx with the indicator %q as text", corpus.FormulaTexts["B10"])
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(part, []byte("<f>")) || bytes.Contains(part, []byte("<f ")) {
			t.Errorf("summary.xlsx %s holds a formula", zf.Name)
		}
	}
}
