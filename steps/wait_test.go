package steps

import (
	"context"
	"encoding/base64"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/webhook"
)

var waitStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fakeSource answers from scripts indexed by call number; the last answer
// repeats.
type fakeSource struct {
	Codat                   // nil: a call the wait should not make panics
	mu                      sync.Mutex
	conns                   []func() (api.Connection, error)
	lists                   []func() ([]api.Connection, error)
	data                    []func() (map[string]api.DataStatus, error)
	getCalls, listCalls     int
	dataCalls, otherCompany int
}

func pick[T any](script []T, n int) T {
	return script[min(n, len(script)-1)]
}

func (f *fakeSource) GetConnection(_ context.Context, companyID, connectionID string) (api.Connection, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if companyID != "co-1" || connectionID != "conn-1" {
		f.otherCompany++
	}
	f.getCalls++
	if len(f.conns) == 0 {
		return api.Connection{}, errors.New("unexpected GetConnection")
	}
	return pick(f.conns, f.getCalls-1)()
}

func (f *fakeSource) ListConnections(_ context.Context, companyID string) ([]api.Connection, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if companyID != "co-1" {
		f.otherCompany++
	}
	f.listCalls++
	if len(f.lists) == 0 {
		return nil, errors.New("unexpected ListConnections")
	}
	return pick(f.lists, f.listCalls-1)()
}

func (f *fakeSource) DataStatus(_ context.Context, companyID string) (map[string]api.DataStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if companyID != "co-1" {
		f.otherCompany++
	}
	f.dataCalls++
	if len(f.data) == 0 {
		return nil, errors.New("unexpected DataStatus")
	}
	return pick(f.data, f.dataCalls-1)()
}

func (f *fakeSource) calls() (get, list, data int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.getCalls, f.listCalls, f.dataCalls
}

func conn(id, key string, status api.ConnectionStatus, errs ...api.ConnectionError) api.Connection {
	return api.Connection{ID: id, IntegrationKey: key, PlatformName: "Xero", Status: status, DataConnectionErrors: errs}
}

func answer(c api.Connection) func() (api.Connection, error) {
	return func() (api.Connection, error) { return c, nil }
}

func failWith(err error) func() (api.Connection, error) {
	return func() (api.Connection, error) { return api.Connection{}, err }
}

// fakeClock hands each requested timer to the test, which fires it; firing
// moves the clock on by the timer's duration.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers chan fakeTimer
}

type fakeTimer struct {
	d time.Duration
	c chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: waitStart, timers: make(chan fakeTimer, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.timers <- fakeTimer{d, ch}
	return ch
}

func (c *fakeClock) fire(tm fakeTimer) {
	c.mu.Lock()
	c.now = c.now.Add(tm.d)
	now := c.now
	c.mu.Unlock()
	tm.c <- now
}

func (c *fakeClock) nextTimer(t *testing.T) fakeTimer {
	t.Helper()
	select {
	case tm := <-c.timers:
		return tm
	case <-time.After(10 * time.Second):
		t.Fatal("no timer was set")
		return fakeTimer{}
	}
}

func (c *fakeClock) noTimer(t *testing.T) {
	t.Helper()
	select {
	case tm := <-c.timers:
		t.Fatalf("unexpected timer for %v", tm.d)
	default:
	}
}

func nextUpdate(t *testing.T, updates <-chan WaitUpdate) WaitUpdate {
	t.Helper()
	select {
	case u, ok := <-updates:
		if !ok {
			t.Fatal("updates closed early")
		}
		return u
	case <-time.After(10 * time.Second):
		t.Fatal("no update")
		return WaitUpdate{}
	}
}

// waitClosed fails unless the channel closes, which the watcher does as its
// last act: a closed channel means its goroutine has finished.
func waitClosed(t *testing.T, updates <-chan WaitUpdate) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case u, ok := <-updates:
			if !ok {
				return
			}
			if u.Final {
				t.Errorf("update after the final one: %+v", u)
			}
		case <-deadline:
			t.Fatal("updates never closed: the watcher is still running")
		}
	}
}

func withinJitter(d, base time.Duration) bool {
	return d >= time.Duration(float64(base)*0.8) && d <= time.Duration(float64(base)*1.2)
}

func waitOpts(clk *fakeClock, opts WaitOptions) WaitOptions {
	if opts.CompanyID == "" {
		opts.CompanyID = "co-1"
	}
	opts.Now, opts.After = clk.Now, clk.After
	return opts
}

func connectionEvent(eventType, companyID string, c api.Connection) webhook.Event {
	return webhook.Event{ID: "ev-" + eventType, EventType: eventType, CompanyID: companyID, Connection: &c}
}

func TestWaitPollsWithGrowingCappedBackoff(t *testing.T) {
	src := &fakeSource{conns: []func() (api.Connection, error){
		answer(conn("conn-1", "gbol", api.PendingAuth)), answer(conn("conn-1", "gbol", api.PendingAuth)),
		answer(conn("conn-1", "gbol", api.PendingAuth)), answer(conn("conn-1", "gbol", api.PendingAuth)),
		answer(conn("conn-1", "gbol", api.PendingAuth)), answer(conn("conn-1", "gbol", api.PendingAuth)),
		answer(conn("conn-1", "gbol", api.Linked)),
	}}
	clk := newFakeClock()
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", PollStart: 3 * time.Second, PollMax: 30 * time.Second}))

	// The first check happens at once; then 3 s, 9 s, 27 s, and 30 s from
	// then on, each moved by up to 20 %.
	for i, base := range []time.Duration{3 * time.Second, 9 * time.Second, 27 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second} {
		u := nextUpdate(t, updates)
		if u.Status != flow.StatusPendingAuth || u.Via != flow.ViaPoll || u.Final || u.Failed || u.Err != nil {
			t.Fatalf("update %d = %+v, want a pending poll", i, u)
		}
		tm := clk.nextTimer(t)
		if !withinJitter(tm.d, base) {
			t.Errorf("wait %d = %v, want %v ± 20%%", i, tm.d, base)
		}
		if !u.NextCheck.Equal(u.CheckedAt.Add(tm.d)) {
			t.Errorf("update %d: NextCheck %v, checked %v, wait %v", i, u.NextCheck, u.CheckedAt, tm.d)
		}
		clk.fire(tm)
	}
	u := nextUpdate(t, updates)
	if u.Status != flow.StatusLinked || !u.Final || u.Connection.ID != "conn-1" || !u.NextCheck.IsZero() {
		t.Fatalf("final update = %+v", u)
	}
	waitClosed(t, updates)
	if get, list, data := src.calls(); get != 7 || list != 0 || data != 0 || src.otherCompany != 0 {
		t.Errorf("calls: get %d, list %d, data %d, wrong ids %d", get, list, data, src.otherCompany)
	}
	clk.noTimer(t)
}

func TestWaitWebhookLinksWithoutPolling(t *testing.T) {
	src := &fakeSource{}
	clk := newFakeClock()
	events := make(chan webhook.Event, 8)
	updates := Wait(t.Context(), src, events, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true}))

	if tm := clk.nextTimer(t); tm.d != DefaultSafetyInterval {
		t.Errorf("first check after %v, want the safety interval %v", tm.d, DefaultSafetyInterval)
	}
	events <- connectionEvent(webhook.EventConnectionConnected, "co-2", conn("conn-1", "gbol", api.Linked)) // another company
	events <- connectionEvent(webhook.EventConnectionConnected, "co-1", conn("conn-9", "gbol", api.Linked)) // another connection
	events <- webhook.Event{ID: "ev-rate", EventType: "client.rateLimit.reached"}
	events <- connectionEvent(webhook.EventConnectionConnected, "co-1", conn("conn-1", "gbol", api.Linked))

	u := nextUpdate(t, updates)
	if u.Status != flow.StatusLinked || u.Via != flow.ViaWebhook || !u.Final || u.Connection.ID != "conn-1" || u.Failed {
		t.Fatalf("update = %+v, want linked by webhook", u)
	}
	waitClosed(t, updates)
	if get, list, data := src.calls(); get+list+data != 0 {
		t.Errorf("status calls: get %d, list %d, data %d; want none", get, list, data)
	}
}

func TestWaitHonoursRateLimit(t *testing.T) {
	clk := newFakeClock()
	retryAt := waitStart.Add(90 * time.Second)
	src := &fakeSource{conns: []func() (api.Connection, error){
		failWith(&api.Error{Op: "get connection", Status: http.StatusTooManyRequests, RetryAt: retryAt}),
		failWith(&api.Error{Op: "get connection", Status: http.StatusTooManyRequests}), // no Retry-After
		answer(conn("conn-1", "gbol", api.Linked)),
	}}
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1"}))

	u := nextUpdate(t, updates)
	if !u.RateLimitedUntil.Equal(retryAt) || u.Err == nil || u.Final || !u.NextCheck.Equal(retryAt) {
		t.Fatalf("update = %+v, want rate limited until %v", u, retryAt)
	}
	tm := clk.nextTimer(t)
	if tm.d != 90*time.Second {
		t.Errorf("waited %v, want until the limit lifts (90s)", tm.d)
	}
	clk.fire(tm)

	u = nextUpdate(t, updates)
	tm = clk.nextTimer(t)
	if u.RateLimitedUntil.IsZero() || !u.RateLimitedUntil.Equal(u.NextCheck) || !withinJitter(tm.d, DefaultPollStart) {
		t.Fatalf("limit without a time: update %+v, wait %v; want the usual backoff, announced", u, tm.d)
	}
	clk.fire(tm)

	if u = nextUpdate(t, updates); u.Status != flow.StatusLinked || !u.Final || !u.RateLimitedUntil.IsZero() || u.Err != nil {
		t.Fatalf("final update = %+v", u)
	}
	waitClosed(t, updates)
}

func TestWaitFailure(t *testing.T) {
	at := func(d time.Duration) *api.Time { return &api.Time{Time: waitStart.Add(d)} }
	cancelled := api.ConnectionError{StatusCode: "403", StatusText: "User cancelled linking", ErrorMessage: "User cancelled", ErroredOnUtc: at(20 * time.Second), Status: "Active"}
	old := api.ConnectionError{StatusCode: "403", StatusText: "Old failure", ErroredOnUtc: at(-time.Hour), Status: "Active"}
	resolved := api.ConnectionError{StatusCode: "500", StatusText: "Temporary", ErroredOnUtc: at(10 * time.Second), Status: "Resolved"}

	t.Run("by webhook", func(t *testing.T) {
		src := &fakeSource{}
		clk := newFakeClock()
		events := make(chan webhook.Event, 1)
		updates := Wait(t.Context(), src, events, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true}))
		events <- connectionEvent(webhook.EventConnectionFailed, "co-1", conn("conn-1", "gbol", api.PendingAuth, old, cancelled))
		u := nextUpdate(t, updates)
		if !u.Failed || !u.Final || u.Reason != "User cancelled" || u.Via != flow.ViaWebhook || u.Status != flow.StatusPendingAuth {
			t.Fatalf("update = %+v, want failed with Codat's reason", u)
		}
		waitClosed(t, updates)
		if get, _, _ := src.calls(); get != 0 {
			t.Errorf("%d status calls", get)
		}
	})

	t.Run("by poll", func(t *testing.T) {
		src := &fakeSource{conns: []func() (api.Connection, error){
			answer(conn("conn-1", "gbol", api.PendingAuth, old)),           // an earlier attempt: keep waiting
			answer(conn("conn-1", "gbol", api.PendingAuth, old, resolved)), // resolved: keep waiting
			answer(conn("conn-1", "gbol", api.PendingAuth, old, resolved, api.ConnectionError{StatusText: "Access denied", ErroredOnUtc: at(30 * time.Second), Status: "Active"})),
		}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1"}))
		for range 2 {
			if u := nextUpdate(t, updates); u.Failed || u.Final {
				t.Fatalf("update = %+v, want still waiting", u)
			}
			clk.fire(clk.nextTimer(t))
		}
		u := nextUpdate(t, updates)
		if !u.Failed || !u.Final || u.Reason != "Access denied" || u.Via != flow.ViaPoll {
			t.Fatalf("update = %+v, want failed", u)
		}
		waitClosed(t, updates)
	})

	t.Run("connection gone", func(t *testing.T) {
		src := &fakeSource{conns: []func() (api.Connection, error){failWith(&api.Error{Op: "get connection", Status: http.StatusNotFound})}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1"}))
		if u := nextUpdate(t, updates); !u.Final || !api.IsNotFound(u.Err) {
			t.Fatalf("update = %+v, want a final not-found error", u)
		}
		waitClosed(t, updates)
	})

	t.Run("passing error keeps polling", func(t *testing.T) {
		src := &fakeSource{conns: []func() (api.Connection, error){
			failWith(&api.Error{Op: "get connection", Status: http.StatusBadGateway}), answer(conn("conn-1", "gbol", api.Linked)),
		}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1"}))
		if u := nextUpdate(t, updates); u.Final || u.Err == nil {
			t.Fatalf("update = %+v, want the error reported and polling to go on", u)
		}
		clk.fire(clk.nextTimer(t))
		if u := nextUpdate(t, updates); !u.Final || u.Status != flow.StatusLinked {
			t.Fatalf("update = %+v", u)
		}
		waitClosed(t, updates)
	})
}

func TestWaitFollowsDataByPoll(t *testing.T) {
	src := &fakeSource{
		conns: []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.Linked))},
		data: []func() (map[string]api.DataStatus, error){
			func() (map[string]api.DataStatus, error) {
				return map[string]api.DataStatus{
					"invoices": {DataType: "invoices", CurrentStatus: "Queued"},
					"bills":    {DataType: "bills", CurrentStatus: "Fetching"},
					"payments": {DataType: "payments"}, // never queued
				}, nil
			},
			func() (map[string]api.DataStatus, error) {
				return map[string]api.DataStatus{
					"invoices": {DataType: "invoices", CurrentStatus: "Complete"},
					"bills":    {DataType: "bills", CurrentStatus: "Fetching"},
				}, nil
			},
			func() (map[string]api.DataStatus, error) {
				return map[string]api.DataStatus{
					"invoices":     {DataType: "invoices", CurrentStatus: "Complete"},
					"bills":        {DataType: "bills", CurrentStatus: "FetchError"},
					"bankAccounts": {DataType: "bankAccounts", CurrentStatus: "NotSupported"},
					"payments":     {DataType: "payments"},
				}, nil
			},
		},
	}
	clk := newFakeClock()
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", FollowData: true}))

	u := nextUpdate(t, updates)
	if u.Status != flow.StatusLinked || u.Final || u.DataReady {
		t.Fatalf("update = %+v, want linked, data to follow", u)
	}
	if tm := clk.nextTimer(t); !withinJitter(tm.d, DefaultPollStart) {
		t.Errorf("data polling starts after %v", tm.d)
	} else {
		clk.fire(tm)
	}
	for _, want := range []map[string]string{
		{"invoices": "Queued", "bills": "Fetching"},
		{"invoices": "Complete", "bills": "Fetching"},
	} {
		u = nextUpdate(t, updates)
		if u.Final || u.DataReady || !maps.Equal(u.Data, want) {
			t.Fatalf("update = %+v, want data %v, not ready", u, want)
		}
		clk.fire(clk.nextTimer(t))
	}
	u = nextUpdate(t, updates)
	want := map[string]string{"invoices": "Complete", "bills": "FetchError", "bankAccounts": "NotSupported"}
	if !u.Final || !u.DataReady || !maps.Equal(u.Data, want) || u.Status != flow.StatusLinked {
		t.Fatalf("final update = %+v, want data %v ready", u, want)
	}
	waitClosed(t, updates)
	if get, _, data := src.calls(); get != 1 || data != 3 {
		t.Errorf("calls: get %d, data %d", get, data)
	}
}

func TestWaitFollowsDataByWebhook(t *testing.T) {
	src := &fakeSource{}
	clk := newFakeClock()
	events := make(chan webhook.Event, 4)
	updates := Wait(t.Context(), src, events, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true, FollowData: true}))

	events <- connectionEvent(webhook.EventConnectionConnected, "co-1", conn("conn-1", "gbol", api.Linked))
	u := nextUpdate(t, updates)
	if u.Status != flow.StatusLinked || u.Final || u.DataReady {
		t.Fatalf("update = %+v, want linked, data to follow", u)
	}
	events <- webhook.Event{ID: "ev-read", EventType: webhook.EventReadCompletedInitial, CompanyID: "co-1", DataTypes: []webhook.ReadDataType{
		{ConnectionID: "conn-1", DataType: "invoices", Status: "Complete"},
		{ConnectionID: "conn-1", DataType: "bills", Status: "PermissionsError"},
		{ConnectionID: "conn-other", DataType: "banking-accounts", Status: "Complete"},
	}}
	u = nextUpdate(t, updates)
	if want := map[string]string{"invoices": "Complete", "bills": "PermissionsError"}; !u.Final || !u.DataReady || !maps.Equal(u.Data, want) || u.Via != flow.ViaWebhook {
		t.Fatalf("update = %+v, want data %v ready by webhook", u, want)
	}
	waitClosed(t, updates)
	if get, list, data := src.calls(); get+list+data != 0 {
		t.Errorf("status calls: get %d, list %d, data %d; want none", get, list, data)
	}
}

func TestWaitSafetyCheckAndFallback(t *testing.T) {
	t.Run("safety check finds the link", func(t *testing.T) {
		src := &fakeSource{conns: []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.PendingAuth)), answer(conn("conn-1", "gbol", api.Linked))}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, make(chan webhook.Event), waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true, SafetyInterval: 45 * time.Second}))
		for range 2 {
			tm := clk.nextTimer(t)
			if tm.d != 45*time.Second {
				t.Fatalf("safety check after %v, want 45s", tm.d)
			}
			clk.fire(tm)
			if u := nextUpdate(t, updates); u.Via != flow.ViaPoll || u.Final != (u.Status == flow.StatusLinked) {
				t.Fatalf("update = %+v", u)
			}
		}
		waitClosed(t, updates)
	})

	t.Run("events end: poll instead", func(t *testing.T) {
		src := &fakeSource{conns: []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.Linked))}}
		clk := newFakeClock()
		events := make(chan webhook.Event)
		updates := Wait(t.Context(), src, events, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true}))
		_ = clk.nextTimer(t) // the safety check, never fired
		close(events)
		tm := clk.nextTimer(t)
		if !withinJitter(tm.d, DefaultPollStart) {
			t.Errorf("after the webhooks stopped, next check in %v", tm.d)
		}
		clk.fire(tm)
		if u := nextUpdate(t, updates); u.Status != flow.StatusLinked || !u.Final || u.Via != flow.ViaPoll {
			t.Fatalf("update = %+v", u)
		}
		waitClosed(t, updates)
	})
}

func TestWaitDelegatedByPlatform(t *testing.T) {
	t.Run("webhook", func(t *testing.T) {
		src := &fakeSource{}
		clk := newFakeClock()
		events := make(chan webhook.Event, 4)
		updates := Wait(t.Context(), src, events, waitOpts(clk, WaitOptions{PlatformKey: "gbol", Webhooks: true}))

		events <- connectionEvent(webhook.EventConnectionCreated, "co-1", conn("conn-q", "qhyg", api.PendingAuth)) // another platform
		events <- connectionEvent(webhook.EventConnectionCreated, "co-1", conn("conn-7", "gbol", api.PendingAuth))
		u := nextUpdate(t, updates)
		if u.Connection.ID != "conn-7" || u.Status != flow.StatusPendingAuth || u.Final {
			t.Fatalf("update = %+v, want the accountant's new connection, pending", u)
		}
		events <- connectionEvent(webhook.EventConnectionConnected, "co-1", conn("conn-q", "qhyg", api.Linked))
		events <- connectionEvent(webhook.EventConnectionConnected, "co-1", conn("conn-7", "gbol", api.Linked))
		if u = nextUpdate(t, updates); u.Connection.ID != "conn-7" || u.Status != flow.StatusLinked || !u.Final {
			t.Fatalf("update = %+v, want conn-7 linked", u)
		}
		waitClosed(t, updates)
		if get, list, data := src.calls(); get+list+data != 0 {
			t.Errorf("status calls: get %d, list %d, data %d; want none", get, list, data)
		}
	})

	t.Run("poll", func(t *testing.T) {
		src := &fakeSource{lists: []func() ([]api.Connection, error){
			func() ([]api.Connection, error) { return nil, nil },
			func() ([]api.Connection, error) {
				return []api.Connection{conn("conn-q", "qhyg", api.Linked), conn("conn-7", "gbol", api.PendingAuth)}, nil
			},
			func() ([]api.Connection, error) {
				return []api.Connection{conn("conn-q", "qhyg", api.Linked), conn("conn-7", "GBOL", api.Linked)}, nil
			},
		}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{PlatformKey: "gbol"}))
		if u := nextUpdate(t, updates); u.Connection.ID != "" || u.Final {
			t.Fatalf("update = %+v, want nothing chosen yet", u)
		}
		clk.fire(clk.nextTimer(t))
		if u := nextUpdate(t, updates); u.Connection.ID != "conn-7" || u.Status != flow.StatusPendingAuth || u.Final {
			t.Fatalf("update = %+v, want conn-7 pending", u)
		}
		clk.fire(clk.nextTimer(t))
		if u := nextUpdate(t, updates); u.Connection.ID != "conn-7" || u.Status != flow.StatusLinked || !u.Final {
			t.Fatalf("update = %+v, want conn-7 linked", u)
		}
		waitClosed(t, updates)
		if get, list, _ := src.calls(); get != 0 || list != 3 {
			t.Errorf("calls: get %d, list %d", get, list)
		}
	})
}

func TestWaitStopsOnCancel(t *testing.T) {
	t.Run("while waiting", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		clk := newFakeClock()
		updates := Wait(ctx, &fakeSource{}, make(chan webhook.Event), waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true}))
		_ = clk.nextTimer(t)
		cancel()
		waitClosed(t, updates)
	})

	t.Run("while nobody reads", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		src := &fakeSource{conns: []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.PendingAuth))}}
		clk := newFakeClock()
		updates := Wait(ctx, src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1"}))
		_ = clk.nextTimer(t) // the first poll is done and its update waits for a reader
		cancel()
		waitClosed(t, updates)
	})
}

func TestWaitNeedsSomethingToWaitFor(t *testing.T) {
	src := &fakeSource{}
	clk := newFakeClock()
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{}))
	u := nextUpdate(t, updates)
	op, isOp := errors.AsType[*api.OpError](u.Err)
	if !u.Final || !isOp || op.Op != api.OpWatchConnection || !errors.Is(u.Err, ErrNoWaitTarget) {
		t.Fatalf("update = %+v, want a final ErrNoWaitTarget", u)
	}
	waitClosed(t, updates)
	if get, list, data := src.calls(); get+list+data != 0 {
		t.Errorf("status calls: get %d, list %d, data %d; want none", get, list, data)
	}
}

// Asking for webhooks without a channel to receive them polls as usual.
func TestWaitWebhooksWithoutChannelPolls(t *testing.T) {
	src := &fakeSource{conns: []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.Linked))}}
	clk := newFakeClock()
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true}))
	if u := nextUpdate(t, updates); u.Status != flow.StatusLinked || !u.Final || u.Via != flow.ViaPoll {
		t.Fatalf("update = %+v", u)
	}
	waitClosed(t, updates)
}

// A signed delivery to the receiver ends the wait, with no status calls.
func TestWaitWithReceiver(t *testing.T) {
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("a-receiver-test-key-24by"))
	r, err := webhook.NewReceiver(webhook.ReceiverConfig{Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	src := &fakeSource{}
	clk := newFakeClock()
	updates := Wait(t.Context(), src, r.Events(), waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true}))

	body := `{"id":"ev-1","eventType":"connection.connected","generatedDate":"2024-08-08T17:10:34.015Z","payload":{` +
		`"referenceCompany":{"id":"co-1","name":"Acme"},"connection":{"id":"conn-1","integrationKey":"gbol","platformName":"Xero","status":"Linked"}}}`
	sent := time.Now()
	sig, err := webhook.Sign(secret, "msg_1", sent, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, webhook.DefaultPath, strings.NewReader(body))
	req.Header.Set("webhook-id", "msg_1")
	req.Header.Set("webhook-timestamp", strconv.FormatInt(sent.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("status %d", rec.Code)
	}
	if u := nextUpdate(t, updates); u.Status != flow.StatusLinked || !u.Final || u.Connection.PlatformName != "Xero" || u.Via != flow.ViaWebhook {
		t.Fatalf("update = %+v", u)
	}
	waitClosed(t, updates)
	if get, list, data := src.calls(); get+list+data != 0 {
		t.Errorf("status calls: get %d, list %d, data %d; want none", get, list, data)
	}
}

// TestWaitJustShownWaitsBeforeTheFirstCheck: a link only just shown costs no
// call until the first backoff step, and a 3-minute wait costs about 7
// checks (a fixed 5-second poll costs 36).
func TestWaitJustShownWaitsBeforeTheFirstCheck(t *testing.T) {
	var answers []func() (api.Connection, error)
	for range 20 {
		answers = append(answers, answer(conn("conn-1", "gbol", api.PendingAuth)))
	}
	src := &fakeSource{conns: answers}
	clk := newFakeClock()
	start := clk.Now()
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", JustShown: true}))

	first := nextUpdate(t, updates)
	tm := clk.nextTimer(t)
	if get, _, _ := src.calls(); get != 0 || first.Via != flow.ViaPoll || first.Final || !first.CheckedAt.IsZero() || !withinJitter(tm.d, DefaultPollStart*pollGrowth) {
		t.Fatalf("first update %+v after %d calls, first wait %v: want no call and a check in about 9 s", first, get, tm.d)
	}
	for clk.Now().Add(tm.d).Sub(start) <= 3*time.Minute {
		clk.fire(tm)
		nextUpdate(t, updates)
		tm = clk.nextTimer(t)
	}
	// About 9, 36, 66, 96, 126 and 156 s: at the 30 s cap that is as few as
	// checks can be, where a fixed 5-second poll makes 36.
	if get, list, data := src.calls(); get < 5 || get > 7 || list+data != 0 {
		t.Fatalf("%d checks (+%d lists, %d data) within a 3-minute wait, want about 6", get, list, data)
	}
}
