package bulk

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/internal/clock"
)

// Clock is the time the pacer waits by; tests and benchmarks pass a fake
// one so a rate limit's minutes pass at once.
// Waits are until a moment, not for a while: several workers waiting for
// the same reset wake together, however late each started waiting.
type Clock interface {
	Now() time.Time
	SleepUntil(ctx context.Context, t time.Time) error
}

// resetMargin is waited past a quota's reset before the next request: the
// reset is given to the second, and a clock a little ahead of Codat's
// would otherwise send into the old period.
const resetMargin = time.Second

// refusedWait is the pause after a 429 that says nothing of when to retry.
const refusedWait = 5 * time.Second

// Pacer keeps a run just under Codat's rate limit. It stands in the HTTP
// transport, so every request the client sends (retries too) passes it:
// it lets requests through while the quota the last answers reported has
// room, counting those still under way, and when the quota is used up it
// waits for the reset the answers gave, then sends one request to learn
// the new quota before letting the others go. A 429 stops everything
// until its Retry-After. Answers without quota headers leave it open.
type Pacer struct {
	next  http.RoundTripper
	clock Clock

	mu         sync.Mutex
	state      quotaState
	limit      int
	avail      int       // requests that may still be sent in the period
	reset      time.Time // when the period ends
	pauseUntil time.Time // after a 429
	inflight   int
	period     time.Duration // between the last two resets seen; 0 until a second one
	waited     time.Duration // how long requests were held for a reset or a 429, overlaps counted once
	waitedTo   time.Time     // the end of the last wait counted in waited
	wake       chan struct{} // closed when an answer arrives
	stats      PaceStats
	recent     rateWindow
}

type quotaState int

const (
	quotaUnknown   quotaState = iota // no answer yet, or the period reset: one request at a time
	quotaKnown                       // limit, avail and reset hold
	quotaUnlimited                   // the answers carry no quota headers
)

// PaceStats is what the pacer has seen so far.
type PaceStats struct {
	Sent    int // requests sent, each attempt counted
	Refused int // answered 429
	Limit   int // the quota's size, 0 when none was given
	// Waiting is set while requests wait for the quota's reset or a 429's
	// Retry-After; Until is when the wait ends.
	Waiting bool
	Until   time.Time
	// PerMinute is how many requests went out in the last minute.
	PerMinute int
	// Quota is what the last answers said of the quota, when they did:
	// the requests the period has left (less those under way), when it
	// resets, and how long a period lasts (0 until two resets were seen).
	Quota     bool
	Remaining int
	Reset     time.Time
	Period    time.Duration
	// Waited is how long the run was held for a reset or a 429 so far.
	Waited time.Duration
}

// NewPacer paces the requests sent through next by c (the system's clock
// when nil).
func NewPacer(next http.RoundTripper, c Clock) *Pacer {
	if c == nil {
		c = clock.Real{}
	}
	return &Pacer{next: next, clock: c, wake: make(chan struct{})}
}

// RoundTrip waits for room in the quota, sends req, and reads the quota
// from the answer.
func (p *Pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := p.acquire(req.Context()); err != nil {
		return nil, err
	}
	resp, err := p.next.RoundTrip(req)
	p.observe(resp)
	return resp, err
}

// Stats returns what the pacer has seen so far.
func (p *Pacer) Stats() PaceStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats
	s.PerMinute = p.recent.count(p.clock.Now())
	if p.state == quotaKnown {
		s.Quota, s.Remaining, s.Reset, s.Period = true, max(p.avail, 0), p.reset, p.period
	}
	s.Waited = p.waited
	return s
}

// acquire returns once a request may be sent, counting it as under way.
// A stopped run (clock.StopWaits) waits no longer: a request not yet sent
// is dropped rather than held for a reset that may be a minute away.
func (p *Pacer) acquire(ctx context.Context) error {
	ctx, cancel := clock.Waiting(ctx)
	defer cancel()
	for {
		until, wake, ok := p.tryTake()
		if ok {
			return nil
		}
		if wake != nil {
			select {
			case <-wake:
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		}
		if err := p.clock.SleepUntil(ctx, until); err != nil {
			return err
		}
	}
}

// tryTake takes room for one request, or says until when to wait, or gives
// a channel closed when an answer may have made room.
func (p *Pacer) tryTake() (time.Time, <-chan struct{}, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	p.stats.Waiting = false
	if now.Before(p.pauseUntil) {
		p.holdUntil(now, p.pauseUntil)
		return p.pauseUntil, nil, false
	}
	if p.state == quotaKnown && p.avail <= 0 {
		if !p.reset.IsZero() && now.Before(p.reset.Add(resetMargin)) {
			p.holdUntil(now, p.reset.Add(resetMargin))
			return p.reset.Add(resetMargin), nil, false
		}
		p.state = quotaUnknown // a new period: learn its quota first
	}
	switch {
	case p.state == quotaUnknown && p.inflight > 0:
		return time.Time{}, p.wake, false
	case p.state == quotaKnown:
		p.avail--
	}
	p.inflight++
	p.stats.Sent++
	p.recent.add(now)
	return time.Time{}, nil, true
}

// holdUntil notes that requests wait from now until until, counting in
// waited only the part no earlier wait covered.
func (p *Pacer) holdUntil(now, until time.Time) {
	p.stats.Waiting, p.stats.Until = true, until
	if from := maxTime(now, p.waitedTo); until.After(from) {
		p.waited += until.Sub(from)
		p.waitedTo = until
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// observe reads one answer's quota (resp is nil when none came).
func (p *Pacer) observe(resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight--
	close(p.wake)
	p.wake = make(chan struct{})
	if resp == nil {
		return
	}
	now := p.clock.Now()
	rl := api.ReadRateLimit(resp.Header, resp.StatusCode, now)
	if rl.Refused {
		p.stats.Refused++
		until := rl.RetryAt
		if until.IsZero() {
			until = now.Add(refusedWait)
		}
		p.pauseUntil = until
		if rl.Known {
			// The quota may have room still (a gateway refused, not the
			// quota): Retry-After says when to go on, Remaining how far.
			p.state, p.limit, p.avail, p.reset = quotaKnown, rl.Limit, rl.Remaining-p.inflight, rl.Reset
		}
		return
	}
	if !rl.Known {
		if p.state == quotaUnknown {
			p.state = quotaUnlimited
		}
		return
	}
	if !p.reset.IsZero() && rl.Reset.After(p.reset) {
		p.period = rl.Reset.Sub(p.reset)
	}
	switch {
	case p.state != quotaKnown, rl.Reset.After(p.reset):
		// A new period, or the first news of one: what it has left, less
		// what is already on its way.
		p.avail = rl.Remaining - p.inflight
	default:
		// avail already counts every request sent; a lower Remaining
		// means another program shares the key.
		p.avail = min(p.avail, rl.Remaining)
	}
	p.state, p.limit, p.reset = quotaKnown, rl.Limit, rl.Reset
	p.stats.Limit = rl.Limit
}

// rateWindow counts requests over the last minute in one-second buckets.
type rateWindow struct {
	buckets [60]int
	stamps  [60]int64 // the second each bucket counts
}

func (w *rateWindow) add(now time.Time) {
	s := now.Unix()
	i := s % 60
	if w.stamps[i] != s {
		w.stamps[i], w.buckets[i] = s, 0
	}
	w.buckets[i]++
}

func (w *rateWindow) count(now time.Time) int {
	s, n := now.Unix(), 0
	for i := range w.buckets {
		if s-w.stamps[i] < 60 {
			n += w.buckets[i]
		}
	}
	return n
}
