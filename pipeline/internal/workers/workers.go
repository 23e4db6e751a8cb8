// Package workers runs indexed jobs on a bounded pool: the one worker pool
// of the pipeline, on golang.org/x/sync/errgroup.
package workers

import (
	"context"
	"errors"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// Each calls do(ctx, i) for i in [0, n), at most workers at a time (0 or
// less: GOMAXPROCS). The first failure cancels the context the other calls
// get, and no call starts after it. do writes its result to slot i of the
// caller's slice, so results keep job order however the calls finish.
//
// Each returns the failure of the lowest job index, so that the message
// does not depend on which call lost a race, or else ctx's error when ctx
// was cancelled before every job ran. A call that only gave up because
// another failed (its error wraps context.Canceled while ctx itself is
// live) is passed over: the failure that cancelled it is the cause the
// caller must report, not "context canceled" from a lower index.
func Each(ctx context.Context, workers, n int, do func(ctx context.Context, i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, min(workers, n)))
	errs := make([]error, n)
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			errs[i] = do(gctx, i)
			return errs[i]
		})
	}
	first := g.Wait() // the first failure in time; the errors by job are in errs
	if ctx.Err() != nil {
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return ctx.Err()
	}
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	// Every failure reads as a cancellation (a job cancelled something of
	// its own): the one that came first cancelled the others.
	return first
}
