package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"planreport/pipeline/config"
	"planreport/pipeline/deliver"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
	"planreport/pipeline/status"
)

// lastReportFile keeps the summary of the last done run, so that the next
// report's mail can say what changed since the last one.
const lastReportFile = ".last-report-summary.json"

// deliverStep publishes the committed report and sends the mails for a run
// that ended with status. A delivery problem is logged and recorded, never
// turned into a failed run.
func deliverStep(ctx context.Context, cfg *config.Config, opt Options, log *slog.Logger, run Result, runErr error) outputs.Delivery {
	status, exit, b, written := run.Status, run.ExitStatus, run.Batch, run.Outputs
	d := cfg.Delivery
	d.Departments = cfg.Departments
	if d.PublishDir == "" && d.SMTP.Host == "" && !hasFolders(cfg.Departments) {
		return outputs.Delivery{Status: outputs.DeliveryOff}
	}
	if d.Title == "" {
		d.Title = cfg.Title
	}
	sum := deliver.RunSummary{}
	if b != nil {
		sum = deliver.Summarize(b)
	}
	sum.Status, sum.ExitStatus, sum.ReportDate = status, exit, cfg.Date
	sum.FeedbackMissing = run.FeedbackMissing
	if runErr != nil {
		sum.Message = runErr.Error()
	}
	out := cfg.Output
	if status == model.RunFailed {
		_, err := os.Stat(filepath.Join(out, ReportPDF))
		sum.NoPreviousReport = errors.Is(err, fs.ErrNotExist)
	}
	art := deliver.Artifacts{FindingsJSON: filepath.Join(out, FindingsJSON)}
	if status == model.RunDone {
		art.ReportPDF = filepath.Join(out, ReportPDF)
		art.ReportHTML = filepath.Join(out, ReportHTML)
		for _, name := range written {
			if dept, ok := departmentOf(name); ok {
				art.DepartmentPDFs = append(art.DepartmentPDFs, deliver.DepartmentPDF{Department: dept, Path: filepath.Join(out, filepath.FromSlash(name)),
					ContentKey: run.DepartmentContent[name]})
			}
		}
	}
	if status == model.RunDone && b != nil {
		art.Departments = departmentShares(b, out, written)
	}
	prev := readLastReport(out, log)
	getenv := opt.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	res := deliver.Deliver(ctx, d, out, sum, art, prev, getenv, opt.DryRun, log)
	if opt.DryRun && opt.DeliveryPlan != nil {
		res.WriteText(opt.DeliveryPlan)
	}
	// The next council mail says what changed since the last report the
	// council received: the summary is kept only once the council has
	// this one, not while its mail waits in the queue.
	if status == model.RunDone && !opt.DryRun && res.CouncilHasReport {
		if data, err := json.Marshal(sum); err == nil {
			if err := outputs.WriteFileAtomic(filepath.Join(out, lastReportFile), data, 0o644); err != nil {
				log.Warn("前回の報告の要約を保存できませんでした", "err", err)
			}
		}
	}
	published := append(slices.Clip(res.Published), res.Copied...) // run.json: the files put anywhere
	rec := outputs.Delivery{Status: outputs.DeliveryOK, Published: published, Sent: res.Sent, Pending: res.Pending, Errors: res.Errors}
	switch {
	case res.DryRun:
		rec.Status = outputs.DeliveryDryRun
	case !res.OK():
		rec.Status = outputs.DeliveryFailed
		log.Error("配布・通知に問題がありました（報告書そのものは出力済みです。送れなかったメールとコピーは次回の実行で再送します）", "errors", res.Errors)
	}
	return rec
}

// hasFolders reports whether any department has a folder to copy to.
func hasFolders(routes map[string]config.Route) bool {
	for _, r := range routes {
		if r.Folder != "" {
			return true
		}
	}
	return false
}

// departmentShares gives each department of the submission status its PDF
// and the annotated copies of its workbooks among the written outputs.
func departmentShares(b *model.Batch, out string, written []string) []deliver.DepartmentShare {
	have := make(map[string]bool, len(written))
	for _, name := range written {
		have[name] = true
	}
	tab := status.Compute(b)
	shares := make([]deliver.DepartmentShare, 0, len(tab.Departments))
	for _, d := range tab.Departments {
		sh := deliver.DepartmentShare{Status: d, EvaluationYear: tab.EvaluationYear}
		if name := DepartmentsDir + "/" + safeFileName(d.Name) + ".pdf"; have[name] {
			sh.PDF = filepath.Join(out, filepath.FromSlash(name))
		}
		for _, f := range d.Files {
			if name := FeedbackName(f.Name); have[name] {
				sh.Copies = append(sh.Copies, filepath.Join(out, filepath.FromSlash(name)))
			}
		}
		shares = append(shares, sh)
	}
	return shares
}

// departmentOf returns the department of a departments/<name>.pdf output.
func departmentOf(name string) (string, bool) {
	dir, file := filepath.Split(filepath.FromSlash(name))
	if filepath.Clean(dir) != DepartmentsDir || filepath.Ext(file) != ".pdf" {
		return "", false
	}
	return file[:len(file)-len(".pdf")], true
}

func readLastReport(dir string, log *slog.Logger) *deliver.RunSummary {
	data, err := os.ReadFile(filepath.Join(dir, lastReportFile))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Warn("前回の報告の要約を読めませんでした", "err", err)
		}
		return nil
	}
	var s deliver.RunSummary
	if err := json.Unmarshal(data, &s); err != nil {
		log.Warn("前回の報告の要約が壊れています", "err", err)
		return nil
	}
	return &s
}
