package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
	"planreport/pipeline/reportdoc"
	"planreport/pipeline/workbook"
)

// runOptions are the flags of `run` (and of `schedule`, which runs the same
// job). Only flags the user set override the configuration file.
type runOptions struct {
	configPath string
	input      string
	output     string
	date       string
	force      bool
	strict     bool
	logFormat  string
	dryRun     bool

	set map[string]bool // names of the flags given on the command line
}

// addRunFlags declares run's flags on fs. schedule passes withDate false:
// it dates every run itself, and its help must not offer an option it
// refuses.
func addRunFlags(fs *flag.FlagSet, withDate bool) *runOptions {
	o := &runOptions{}
	fs.StringVar(&o.configPath, "config", "", "設定`ファイル`（既定: 作業フォルダの planreport.yaml があれば使用）")
	fs.StringVar(&o.input, "input", "input", "入力`フォルダ`（各部のブック *.xlsx を置く）")
	fs.StringVar(&o.output, "output", "output", "出力`フォルダ`")
	if withDate {
		addDateFlag(fs, o)
	}
	fs.BoolVar(&o.force, "force", false, "入力と設定が前回と同じでも実行する")
	fs.BoolVar(&o.strict, "strict", false, "エラー所見が一つでもあれば失敗（終了コード 3）とし、出力を置き換えない")
	fs.StringVar(&o.logFormat, "log-format", "text", "ログの`形式`: text または json")
	fs.BoolVar(&o.dryRun, "dry-run", false, "配布と通知を行わず、行う内容を表示するだけにする")
	return o
}

// addDateFlag declares -date, the report date. validate declares it too,
// with run's text, and o.config checks it for both alike: a department
// checks its workbook as of the date the office's run will use.
func addDateFlag(fs *flag.FlagSet, o *runOptions) {
	fs.StringVar(&o.date, "date", "", "報告`日付`（YYYY-MM-DD。既定: 設定の date、なければ設定の time_zone（既定 Asia/Tokyo）での今日）")
}

// config loads the configuration file and applies the flags that were set.
func (o *runOptions) config() (config.Config, error) {
	cfg, err := config.Load(o.configPath)
	if err != nil {
		return cfg, usageErrorf("設定ファイル: %v", err)
	}
	if o.set["input"] {
		cfg.Input = o.input
	}
	if o.set["output"] {
		cfg.Output = o.output
	}
	if o.set["date"] {
		cfg.Date = o.date
	}
	if o.set["force"] {
		cfg.Force = o.force
	}
	if o.set["strict"] {
		cfg.Strict = o.strict
	}
	if cfg.Date != "" {
		if _, err := time.Parse("2006-01-02", cfg.Date); err != nil {
			return cfg, usageErrorf("-date: 「%s」は YYYY-MM-DD 形式の日付ではありません（例: 2026-11-23）", cfg.Date)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageErrorf("設定: %v", err)
	}
	if err := cfg.ValidateOperation(); err != nil {
		return cfg, usageErrorf("%v", err)
	}
	return cfg, nil
}

// logger is the log on w: JSON with -log-format json; text otherwise,
// with Japanese labels when w is a terminal (tty) and the machine keys
// when it is a file or a journal.
func (o *runOptions) logger(w io.Writer, tty bool) (*slog.Logger, error) {
	switch o.logFormat {
	case "text", "":
		if tty {
			return slog.New(terminalLogHandler(w)), nil
		}
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, usageErrorf("-log-format: 「%s」は使えません（text または json）", o.logFormat)
}

// parseFlags parses args into fs and records which flags were set.
func parseFlags(fs *flag.FlagSet, o *runOptions, args []string) error {
	if err := parseJapanese(fs, args); err != nil {
		return err
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	return nil
}

// parseJapanese parses args, saying what was wrong in Japanese (the flag
// package's own messages are English) after the usage it prints.
func parseJapanese(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		return withStatus(model.ExitOK, errors.New(""))
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		msg = fmt.Sprintf("「%s」というオプションはありません（上の一覧を参照してください）", strings.TrimPrefix(msg, "flag provided but not defined: "))
	case strings.HasPrefix(msg, "flag needs an argument: "):
		msg = fmt.Sprintf("%s には値が必要です", strings.TrimPrefix(msg, "flag needs an argument: "))
	case strings.HasPrefix(msg, "invalid value "), strings.HasPrefix(msg, "invalid boolean value "):
		msg = "オプションの値が正しくありません: " + msg
	}
	return usageErrorf("%s: %s", fs.Name(), msg)
}

func newFlagSet(name, synopsis string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "使い方: planreport %s\n\n", synopsis)
		printOptions(e.stderr, fs)
	}
	return fs
}

func cmdRun(ctx context.Context, args []string, e *env) error {
	fs := newFlagSet("run", "run [-config FILE] [-input DIR] [-output DIR] [-date YYYY-MM-DD] [-force] [-strict] [-dry-run] [-log-format text|json]", e)
	o := addRunFlags(fs, true)
	if err := parseFlags(fs, o, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("run: 余分な引数 %q があります（フォルダは -input で指定します）", fs.Args())
	}
	return runOnce(ctx, o, e)
}

// runOnce runs the job once and prints a short Japanese summary; it is the
// job of `run` and of every activation of `schedule`.
func runOnce(ctx context.Context, o *runOptions, e *env) error {
	log, err := o.logger(e.stderr, e.stderrTTY)
	if err != nil {
		return err
	}
	cfg, err := o.config()
	if err == nil {
		err = checkInputFolder(cfg.Input)
	}
	if err != nil {
		return o.report(log, err)
	}
	var progress func(string, ...any)
	if e.stderrTTY {
		progress = func(format string, args ...any) { fmt.Fprintf(e.stderr, "… "+format+"\n", args...) }
	}
	setMemoryLimit(cfg.MemoryLimitMB, e.getenv)
	started := time.Now()
	res, err := pipeline.Run(ctx, cfg, pipeline.Options{
		Version: programVersion(), Logger: log, Progress: progress,
		DryRun: o.dryRun, DeliveryPlan: e.stdout, Getenv: e.getenv,
	})
	if o.json() {
		logSummary(log, cfg, res, time.Since(started))
	} else {
		printSummary(e.stderr, cfg, res, time.Since(started))
	}
	if err != nil {
		return o.report(log, withStatus(res.ExitStatus, err))
	}
	if res.ExitStatus != model.ExitOK {
		return withStatus(res.ExitStatus, errors.New(""))
	}
	return nil
}

// json reports whether the log (and so everything on stderr) is JSON.
func (o *runOptions) json() bool { return o.logFormat == "json" }

// report passes err on for main to print, or, with -log-format json, logs
// it as an error record and marks it reported: stderr then carries JSON
// only.
func (o *runOptions) report(log *slog.Logger, err error) error {
	var se *statusError
	if !o.json() || !errors.As(err, &se) || se.err == nil || se.err.Error() == "" {
		return err
	}
	log.Error(se.err.Error(), "exit_status", se.code)
	se.reported = true
	return se
}

// checkInputFolder rejects an input that is a file: a usage mistake (a
// workbook named where its folder belongs), not a failed run. A folder
// that is missing or unreadable is left to the run, which fails with the
// reason (an unmounted share is not the user's typing).
func checkInputFolder(dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return usageErrorf("入力フォルダ「%s」はフォルダではなくファイルです。-input（または設定の input）には各部のブックを置いたフォルダを指定してください（一つのブックだけを確かめるときは planreport validate %s）", dir, dir)
	}
	return nil
}

// setMemoryLimit applies the configured soft memory limit to this process,
// unless GOMEMLIMIT already set one: with thousands of sheets the heap would
// otherwise grow to twice what is live before the collector runs.
//
// Under that limit the collector may also run less often: a run allocates
// far more than it keeps (XML tokens, PDF content streams), and at Go's
// default GOGC=100 collection took a fifth of the CPU of a 1,000-sheet
// run. gcPercent (unless GOGC is set) trades that for heap headroom,
// which the memory limit still bounds (docs/benchmarks.md).
func setMemoryLimit(mb int, getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") != "" || mb < 0 {
		return
	}
	if mb == 0 {
		mb = config.DefaultMemoryLimitMB
	}
	debug.SetMemoryLimit(int64(mb) << 20)
}

// gcPercent is the collector's target when GOGC is not set: 1,000 sheets
// in 2.4 s instead of 2.7 s at 300 MB of RSS instead of 250 MB.
const gcPercent = 200

// printSummary tells the person at the terminal (or cron's mail) where the
// outputs are, the counts by severity and the three most important findings.
func printSummary(w io.Writer, cfg config.Config, res pipeline.Result, took time.Duration) {
	for _, l := range summaryLines(cfg, res, took) {
		fmt.Fprintln(w, l.text)
	}
}

// logSummary gives the same summary as log records, for -log-format json:
// journald and log parsers read stderr as one JSON object per line, so a
// plain line among them would be garbage to them.
func logSummary(log *slog.Logger, cfg config.Config, res pipeline.Result, took time.Duration) {
	for _, l := range summaryLines(cfg, res, took) {
		log.Log(context.Background(), l.level, strings.TrimSpace(l.text), l.attrs...)
	}
}

// A summaryLine is one line of the summary, with its level and attributes
// for the JSON log.
type summaryLine struct {
	level slog.Level
	text  string
	attrs []any
}

func summaryLines(cfg config.Config, res pipeline.Result, took time.Duration) []summaryLine {
	var lines []summaryLine
	add := func(level slog.Level, text string, attrs ...any) {
		lines = append(lines, summaryLine{level, text, append([]any{"summary", true}, attrs...)})
	}
	// Whether there is a previous report to keep: on a first run that
	// failed there is none, and saying it was kept would mislead.
	previous := hasReport(cfg.Output)
	switch res.Status {
	case model.RunSkipped:
		add(slog.LevelInfo, fmt.Sprintf("入力と設定に変更がないため、出力は前回のままです（%s）。-force で再作成できます。", cfg.Output), "output", cfg.Output)
		return lines
	case model.RunFailed:
		if previous {
			add(slog.LevelError, fmt.Sprintf("実行に失敗しました。前回の出力（%s）はそのままです。", cfg.Output), "output", cfg.Output)
		} else {
			add(slog.LevelError, fmt.Sprintf("実行に失敗しました。出力フォルダ（%s）にはまだ報告書がなく、今回も何も出力していません。", cfg.Output), "output", cfg.Output)
		}
	}
	b := res.Batch
	if b == nil {
		return lines
	}
	errs, warns, infos := b.Counts()
	if res.Status == model.RunDone {
		add(slog.LevelInfo, fmt.Sprintf("出力: %s（%s, %s, %s, %s）", cfg.Output,
			filepath.Join(cfg.Output, pipeline.ReportPDF), pipeline.SummaryXLSX, pipeline.FindingsJSON, pipeline.RunJSON), "output", cfg.Output)
	}
	c := outputs.CountsOf(b)
	files, accepted, rejected := c.Files, c.Accepted, c.Rejected
	add(slog.LevelInfo, fmt.Sprintf("入力 %d 件（%s）、管理シート %d 枚。所見: エラー %d 件、警告 %d 件、情報 %d 件。所要時間 %.1f 秒",
		files, inputBreakdown(accepted, rejected), len(b.Initiatives), errs, warns, infos, took.Seconds()),
		"files", files, "accepted", accepted, "rejected", rejected, "sheets", len(b.Initiatives),
		"errors", errs, "warnings", warns, "infos", infos, "seconds", took.Seconds())
	if d := res.Record.Delivery; d.Status == outputs.DeliveryFailed {
		// Said here too: cron mails the terminal's output, the log may go
		// unread.
		add(slog.LevelWarn, deliveryProblemLine(d.Errors, d.Pending), "delivery_errors", len(d.Errors), "pending", d.Pending)
	}
	if missing := res.Record.MissingInputs; len(missing) > 0 {
		add(slog.LevelWarn, fmt.Sprintf("  [注意] 前回読み込んだ%sが入力フォルダにありません。その取組は今回の報告書に入っていません。", quoteList(missing)), "missing_inputs", missing)
	}
	// A failed run wrote no findings.json (the one there is the last
	// good run's), so its errors are listed here, up to a screenful.
	limit, severities := 3, []model.Severity{model.SeverityError, model.SeverityWarning}
	if res.Status == model.RunFailed {
		limit, severities = failedErrorsShown, severities[:1]
	}
	shown := 0
	for _, sev := range severities {
		for _, f := range b.Findings {
			if shown == limit {
				break
			}
			if f.Severity == sev {
				level := slog.LevelWarn
				if sev == model.SeverityError {
					level = slog.LevelError
				}
				add(level, fmt.Sprintf("  [%s] %s %s", sev.Label(), f.Source, f.Message),
					"severity", string(f.Severity), "code", f.Code, "file", f.Source.File, "sheet", f.Source.Sheet, "cell", f.Source.Cell)
				shown++
			}
		}
	}
	if len(b.Findings) > shown {
		text, attrs := allFindingsLine(cfg, res.Status, previous)
		add(slog.LevelInfo, text, attrs...)
	}
	return lines
}

// inputCounts counts the batch's input files as the office can check them
// against the folder: entries that are not inputs (Thumbs.db, a folder, a
// lock file) are none and not counted.
// inputBreakdown is 読込 6, or 読込 6、不受理 1 when files were rejected, so
// that the two numbers add up to the count of inputs.
func inputBreakdown(accepted, rejected int) string {
	if rejected == 0 {
		return fmt.Sprintf("読込 %d", accepted)
	}
	return fmt.Sprintf("読込 %d、不受理 %d", accepted, rejected)
}

// allFindingsLine says where the findings not shown are: for a person the
// summary workbook's sheet and the report's appendix (a JSON file is no use
// to someone who works in Excel), findings.json only for tools; after a
// failed run, which wrote none of them, validate.
func allFindingsLine(cfg config.Config, status string, previous bool) (string, []any) {
	findingsPath := filepath.Join(cfg.Output, pipeline.FindingsJSON)
	switch {
	case status == model.RunFailed && previous:
		return fmt.Sprintf("  この実行の所見は出力していません（%s の %s・%s・%s は前回の実行のものです）。すべての所見は planreport validate %s で確認できます。",
			cfg.Output, pipeline.SummaryXLSX, pipeline.ReportPDF, pipeline.FindingsJSON, cfg.Input), nil
	case status == model.RunFailed:
		return fmt.Sprintf("  この実行の所見は出力していません。すべての所見は planreport validate %s で確認できます。", cfg.Input), nil
	}
	return fmt.Sprintf("  すべての所見は %s のシート「%s」と %s の「%s」にあります（プログラムで扱うときは %s）。",
		filepath.Join(cfg.Output, pipeline.SummaryXLSX), workbook.SheetFindings,
		filepath.Join(cfg.Output, pipeline.ReportPDF), reportdoc.HeadingFindings, findingsPath), []any{"findings", findingsPath}
}

// hasReport reports whether the output folder holds a report from an
// earlier run.
func hasReport(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, pipeline.ReportPDF))
	return err == nil && fi.Mode().IsRegular()
}

// quoteList writes file names as 「a.xlsx」「b.xlsx」, the first five and a count.
func quoteList(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == 5 {
			fmt.Fprintf(&b, "ほか%d件", len(names)-5)
			break
		}
		b.WriteString("「" + n + "」")
	}
	return b.String()
}

// failedErrorsShown bounds the errors a failed run lists on the terminal.
const failedErrorsShown = 20

// deliveryProblemLine says what of the delivery failed: the first problem
// itself (a department folder that does not exist, a mail server that
// refused), how many more there are, and the pending mails only when there
// are any — not "0 mails will be resent" when only a folder was missing.
func deliveryProblemLine(problems []string, pending int) string {
	var b strings.Builder
	b.WriteString("  [注意] 配布またはメールに問題がありました")
	if len(problems) > 0 {
		b.WriteString("：" + problems[0])
		if len(problems) > 1 {
			fmt.Fprintf(&b, "（ほか%d件）", len(problems)-1)
		}
	}
	b.WriteString("。")
	if pending > 0 {
		fmt.Fprintf(&b, "未送信のメール%d件は次回の実行で再送します。", pending)
	}
	b.WriteString("詳しくは run.json の delivery をご覧ください。")
	return b.String()
}
