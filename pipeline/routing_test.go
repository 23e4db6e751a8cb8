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

// TestRunRetriesFailedFolderCopy: a department folder copy that failed
// (the folder did not exist yet) is made by the next run even though that
// run is skipped (unchanged inputs), as the log promised, and then no more.
func TestRunRetriesFailedFolderCopy(t *testing.T) {
	cfg := sampleConfig(t)
	folder := filepath.Join(t.TempDir(), "建設部")
	cfg.Departments = map[string]config.Route{"建設部": {Folder: folder}}
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if res.Status != "done" || res.Record.Delivery.Status != "failed" {
		t.Fatalf("first run: %s, delivery %+v (%v); want done with the folder missing", res.Status, res.Record.Delivery, err)
	}

	// Still missing: the skipped night tries again and says so again.
	res, _ = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if res.Status != "skipped" || res.Record.Delivery.Status != "failed" || !strings.Contains(strings.Join(res.Record.Delivery.Errors, "\n"), folder) {
		t.Errorf("second run: %s, delivery %+v; want skipped, the folder missing again", res.Status, res.Record.Delivery)
	}

	if err := os.Mkdir(folder, 0o755); err != nil { // the clerk creates it
		t.Fatal(err)
	}
	res, err = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if res.Status != "skipped" || res.Record.Delivery.Status != "ok" {
		t.Fatalf("third run: %s, delivery %+v (%v); want skipped and ok", res.Status, res.Record.Delivery, err)
	}
	for out, in := range map[string]string{"departments/建設部.pdf": "建設部.pdf", "feedback/建設部.xlsx": "建設部（赤入れ版）.xlsx"} {
		want, _ := os.ReadFile(filepath.Join(cfg.Output, filepath.FromSlash(out)))
		if got, err := os.ReadFile(filepath.Join(folder, in)); err != nil || len(want) == 0 || string(got) != string(want) {
			t.Errorf("%s in the folder: %d bytes (%v), want the %d of %s", in, len(got), err, len(want), out)
		}
	}
	if got := len(res.Record.Delivery.Published); got != 2 {
		t.Errorf("delivery.published %q, want the two files copied", res.Record.Delivery.Published)
	}

	// Done: the next skipped night copies nothing.
	res, _ = pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if res.Status != "skipped" || len(res.Record.Delivery.Published) != 0 || len(res.Record.Delivery.Errors) != 0 {
		t.Errorf("fourth run: %s, delivery %+v; want skipped with nothing to do", res.Status, res.Record.Delivery)
	}
}
