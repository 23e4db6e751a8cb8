// Package pipeline wires the stages of a nightly run in the order SPEC.md
// gives them. Run is the sketch of the whole program:
//
//  1. lock the output folder (one run at a time) and finish any interrupted commit;
//  2. fingerprint the inputs and the configuration; if nothing changed since
//     the last successful run, record a skipped run and stop;
//  3. ingest every workbook of the input folder into a model.Batch;
//  4. check it (validation, cross-sheet rules);
//  5. rate it (achievement rates, grades, roll-ups);
//  6. compare with the previous report's snapshot (what changed since);
//  7. write report.pdf, departments/*.pdf, report.html, summary.xlsx, findings.json,
//     snapshot.json and the annotated copies feedback/*.xlsx into a staging
//     folder and replace the previous outputs as a set;
//  8. archive the set by date;
//  9. deliver, whatever the outcome: publish the report and mail it to the
//     council, failures and error findings to the office, each department
//     its own findings (package deliver);
//
// 10. record the run in run.json and history.jsonl.
//
// A run that accepts no management sheet, or fails at any step, leaves the
// previous outputs exactly as they were; it is still delivered and recorded.
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
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"planreport/internal/fserr"
	"planreport/pipeline/cache"
	"planreport/pipeline/changes"
	"planreport/pipeline/check"
	"planreport/pipeline/config"
	"planreport/pipeline/findings"
	"planreport/pipeline/htmlreport"
	"planreport/pipeline/ingest"
	"planreport/pipeline/internal/workers"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
	"planreport/pipeline/pdfreport"
	"planreport/pipeline/rate"
	"planreport/pipeline/reportdoc"
	"planreport/pipeline/workbook"
)

// Output file names inside the output folder.
const (
	ReportPDF      = "report.pdf"
	ReportHTML     = "report.html"
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
	Status     string // model.RunDone, RunSkipped or RunFailed
	ExitStatus int
	Batch      *model.Batch // nil when skipped or when ingest failed
	Record     outputs.RunRecord
	OutputDir  string
	Outputs    []string // committed file names, relative to OutputDir
	// Cache says how much of the run was reused from the last one.
	Cache cache.Stats
	// DepartmentContent is, by department PDF file, the key of what it
	// shows apart from the report date (cache.Store.DepartmentKeys), for
	// publication.
	DepartmentContent map[string]string
	// FeedbackMissing says, for each accepted workbook with findings that
	// got no annotated copy, which and why (Japanese): in file order, then
	// the copies not made for a clash of names.
	FeedbackMissing []string
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

// Run performs one run, in the steps of the package documentation, and
// then delivers and records it whatever its outcome: delivery (the report
// to the council, failures and error findings to the office) is its last
// step. The returned error explains a failed run (status 3); findings never
// make an error.
func Run(ctx context.Context, cfg config.Config, opt Options) (Result, error) {
	r, err := newRun(cfg, opt)
	if err != nil {
		return Result{Status: model.RunFailed, ExitStatus: model.ExitUsage}, err
	}
	return r.execute(ctx)
}

// execute is Run after its settings are checked.
func (r *run) execute(ctx context.Context) (Result, error) {
	cfg := &r.cfg
	lock, err := outputs.Lock(cfg.Output)
	if err != nil {
		if errors.Is(err, outputs.ErrLocked) {
			// Lock's text already says which folder and which process:
			// only what to do is added, and where the lock is.
			return r.res, fmt.Errorf("%w。終わってからもう一度実行してください（ロックファイル「%s」）", err, filepath.Join(cfg.Output, ".planreport.lock"))
		}
		return r.res, err // Lock says which folder or file, and why
	}
	defer lock.Unlock()
	res, err := r.steps(ctx)
	err = explainInterrupted(ctx, explainDiskFull(cfg.Output, err))
	r.deliver(ctx, res, err)
	return r.record(res, err)
}

// explainDiskFull turns a failure caused by a full disk (or a quota) into
// the message the office needs: that the disk of the output folder is full
// and what to do, ahead of the file that could not be written. The chain
// is kept (errors.Is still finds ENOSPC).
func explainDiskFull(dir string, err error) error {
	if err == nil || !(errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)) {
		return err
	}
	return fmt.Errorf("出力フォルダ「%s」のディスクに空きがないため、出力を書けませんでした。"+
		"不要なファイルを削除するなどして空きを作ってから、もう一度実行してください: %w", dir, err)
}

// explainInterrupted turns any failure of a run whose context was
// canceled (SIGTERM from systemd, Ctrl+C) into what happened and what to
// do, instead of Go's "context canceled" at the end of whichever step was
// running. The chain is kept.
func explainInterrupted(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return err
	}
	return fmt.Errorf("停止の指示（SIGTERM や Ctrl+C）を受けたため、実行を途中でやめました。"+
		"報告書を作り直すには、もう一度実行してください（定時実行なら次の予定の時刻に実行されます）（%w）", context.Cause(ctx))
}

// inputFolderError says why the input folder could not be read and what
// to do, with the system's text last, in brackets.
func inputFolderError(dir string, err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("入力フォルダ「%s」を読む権限がありません。planreport を実行する利用者がこのフォルダを読めるように権限を直すか、読める利用者で実行してください（%w）", dir, err)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("入力フォルダ「%s」はフォルダではありません。設定の input（または -input）に各部のブックを置いたフォルダを指定してください（%w）", dir, err)
	}
	return fmt.Errorf("入力フォルダ %s を読めません: %w", dir, err)
}

// run is one Run: its settings, and what it has recorded so far.
type run struct {
	cfg      config.Config
	opt      Options
	log      *slog.Logger
	progress func(string, ...any)
	date     string // the report date
	res      Result // failed until the run is done or skipped
	rec      outputs.RunRecord
	clock    *stageClock
	store    *cache.Store // opened by ingest
	// writeFile writes one output file into the staging folder; nil means
	// os.WriteFile (tests make it fail as a full disk does).
	writeFile func(name string, data []byte, perm os.FileMode) error
}

func newRun(cfg config.Config, opt Options) (*run, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	r := &run{cfg: cfg, opt: opt, log: opt.Logger, progress: opt.Progress}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.progress == nil {
		r.progress = func(string, ...any) {}
	}
	start := opt.Now()
	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time_zone %q: %w", cfg.TimeZone, err)
	}
	if r.date, err = cfg.ReportDate(start); err != nil {
		return nil, err
	}
	r.res = Result{Status: model.RunFailed, ExitStatus: model.ExitFailed, OutputDir: cfg.Output}
	r.rec = outputs.RunRecord{
		Status:     model.RunFailed,
		Start:      start.In(loc).Format(time.RFC3339),
		ReportDate: r.date,
		Version:    opt.Version,
		DryRun:     opt.DryRun,
	}
	r.clock = &stageClock{now: opt.Now, last: start}
	// Retention and the comparison base count from the report date, so a
	// mistyped year (2062 for 2026) is worth a word: the log only, since
	// the clock must not reach the outputs.
	if today := start.In(loc).Format(time.DateOnly); r.date > today {
		r.log.Warn("報告日が今日より後の日付です。日付の誤りでないか確認してください", "report_date", r.date, "today", today)
	}
	return r, nil
}

// steps runs steps 1–8 of the package documentation on the locked output
// folder.
func (r *run) steps(ctx context.Context) (Result, error) {
	cfg := &r.cfg
	if err := outputs.Recover(cfg.Output); err != nil {
		return r.res, fmt.Errorf("前回中断された出力の復旧に失敗しました: %w", err)
	}
	scanned, last, skip, err := r.detectChanges()
	if err != nil || skip {
		return r.res, err
	}
	batch, err := r.ingest(ctx, scanned, last)
	if err != nil {
		return r.res, err
	}
	if err := Analyze(batch, cfg, r.clock.lap); err != nil {
		return r.res, err
	}
	r.rec.Counts = outputs.CountsOf(batch)
	r.progress("管理シート %d 枚、所見 %d 件", len(batch.Initiatives), len(batch.Findings))
	if len(batch.Initiatives) == 0 {
		// Say why, so that the office knows where to look: an empty
		// folder, or workbooks none of which gave a sheet.
		if len(batch.Files) == 0 {
			return r.res, fmt.Errorf("%w（入力フォルダ「%s」にブック（.xlsx）がありません。部局のブックを置いてから実行してください）", ErrNoSheets, cfg.Input)
		}
		return r.res, fmt.Errorf("%w（ブック %d 件のどれからも読めませんでした。理由は planreport validate %s で確かめてください）", ErrNoSheets, len(batch.Files), cfg.Input)
	}
	if cfg.Strict && r.rec.Counts.Errors > 0 {
		return r.res, fmt.Errorf("%w（エラー %d 件）", ErrStrict, r.rec.Counts.Errors)
	}
	names, err := r.publishSet(ctx, batch)
	if err != nil {
		return r.res, err
	}
	r.res.Outputs = names
	r.res.Status, r.res.ExitStatus = model.RunDone, model.ExitOK
	if r.rec.Counts.Errors > 0 {
		r.res.ExitStatus = model.ExitFindings
	}
	return r.res, nil
}

// detectChanges fingerprints the inputs and the configuration (step 2):
// hashing is cheap, parsing is not. skip is true when nothing changed since
// the last successful run, which is then recorded as skipped.
func (r *run) detectChanges() (scanned []model.InputFile, last *outputs.RunRecord, skip bool, err error) {
	cfg, log := &r.cfg, r.log
	scanned, err = scanInputs(cfg.Input, cfg.Limits.Resolved().FileBytes)
	if err != nil {
		return nil, nil, false, inputFolderError(cfg.Input, err)
	}
	fp := outputs.InputFingerprint(scanned, cfg.Fingerprint(), programID(r.opt.Version))
	r.rec.Fingerprint = fp
	r.rec.Inputs = scanned
	r.clock.lap("scan")
	last, err = outputs.LastSuccess(cfg.Output)
	if err != nil {
		log.Warn("history.jsonl を読めませんでした。変更検出を行わずに実行します", "err", err)
	}
	// A dry run (-dry-run) wrote the outputs but delivered nothing: the
	// real run after it must not be skipped, or nothing is ever sent.
	if cfg.Force || last == nil || last.Fingerprint != fp || last.IsDryRun() || !sameReportDate(cfg.Date != "", last.ReportDate, r.date) {
		return scanned, last, false, nil
	}
	if changed := outputsChanged(cfg.Output, last.Outputs); changed != "" {
		log.Info("前回の出力が消えたか変わったため、入力に変更はありませんが作り直します", "file", filepath.Join(cfg.Output, filepath.FromSlash(changed)))
		return scanned, last, false, nil
	}
	log.Info("入力と設定に変更がないため、出力を更新しませんでした", "last", last.Start)
	r.res.Status, r.res.ExitStatus = model.RunSkipped, model.ExitOK
	return scanned, last, true, nil
}

// ingest reads the input folder into a batch (step 3), parsing only the
// workbooks that changed since they were last parsed.
func (r *run) ingest(ctx context.Context, scanned []model.InputFile, last *outputs.RunRecord) (*model.Batch, error) {
	cfg, log := &r.cfg, r.log
	r.progress("ブックを読み込んでいます: %s", cfg.Input)
	go pdfreport.LoadFonts() // beside reading: the typeface check needs them next
	r.store = cache.Open(cfg.Output, cacheSalt(cfg, r.opt.Version), log)
	batch, err := r.store.Ingest(ctx, cfg.Input, hashesOf(scanned), ingest.Options{Limits: cfg.Limits, Workers: cfg.Workers, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("入力フォルダ %s を読めません: %w", cfg.Input, err)
	}
	batch.ReportDate = r.date
	r.res.Batch = batch
	r.rec.Inputs = batch.Files
	// A workbook the last good run read and this one does not have: said
	// in run.json, the log and the terminal, not in the report (which
	// depends on the inputs alone), so that a department's sheets are
	// never dropped without anyone being told.
	if r.rec.MissingInputs = missingSince(last, batch.Files); len(r.rec.MissingInputs) > 0 {
		log.Warn("前回の実行で読み込んだファイルが入力フォルダにありません", "files", r.rec.MissingInputs, "last", last.Start)
	}
	r.clock.lap("ingest")
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("中断されました: %w", err)
	}
	return batch, nil
}

// publishSet compares with the previous report, writes the outputs into
// a staging folder, replaces the previous outputs with them as a set and
// archives the set (steps 6 to 8); it returns the committed names.
func (r *run) publishSet(ctx context.Context, batch *model.Batch) ([]string, error) {
	cfg, log, store := &r.cfg, r.log, r.store
	snapshot, err := compareStep(batch, cfg.Output, log)
	if err != nil {
		return nil, err
	}
	r.clock.lap("compare")
	st, err := outputs.Begin(cfg.Output)
	if err != nil {
		return nil, fmt.Errorf("出力の準備に失敗しました: %w", err)
	}
	arch := r.beginArchive()
	defer arch.Abort() // nothing after Finish, or without a draft
	copies := store.Copies()
	var missing []string
	fb := feedbackStep{input: cfg.Input, limits: cfg.Limits.Resolved(), copies: copies, log: log, missing: &missing}
	written, err := writeOutputs(ctx, sink{dir: st.Dir(), archive: arch, writeFile: r.writeFile}, batch, snapshot, cfg, store, r.clock, r.progress, fb)
	if err == nil {
		err = ctx.Err()
		if err != nil {
			err = fmt.Errorf("中断されました: %w", err)
		}
	}
	if err == nil && r.opt.DryRun {
		var mark outputs.FileRecord
		mark, err = markDryRun(sink{dir: st.Dir(), writeFile: r.writeFile}, r.date)
		written = append(written, mark)
	}
	if err != nil {
		st.Abort()
		return nil, err
	}
	r.rec.Outputs = written
	if err := st.Commit(); err != nil {
		return nil, fmt.Errorf("出力の置き換えに失敗しました: %w", err) // the error says whether the old set is back
	}
	r.rec.FeedbackMissing = slices.DeleteFunc(missing, func(m string) bool { return m == "" }) // of the set now committed
	r.res.FeedbackMissing = r.rec.FeedbackMissing
	r.clock.lap("commit")
	if err := store.Save(); err != nil {
		log.Warn("キャッシュを保存できませんでした（次回は作り直します）", "err", err)
	}
	if err := copies.Save(); err != nil {
		log.Warn("赤入れ版のキャッシュを整理できませんでした", "err", err)
	}
	r.res.Cache = store.Stats()
	r.res.DepartmentContent = store.ContentKeys()
	r.res.Cache.CopiesReused, r.res.Cache.CopiesBuilt = copies.Stats()
	log.Info("キャッシュの利用状況", "files_reused", r.res.Cache.FilesReused, "files_parsed", r.res.Cache.FilesRead,
		"pdfs_reused", r.res.Cache.PDFsReused, "pdfs_rendered", r.res.Cache.PDFsBuilt)
	names := make([]string, len(written))
	for i, w := range written {
		names[i] = w.Name
	}
	r.finishArchive(arch, names)
	r.clock.lap("archive")
	return names, nil
}

// beginArchive starts the archive's copy of the outputs, written with
// them, beside the rendering, and put in place once they are committed;
// nil means no copy. Losing the copy never fails the run. A dry run is
// not archived: its report reached no one, and as archive/<date>/ it
// would replace the copy of a real report of that date, and count among
// the newest archives that retention keeps (KeepNewest) in place of real
// ones. Its set stays in the output folder, marked, until the next run.
func (r *run) beginArchive() *outputs.ArchiveDraft {
	if r.opt.DryRun {
		return nil
	}
	arch, err := outputs.BeginArchive(r.cfg.Output, r.date)
	if err != nil {
		r.log.Error("アーカイブに失敗しました", "err", err)
		return nil
	}
	return arch
}

// finishArchive puts the archive's copy of the committed outputs names in
// place and applies retention.
func (r *run) finishArchive(arch *outputs.ArchiveDraft, names []string) {
	if arch == nil {
		return
	}
	cfg := &r.cfg
	removed, err := arch.Finish(names, cfg.ArchiveDays)
	for _, d := range removed {
		r.log.Info("保存期間を過ぎた保存フォルダを削除しました", "folder", filepath.Join(cfg.Output, outputs.ArchiveDir, d),
			"report_date", r.date, "archive_days", cfg.ArchiveDays)
	}
	r.rec.ArchiveRemoved = removed
	if err != nil {
		r.log.Error("アーカイブに失敗しました", "err", err)
	}
}

// markDryRun writes changes.DryRunMarker into a dry run's output set:
// changes.Base then never compares a later report with this one, which
// was not published or mailed, and the office finding the set is told
// why it was not delivered. Committed with the set, it goes with it when
// the next run replaces the set.
func markDryRun(out sink, date string) (outputs.FileRecord, error) {
	text := "この出力は planreport run -dry-run（試しの実行）で作った報告日 " + model.WarekiDateOr(date) + " の報告書です。\n" +
		"配布も通知もしていません。次に作る報告書の「前回報告からの変更」は、この報告書ではなく、その前に作った報告書と比べます。\n" +
		"このファイルは次の実行で出力が置き換わるときに消えます。\n"
	return out.put(changes.DryRunMarker, []byte(text))
}

// deliver publishes and mails the outcome of the run, done, skipped or
// failed; a delivery problem is recorded, never a failed run.
func (r *run) deliver(ctx context.Context, res Result, err error) {
	cfg := r.cfg
	cfg.Date = r.date
	r.rec.Delivery = deliverStep(ctx, &cfg, r.opt, r.log, res, err)
	if r.rec.Delivery.Status != outputs.DeliveryOff {
		r.clock.lap("deliver")
	}
}

// record writes run.json and appends the run to history.jsonl.
func (r *run) record(res Result, err error) (Result, error) {
	rec := r.rec
	rec.Durations = r.clock.times
	rec.ExitStatus = res.ExitStatus
	rec.Status = res.Status
	if err != nil {
		rec.Message = err.Error()
	}
	res.Record = rec
	if werr := outputs.WriteRunRecord(filepath.Join(r.cfg.Output, RunJSON), rec); werr != nil {
		r.log.Error("run.json を書けませんでした", "err", werr)
	}
	if herr := outputs.AppendHistory(r.cfg.Output, rec); herr != nil {
		r.log.Error("history.jsonl に追記できませんでした", "err", herr)
	}
	return res, err
}

// writeOutputs renders every output file of the batch into out and returns
// them with their hashes, in a fixed order: report.pdf, the department PDFs
// by name, report.html, summary.xlsx, findings.json, snapshot.json, the annotated copies
// (feedback/*.xlsx) in the order of the input files. The documents are independent and
// render concurrently (the workbook, single-threaded, starts first so that
// it overlaps the PDFs); the stage is timed as one, "outputs".
func writeOutputs(ctx context.Context, out sink, b *model.Batch, snapshot []byte, cfg *config.Config, store *cache.Store, clock *stageClock, progress func(string, ...any), fb feedbackStep) ([]outputs.FileRecord, error) {
	progress("報告書（PDF）と集計表（Excel）を作成しています")
	summary := func(ctx context.Context) (outputs.FileRecord, error) {
		data, err := workbook.Bytes(ctx, b, workbook.Options{Title: cfg.Title})
		if err != nil {
			return outputs.FileRecord{}, fmt.Errorf("集計表の作成に失敗しました: %w", err)
		}
		return out.put(SummaryXLSX, data)
	}
	findingsFile := func(context.Context) (outputs.FileRecord, error) {
		data, err := findings.JSON(b)
		if err != nil {
			return outputs.FileRecord{}, err
		}
		return out.put(FindingsJSON, data)
	}
	snapshotFile := func(context.Context) (outputs.FileRecord, error) {
		// Written, the bytes are not needed for the rest of the stage
		// (25 MB at 10,000 sheets, held beside the PDFs being rendered).
		data := snapshot
		snapshot = nil
		return out.put(changes.FileName, data)
	}
	web := func(ctx context.Context) (outputs.FileRecord, error) {
		var buf bytes.Buffer
		if err := htmlreport.Write(ctx, &buf, b, reportOptions(cfg)); err != nil {
			return outputs.FileRecord{}, fmt.Errorf("報告書 HTML 版の作成に失敗しました: %w", err)
		}
		return out.put(ReportHTML, buf.Bytes())
	}
	pdfs := pdfJobs(out, b, cfg, store)
	copies := feedbackJobs(out, b, fb)
	jobs := append(append([]outputJob{summary, findingsFile, web, snapshotFile}, pdfs...), copies...)
	recs, err := runJobsInOrder(ctx, cfg.Workers, jobs, dispatchOrder(4, len(pdfs), len(copies)))
	if err != nil {
		return nil, err
	}
	clock.lap("outputs")
	summaryRec, findingsRec, webRec, snapRec, pdfRecs, copyRecs := recs[0], recs[1], recs[2], recs[3], recs[4:4+len(pdfs)], recs[4+len(pdfs):]
	return append(append(slices.Clip(pdfRecs), webRec, summaryRec, findingsRec, snapRec), made(copyRecs)...), nil
}

// A sink takes the output files: into the staging folder dir, and their
// copy into the archive draft when there is one.
type sink struct {
	dir       string
	archive   *outputs.ArchiveDraft                                  // nil: no archive this run
	writeFile func(name string, data []byte, perm os.FileMode) error // nil: os.WriteFile
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
		return fserr.Wrap(err, "%s のフォルダを作れません", name)
	}
	writeFile := out.writeFile
	if writeFile == nil {
		writeFile = os.WriteFile
	}
	if err := writeFile(path, data, 0o644); err != nil {
		return fserr.Wrap(err, "%s を書けません", name)
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
	pdfOpt := reportOptions(cfg)
	subs := reportdoc.DepartmentBatches(b)
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

// reportOptions are the options of the consolidated report, both editions.
func reportOptions(cfg *config.Config) reportdoc.Options {
	return reportdoc.Options{Title: cfg.Title, Issuer: cfg.Issuer, SectionsLimit: cfg.SectionsLimit, Grades: cfg.Grades}
}

// dispatchOrder is the order in which writeOutputs starts its jobs: the
// first jobs (the workbook, which is single-threaded and starts first so
// that it overlaps the rest, and the small files), then each PDF followed
// by its share of the annotated copies. A department PDF holds its whole
// document in memory until it is written; started one after another with
// copies between them, rarely two are held at once, and on 10,000 sheets
// two were what kept the heap at the memory limit.
func dispatchOrder(first, pdfs, copies int) []int {
	order := make([]int, 0, first+pdfs+copies)
	for i := range first {
		order = append(order, i)
	}
	next := first + pdfs // the next copy
	for p := range pdfs {
		order = append(order, first+p)
		share := (copies - (next - first - pdfs)) / (pdfs - p)
		for range share {
			order = append(order, next)
			next++
		}
	}
	for ; next < first+pdfs+copies; next++ {
		order = append(order, next)
	}
	return order
}

// runJobsInOrder runs jobs like runJobs, started in the given order (a
// permutation of their indexes), and returns their records in job order.
func runJobsInOrder(ctx context.Context, limit int, jobs []outputJob, order []int) ([]outputs.FileRecord, error) {
	started := make([]outputJob, len(order))
	for i, j := range order {
		started[i] = jobs[j]
	}
	recs, err := runJobs(ctx, limit, started)
	if err != nil {
		return nil, err
	}
	out := make([]outputs.FileRecord, len(jobs))
	for i, j := range order {
		out[j] = recs[i]
	}
	return out, nil
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

// sameReportDate reports whether a run dated date may keep the last
// report, dated last, as far as the date goes. A date someone chose
// (-date, date: in the configuration; chosen) must be that report's. A
// defaulted one (today, the nightly case) need only fall in the same
// fiscal year, and not before it: a night with no new data is then
// skipped and the report keeps the date of the data it shows (a night's,
// or one chosen for a manual run), instead of a new report, publication
// and council mail every night that differ only in the date they carry
// (cover, annotated copies, published names): rates and 提出状況 go by the
// fiscal year. A new fiscal year (April) runs again, since what is late or
// future depends on it, and so does a night before the last report's date
// (a mistyped future -date), which the report must not keep.
func sameReportDate(chosen bool, last, date string) bool {
	if chosen || last == date {
		return last == date
	}
	fy, ok := model.FiscalYearOfDate(date)
	lastFY, lastOK := model.FiscalYearOfDate(last)
	return ok && lastOK && fy == lastFY && last < date
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
// (reportdoc.DepartmentBatches), or copied from the last set when that part is
// unchanged.
func writeDepartmentPDF(ctx context.Context, out sink, sub *model.Batch, dept string, pdfOpt pdfreport.Options, store *cache.Store) (outputs.FileRecord, error) {
	name := DepartmentsDir + "/" + safeFileName(dept) + ".pdf"
	o := pdfOpt
	o.Department, o.SectionsLimit = dept, 0
	key, content, err := store.DepartmentKeys(sub, o)
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
	store.RecordContent(name, content)
	return rec, nil
}

// outputsChanged returns the first output of the last committed set that
// is gone or no longer has the size recorded for it (deleted, truncated,
// replaced by a folder), or "" when all are as recorded; a record without
// outputs is checked for the report's four files. A skipped run must not
// leave an office without a department's PDF, an annotated copy or the
// snapshot the next comparison needs because someone deleted or damaged
// it. Only sizes are compared (one stat per file, so a skipped night stays
// a matter of milliseconds): a deletion, a truncation or a file saved again
// by another program changes them; reading and hashing every output each
// night would cost as much as scanning the inputs again.
func outputsChanged(dir string, recorded []outputs.FileRecord) string {
	if len(recorded) == 0 {
		recorded = []outputs.FileRecord{{Name: ReportPDF, Size: -1}, {Name: ReportHTML, Size: -1}, {Name: SummaryXLSX, Size: -1}, {Name: FindingsJSON, Size: -1}}
	}
	for _, f := range recorded {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil || !fi.Mode().IsRegular() || (f.Size >= 0 && fi.Size() != f.Size) {
			return f.Name
		}
	}
	return ""
}
