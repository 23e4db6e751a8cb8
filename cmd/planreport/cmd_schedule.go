package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"planreport/internal/fserr"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
	"planreport/pipeline/schedule"
)

// cmdSchedule keeps running and performs the nightly run (the same runOnce
// as `planreport run`) on the configured schedule until SIGINT or SIGTERM,
// which stop it cleanly (exit 0) once the run in progress has abandoned.
//
// The configuration file is read again by every run, so edits apply from
// the next run on; the schedule and time zone are read once at start.
func cmdSchedule(ctx context.Context, args []string, e *env) error {
	fs := newFlagSet("schedule", "schedule [-config FILE] [-input DIR] [-output DIR] [-force] [-strict] [-dry-run] [-cron SPEC] [-run-now] [-log-format text|json]", e)
	o := addRunFlags(fs, false)
	cronSpec := fs.String("cron", "", "実行の`予定`（cron 形式。既定: 設定の schedule、CRON_TZ=Asia/Tokyo 0 2 * * *）")
	runNow := fs.Bool("run-now", false, "開始時に一度すぐ実行する")
	for _, a := range args {
		if a == "--" {
			break
		}
		// -date is not offered, but a user who knows run's options tries
		// it: say why, rather than that no such option exists.
		if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && name == "date" {
			return usageErrorf("schedule: -date は使えません。定時実行は毎回その日の日付で報告書を作ります（日付を決めて一度だけ作るときは planreport run -date を使います）")
		}
	}
	if err := parseFlags(fs, o, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("schedule: 余分な引数 %q があります", fs.Args())
	}
	log, err := o.logger(e.stderr, e.stderrTTY)
	if err != nil {
		return err
	}
	return o.report(log, runSchedule(ctx, o, e, log, *cronSpec, *runNow))
}

// runSchedule is cmdSchedule once its options are parsed.
func runSchedule(ctx context.Context, o *runOptions, e *env, log *slog.Logger, cronSpec string, runNow bool) error {
	cfg, err := o.config()
	if err != nil {
		return err
	}
	// A fixed date would give every night the same report date.
	if cfg.Date != "" {
		return usageErrorf("schedule: 設定の date「%s」は定時実行では使えません。毎回その日の日付で作成するため、設定ファイルから date を消してください", cfg.Date)
	}
	spec := cfg.Schedule
	if cronSpec != "" {
		spec = cronSpec
	}
	if _, err := schedule.Parse(spec); err != nil {
		return usageErrorf("-cron: %v", err)
	}
	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return usageErrorf("time_zone: 「%s」というタイムゾーンはありません（例: Asia/Tokyo）", cfg.TimeZone)
	}

	job := func(ctx context.Context) error {
		err := runOnce(ctx, o, e)
		var se *statusError
		if errors.As(err, &se) && (se.code == model.ExitOK || se.code == model.ExitFindings) {
			if se.code == model.ExitFindings {
				// The office reads Excel and PDF, not JSON: name where the findings are readable.
				log.Warn("実行は完了しました（エラーの所見があります。summary.xlsx の「検証結果」シートか報告書の付録1を確認してください）")
			}
			return nil
		}
		return err
	}
	opt := schedule.Options{
		Spec:     spec,
		Location: loc,
		RunNow:   runNow,
		Logger:   log,
		LastSuccess: func() (time.Time, bool) {
			return lastCompleted(cfg.Output, log)
		},
	}
	if err := schedule.Run(ctx, opt, job); err != nil {
		return withStatus(model.ExitUsage, fmt.Errorf("schedule: %w", err))
	}
	return nil
}

// lastCompleted is when the newest run that did its job (done, or skipped
// because nothing had changed) started, for the catch-up decision: a skipped
// night is not a missed one. Unreadable history means "unknown", which
// catches up; the run itself then decides whether anything changed.
func lastCompleted(outputDir string, log *slog.Logger) (time.Time, bool) {
	var (
		last  time.Time
		found bool
	)
	bad, err := outputs.NewestFirst(outputDir, func(r outputs.RunRecord) bool {
		// A dry run delivered nothing: the night it stood in for still
		// needs its run.
		if (r.Status != model.RunDone && r.Status != model.RunSkipped) || r.IsDryRun() {
			return true
		}
		t, err := time.Parse(time.RFC3339, r.Start)
		if err != nil {
			return true
		}
		last, found = t, true
		return false
	})
	if err != nil {
		log.Warn(fmt.Sprintf("実行履歴を読めないため（%s）、追いつき実行の要否は「未実行」とみなします", fserr.ReadReason(err)))
		return time.Time{}, false
	}
	if bad > 0 {
		log.Warn("実行履歴に読めない行があります（読み飛ばしました）", "件数", bad)
	}
	return last, found
}
