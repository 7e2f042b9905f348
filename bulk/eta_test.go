package bulk

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/internal/clock"
)

// send passes n requests through the pacer, one after another.
func send(t *testing.T, p *Pacer, n int) {
	t.Helper()
	for range n {
		req, _ := http.NewRequest("GET", "http://codat.invalid/", nil)
		resp, err := p.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
}

// viewAt is the live view of a run of total rows, done of them done, on
// clk since start.
func viewAt(clk *clock.Virtual, p *Pacer, start time.Time, total, done int) *View {
	e := NewEngine(Config{Rows: make([]Checked, total), Clock: clk})
	e.started.Store(start.UnixNano())
	e.done.Store(int64(done))
	return NewView(e, p, func() {})
}

// TestETACountsTheQuotasResets runs requests through the pacer against a
// quota of 10 a minute on a virtual clock: once the quota is used up, the
// ETA the view shows counts the wait for the reset, and once a reset has
// shown how long a period lasts, one wait for each period the rows left
// need; with room in the quota it is the pace so far.
func TestETACountsTheQuotasResets(t *testing.T) {
	t.Parallel()
	clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	start := clk.Now()
	q := &quotaServer{clock: clk, limit: 10, perStart: map[time.Time]int{}}
	p := NewPacer(q, clk)

	// Room in the quota: 4 requests for 2 rows in 2 s, 2 rows left.
	send(t, p, 4)
	_ = clk.SleepUntil(context.Background(), start.Add(2*time.Second))
	if eta, _ := ETA(viewAt(clk, p, start, 4, 2).engine.Progress(), p.Stats(), clk.Now()); eta != 2*time.Second {
		t.Errorf("with room in the quota, ETA %v, want the pace so far: 2s", eta)
	}

	// The quota used up after 5 rows in 5 s (2 requests a row): the 20
	// rows left need 40 requests, none of which can go before the reset
	// (a minute after the first request, and a second's margin).
	send(t, p, 6)
	_ = clk.SleepUntil(context.Background(), start.Add(5*time.Second))
	v := viewAt(clk, p, start, 25, 5)
	eta, _ := ETA(v.engine.Progress(), p.Stats(), clk.Now())
	untilReset := start.Add(time.Minute + resetMargin).Sub(clk.Now())
	if eta < untilReset || eta > untilReset+40*time.Second {
		t.Errorf("quota used up: ETA %v, want the %v until the reset and the 40 requests' time (at most 20s)", eta, untilReset)
	}
	if got := v.View().Content; !strings.Contains(got, "about 1m16s left") {
		t.Errorf("the view does not count the wait for the reset:\n%s", got)
	}

	// One more request waits for the reset; the next window's reset says
	// how long a period lasts. The 44 requests the 20 rows left need are
	// 9 in this period and 35 over four more: the ETA is past the start of
	// the last of them.
	send(t, p, 1)
	s := p.Stats()
	if s.Period <= 0 || s.Waited <= 0 {
		t.Fatalf("after a reset: period %v, waited %v; want both known", s.Period, s.Waited)
	}
	eta, _ = ETA(viewAt(clk, p, start, 25, 5).engine.Progress(), s, clk.Now())
	lastPeriod := s.Reset.Add(3 * s.Period).Sub(clk.Now())
	if eta < lastPeriod || eta > lastPeriod+s.Period {
		t.Errorf("ETA %v; want it after the fourth reset from now (%v) and before the fifth", eta, lastPeriod)
	}
}

func TestTheRateLineCountsRequestsInWords(t *testing.T) {
	for rate, want := range map[int]string{1: "1 request in the last minute", 2: "2 requests in the last minute", 0: "0 requests in the last minute"} {
		got := assets.Text("bulk.viewrate", assets.Vars{"Rate": rate, "Limit": 90, "Left": "about 1m0s left"})
		if !strings.HasPrefix(got, want+" (Codat allows 90 a period)") {
			t.Errorf("rate %d: %q, want it to start %q", rate, got, want)
		}
	}
}

// TestTheRateLineSaysWhenTheTimeLeftWillShow: before any row is done there
// is no pace to estimate from, and the view says the estimate comes with
// the first rows rather than showing a dash; once every row is done it
// says nothing of time left.
func TestTheRateLineSaysWhenTheTimeLeftWillShow(t *testing.T) {
	t.Parallel()
	clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	start := clk.Now()
	_ = clk.SleepUntil(context.Background(), start.Add(3*time.Second))
	for done, want := range map[int]string{
		0: "0 requests in the last minute · the time left shows once the first rows are done",
		2: "0 requests in the last minute · about 3s left",
		4: "0 requests in the last minute",
	} {
		var rate string
		for line := range strings.Lines(viewAt(clk, nil, start, 4, done).View().Content) {
			if strings.Contains(line, "in the last minute") {
				rate = strings.TrimSpace(line)
			}
		}
		if rate != want {
			t.Errorf("%d of 4 rows done: the rate line says %q, want %q", done, rate, want)
		}
	}
}

// TestTheTimeLeftFitsTheWindow: at 80 columns, Codat's limit and the
// words for an estimate still to come make too long a line, and the time
// left goes on a line of its own rather than past the window's edge.
func TestTheTimeLeftFitsTheWindow(t *testing.T) {
	t.Parallel()
	clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	p := NewPacer(&quotaServer{clock: clk, limit: 90, perStart: map[time.Time]int{}}, clk)
	send(t, p, 1)
	for width, want := range map[int][]string{
		80:  {"1 request in the last minute (Codat allows 90 a period)", "the time left shows once the first rows are done"},
		120: {"1 request in the last minute (Codat allows 90 a period) · the time left shows once the first rows are done"},
	} {
		v := viewAt(clk, p, clk.Now(), 4, 0)
		v.Update(tea.WindowSizeMsg{Width: width, Height: 24})
		var lines []string
		for line := range strings.Lines(v.View().Content) {
			line = strings.TrimSpace(line)
			if lipgloss.Width(line) > width {
				t.Errorf("at %d columns a line is wider: %q", width, line)
			}
			if strings.Contains(line, "in the last minute") || strings.Contains(line, "time left") {
				lines = append(lines, line)
			}
		}
		if !slices.Equal(lines, want) {
			t.Errorf("at %d columns the rate and time left read %q, want %q", width, lines, want)
		}
	}
}

// TestTheViewCountsRefusedRowsApart: a row the file's checks refused is
// neither done well nor failed in the view, as in the summary after it.
func TestTheViewCountsRefusedRowsApart(t *testing.T) {
	t.Parallel()
	clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	e := NewEngine(Config{Rows: make([]Checked, 5), Clock: clk})
	msg := "bad"
	e.finish(0, Result{Status: StatusLinked})
	e.finish(1, Result{Status: StatusInvalid, Error: &msg})
	e.finish(2, Result{Status: StatusInvalid, Error: &msg})
	e.finish(3, Result{Status: StatusFailed, Error: &msg})
	content := NewView(e, nil, func() {}).View().Content
	if want := "1 done · 1 failed · 2 refused · 1 to go"; !strings.Contains(content, want) {
		t.Fatalf("the view says\n%s\nwant %q", content, want)
	}
}

// TestTheTimeLeftLeavesRefusedRowsOut: refused rows finish as the run
// starts, before any row has gone through Codat; they neither end the wait
// for a first estimate nor speed up the pace it is worked out from.
func TestTheTimeLeftLeavesRefusedRowsOut(t *testing.T) {
	t.Parallel()
	clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	e := NewEngine(Config{Rows: make([]Checked, 4), Clock: clk})
	e.started.Store(clk.Now().UnixNano())
	msg := "bad"
	e.finish(0, Result{Status: StatusInvalid, Error: &msg})
	v := NewView(e, nil, func() {})
	if want := "the time left shows once the first rows are done"; !strings.Contains(v.View().Content, want) {
		t.Fatalf("with only a refused row done the view says\n%s\nwant %q", v.View().Content, want)
	}
	_ = clk.SleepUntil(context.Background(), clk.Now().Add(3*time.Second))
	e.finish(1, Result{Status: StatusLinked})
	// One row through Codat in 3s, two to go: 6s.
	if want := "about 6s left"; !strings.Contains(v.View().Content, want) {
		t.Fatalf("the view says\n%s\nwant %q", v.View().Content, want)
	}
}

// TestTheViewSaysWhatAStopLeftUndone: rows a stopped run did not reach
// are neither done nor on the bar.
func TestTheViewSaysWhatAStopLeftUndone(t *testing.T) {
	t.Parallel()
	clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	e := NewEngine(Config{Rows: make([]Checked, 4), Clock: clk})
	e.finish(0, Result{Status: StatusLinked})
	e.notDone([]int{1, 2, 3})
	content := NewView(e, nil, func() {}).View().Content
	for _, want := range []string{"1 done · 0 failed · 3 not done · 0 to go", "25%"} {
		if !strings.Contains(content, want) {
			t.Errorf("after a stop the view says\n%s\nwant %q", content, want)
		}
	}
}
