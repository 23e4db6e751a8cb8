package pipeline

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planreport/pipeline/changes"
	"planreport/pipeline/model"
)

// TestCompareStepUnreadableBase: a previous snapshot that is not JSON is
// said in the report in plain words, without the path or the decoder's
// English error, and the run still gets its new snapshot.
func TestCompareStepUnreadableBase(t *testing.T) {
	dir := t.TempDir()
	day := filepath.Join(dir, "archive", "2026-11-27")
	if err := os.MkdirAll(day, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "snapshot.json"), filepath.Join(day, "snapshot.json")} {
		if err := os.WriteFile(p, []byte("garbage{"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := &model.Batch{ReportDate: "2026-12-04"}
	data, err := compareStep(b, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil || len(data) == 0 {
		t.Fatalf("compareStep = %d bytes, %v; want the new snapshot", len(data), err)
	}
	if b.Changes == nil || !b.Changes.Unreadable {
		t.Fatalf("Changes = %+v; want the previous snapshot said unreadable", b.Changes)
	}
	text := changes.Summary(b.Changes)
	for _, leak := range []string{dir, "snapshot.json", "invalid character", "JSON"} {
		if strings.Contains(text, leak) {
			t.Errorf("the report's line %q shows %q", text, leak)
		}
	}
	if !strings.Contains(text, "前回報告の記録が壊れているか") {
		t.Errorf("the report's line %q does not say why", text)
	}
}
