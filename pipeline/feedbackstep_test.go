package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/cache"
	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// copyJobs puts the sample's 建設部.xlsx into a fresh input folder under
// each name, accepted with one finding each (hash: the file's, or what
// hashOf returns for the name), runs the copy jobs, and returns the
// output name of each job (empty: no copy) and the missing list.
func copyJobs(t *testing.T, names []string, hashOf func(name, real string) string) (made, missing []string) {
	t.Helper()
	in, out := t.TempDir(), t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "input", "建設部.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(data)
	batch := &model.Batch{ReportDate: "2026-11-23"}
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		batch.Files = append(batch.Files, model.InputFile{Name: name, Status: model.FileAccepted, SHA256: hashOf(name, hex.EncodeToString(digest[:]))})
		batch.Findings = append(batch.Findings, model.Finding{Severity: model.SeverityError, Code: "x", Source: model.Source{File: name, Sheet: "取組11", Cell: "E21"}, Message: "違います"})
	}
	log := slog.New(slog.DiscardHandler)
	fb := feedbackStep{input: in, limits: config.Default().Limits.Resolved(), copies: cache.Open(out, "t", log).Copies(), log: log, missing: &missing}
	for _, job := range feedbackJobs(sink{dir: out}, batch, fb) {
		rec, err := job(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, rec.Name)
	}
	return made, slices.DeleteFunc(missing, func(m string) bool { return m == "" })
}

// TestFeedbackJobsSayWhichCopyIsMissing: a workbook that is no longer the
// one ingest read gets no copy, and its slot of fb.missing says which and
// why, in file order, while the other copy is made.
func TestFeedbackJobsSayWhichCopyIsMissing(t *testing.T) {
	made, got := copyJobs(t, []string{"a.xlsx", "b.xlsx"}, func(name, real string) string {
		if name == "a.xlsx" {
			return strings.Repeat("0", 64) // as if a.xlsx changed after it was read
		}
		return real
	})
	if len(made) != 2 || made[0] != "" || made[1] != "feedback/b.xlsx" || len(got) != 1 ||
		!strings.Contains(got[0], "a.xlsx") || !strings.Contains(got[0], "読み込んだ後にファイルが変わりました") {
		t.Errorf("made %q, missing %q", made, got)
	}
}

// TestFeedbackJobsListNameClashes: two workbooks whose copies would have
// the same name (a backslash is replaced by a full-width one) give one
// copy, and the other is listed as missing, not dropped in silence.
func TestFeedbackJobsListNameClashes(t *testing.T) {
	made, got := copyJobs(t, []string{`c＼d.xlsx`, `c\d.xlsx`}, func(_, real string) string { return real })
	if len(made) != 1 || len(got) != 1 || !strings.HasPrefix(got[0], `c\d.xlsx: `) || !strings.Contains(got[0], "重なる") {
		t.Errorf("made %q, missing %q", made, got)
	}
}

// TestReadInputSaysWhyInJapanese: a workbook gone since it was read is
// reported by name in Japanese (run.json and the office mail show it),
// not with the system's English.
func TestReadInputSaysWhyInJapanese(t *testing.T) {
	path := filepath.Join(t.TempDir(), "建設部.xlsx")
	_, err := ReadInput(path, strings.Repeat("0", 64), 1<<20)
	if err == nil || !strings.Contains(err.Error(), "「"+path+"」を読めません（その場所がないか") || strings.Contains(err.Error(), "no such file") {
		t.Errorf("ReadInput of a removed file: %v", err)
	}
}
