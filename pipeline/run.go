// Package pipeline wires the stages of a nightly run in the order SPEC.md
// gives them. Run is the sketch of the whole program:
//
//  1. lock the output folder (one run at a time) and finish any interrupted commit;
//  2. fingerprint the inputs and the configuration; if nothing changed since
//     the last successful run, record a skipped run and stop;
//  3. ingest every workbook of the input folder into a model.Batch;
//  4. check it (validation, cross-sheet rules);
//  5. rate it (achievement rates, grades, roll-ups);
//  6. write report.pdf, departments/*.pdf, summary.xlsx, findings.json and
//     the annotated copies feedback/*.xlsx into a staging folder and replace
//     the previous outputs as a set;
//  7. archive the set by date, and record the run in run.json and history.jsonl.
//
// A run that accepts no management sheet, or fails at any step, leaves the
// previous outputs exactly as they were.
//
// Nightly runs are incremental (package cache, in <output>/.cache/): step 3
// parses only the workbooks whose content changed since they were last
// parsed, and step 6 copies a department's PDF from the last set when
// everything it shows is unchanged, and an annotated copy when its workbook
// and findings are unchanged. The outputs are byte for byte those of
// a run without the cache.
package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"planreport/pipeline/cache"
	"planreport/pipeline/check"
	"planreport/pipeline/config"
	"planreport/pipeline/findings"
	"planreport/pipeline/ingest"
	"planreport/pipeline/internal/workers"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
	"planreport/pipeline/pdfreport"
	"planreport/pipeline/rate"
	"planreport/pipeline/workbook"
)

// Exit statuses of a run (SPEC.md "Command line").
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
	ExitFailed   = 3
)

// Output file names inside the output folder.
const (
	ReportPDF      = "report.pdf"
	SummaryXLSX    = "summary.xlsx"
	FindingsJSON   = "findings.json"
	RunJSON        = "run.json"
	DepartmentsDir = "departments"
)

// ErrNoSheets means the run accepted no management sheet at all: it failed,
// so that an empty report never replaces a good one.
var ErrNoSheets = errors.New("管理シートを一つも読み込めませんでした")

// ErrStrict means -strict turned error findings into a failed run.
var ErrStrict = errors.New("エラー所見があるため -strict により出力しませんでした")

// Options are the parts of a run that are not configuration.
type Options struct {
	Version string
	Logger  *slog.Logger
	// Now is the clock for the run record (start time, durations) and the
	// default report date; nil means time.Now. It never reaches report.pdf
	// or summary.xlsx except as the report date.
	Now func() time.Time
	// Progress receives short progress lines (for a terminal); may be nil.
	Progress func(format string, args ...any)
	// DryRun: publish and mail nothing, write what would be done to
	// DeliveryPlan instead.
	DryRun       bool
	DeliveryPlan io.Writer
	// Getenv reads the SMTP credentials; nil means os.Getenv.
	Getenv func(string) string
}

// Result is what a run did.
type Result struct {
	Status     string // done, skipped, failed
	ExitStatus int
	Batch      *model.Batch // nil when skipped or when ingest failed
	Record     outputs.RunRecord
	OutputDir  string
	Outputs    []string // committed file names, relative to OutputDir
	// Cache says how much of the run was reused from the last one.
	Cache cache.Stats
}

// stageClock measures how long each stage took, in order.
type stageClock struct {
	now   func() time.Time
	last  time.Time
	times []outputs.StageDuration
}

func (c *stageClock) lap(stage string) {
	t := c.now()
	c.times = append(c.times, outputs.StageDuration{Stage: stage, Millis: t.Sub(c.last).Milliseconds()})
	c.last = t
}

// Run performs one run. The returned error explains a failed run (status 3);
// findings never make an error.
func Run(ctx context.Context, cfg config.Config, opt Options) (Result, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	start := opt.Now()
	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return Result{Status: "failed", ExitStatus: ExitUsage}, fmt.Errorf("time_zone %q: %w", cfg.TimeZone, err)
	}
	date, err := cfg.ReportDate(start)
	if err != nil {
		return Result{Status: "failed", ExitStatus: ExitUsage}, err
	}
	res := Result{Status: "failed", ExitStatus: ExitFailed, OutputDir: cfg.Output}
	rec := outputs.RunRecord{
		Status:     "failed",
		Start:      start.In(loc).Format(time.RFC3339),
		ReportDate: date,
		Version:    opt.Version,
	}
	clock := &stageClock{now: opt.Now, last: start}

	lock, err := outputs.Lock(cfg.Output)
	if err != nil {
		if errors.Is(err, outputs.ErrLocked) {
			return res, fmt.Errorf("別の実行が進行中です（%s）。終わってからもう一度実行してください: %w", filepath.Join(cfg.Output, ".planreport.lock"), err)
		}
		return res, fmt.Errorf("出力フォルダ %s をロックできません: %w", cfg.Output, err)
	}
	defer lock.Unlock()

	// From here on every outcome is recorded, and delivered: the report to
	// the council, failures and error findings to the office.
	finish := func(res Result, err error) (Result, error) {
		cfg.Date = date
		rec.Delivery = deliverStep(ctx, &cfg, opt, log, res.Status, res.ExitStatus, res.Batch, err, res.Outputs)
		if rec.Delivery.Status != outputs.DeliveryOff {
			clock.lap("deliver")
		}
		rec.Durations = clock.times
		rec.ExitStatus = res.ExitStatus
		rec.Status = res.Status
		if err != nil {
			rec.Message = err.Error()
		}
		res.Record = rec
		if werr := outputs.WriteRunRecord(filepath.Join(cfg.Output, RunJSON), rec); werr != nil {
			log.Error("run.json を書けませんでした", "err", werr)
		}
		if herr := outputs.AppendHistory(cfg.Output, rec); herr != nil {
			log.Error("history.jsonl に追記できませんでした", "err", herr)
		}
		return res, err
	}

	if err := outputs.Recover(cfg.Output); err != nil {
		return finish(res, fmt.Errorf("前回中断された出力の復旧に失敗しました: %w", err))
	}

	// Change detection first: hashing is cheap, parsing is not.
	scanned, err := scanInputs(cfg.Input, cfg.Limits.Resolved().FileBytes)
	if err != nil {
		return finish(res, fmt.Errorf("入力フォルダ %s を読めません: %w", cfg.Input, err))
	}
	fp := outputs.InputFingerprint(scanned, cfg.Fingerprint()+"|"+dateKey(cfg.Date, date), opt.Version)
	rec.Fingerprint = fp
	rec.Inputs = scanned
	clock.lap("scan")
	last, err := outputs.LastSuccess(cfg.Output)
	if err != nil {
		log.Warn("history.jsonl を読めませんでした。変更検出を行わずに実行します", "err", err)
	}
	if !cfg.Force {
		// A dry run (-dry-run) wrote the outputs but delivered nothing: the
		// real run after it must not be skipped, or nothing is ever sent.
		if last != nil && last.Fingerprint == fp && outputsPresent(cfg.Output) && last.Delivery.Status != outputs.DeliveryDryRun {
			log.Info("入力と設定に変更がないため、出力を更新しませんでした", "last", last.Start)
			res.Status, res.ExitStatus = "skipped", ExitOK
			return finish(res, nil)
		}
	}

	progress("ブックを読み込んでいます: %s", cfg.Input)
	go pdfreport.LoadFonts() // beside reading: the typeface check needs them next
	store := cache.Open(cfg.Output, cacheSalt(&cfg, opt.Version), log)
	batch, err := store.Ingest(ctx, cfg.Input, hashesOf(scanned), ingest.Options{Limits: cfg.Limits, Workers: cfg.Workers, Logger: log})
	if err != nil {
		return finish(res, fmt.Errorf("入力フォルダ %s を読めません: %w", cfg.Input, err))
	}
	batch.ReportDate = date
	res.Batch = batch
	rec.Inputs = batch.Files
	// A workbook the last good run read and this one does not have: said
	// in run.json, the log and the terminal, not in the report (which
	// depends on the inputs alone), so that a department's sheets are
	// never dropped without anyone being told.
	if rec.MissingInputs = missingSince(last, batch.Files); len(rec.MissingInputs) > 0 {
		log.Warn("前回の実行で読み込んだファイルが入力フォルダにありません", "files", rec.MissingInputs, "last", last.Start)
	}
	clock.lap("ingest")
	if err := ctx.Err(); err != nil {
		return finish(res, fmt.Errorf("中断されました: %w", err))
	}

	if err := Analyze(batch, &cfg, clock.lap); err != nil {
		return finish(res, err)
	}
	rec.Counts = outputs.CountsOf(batch)
	progress("管理シート %d 枚、所見 %d 件", len(batch.Initiatives), len(batch.Findings))

	if len(batch.Initiatives) == 0 {
		return finish(res, ErrNoSheets)
	}
	if cfg.Strict && rec.Counts.Errors > 0 {
		return finish(res, fmt.Errorf("%w（エラー %d 件）", ErrStrict, rec.Counts.Errors))
	}

	st, err := outputs.Begin(cfg.Output)
	if err != nil {
		return finish(res, fmt.Errorf("出力の準備に失敗しました: %w", err))
	}
	// The archive's copy of the outputs is written with them, beside the
	// rendering, and put in place once they are committed. Losing the copy
	// never fails the run.
	arch, err := outputs.BeginArchive(cfg.Output, date)
	if err != nil {
		log.Error("アーカイブに失敗しました", "err", err)
	}
	defer arch.Abort() // nothing after Finish, or without a draft
	copies := store.Copies()
	written, err := writeOutputs(ctx, sink{dir: st.Dir(), archive: arch}, batch, &cfg, store, clock, progress, feedbackStep{copies, log})
	if err != nil {
		st.Abort()
		return finish(res, err)
	}
	if err := ctx.Err(); err != nil {
		st.Abort()
		return finish(res, fmt.Errorf("中断されました: %w", err))
	}
	rec.Outputs = written
	if err := st.Commit(); err != nil {
		return finish(res, fmt.Errorf("出力の置き換えに失敗しました（前回の出力はそのままです）: %w", err))
	}
	clock.lap("commit")
	if err := store.Save(); err != nil {
		log.Warn("キャッシュを保存できませんでした（次回は作り直します）", "err", err)
	}
	if err := copies.Save(); err != nil {
		log.Warn("赤入れ版のキャッシュを整理できませんでした", "err", err)
	}
	res.Cache = store.Stats()
	res.Cache.CopiesReused, res.Cache.CopiesBuilt = copies.Stats()
	log.Info("キャッシュの利用状況", "files_reused", res.Cache.FilesReused, "files_parsed", res.Cache.FilesRead,
		"pdfs_reused", res.Cache.PDFsReused, "pdfs_rendered", res.Cache.PDFsBuilt)
	names := make([]string, len(written))
	for i, w := range written {
		names[i] = w.Name
	}
	if arch != nil {
		if err := arch.Finish(names, cfg.ArchiveDays); err != nil {
			log.Error("アーカイブに失敗しました", "err", err)
		}
	}
	clock.lap("archive")

	res.Outputs = names
	res.Status, res.ExitStatus = "done", ExitOK
	if rec.Counts.Errors > 0 {
		res.ExitStatus = ExitFindings
	}
	return finish(res, nil)
}

// writeOutputs renders every output file of the batch into out and returns
// them with their hashes, in a fixed order: report.pdf, the department PDFs
// by name, summary.xlsx, findings.json, the annotated copies
// (feedback/*.xlsx) in the order of the input files. The documents are independent and
// render concurrently (the workbook, single-threaded, starts first so that
// it overlaps the PDFs); the stage is timed as one, "outputs".
func writeOutputs(ctx context.Context, out sink, b *model.Batch, cfg *config.Config, store *cache.Store, clock *stageClock, progress func(string, ...any), fb feedbackStep) ([]outputs.FileRecord, error) {
	progress("報告書（PDF）と集計表（Excel）を作成しています")
	summary := func(ctx context.Context) (outputs.FileRecord, error) {
		var buf bytes.Buffer
		if err := workbook.Write(ctx, &buf, b, workbook.Options{Title: cfg.Title}); err != nil {
			return outputs.FileRecord{}, fmt.Errorf("集計表の作成に失敗しました: %w", err)
		}
		return out.put(SummaryXLSX, buf.Bytes())
	}
	findingsFile := func(context.Context) (outputs.FileRecord, error) {
		data, err := findings.JSON(b)
		if err != nil {
			return outputs.FileRecord{}, err
		}
		return out.put(FindingsJSON, data)
	}
	pdfs := pdfJobs(out, b, cfg, store)
	jobs := append(append([]outputJob{summary, findingsFile}, pdfs...), feedbackJobs(out, b, cfg, fb.copies, fb.log)...)
	recs, err := runJobs(ctx, cfg.Workers, jobs)
	if err != nil {
		return nil, err
	}
	clock.lap("outputs")
	summaryRec, findingsRec, pdfRecs, copyRecs := recs[0], recs[1], recs[2:2+len(pdfs)], recs[2+len(pdfs):]
	return append(append(slices.Clip(pdfRecs), summaryRec, findingsRec), made(copyRecs)...), nil
}

// A sink takes the output files: into the staging folder dir, and their
// copy into the archive draft when there is one.
type sink struct {
	dir     string
	archive *outputs.ArchiveDraft // nil: no archive this run
}

// put writes one output file.
func (out sink) put(name string, data []byte) (outputs.FileRecord, error) {
	if err := out.write(name, data); err != nil {
		return outputs.FileRecord{}, err
	}
	return outputs.NewFileRecord(name, data), nil
}

// write writes one output file whose record the caller makes.
func (out sink) write(name string, data []byte) error {
	path := filepath.Join(out.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("%s を書けません: %w", name, err)
	}
	if out.archive != nil {
		out.archive.Put(name, data)
	}
	return nil
}

// outputJob renders one output file into the staging folder.
type outputJob func(context.Context) (outputs.FileRecord, error)

// pdfJobs renders report.pdf and one PDF per department. Each job holds
// one document in memory and drops its bytes once written, so memory is
// bounded by the largest documents being rendered, not by their number. A
// department PDF whose inputs are unchanged since the last committed set
// is copied from it instead.
func pdfJobs(out sink, b *model.Batch, cfg *config.Config, store *cache.Store) []outputJob {
	pdfOpt := pdfreport.Options{Title: cfg.Title, Issuer: cfg.Issuer, SectionsLimit: cfg.SectionsLimit}
	subs := cache.DepartmentBatches(b)
	jobs := make([]outputJob, 0, 1+len(subs))
	jobs = append(jobs, func(ctx context.Context) (outputs.FileRecord, error) {
		var buf bytes.Buffer
		if err := pdfreport.Write(ctx, &buf, b, pdfOpt); err != nil {
			return outputs.FileRecord{}, fmt.Errorf("報告書 PDF の作成に失敗しました: %w", err)
		}
		return out.put(ReportPDF, buf.Bytes())
	})
	for _, dept := range slices.Sorted(maps.Keys(subs)) {
		sub := subs[dept]
		jobs = append(jobs, func(ctx context.Context) (outputs.FileRecord, error) {
			return writeDepartmentPDF(ctx, out, sub, dept, pdfOpt, store)
		})
	}
	return jobs
}

// runJobs runs the jobs, limit at a time (0: GOMAXPROCS), and returns
// their records in job order. The first failure cancels the rest.
func runJobs(ctx context.Context, limit int, jobs []outputJob) ([]outputs.FileRecord, error) {
	recs := make([]outputs.FileRecord, len(jobs))
	err := workers.Each(ctx, limit, len(jobs), func(ctx context.Context, i int) error {
		var err error
		recs[i], err = jobs[i](ctx)
		return err // the run fails: the other documents stop
	})
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return nil, fmt.Errorf("中断されました: %w", err)
	}
	if err != nil {
		return nil, err
	}
	return recs, nil
}

// Analyze runs the stages between reading and writing on an ingested
// batch: the checks, the rates (with the check of the text against the
// report's typeface), then sorts the findings. run and validate both call
// it, so that they find the same. lap, when not nil, is told when each of
// the stages "check" and "rate" ends.
func Analyze(b *model.Batch, cfg *config.Config, lap func(stage string)) error {
	if lap == nil {
		lap = func(string) {}
	}
	check.Run(b)
	lap("check")
	// The typeface check reads only the texts, which rate does not write:
	// it runs beside rate (with the parsing of the fonts, on first use),
	// and its findings come after rate's, as if it had run after it.
	var glyphs []model.Finding
	var glyphErr error
	var wg sync.WaitGroup
	wg.Go(func() { glyphs, glyphErr = pdfreport.GlyphFindings(b) })
	rate.Run(b, rate.OptionsOf(cfg))
	wg.Wait()
	if glyphErr != nil {
		return glyphErr
	}
	b.Findings = append(b.Findings, glyphs...)
	model.SortFindings(b.Findings)
	lap("rate")
	return nil
}

// dateKey is the part of the change fingerprint the report date gives. A
// date someone chose (-date, date: in the configuration) counts in full. A
// defaulted one (today) counts only by its fiscal year: a nightly run with
// no new data is then skipped and the report keeps the date of the data it
// shows, instead of a new report, publication and council mail every
// night that differ only in the date on the cover. A new fiscal year
// (April) runs again, since what is late or future depends on it.
func dateKey(chosen, date string) string {
	if chosen != "" {
		return "date=" + chosen
	}
	fy, ok := model.FiscalYearOfDate(date)
	if !ok {
		return "date=" + date
	}
	return "fiscal_year=" + strconv.Itoa(fy)
}

// missingSince lists the workbooks the last successful run accepted that
// are not among files, in the last run's order.
func missingSince(last *outputs.RunRecord, files []model.InputFile) []string {
	if last == nil {
		return nil
	}
	now := make(map[string]bool, len(files))
	for _, f := range files {
		now[f.Name] = true
	}
	var out []string
	for _, f := range last.Inputs {
		if f.Status == model.FileAccepted && !now[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out
}

// writeDepartmentPDF writes departments/<dept>.pdf, rendered from sub, the
// part of the batch the department's report shows
// (cache.DepartmentBatches), or copied from the last set when that part is
// unchanged.
func writeDepartmentPDF(ctx context.Context, out sink, sub *model.Batch, dept string, pdfOpt pdfreport.Options, store *cache.Store) (outputs.FileRecord, error) {
	name := DepartmentsDir + "/" + safeFileName(dept) + ".pdf"
	o := pdfOpt
	o.Department, o.SectionsLimit = dept, 0
	key, err := store.DepartmentKey(sub, o)
	if err != nil {
		return outputs.FileRecord{}, fmt.Errorf("%s の PDF: %w", dept, err)
	}
	var rec outputs.FileRecord
	data, sum := store.ReuseDepartment(dept, name, key)
	reused := data != nil
	if reused {
		// Its hash was checked as it was read.
		if err := out.write(name, data); err != nil {
			return outputs.FileRecord{}, err
		}
		rec = outputs.FileRecord{Name: name, SHA256: sum, Size: int64(len(data))}
	} else {
		var buf bytes.Buffer
		if err := pdfreport.Write(ctx, &buf, sub, o); err != nil {
			return outputs.FileRecord{}, fmt.Errorf("%s の PDF の作成に失敗しました: %w", dept, err)
		}
		if rec, err = out.put(name, buf.Bytes()); err != nil {
			return outputs.FileRecord{}, err
		}
	}
	store.RecordDepartment(dept, name, key, rec.SHA256, reused)
	return rec, nil
}

// outputsPresent reports whether the last committed report is still there;
// a skipped run must not leave an office without a report because someone
// deleted it.
func outputsPresent(dir string) bool {
	for _, name := range []string{ReportPDF, SummaryXLSX, FindingsJSON} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}
