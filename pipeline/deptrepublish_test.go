package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"planreport/pipeline"
)

// A new report on unchanged data publishes the report and no department
// PDF: each prints the report date, but its content did not change, and
// the departments keep their earlier dated files (README: "one PDF per
// department — only when its content changed").
func TestNewReportLeavesUnchangedDepartments(t *testing.T) {
	cfg := sampleConfig(t)
	share := t.TempDir()
	cfg.Delivery.PublishDir = share
	cfg.Date = "2026-11-20"
	if res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock}); res.Status != "done" {
		t.Fatalf("first report: %s %v", res.Status, err)
	}
	cfg.Date = "2026-11-26"
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if res.Status != "done" {
		t.Fatalf("second report: %s %v", res.Status, err)
	}
	want := []string{"行財政運営プラン取組状況報告書_令和8年11月26日.pdf", "行財政運営プラン取組状況報告書_令和8年11月26日.html"}
	if got := res.Record.Delivery.Published; !slices.Equal(got, want) {
		t.Errorf("published %q, want the report's two editions only", got)
	}
	if _, err := os.Stat(filepath.Join(share, "総務部_令和8年11月20日.pdf")); err != nil {
		t.Errorf("総務部's earlier file: %v", err)
	}
}
