package ui

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/guard"
	"github.com/onboardcli/onboard/share"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/webhook"
)

// BenchmarkView draws the frame of every screen of TestScreens, at the
// smallest common terminal and at a large one.
func BenchmarkView(b *testing.B) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		for _, sc := range screens {
			b.Run(fmt.Sprintf("%dx%d/%s", size.w, size.h, sc.name), func(b *testing.B) {
				m := sc.make(screen(size.w, size.h, true))
				var frame string
				for b.Loop() {
					frame = m.View().Content
				}
				if frame == "" {
					b.Fatal("empty frame")
				}
			})
		}
	}
}

// Endpoints as api.Client counts them.
const (
	endpointConnection  = "GET /companies/{id}/connections/{connectionId}"
	endpointConnections = "GET /companies/{id}/connections"
	endpointDataStatus  = "GET /companies/{id}/dataStatus"
)

// fixedPollCalls is what polling every 5 seconds costs over a 3-minute
// wait, the way Codat's demo app waits.
const fixedPollCalls = 36

// BenchmarkOnboardingCalls counts the Codat calls of one onboarding, made by
// the TUI's own effect runner against the in-process sandbox. The person
// types the name in one go (one search per pause), creates the company,
// picks accounting and the Codat Sandbox platform, then either authorizes
// it (authorize) or hands the Hosted Link on (delegate). Whoever signs in
// does so linkAfter into the wait. The wait runs on a simulated clock
// through the watcher's Now/After hooks, with the options the runner uses,
// so a 3-minute wait takes milliseconds.
//
// Reported per onboarding: calls (all), status-checks (GET connection or
// connections), data-checks (GET dataStatus after the link), and
// x-fewer-status-checks, the fixed 5-second poll's 36 calls divided by this
// run's status checks over the same wait.
func BenchmarkOnboardingCalls(b *testing.B) {
	for _, sc := range []struct {
		path      string
		webhooks  bool
		linkAfter time.Duration
	}{
		{"authorize", true, 30 * time.Second},
		{"authorize", true, 3 * time.Minute},
		{"authorize", false, 30 * time.Second},
		{"authorize", false, 3 * time.Minute},
		{"delegate", true, 30 * time.Second},
		{"delegate", true, 3 * time.Minute},
		{"delegate", false, 3 * time.Minute},
	} {
		how := "polling"
		if sc.webhooks {
			how = "webhooks"
		}
		b.Run(fmt.Sprintf("%s/%s/link-after-%s", sc.path, how, sc.linkAfter), func(b *testing.B) {
			var total, status, data int
			for b.Loop() {
				journey, calls := onboard(b, sc.path == "authorize", sc.webhooks, sc.linkAfter)
				total += calls.Total
				// Status checks are those of the wait, not the journey's own
				// look at the connections before it creates one.
				checks := func(c api.CallCounts) int {
					return c.ByEndpoint[endpointConnection] + c.ByEndpoint[endpointConnections]
				}
				status += checks(calls) - checks(journey)
				data += calls.ByEndpoint[endpointDataStatus]
			}
			n := float64(b.N)
			b.ReportMetric(float64(total)/n, "calls/op")
			b.ReportMetric(float64(status)/n, "status-checks/op")
			b.ReportMetric(float64(data)/n, "data-checks/op")
			if status > 0 {
				b.ReportMetric(fixedPollCalls*n/float64(status), "x-fewer-status-checks")
			}
		})
	}
}

// TestOnboardingCalls holds the waiting to its promises: with webhooks a
// link made within the first minute costs no status check at all, and
// without them a 3-minute wait costs fewer checks than a fixed 5-second
// poll. Each run leaves no server or goroutine behind.
func TestOnboardingCalls(t *testing.T) {
	tests := []struct {
		name      string
		signIn    bool
		webhooks  bool
		linkAfter time.Duration
		maxStatus int
	}{
		{"authorize with webhooks", true, true, 50 * time.Second, 0},
		{"delegate with webhooks", false, true, 50 * time.Second, 0},
		// 6 checks within 3 minutes, the one that sees the link, and at most
		// one more when the jitter falls that way: about 5x fewer than the
		// fixed poll.
		{"authorize polling", true, false, 3 * time.Minute, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			journey, calls := onboard(t, tc.signIn, tc.webhooks, tc.linkAfter)
			status := calls.ByEndpoint[endpointConnection] + calls.ByEndpoint[endpointConnections] -
				journey.ByEndpoint[endpointConnection] - journey.ByEndpoint[endpointConnections]
			if status > tc.maxStatus {
				t.Errorf("%d status checks, want at most %d (calls: %v)", status, tc.maxStatus, calls.ByEndpoint)
			}
			if !tc.webhooks && status == 0 {
				t.Errorf("no status check while polling (calls: %v)", calls.ByEndpoint)
			}
			deadline := time.Now().Add(5 * time.Second)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Errorf("%d goroutines left running after the onboarding", n-before)
			}
		})
	}
}

// onboard runs one onboarding to the linked, data-ready end and returns the
// calls the client counted: up to the start of the wait, and in all.
func onboard(tb testing.TB, signIn, webhooks bool, linkAfter time.Duration) (beforeWait, all api.CallCounts) {
	tb.Helper()
	clock := newSimClock(time.Now())
	sb, err := sandbox.Start(sandbox.Options{Now: clock.Now})
	if err != nil {
		tb.Fatal(err)
	}
	defer sb.Close()
	u, _ := url.Parse(sb.BaseURL())
	client, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey(), LinkHosts: []string{u.Host}})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(tb.Context())
	defer cancel()

	var events <-chan webhook.Event
	if webhooks {
		rcv, err := webhook.NewReceiver(webhook.ReceiverConfig{Secret: sb.WebhookSecret()})
		if err != nil {
			tb.Fatal(err)
		}
		if err := rcv.Start(); err != nil {
			tb.Fatal(err)
		}
		defer rcv.Close()
		// Registering the receiver is the demo's one-off set-up, not part
		// of an onboarding: it is left out of the count.
		if _, err := client.CreateWebhookConsumer(ctx, api.WebhookConsumer{URL: rcv.URL()}); err != nil {
			tb.Fatal(err)
		}
		events = rcv.Events()
	}
	client.ResetCalls()

	// The client as the journey runs it: creates under the locks onboards
	// on one computer share.
	guarded := guard.New(client, guard.NewLocks(tb.TempDir(), 0))
	deps := Deps{
		API: guarded, Webhooks: events, Env: share.Env{Display: true},
		Clipboard: func(string) error { return nil }, Browser: func(string) error { return nil },
		LinkHost: u.Host, Demo: true, SandboxLinks: true,
	}
	j := &journey{tb: tb, st: flow.New(true), run: newRunner(ctx, deps)}
	const name = "Acme Trading Ltd"
	j.do(flow.QueryChanged{Query: name}, flow.CreateRequested{Name: name, UID: newUID()}, flow.ConsentAccepted{},
		flow.CategoryChosen{Category: flow.Accounting}, flow.PlatformChosen{Key: "mqjo"}, flow.SignInAnswered{Yes: signIn})
	if !signIn {
		j.do(flow.InviteSubmitted{Invite: flow.Invite{To: "jane@firm.example", FromName: "Sam"}}, flow.SendRequested{Way: flow.WayText})
		if j.st.InviteSent == "" {
			tb.Fatalf("the invite was not sent: %+v", j.st.Notice)
		}
	}
	j.check()

	start, ok := j.run.pendingWatch()
	if !ok {
		tb.Fatalf("no wait was started; step=%v", j.st.Step)
	}
	company := j.st.Company.ID
	// The person who signs in: on the authorize path the connection exists;
	// on the delegate path the recipient picks the platform in Hosted Link,
	// which creates it (through the sandbox, not onboard's client).
	signInNow := func() {
		connID := start.ConnectionID
		if connID == "" {
			recipient, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
			if err != nil {
				tb.Fatal(err)
			}
			conn, err := recipient.CreateConnection(ctx, company, start.PlatformKey)
			if err != nil {
				tb.Fatal(err)
			}
			connID = conn.ID
		}
		if err := sb.Authorize(company, connID); err != nil {
			tb.Fatal(err)
		}
	}
	beforeWait = client.Calls()
	// The runner's own options, on the simulated clock.
	hooks, _ := j.run.hooks()
	opts := j.run.watchOptions(start, hooks != nil)
	opts.Now, opts.After = clock.Now, clock.After
	updates := steps.Wait(ctx, client, events, opts)
	j.wait(updates, clock, linkAfter, signInNow)
	if j.st.Watch.Status != flow.StatusLinked || len(j.st.Watch.DataPending) > 0 {
		tb.Fatalf("the wait ended unlinked or with data pending: %+v", j.st.Watch)
	}
	j.do(flow.Finish{})
	cancel()
	for range updates { // the watcher has stopped before the sandbox closes
	}
	return beforeWait, client.Calls()
}

// journey feeds events to the reducer and carries out its effects with the
// runner, synchronously, as the line-by-line shell does.
type journey struct {
	tb  testing.TB
	st  flow.State
	run *runner
}

func (j *journey) do(evs ...flow.Event) {
	for _, ev := range evs {
		st, effs := flow.Next(j.st, ev)
		j.st = st
		for _, eff := range effs {
			j.do(j.run.runSync(eff, io.Discard)...)
		}
	}
}

func (j *journey) check() {
	if p := j.st.Problem; p != nil {
		j.tb.Fatalf("%s failed: %v", p.Doing, p.Err)
	}
}

// wait reads the watcher's updates into the journey until the final one.
// While the watcher sits on its timer it moves the simulated clock on: to
// the watcher's next check, to the moment someone signs in, or after the
// sign-in a second at a time, so the sandbox's data read (and its webhook)
// can finish first. While a check is under way the clock stands still.
func (j *journey) wait(updates <-chan steps.WaitUpdate, clock *simClock, linkAfter time.Duration, signIn func()) {
	const pace = 20 * time.Millisecond // real time for a webhook in flight to land
	deadline := time.Now().Add(time.Minute)
	signInAt, signedIn := clock.Now().Add(linkAfter), false
	for {
		select {
		case u, ok := <-updates:
			if !ok {
				j.tb.Fatal("the watcher stopped before the final update")
			}
			j.do(updateEvent(u))
			if u.Final {
				if u.Err != nil {
					j.tb.Fatalf("the wait failed: %v", u.Err)
				}
				return
			}
			continue
		case <-time.After(pace):
		}
		if time.Now().After(deadline) {
			j.tb.Fatalf("the wait did not end; simulated %s past the sign-in", clock.Now().Sub(signInAt))
		}
		next, armed := clock.nextTimer()
		switch {
		case !armed:
			// A check is under way: it arms the next one or ends the wait.
		case !signedIn && !signInAt.After(next):
			clock.advance(signInAt)
			signIn()
			signedIn = true
		case signedIn:
			step := clock.Now().Add(time.Second)
			if next.Before(step) {
				step = next
			}
			clock.advance(step)
		default:
			clock.advance(next)
		}
	}
}

// pendingWatch takes the wait the last StartWatch asked for.
func (r *runner) pendingWatch() (flow.StartWatch, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending == nil {
		return flow.StartWatch{}, false
	}
	e := *r.pending
	r.pending = nil
	return e, true
}

// simClock is a clock that moves only when told, for the watcher (Now,
// After) and the sandbox (Now). The watcher keeps one timer at a time, so
// only the latest is kept.
type simClock struct {
	mu    sync.Mutex
	now   time.Time
	at    time.Time
	fire  chan time.Time
	armed bool
}

func newSimClock(start time.Time) *simClock { return &simClock{now: start} }

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fire = make(chan time.Time, 1)
	c.at, c.armed = c.now.Add(d), true
	return c.fire
}

func (c *simClock) nextTimer() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at, c.armed
}

// advance moves the clock to t (never back) and fires the timer if due.
func (c *simClock) advance(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	if c.armed && !c.at.After(c.now) {
		c.fire <- c.now
		c.armed = false
	}
}

// TestSimClockFiresOnlyWhenDue keeps the call counts honest: a timer fires
// when the clock reaches it, not before, and once.
func TestSimClockFiresOnlyWhenDue(t *testing.T) {
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	c := newSimClock(start)
	ch := c.After(3 * time.Second)
	c.advance(start.Add(2 * time.Second))
	select {
	case <-ch:
		t.Fatal("fired a second early")
	default:
	}
	c.advance(start.Add(3 * time.Second))
	if got := <-ch; !got.Equal(start.Add(3 * time.Second)) {
		t.Fatalf("fired at %v", got)
	}
	if _, armed := c.nextTimer(); armed {
		t.Fatal("still armed after firing")
	}
	c.advance(start)
	if !c.Now().Equal(start.Add(3 * time.Second)) {
		t.Fatal("the clock went back")
	}
}
