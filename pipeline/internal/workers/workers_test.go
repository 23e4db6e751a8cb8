package workers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

func TestEachKeepsOrderAndLimit(t *testing.T) {
	const n, limit = 200, 3
	got := make([]int, n)
	var running, most atomic.Int64
	err := Each(context.Background(), limit, n, func(_ context.Context, i int) error {
		now := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if now <= m || most.CompareAndSwap(m, now) {
				break
			}
		}
		got[i] = i * i
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v != i*i {
			t.Fatalf("slot %d = %d, want %d", i, v, i*i)
		}
	}
	if m := most.Load(); m > limit || m < 1 {
		t.Errorf("at most %d calls ran at once, want 1..%d", m, limit)
	}
}

func TestEachFirstErrorByIndex(t *testing.T) {
	// Jobs 5 and 7 fail; whichever fails first, the error of job 5 is
	// returned when job 5 ran at all. With one worker, job 5 fails and
	// job 7 never starts.
	var calls atomic.Int64
	err := Each(context.Background(), 1, 10, func(ctx context.Context, i int) error {
		calls.Add(1)
		if i == 5 || i == 7 {
			return fmt.Errorf("job %d", i)
		}
		return nil
	})
	if err == nil || err.Error() != "job 5" {
		t.Fatalf("err = %v, want job 5", err)
	}
	if c := calls.Load(); c != 6 {
		t.Errorf("%d calls, want 6 (none after the failure)", c)
	}
}

func TestEachFailureCancelsOthers(t *testing.T) {
	boom := errors.New("boom")
	err := Each(context.Background(), 2, 2, func(ctx context.Context, i int) error {
		if i == 0 {
			return boom
		}
		<-ctx.Done() // job 1 waits until job 0's failure cancels it
		return ctx.Err()
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

func TestEachCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := Each(ctx, 2, 5, func(context.Context, int) error { ran = true; return nil })
	if !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("err = %v, ran = %v; want context.Canceled and no call", err, ran)
	}
}

func TestEachNoJobs(t *testing.T) {
	if err := Each(context.Background(), 4, 0, nil); err != nil {
		t.Fatal(err)
	}
}

// A job that stops because another failed returns the cancellation; the
// failure that caused it is the error, even from a higher index (the
// summary workbook, job 0, used to report "context canceled" when the
// disk filled up under report.html).
func TestEachCauseWinsOverCancellation(t *testing.T) {
	full := errors.New("no space left on device")
	for range 20 {
		var started sync.WaitGroup
		started.Add(2)
		err := Each(context.Background(), 3, 3, func(ctx context.Context, i int) error {
			if i == 2 {
				started.Wait() // jobs 0 and 1 are running: the failure cancels them
				return fmt.Errorf("report.html: %w", full)
			}
			started.Done()
			<-ctx.Done()
			return fmt.Errorf("job %d: %w", i, ctx.Err())
		})
		if !errors.Is(err, full) {
			t.Fatalf("err = %v, want the failure of job 2", err)
		}
	}
}
