// Package workers runs indexed jobs on a bounded pool: the one worker pool
// of the pipeline, on golang.org/x/sync/errgroup.
package workers

import (
	"context"
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
// was cancelled before every job ran.
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
	_ = g.Wait() // the errors are in errs, by job
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}
