package pipeline_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"planreport/pipeline"
	"planreport/pipeline/config"
)

// TestRunStatesConfiguredGradeBands: the bands of planreport.yaml, not
// the built-in ones, are what 総括 says the grades mean, in report.pdf
// and report.html. Written by hand from the bands below.
func TestRunStatesConfiguredGradeBands(t *testing.T) {
	cfg := sampleConfig(t)
	cfg.Grades = []config.GradeBand{{Grade: "A", Min: "120"}, {Grade: "B", Min: "90"}, {Grade: "C", Min: "60"}, {Grade: "D", Min: "0"}}
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || res.Status != "done" {
		t.Fatalf("status %s err %v", res.Status, err)
	}
	const want = "判定は、達成率120%以上をA、90%以上120%未満をB、60%以上90%未満をC、60%未満をDとし"
	out, err := exec.Command("pdftotext", filepath.Join(cfg.Output, "report.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(squashSpace(string(out)), want) {
		t.Errorf("report.pdf does not state the configured bands %q", want)
	}
	html, err := os.ReadFile(filepath.Join(cfg.Output, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), want) {
		t.Errorf("report.html does not state the configured bands %q", want)
	}
}

// TestRunNoSheetsSaysWhy: a run that reads no management sheet fails with
// ErrNoSheets and says why: an empty input folder, or workbooks none of
// which gave a sheet (with where to look).
func TestRunNoSheetsSaysWhy(t *testing.T) {
	cfg := sampleConfig(t)
	entries, _ := os.ReadDir(cfg.Input)
	for _, e := range entries {
		os.Remove(filepath.Join(cfg.Input, e.Name()))
	}
	_, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if !errors.Is(err, pipeline.ErrNoSheets) || !strings.Contains(err.Error(), "ブック（.xlsx）がありません") {
		t.Errorf("empty folder: %v", err)
	}
	if err := os.WriteFile(filepath.Join(cfg.Input, "a.xlsx"), []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if !errors.Is(err, pipeline.ErrNoSheets) || !strings.Contains(err.Error(), "ブック 1 件のどれからも読めませんでした") {
		t.Errorf("one unreadable workbook: %v", err)
	}
}
