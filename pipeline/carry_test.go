package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// runOn runs a report of date over cfg's input and returns its changes.
func runOn(t *testing.T, cfg config.Config, date string) *model.Changes {
	t.Helper()
	cfg.Date = date
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock, Getenv: func(string) string { return "" }})
	if res.Status != "done" {
		t.Fatalf("report %s: %s %v", date, res.Status, err)
	}
	return res.Batch.Changes
}

func editCell(t *testing.T, path, sheet, cell string, v any) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func changeKinds(ch *model.Changes) []model.ChangeKind {
	var out []model.ChangeKind
	for _, it := range ch.Items {
		out = append(out, it.Kind)
	}
	return out
}

// Trial H, defects 1 and 2, through the run: a workbook unreadable one
// night and a sheet left out for its number are compared, the night they
// are read again, with the last report that read them.
func TestUnreadAndLeftOutCarriedOver(t *testing.T) {
	cfg := sampleConfig(t)
	runOn(t, cfg, "2026-11-23")
	book := filepath.Join(cfg.Input, "財務部.xlsx")
	good, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(book, good[:len(good)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	editCell(t, filepath.Join(cfg.Input, "建設部.xlsx"), "取組11", "B3", "取組①")
	ch := runOn(t, cfg, "2026-11-24")
	if got, want := changeKinds(ch), []model.ChangeKind{model.ChangeNotCompared, model.ChangeNotCompared, model.ChangeFindingNew, model.ChangeFindingNew}; !slices.Equal(got, want) {
		t.Fatalf("unread night: %v, want %v:\n%s", got, want, changeLines(ch))
	}
	if !slices.ContainsFunc(ch.Items, func(it model.Change) bool { return it.Item == "読み込めないシート" && it.Initiative == 11 }) {
		t.Errorf("no left-out sheet line:\n%s", changeLines(ch))
	}

	// Both back: the workbook with a target changed while it was unread.
	if err := os.WriteFile(book, good, 0o644); err != nil {
		t.Fatal(err)
	}
	editCell(t, book, "取組9", "E13", 3)
	editCell(t, filepath.Join(cfg.Input, "建設部.xlsx"), "取組11", "B3", 11)
	ch = runOn(t, cfg, "2026-11-25")
	if ch.Count(model.ChangeValue) != 1 || ch.Count(model.ChangeNotCompared, model.ChangeInitiativeAdded, model.ChangeInitiativeRemoved) != 0 {
		t.Errorf("read again:\n%s", changeLines(ch))
	}
}
