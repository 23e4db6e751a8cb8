package schedule

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder is a slog.Handler that keeps messages and signals the first one
// containing a chosen text.
type recorder struct {
	mu     sync.Mutex
	msgs   []string
	watch  string
	signal chan struct{}
	once   sync.Once
}

func newRecorder(watch string) *recorder {
	return &recorder{watch: watch, signal: make(chan struct{})}
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	r.msgs = append(r.msgs, rec.Message)
	r.mu.Unlock()
	if r.watch != "" && strings.Contains(rec.Message, r.watch) {
		r.once.Do(func() { close(r.signal) })
	}
	return nil
}

func (r *recorder) count(text string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, m := range r.msgs {
		if strings.Contains(m, text) {
			n++
		}
	}
	return n
}

func tokyo(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestPreviousActivation(t *testing.T) {
	jst := tokyo(t)
	tests := []struct {
		spec string
		now  time.Time
		want time.Time // worked out by hand from the spec
	}{
		{"CRON_TZ=Asia/Tokyo 0 2 * * *", time.Date(2025, 6, 2, 3, 0, 0, 0, jst), time.Date(2025, 6, 2, 2, 0, 0, 0, jst)},
		{"CRON_TZ=Asia/Tokyo 0 2 * * *", time.Date(2025, 6, 2, 1, 59, 0, 0, jst), time.Date(2025, 6, 1, 2, 0, 0, 0, jst)},
		{"CRON_TZ=Asia/Tokyo 0 2 * * *", time.Date(2025, 6, 2, 2, 0, 0, 0, jst), time.Date(2025, 6, 2, 2, 0, 0, 0, jst)},
		// 03:00 JST is 18:00 UTC the day before; the spec's zone is UTC.
		{"CRON_TZ=UTC 0 2 * * *", time.Date(2025, 6, 2, 3, 0, 0, 0, jst), time.Date(2025, 6, 1, 2, 0, 0, 0, time.UTC)},
		// Weekdays only: Monday 2025-06-02 01:00 → Friday 2025-05-30 02:00.
		{"CRON_TZ=Asia/Tokyo 0 2 * * 1-5", time.Date(2025, 6, 2, 1, 0, 0, 0, jst), time.Date(2025, 5, 30, 2, 0, 0, 0, jst)},
		// Once a year: New Year's Day.
		{"CRON_TZ=Asia/Tokyo 0 2 1 1 *", time.Date(2025, 6, 2, 1, 0, 0, 0, jst), time.Date(2025, 1, 1, 2, 0, 0, 0, jst)},
		// Never (30 February).
		{"0 2 30 2 *", time.Date(2025, 6, 2, 1, 0, 0, 0, jst), time.Time{}},
	}
	for _, tt := range tests {
		s, err := Parse(tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		got := previousActivation(s, tt.now)
		if !got.Equal(tt.want) {
			t.Errorf("%s at %v: previous = %v, want %v", tt.spec, tt.now, got, tt.want)
		}
	}
	// @every: within one period before now.
	s, _ := Parse("@every 1h")
	now := time.Date(2025, 6, 2, 3, 0, 0, 0, jst)
	if got := previousActivation(s, now); got.Before(now.Add(-time.Hour)) || got.After(now) {
		t.Errorf("@every 1h: previous = %v", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, spec := range []string{"", "every night", "0 25 * * *", "CRON_TZ=Mars/Base 0 2 * * *"} {
		if _, err := Parse(spec); err == nil {
			t.Errorf("Parse(%q) succeeded", spec)
		}
		if err := Run(context.Background(), Options{Spec: spec}, func(context.Context) error { return nil }); err == nil {
			t.Errorf("Run with %q succeeded", spec)
		}
	}
	if err := Run(context.Background(), Options{Spec: "@every 1s"}, nil); err == nil {
		t.Error("Run with a nil job succeeded")
	}
}

// The schedule fires at least twice, then a cancel stops it after the job
// in progress has finished, and nothing runs afterwards.
func TestRunEverySecondUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls atomic.Int32
	var finished atomic.Bool
	job := func(jctx context.Context) error {
		if calls.Add(1) == 2 {
			cancel()
			<-jctx.Done()                      // the job sees the cancel …
			time.Sleep(200 * time.Millisecond) // … and takes a moment to abandon its work
			finished.Store(true)
		}
		return nil
	}
	rec := newRecorder("")
	if err := Run(ctx, Options{Spec: "@every 1s", Logger: slog.New(rec)}, job); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if !finished.Load() {
		t.Error("Run returned before the job in progress finished")
	}
	n := calls.Load()
	if n < 2 {
		t.Errorf("job ran %d times, want at least 2", n)
	}
	time.Sleep(1500 * time.Millisecond) // longer than one period
	if calls.Load() != n {
		t.Errorf("job ran after Run returned (%d → %d calls)", n, calls.Load())
	}
	if rec.count("定時実行を停止しました") != 1 {
		t.Error("no stop message logged")
	}
}

// An activation while the job still runs is skipped, not stacked.
func TestRunSkipsWhileRunning(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := newRecorder("見送りました")
	var calls, running, maxRunning atomic.Int32
	job := func(jctx context.Context) error {
		n := calls.Add(1)
		r := running.Add(1)
		defer running.Add(-1)
		for m := maxRunning.Load(); r > m && !maxRunning.CompareAndSwap(m, r); m = maxRunning.Load() {
		}
		switch n {
		case 1:
			// Hold the first run until the scheduler has skipped an activation.
			select {
			case <-rec.signal:
			case <-jctx.Done():
			}
		case 2:
			cancel()
		}
		return nil
	}
	if err := Run(ctx, Options{Spec: "@every 1s", Logger: slog.New(rec)}, job); err != nil {
		t.Fatal(err)
	}
	if rec.count("見送りました") < 1 {
		t.Error("no activation was skipped")
	}
	if maxRunning.Load() != 1 {
		t.Errorf("%d runs at once, want 1", maxRunning.Load())
	}
}

// A panic in one run is logged and the schedule goes on (the skip guard is
// handed back).
func TestRunSurvivesPanic(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := newRecorder("")
	var calls atomic.Int32
	job := func(context.Context) error {
		switch calls.Add(1) {
		case 1:
			panic("boom")
		case 2:
			return errors.New("ファイルを読めません")
		default:
			cancel()
		}
		return nil
	}
	// RunNow makes the first (panicking) run at start, through the same guard.
	if err := Run(ctx, Options{Spec: "@every 1s", RunNow: true, Logger: slog.New(rec)}, job); err != nil {
		t.Fatal(err)
	}
	if calls.Load() < 3 {
		t.Errorf("job ran %d times after a panic, want 3", calls.Load())
	}
	if rec.count("panic") != 1 || rec.count("定時実行が失敗しました") != 1 {
		t.Errorf("log = %q", rec.msgs)
	}
}

// Catch-up: the job runs at start when the last success predates the
// previous activation (or there is none), and not otherwise. The spec fires
// once a year so that the real clock cannot fire it during the test.
func TestRunCatchUp(t *testing.T) {
	jst := tokyo(t)
	const spec = "CRON_TZ=Asia/Tokyo 0 2 1 1 *"
	now := time.Date(2025, 1, 1, 3, 0, 0, 0, jst) // previous activation: 2025-01-01 02:00
	tests := []struct {
		name    string
		last    time.Time
		hasLast bool
		runNow  bool
		want    bool
	}{
		{"success before the previous activation", time.Date(2024, 1, 1, 2, 0, 5, 0, jst), true, false, true},
		{"no success ever", time.Time{}, false, false, true},
		{"success after the previous activation", time.Date(2025, 1, 1, 2, 0, 5, 0, jst), true, false, false},
		{"success exactly at the activation", time.Date(2025, 1, 1, 2, 0, 0, 0, jst), true, false, false},
		{"run-now although up to date", time.Date(2025, 1, 1, 2, 0, 5, 0, jst), true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			rec := newRecorder("待機しています") // logged once the start-up phase is over
			var calls atomic.Int32
			job := func(context.Context) error { calls.Add(1); return nil }
			opt := Options{
				Spec:        spec,
				Logger:      slog.New(rec),
				RunNow:      tt.runNow,
				Now:         func() time.Time { return now },
				LastSuccess: func() (time.Time, bool) { return tt.last, tt.hasLast },
			}
			done := make(chan error, 1)
			go func() { done <- Run(ctx, opt, job) }()
			select {
			case <-rec.signal:
			case err := <-done:
				t.Fatalf("Run returned early: %v", err)
			}
			// The start-up run is synchronous: by now it has happened or not.
			ran := calls.Load() == 1
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if ran != tt.want {
				t.Errorf("ran at start = %v, want %v", ran, tt.want)
			}
		})
	}
}

// Cancelled during the start-up run: Run returns nil once the job returns,
// without starting the schedule.
func TestRunCancelDuringStartupRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	rec := newRecorder("")
	job := func(jctx context.Context) error {
		cancel()
		<-jctx.Done()
		return jctx.Err()
	}
	if err := Run(ctx, Options{Spec: "@every 1s", RunNow: true, Logger: slog.New(rec)}, job); err != nil {
		t.Fatal(err)
	}
	if rec.count("待機しています") != 0 {
		t.Error("the schedule started after a cancel")
	}
}
