package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
)

// What a person feels is the number of calls to Codat made one after the
// other in a step, since Codat takes 200–800 ms to answer each. slowCodat
// serves the sandbox with a fixed delay before each answer and records, for
// each call, how many calls ran one after the other up to and including it
// (its depth): 1 for a call started while no other of the step had
// answered, and one more than the deepest call of the step that had
// answered when it started. A step's calls in series are its deepest call.
// Where a step makes many calls side by side, they are answered in rounds,
// so that the count does not hang on how the machine schedules them.

// slowCodat is the sandbox behind a delay, recording the calls.
type slowCodat struct {
	sb    *sandbox.Server
	srv   *httptest.Server
	delay atomic.Int64 // nanoseconds before each answer

	// held, when set, keeps every answer back until it is closed.
	held atomic.Pointer[chan struct{}]
	// rounds, when set, answers calls in rounds (see answerInRounds).
	rounds *callRounds

	mu       sync.Mutex
	calls    []codatCall
	mark     int // the first call of the step being measured
	inflight int
	peak     int // the most calls under way at once since the mark
	changed  chan struct{}
}

type codatCall struct {
	route      string
	start, end time.Time
	depth      int
	done       bool
}

func startSlowCodat(tb testing.TB, delay time.Duration) *slowCodat {
	tb.Helper()
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	c := &slowCodat{sb: sb, changed: make(chan struct{})}
	c.delay.Store(int64(delay))
	c.srv = httptest.NewServer(c)
	// The sandbox's links name the server in front of it, as the client
	// checks links against the host it talks to.
	sb.SetBaseURL(c.srv.URL)
	tb.Cleanup(func() {
		c.srv.Close()
		sb.Close()
	})
	return c
}

func (c *slowCodat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	start := time.Now()
	depth := 1
	for _, prev := range c.calls[c.mark:] {
		if prev.done && !prev.end.After(start) {
			depth = max(depth, prev.depth+1)
		}
	}
	i := len(c.calls)
	c.calls = append(c.calls, codatCall{route: r.Method + " " + r.URL.Path, start: start, depth: depth})
	c.inflight++
	c.peak = max(c.peak, c.inflight)
	round := c.rounds.join()
	c.mu.Unlock()

	if round != nil {
		select {
		case <-round:
		case <-time.After(roundWait):
			c.mu.Lock()
			if c.rounds != nil && c.rounds.open == round {
				c.rounds.release()
			}
			c.mu.Unlock()
		case <-r.Context().Done():
		}
	}

	if held := c.held.Load(); held != nil {
		select {
		case <-*held:
		case <-r.Context().Done():
		}
	}
	// Codat's own time to answer.
	t := time.NewTimer(time.Duration(c.delay.Load()))
	select {
	case <-t.C:
		c.sb.Handler().ServeHTTP(w, r)
	case <-r.Context().Done():
		t.Stop()
	}

	c.mu.Lock()
	c.calls[i].end, c.calls[i].done = time.Now(), true
	c.inflight--
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

func (c *slowCodat) env(tb testing.TB, extra ...string) []string {
	return baseEnv(tb, append([]string{"CODAT_BASE_URL=" + c.srv.URL, "CODAT_API_KEY=" + c.sb.APIKey()}, extra...)...)
}

// callRounds holds calls until a round of them is under way, then lets the
// round be answered. Answered in rounds, calls that overlap in the program
// overlap here however the machine schedules the program: a check that
// lagged behind its neighbours cannot start after one of the next round
// has answered, and so be counted one call deeper.
type callRounds struct {
	left, width int           // calls still to come, and in a full round
	waiting     int           // calls of the round under way
	open        chan struct{} // closed when the round is answered
}

// roundWait is how long a round may stay short of full before it is
// answered anyway: a program that makes fewer calls at once than the round
// holds then takes more rounds, and the calls in series say so.
const roundWait = 2 * time.Second

// answerInRounds answers the next total calls in rounds of width; zero
// total stops it. A round short of width waits for roundWait.
func (c *slowCodat) answerInRounds(total, width int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rounds = nil
	if total > 0 {
		c.rounds = &callRounds{left: total, width: width, open: make(chan struct{})}
	}
}

// join counts a call into the round under way and returns what it waits
// on, or nil when calls are not answered in rounds. Call with c.mu held.
func (r *callRounds) join() chan struct{} {
	if r == nil || r.left == 0 {
		return nil
	}
	open := r.open
	r.waiting++
	r.left--
	if r.waiting == r.width || r.left == 0 {
		r.release()
	}
	return open
}

// release answers the round under way. Call with c.mu held.
func (r *callRounds) release() {
	if r == nil || r.waiting == 0 {
		return
	}
	close(r.open)
	r.open, r.waiting = make(chan struct{}), 0
}

// startStep begins a step: calls from now on are its calls.
func (c *slowCodat) startStep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mark = len(c.calls)
	c.peak = c.inflight
}

// stepCalls are what the step cost until `until`: the calls it started,
// how many of those that had answered by then ran one after the other,
// and the most under way at once.
type stepCalls struct {
	calls, series, peak int
}

func (c *slowCodat) step(until time.Time) stepCalls {
	c.mu.Lock()
	defer c.mu.Unlock()
	var s stepCalls
	for _, call := range c.calls[c.mark:] {
		if call.start.After(until) {
			continue
		}
		s.calls++
		if call.done && !call.end.After(until) {
			s.series = max(s.series, call.depth)
		}
	}
	s.peak = c.peak
	return s
}

// waitQuiet waits until no call is under way and, when route is set, one
// to it started after since has answered: the person has read the screen
// for as long as what it fetched took.
func (c *slowCodat) waitQuiet(tb testing.TB, since time.Time, route string) {
	tb.Helper()
	deadline := time.After(step)
	for {
		c.mu.Lock()
		quiet := c.inflight == 0
		if quiet && route != "" {
			quiet = false
			for _, call := range c.calls {
				if call.route == route && call.start.After(since) && call.done {
					quiet = true
				}
			}
		}
		changed := c.changed
		c.mu.Unlock()
		if quiet {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			tb.Fatalf("Codat did not go quiet (route %q)", route)
		}
	}
}

// feltStep is one row of the latency table.
type feltStep struct {
	name string
	felt time.Duration
	stepCalls
}

// latencyJourney walks the journey and runs the commands against c,
// measuring each step the table in BENCHMARKS.md lists. With holdLaunch,
// Codat answers nothing until the first screen shows: a program that waits
// for an answer before it draws never shows it.
func latencyJourney(tb testing.TB, c *slowCodat, id string, holdLaunch bool) []feltStep {
	tb.Helper()
	var rows []feltStep
	// measure times one step: from the key press (or the command's start)
	// to the screen it leads to.
	measure := func(name string, act func(), until func()) {
		c.startStep()
		start := time.Now()
		act()
		until()
		end := time.Now()
		rows = append(rows, feltStep{name: name, felt: end.Sub(start), stepCalls: c.step(end)})
	}

	for _, secret := range []bool{true, false} {
		env := c.env(tb)
		name := "launch → company prompt, webhook secret unset"
		if secret {
			env = c.env(tb, "CODAT_WEBHOOK_SECRET="+c.sb.WebhookSecret())
			name = "launch → company prompt, webhook secret set"
		}
		var tt *tty
		held := make(chan struct{})
		if holdLaunch {
			c.held.Store(&held)
		}
		measure(name, func() { tt = startTTY(tb, env, 100, 30) }, func() { tt.WaitFor(step, titleCompany) })
		c.held.Store(nil)
		close(held)
		c.waitQuiet(tb, time.Time{}, "")
		if !secret {
			tt.Send(keyCtrlC)
			tt.Wait(exitWait)
			continue
		}

		company := "Felt " + id
		typed := time.Now()
		tt.Type(company)
		c.waitQuiet(tb, typed, "GET /companies")
		tt.WaitFor(step, `Create a new company "`+company+`"`)
		measure("enter on the company → consent", func() { tt.Send(keyEnter) }, func() { tt.WaitFor(step, titleConsent) })
		tt.Send(keyEnter)
		tt.WaitFor(step, titleCategory)
		c.waitQuiet(tb, time.Time{}, "")
		measure("category → platform list", func() { tt.Send(keyEnter) }, func() { tt.WaitFor(step, titlePlatform, "Codat Sandbox") })
		tt.Type("mqjo")
		tt.WaitFor(step, "Filter: mqjo")
		tt.Send(keyEnter)
		tt.WaitFor(step, titleSignIn)
		c.waitQuiet(tb, time.Time{}, "")
		measure(`"no, someone else" → Hosted Link`, func() { tt.Send("n") }, func() { tt.WaitFor(step, titleDelegate, delegateIntro) })
		tt.Send(keyCtrlC)
		tt.Wait(exitWait)
	}

	// Enter pressed while the search for the name has not answered yet.
	tt := startTTY(tb, c.env(tb), 100, 30)
	tt.WaitFor(step, titleCompany)
	c.waitQuiet(tb, time.Time{}, "")
	tt.Type("Hasty " + id)
	measure("enter on the company while its search is due → consent", func() { tt.Send(keyEnter) }, func() { tt.WaitFor(step, titleConsent) })
	tt.Send(keyCtrlC)
	tt.Wait(exitWait)

	env := c.env(tb)
	command := func(name string, args ...string) {
		measure(name, func() { runOnboard(tb, env, args...) }, func() {})
	}
	command("`link --platform gbol --json`, new company", "link", "--company", "Linked "+id, "--platform", "gbol", "--json")
	command("`link --json`, existing company", "link", "--company", "Linked "+id, "--json")

	// Fifty onboardings handed on earlier, made without the delay, in a
	// state of their own.
	pending := c.env(tb)
	delay := c.delay.Swap(0)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			runOnboard(tb, pending, "link", "--company", fmt.Sprintf("Pending %s %d", id, i), "--platform", "mqjo", "--json")
		})
		if i%5 == 4 {
			wg.Wait()
		}
	}
	wg.Wait()
	c.delay.Store(delay)
	env = pending
	c.answerInRounds(50, 10)
	command("`status` with 50 pending", "status", "--json")
	c.answerInRounds(0, 0)
	return rows
}

// runOnboard runs a command of the binary to its end; exit code 3 (still
// pending) is an answer like 0.
func runOnboard(tb testing.TB, env []string, args ...string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, onboardBin, args...)
	cmd.Env = env
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
		err = nil
	}
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		tb.Fatalf("onboard %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return string(out)
}

// TestCallsInSeriesPerStep: each step costs at most the calls in series
// that BENCHMARKS.md promises. Codat answers after 150 ms here, so calls
// made side by side overlap however the machine schedules them.
func TestCallsInSeriesPerStep(t *testing.T) {
	if testing.Short() {
		t.Skip("walks the journey and runs 52 commands")
	}
	c := startSlowCodat(t, 150*time.Millisecond)
	want := map[string]struct{ series, calls, peak int }{
		"launch → company prompt, webhook secret set":            {0, -1, -1},
		"launch → company prompt, webhook secret unset":          {0, -1, -1},
		"enter on the company → consent":                         {1, -1, -1},
		"enter on the company while its search is due → consent": {2, -1, -1},
		"category → platform list":                               {0, 0, -1},
		`"no, someone else" → Hosted Link`:                       {0, 0, -1},
		"`link --platform gbol --json`, new company":             {3, 4, -1},
		"`link --json`, existing company":                        {1, 1, -1},
		"`status` with 50 pending":                               {5, 50, 10},
	}
	rows := latencyJourney(t, c, "test", true)
	for _, r := range rows {
		w, ok := want[r.name]
		if !ok {
			t.Errorf("no expectation for %q", r.name)
			continue
		}
		if r.series > w.series {
			t.Errorf("%s: %d calls in series, want at most %d", r.name, r.series, w.series)
		}
		if w.calls >= 0 && r.calls != w.calls {
			t.Errorf("%s: %d calls, want %d", r.name, r.calls, w.calls)
		}
		if w.peak >= 0 && r.peak > w.peak {
			t.Errorf("%s: %d calls at once, want at most %d", r.name, r.peak, w.peak)
		}
		t.Logf("%-60s %d calls in series, %d in all, %d at once, %v", r.name, r.series, r.calls, r.peak, r.felt.Round(time.Millisecond))
	}
}

// BenchmarkFeltLatency walks the journey and runs the commands with Codat
// answering after ONBOARD_LATENCY (400ms when unset), and prints the felt
// time and the calls in series of each step as a Markdown table.
//
//	go test -run '^$' -bench FeltLatency -benchtime 1x ./e2e/
func BenchmarkFeltLatency(b *testing.B) {
	delay := 400 * time.Millisecond
	if v := os.Getenv("ONBOARD_LATENCY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		delay = d
	}
	c := startSlowCodat(b, delay)
	for i := 0; b.Loop(); i++ {
		rows := latencyJourney(b, c, fmt.Sprint(i), false)
		var table strings.Builder
		fmt.Fprintf(&table, "\n| step (Codat answering after %v) | calls in series | calls | felt |\n|---|---|---|---|\n", delay)
		for _, r := range rows {
			fmt.Fprintf(&table, "| %s | %d | %d | %.2f s |\n", r.name, r.series, r.calls, r.felt.Seconds())
		}
		b.Log(table.String())
	}
}
