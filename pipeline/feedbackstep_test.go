package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planreport/pipeline/cache"
	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// TestFeedbackJobsSayWhichCopyIsMissing: a workbook that is no longer the
// one ingest read gets no copy, and its slot of fb.missing says which and
// why, in file order, while the other copy is made.
func TestFeedbackJobsSayWhichCopyIsMissing(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "input", "建設部.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.xlsx", "b.xlsx"} {
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	digest := sha256.Sum256(data)
	sum := model.InputFile{Status: model.FileAccepted, SHA256: hex.EncodeToString(digest[:])}
	a, b := sum, sum
	a.Name, b.Name = "a.xlsx", "b.xlsx"
	a.SHA256 = strings.Repeat("0", 64) // as if a.xlsx changed after it was read
	batch := &model.Batch{ReportDate: "2026-11-23", Files: []model.InputFile{a, b}, Findings: []model.Finding{
		{Severity: model.SeverityError, Code: "x", Source: model.Source{File: "a.xlsx", Sheet: "取組11", Cell: "E21"}, Message: "違います"},
		{Severity: model.SeverityError, Code: "x", Source: model.Source{File: "b.xlsx", Sheet: "取組11", Cell: "E21"}, Message: "違います"},
	}}
	var missing []string
	log := slog.New(slog.DiscardHandler)
	fb := feedbackStep{input: in, limits: config.Default().Limits.Resolved(), copies: cache.Open(out, "t", log).Copies(), log: log, missing: &missing}
	jobs := feedbackJobs(sink{dir: out}, batch, fb)
	var made []string
	for _, job := range jobs {
		rec, err := job(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, rec.Name)
	}
	got := compact(missing)
	if len(made) != 2 || made[0] != "" || made[1] != "feedback/b.xlsx" || len(got) != 1 ||
		!strings.Contains(got[0], "a.xlsx") || !strings.Contains(got[0], "読み込んだ後にファイルが変わりました") {
		t.Errorf("made %q, missing %q", made, got)
	}
}

// TestFeedbackJobsListNameClashes: two workbooks whose copies would have
// the same name (a backslash is replaced by a full-width one) give one
// copy, and the other is listed as missing, not dropped in silence.
func TestFeedbackJobsListNameClashes(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "input", "建設部.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(data)
	batch := &model.Batch{ReportDate: "2026-11-23"}
	for _, name := range []string{`c＼d.xlsx`, `c\d.xlsx`} {
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		batch.Files = append(batch.Files, model.InputFile{Name: name, Status: model.FileAccepted, SHA256: hex.EncodeToString(digest[:])})
		batch.Findings = append(batch.Findings, model.Finding{Severity: model.SeverityError, Code: "x", Source: model.Source{File: name, Sheet: "取組11", Cell: "E21"}, Message: "違います"})
	}
	var missing []string
	log := slog.New(slog.DiscardHandler)
	fb := feedbackStep{input: in, limits: config.Default().Limits.Resolved(), copies: cache.Open(out, "t", log).Copies(), log: log, missing: &missing}
	jobs := feedbackJobs(sink{dir: out}, batch, fb)
	for _, job := range jobs {
		if _, err := job(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := compact(missing); len(jobs) != 1 || len(got) != 1 || !strings.HasPrefix(got[0], `c\d.xlsx: `) || !strings.Contains(got[0], "重なる") {
		t.Errorf("%d jobs, missing %q", len(jobs), got)
	}
}
