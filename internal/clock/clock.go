// Package clock is the time that waits are measured by: the system's, or a
// virtual one for tests and benchmarks, whose minutes pass at once.
package clock

import (
	"context"
	"sync"
	"time"
)

// Sleep waits for d or until ctx is done, whichever comes first.
func Sleep(ctx context.Context, d time.Duration) error {
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

// SleepUntil moves the clock on to t, if it is later.
func (c *Virtual) SleepUntil(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	c.mu.Unlock()
	return ctx.Err()
}
