// Package schedule runs the nightly job on a cron schedule inside a
// long-running process (planreport schedule), the way a systemd timer with
// Persistent=true would: at each activation, once at start on request, and
// once at start to catch up when the process was down at the last
// activation.
//
//	CRON_TZ=Asia/Tokyo 0 2 * * *   every night at 02:00 Japan time (the default)
//	0 2 * * 1-5                    02:00 on weekdays, in Options.Location
//	@every 1h                      every hour from the start
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	_ "time/tzdata" // the default zone must resolve on hosts without zoneinfo

	"github.com/robfig/cron/v3"
)

// DefaultZone is the zone of a Spec without CRON_TZ when Options.Location is nil.
const DefaultZone = "Asia/Tokyo"

// Options configure Run.
type Options struct {
	// Spec is the schedule: five cron fields (minute hour day month weekday),
	// or a descriptor (@daily, @every 1h), optionally prefixed with
	// CRON_TZ=<zone>. Required.
	Spec string
	// Location is the zone of a Spec without CRON_TZ (nil: DefaultZone).
	Location *time.Location
	// RunNow runs the job once at start, before waiting for the schedule.
	RunNow bool
	// Logger receives the scheduler's messages (nil: slog.Default()).
	Logger *slog.Logger
	// LastSuccess returns when the last successful run started, and false
	// when there has been none. With it, Run catches up at start: when the
	// last success is older than the schedule's previous activation (or
	// there is none), the job runs once at once. nil: no catch-up.
	LastSuccess func() (time.Time, bool)
	// Now is the clock for the catch-up decision (nil: time.Now); tests set
	// it. The cron timer itself always follows the real clock.
	Now func() time.Time
}

// Run runs job on the schedule until ctx is cancelled.
//
// At start, the job runs once if RunNow is set or a catch-up is due (see
// Options.LastSuccess); that run happens before the schedule starts, so an
// activation falling inside it is skipped like any overlapping activation.
// Then the job runs at every activation. An activation while the job is
// still running is skipped (logged), never stacked; a panic in the job is
// logged and the schedule goes on; an error from the job is logged.
//
// Run returns nil when ctx is cancelled, after the job in progress (if any)
// has returned: the job receives ctx and must abandon its work, leaving the
// outputs untouched, when it is cancelled. Run returns an error only for an
// unusable Spec, a nil job or a time zone that cannot be loaded.
func Run(ctx context.Context, opt Options, job func(context.Context) error) error {
	if job == nil {
		return errors.New("schedule: job is nil")
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	loc := opt.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation(DefaultZone); err != nil {
			return fmt.Errorf("タイムゾーン %s を読み込めません: %w", DefaultZone, err)
		}
	}
	sched, err := Parse(opt.Spec)
	if err != nil {
		return err
	}

	clog := cronLogger{log}
	// Skip outside Recover: SkipIfStillRunning hands its token back only
	// when the job returns normally, so a panic must be stopped inside it,
	// or every later activation would be skipped for good.
	wrapped := cron.NewChain(cron.SkipIfStillRunning(clog), cron.Recover(clog)).Then(cron.FuncJob(func() {
		if ctx.Err() != nil {
			return // an activation racing with shutdown
		}
		start := time.Now()
		log.Info("定時実行を開始します")
		if err := job(ctx); err != nil {
			log.Error("定時実行が失敗しました", "err", err, "所要時間", time.Since(start).Round(time.Millisecond).String())
			return
		}
		log.Info("定時実行が終わりました", "所要時間", time.Since(start).Round(time.Millisecond).String())
	}))

	t := now().In(loc)
	switch {
	case opt.RunNow:
		log.Info("-run-now の指定により、今すぐ実行します")
		wrapped.Run()
	case opt.LastSuccess != nil:
		last, ok := opt.LastSuccess()
		prev := previousActivation(sched, t)
		switch {
		case prev.IsZero():
			// No activation in the past (the schedule never fires): nothing to catch up.
		case !ok:
			log.Info("成功した実行の記録がないため、今すぐ実行します（追いつき実行）", "直前の予定", prev.Format(time.RFC3339))
			wrapped.Run()
		case last.Before(prev):
			log.Info("前回の成功が直前の予定時刻より前のため、今すぐ実行します（追いつき実行）",
				"前回の成功", last.In(loc).Format(time.RFC3339), "直前の予定", prev.Format(time.RFC3339))
			wrapped.Run()
		default:
			log.Info("直前の予定時刻より後に成功しているため、追いつき実行はしません",
				"前回の成功", last.In(loc).Format(time.RFC3339), "直前の予定", prev.Format(time.RFC3339))
		}
	}
	if ctx.Err() != nil {
		log.Info("定時実行を停止しました")
		return nil
	}

	c := cron.New(cron.WithLocation(loc), cron.WithLogger(clog))
	id := c.Schedule(sched, wrapped)
	c.Start()
	log.Info("定時実行を待機しています", "スケジュール", opt.Spec, "次回", c.Entry(id).Next.Format(time.RFC3339))
	<-ctx.Done()
	log.Info("停止の指示を受けました。実行中の処理があれば終わるのを待ちます")
	<-c.Stop().Done()
	log.Info("定時実行を停止しました")
	return nil
}

// CronHelp says how a schedule is written, for the messages about one
// that is not: robfig/cron's own text ("end of range (61) above maximum
// (59)") is English and tells a clerk nothing.
const CronHelp = "「分 時 日 月 曜日」の五つを空白で区切って書きます（例: CRON_TZ=Asia/Tokyo 0 2 * * * は日本時間で毎日 2 時 0 分。分は 0〜59、時は 0〜23、日は 1〜31、月は 1〜12、曜日は 0〜6 で 0 が日曜）"

// Parse reads a schedule the way Run does (five fields or a descriptor,
// optional CRON_TZ=), for checking a configuration before starting. Its
// error is in Japanese and says what to fix (see Reason).
func Parse(spec string) (cron.Schedule, error) {
	if spec == "" {
		return nil, errors.New("スケジュールが指定されていません（例: CRON_TZ=Asia/Tokyo 0 2 * * *）")
	}
	// robfig/cron v3.0.1 panics on a CRON_TZ= with nothing after the zone.
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		if !strings.Contains(spec, " ") {
			return nil, &specError{spec: spec, reason: explain(spec), err: errors.New("no schedule after the time zone")}
		}
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		reason := explain(spec)
		if reason == "" {
			reason = "書き方が正しくありません"
		}
		return nil, &specError{spec: spec, reason: reason, err: err}
	}
	return s, nil
}

// previousActivation returns the latest activation of s at or before now,
// or the zero time when there is none within ten years. cron schedules only
// answer "next after t", so it searches backwards in doubling windows.
func previousActivation(s cron.Schedule, now time.Time) time.Time {
	const horizon = 10 * 366 * 24 * time.Hour
	for w := time.Second; w <= horizon; w *= 2 {
		var prev time.Time
		// Bounded: a window holds at most about twice the activations
		// between the previous one and now, except for bursts; cap anyway.
		for t, n := s.Next(now.Add(-w)), 0; !t.IsZero() && !t.After(now) && n < 1_000_000; t, n = s.Next(t), n+1 {
			prev = t
		}
		if !prev.IsZero() {
			return prev
		}
	}
	return time.Time{}
}

// cronLogger passes robfig/cron's messages to slog: its chatter at Debug,
// skips and panics in Japanese for the operator.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, keysAndValues ...any) {
	if msg == "skip" {
		l.log.Warn("前回の実行がまだ終わっていないため、今回の定時実行は見送りました")
		return
	}
	l.log.Debug("cron: "+msg, keysAndValues...)
}

func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	if msg == "panic" {
		l.log.Error("定時実行の途中で内部エラー（panic）が起きました。次回の予定は続けます", append([]any{"err", err}, keysAndValues...)...)
		return
	}
	l.log.Error("cron: "+msg, append([]any{"err", err}, keysAndValues...)...)
}
