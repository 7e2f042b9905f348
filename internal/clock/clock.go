// Package clock is the time that waits are measured by: the system's, or a
// virtual one for tests and benchmarks, whose minutes pass at once.
package clock

import (
	"context"
	"sync"
	"time"
)

// Sleep waits for d or until ctx is done or its waits are stopped (see
// StopWaits), whichever comes first.
func Sleep(ctx context.Context, d time.Duration) error {
	ctx, cancel := Waiting(ctx)
	defer cancel()
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type stopKey struct{}

// StopWaits returns ctx whose waits also end when stop is done. A run that
// is stopped lets its requests under way finish (what Codat is doing is
// seen through, on a context that outlives the stop), but nothing it would
// still wait for, a quota's reset or a pause between attempts, is worth
// waiting for any more.
func StopWaits(ctx, stop context.Context) context.Context {
	return context.WithValue(ctx, stopKey{}, stop)
}

// Waiting returns the context a wait on ctx should end with: ctx, ended
// also when the stop StopWaits gave it is done. cancel releases it.
func Waiting(ctx context.Context) (_ context.Context, cancel func()) {
	stop, _ := ctx.Value(stopKey{}).(context.Context)
	if stop == nil {
		return ctx, func() {}
	}
	waitCtx, cancelWait := context.WithCancel(ctx)
	if stop.Err() != nil {
		cancelWait() // now, not in AfterFunc's goroutine
		return waitCtx, cancelWait
	}
	release := context.AfterFunc(stop, cancelWait)
	return waitCtx, func() {
		release()
		cancelWait()
	}
}

// Real is the system's clock.
type Real struct{}

// Now is the time now.
func (Real) Now() time.Time { return time.Now() }

// SleepUntil waits until t or until ctx is done.
func (Real) SleepUntil(ctx context.Context, t time.Time) error { return Sleep(ctx, time.Until(t)) }

// Virtual is a clock whose sleeps pass at once: a sleep moves it on to the
// moment slept until, so several sleepers waiting for one moment all find it
// come, as they would on the system's clock.
type Virtual struct {
	mu  sync.Mutex
	now time.Time
}

// NewVirtual is a virtual clock that starts at start.
func NewVirtual(start time.Time) *Virtual { return &Virtual{now: start} }

// Now is the clock's time.
func (c *Virtual) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// SleepUntil moves the clock on to t, if it is later, and says whether
// ctx was done or its waits stopped.
func (c *Virtual) SleepUntil(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	c.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if stop, _ := ctx.Value(stopKey{}).(context.Context); stop != nil {
		return stop.Err()
	}
	return nil
}
