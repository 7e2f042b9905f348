package clock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	if err := Sleep(t.Context(), time.Millisecond); err != nil {
		t.Fatalf("short sleep: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sleep: %v", err)
	}
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("zero sleep on a cancelled context: %v", err)
	}
}

// Many sleepers waiting for the same moment move a virtual clock to it
// once, not once each.
func TestVirtualSleepersShareTheMoment(t *testing.T) {
	start := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	c := NewVirtual(start)
	reset := start.Add(time.Minute)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { _ = c.SleepUntil(t.Context(), reset) })
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(reset) {
		t.Fatalf("clock at %v after 8 sleeps until %v", got, reset)
	}
	_ = c.SleepUntil(t.Context(), start) // the past: no move
	if !c.Now().Equal(reset) {
		t.Fatalf("a sleep until the past moved the clock to %v", c.Now())
	}
}

func TestStoppedWaitsEndWithTheStop(t *testing.T) {
	stop, stopNow := context.WithCancel(t.Context())
	ctx := StopWaits(t.Context(), stop)
	ended := make(chan error, 1)
	go func() { ended <- Sleep(ctx, time.Hour) }()
	stopNow()
	if err := <-ended; !errors.Is(err, context.Canceled) {
		t.Fatalf("a sleep when its waits were stopped: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatal("stopping the waits ended the context itself")
	}
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("a sleep begun after the stop: %v", err)
	}
	if err := NewVirtual(time.Now()).SleepUntil(ctx, time.Now().Add(time.Hour)); !errors.Is(err, context.Canceled) {
		t.Fatalf("a virtual sleep after the stop: %v", err)
	}
	if err := Sleep(t.Context(), time.Millisecond); err != nil {
		t.Fatalf("a sleep without a stop: %v", err)
	}
}
