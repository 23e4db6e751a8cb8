package pipeline_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"planreport/pipeline"
	"planreport/pipeline/config"
)

// TestRunRoutesDepartmentFolders: a done run copies a department's PDF and
// the annotated copies of its workbooks to its folder, reports a folder
// that does not exist without creating it, and a skipped night copies
// nothing. report.pdf has the 提出状況 section.
func TestRunRoutesDepartmentFolders(t *testing.T) {
	cfg := sampleConfig(t)
	soumu := t.TempDir()
	missing := filepath.Join(t.TempDir(), "財務部")
	cfg.Departments = map[string]config.Route{"総務部": {Folder: soumu}, "財務部": {Folder: missing}}
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || res.Status != "done" {
		t.Fatalf("status %s err %v", res.Status, err)
	}
	pdf, _ := os.ReadFile(filepath.Join(cfg.Output, "departments", "総務部.pdf"))
	if got, _ := os.ReadFile(filepath.Join(soumu, "総務部.pdf")); len(pdf) == 0 || string(got) != string(pdf) {
		t.Error("総務部.pdf not copied to 総務部's folder")
	}
	copied, _ := os.ReadFile(filepath.Join(cfg.Output, "feedback", "総務部.xlsx"))
	if got, _ := os.ReadFile(filepath.Join(soumu, "総務部（赤入れ版）.xlsx")); len(copied) == 0 || string(got) != string(copied) {
		t.Error("the annotated copy of 総務部.xlsx not in 総務部's folder")
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("財務部's folder was created (%v)", err)
	}
	d := res.Record.Delivery
	if d.Status != "failed" || len(d.Errors) != 1 || !strings.Contains(d.Errors[0], missing) {
		t.Errorf("delivery %+v, want the missing folder reported", d)
	}
	text, err := exec.Command("pdftotext", filepath.Join(cfg.Output, "report.pdf"), "-").Output()
	if err != nil || !strings.Contains(string(text), "提出状況") {
		t.Errorf("report.pdf has no 提出状況 (%v)", err)
	}

	os.Remove(filepath.Join(soumu, "総務部.pdf"))
	res, err = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || res.Status != "skipped" {
		t.Fatalf("second run %s %v, want skipped", res.Status, err)
	}
	if _, err := os.Stat(filepath.Join(soumu, "総務部.pdf")); !os.IsNotExist(err) || len(res.Record.Delivery.Published) != 0 {
		t.Errorf("a skipped night copied %+v", res.Record.Delivery)
	}
}
