package steps

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/webhook"
)

// Wait defaults.
const (
	DefaultPollStart      = 3 * time.Second
	DefaultPollMax        = 30 * time.Second
	DefaultSafetyInterval = 60 * time.Second
)

// pollGrowth and pollJitter shape the polling backoff: each wait is 3 times
// the one before, up to PollMax, then moved by up to ±20 % so that many
// waiting terminals do not call Codat in step. From 3 s that checks at about
// 3, 12, 39 s and then every 30 s; a wait for a link just shown starts at
// the 9 s step: 9, 36, 66 s …, 6 checks within 3 minutes against the 36 of a
// fixed 5-second poll.
const (
	pollGrowth = 3
	pollJitter = 0.2
)

// ErrNoWaitTarget: a wait was asked for with no connection, platform or
// category to wait on.
var ErrNoWaitTarget = errors.New("wait: no connectionId/platformKey/category")

// WaitOptions say what to wait for and how.
type WaitOptions struct {
	CompanyID string
	// ConnectionID is the connection to wait for. Leave it empty when
	// someone else will sign in through Hosted Link and the connection does
	// not exist yet: the wait is then for the first connection of
	// PlatformKey, or, when the recipient picks the platform too, of
	// Category (a linked one first).
	ConnectionID string
	PlatformKey  string
	Category     flow.Category
	// Catalogue completes PlatformKey (flow.TargetFor), so a connection
	// without an integrationKey is recognised by its integrationId or
	// sourceId. It may be nil.
	Catalogue []flow.Platform
	// Webhooks says events are arriving on the channel given to Wait, so
	// polling is only a slow safety check: the first one after
	// SafetyInterval, so a quick link costs no status calls at all. Without
	// webhooks (or when the channel closes) the connection is polled with
	// backoff from PollStart up to PollMax. Events, when given, are used
	// either way.
	Webhooks       bool
	PollStart      time.Duration // DefaultPollStart when 0
	PollMax        time.Duration // DefaultPollMax when 0
	SafetyInterval time.Duration // DefaultSafetyInterval when 0
	// Refusals, when given, is raised once a delivery fails its signature
	// check: the wait then stops listening for events, polls with backoff
	// from PollStart at once, and says so in an update straight away.
	Refusals *webhook.Refusals
	// FollowData keeps waiting after the link until Codat's first read of
	// every data type has finished.
	FollowData bool
	// JustShown says the link was only just shown or handed on, so nobody
	// can have signed in yet: when polling, the first check waits two
	// backoff steps (about 9 s) instead of asking Codat at once. The first
	// WaitUpdate then says only when the first check will be (its CheckedAt
	// is zero).
	JustShown bool
	// Now and After replace the clock and timers, for tests.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// WaitUpdate is what a wait learned at one moment.
type WaitUpdate struct {
	// Connection is the latest known state of the connection waited for,
	// as the journey sees it; empty until one is known. Its link is left
	// out: only a link checked when the connection was prepared is shown.
	Connection flow.Connection
	Status     string       // flow.StatusLinked, flow.StatusPendingAuth, …
	Via        flow.WaitVia // how this was learned
	CheckedAt  time.Time    // when this was learned
	NextCheck  time.Time    // when Codat will next be asked; zero after the last update
	// Failed reports that linking failed or was cancelled; Reason is Codat's
	// own message for it, when it gave one.
	Failed bool
	Reason string
	// Data maps data type to its read status (Queued, Fetching, Complete…)
	// once the connection is linked and FollowData is set: of the read since
	// the link, when the link happened during the wait. DataReady reports
	// that every data type has reached a final state (DataStatusFinal) and
	// none waits on a prerequisite; Complete ones can be queried.
	// DataBlocked lists those that wait on a prerequisite
	// (DataPrerequisiteNotMet): the wait ends, but that data is not there.
	Data        map[string]string
	DataReady   bool
	DataBlocked []string
	// RateLimitedUntil is set while Codat's rate limit holds the next check
	// back.
	RateLimitedUntil time.Time
	// Refusal, once its Count is above zero, says webhook deliveries failed
	// their signature check, so the wait went back to polling; every update
	// from then on carries the latest.
	Refusal webhook.Refusal
	// Err is the error from this check, if any. Polling goes on after an
	// error unless it is final (the connection or company is gone, or the
	// credentials were refused), in which case Final is set too.
	Err error
	// Final marks the last update: the channel closes after it.
	Final bool
}

// Wait follows one connection until it is linked (and, with FollowData,
// its first data has been read), linking fails, or ctx is cancelled. It
// merges webhook events with polling into one stream of updates; the channel
// is closed after the final update or when ctx is done. Which connection is
// the one waited for is flow's answer (flow.Target).
//
// Wait consumes events: events for other companies or connections are read
// and discarded, so give each wait its own channel.
func Wait(ctx context.Context, c Codat, events <-chan webhook.Event, opts WaitOptions) <-chan WaitUpdate {
	if opts.PollStart <= 0 {
		opts.PollStart = DefaultPollStart
	}
	if opts.PollMax < opts.PollStart {
		opts.PollMax = max(DefaultPollMax, opts.PollStart)
	}
	if opts.SafetyInterval <= 0 {
		opts.SafetyInterval = DefaultSafetyInterval
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.After == nil {
		opts.After = time.After
	}
	w := &waiter{
		c:        c,
		opts:     opts,
		target:   flow.TargetFor(opts.PlatformKey, opts.Category, opts.Catalogue),
		events:   events,
		out:      make(chan WaitUpdate),
		start:    opts.Now(),
		connID:   opts.ConnectionID,
		interval: opts.PollStart,
		webhooks: opts.Webhooks && events != nil,
		refused:  opts.Refusals.Raised(),
	}
	go w.run(ctx)
	return w.out
}

// waiter is one wait's state, owned by its goroutine.
type waiter struct {
	c      Codat
	opts   WaitOptions
	target flow.Target
	events <-chan webhook.Event
	out    chan WaitUpdate
	start  time.Time

	connID string // "" until a connection of the target is found
	conn   api.Connection
	linked bool
	data   map[string]string
	// since is when data reads start to count (zero: all of them); set
	// when the link happens during the wait (markLinked). atLink is the
	// data status at the first look after the link, active the data types
	// seen in progress since.
	since       time.Time
	atLink      map[string]api.DataStatus
	active      map[string]bool
	sawUnlinked bool            // the connection was seen not linked, or not there yet
	interval    time.Duration   // the next polling wait before jitter
	webhooks    bool            // false once the event channel closes
	refused     <-chan struct{} // Refusals.Raised, nil once heard

	timer <-chan time.Time // the next check
	next  time.Time        // when it fires
}

func (w *waiter) run(ctx context.Context) {
	defer close(w.out)
	if !w.begin(ctx) {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.events:
			if !w.onEvent(ctx, ev, ok) {
				return
			}
		case <-w.timer:
			if !w.pollAndSend(ctx) {
				return
			}
		case <-w.refused:
			if !w.onRefused(ctx) {
				return
			}
		}
	}
}

// begin sets up the first check and reports whether the wait goes on.
func (w *waiter) begin(ctx context.Context) bool {
	switch {
	case w.connID == "" && w.opts.PlatformKey == "" && w.opts.Category == "":
		err := &api.OpError{Op: api.OpWatchConnection, Err: ErrNoWaitTarget}
		w.send(ctx, WaitUpdate{Err: err, CheckedAt: w.opts.Now(), Final: true})
		return false
	case w.webhooks && w.alreadyRefused():
		// Deliveries failed their check before this wait began: poll, and
		// say why at once.
		return w.onRefused(ctx)
	case w.webhooks:
		w.schedule(w.opts.SafetyInterval)
		return true
	case w.opts.JustShown:
		// The link was only just shown or handed on: nobody signs in within
		// seconds, so the shortest step is skipped and the first check comes
		// after the second (about 9 s).
		w.nextWait()
		w.schedule(w.nextWait())
		u := w.update(flow.ViaPoll)
		u.CheckedAt = time.Time{} // nothing was checked yet
		u.NextCheck = w.next
		return w.send(ctx, u)
	}
	return w.pollAndSend(ctx)
}

// onEvent folds in a webhook event (ok is false when the channel closed) and
// reports whether the wait goes on.
func (w *waiter) onEvent(ctx context.Context, ev webhook.Event, ok bool) bool {
	if !ok && w.alreadyRefused() {
		return w.onRefused(ctx)
	}
	if !ok {
		// No more webhooks: fall back to polling.
		w.events = nil
		if w.webhooks {
			w.webhooks = false
			w.interval = w.opts.PollStart
			w.schedule(w.nextWait())
		}
		return true
	}
	wasLinked := w.linked
	u, relevant := w.apply(ev)
	if !relevant {
		return true
	}
	if w.linked && !wasLinked && !u.Final {
		// Following data now: start its polling afresh.
		w.interval = w.opts.PollStart
		w.schedule(w.nextWait())
	}
	if !u.Final {
		u.NextCheck = w.next
	}
	return w.send(ctx, u) && !u.Final
}

// alreadyRefused reports whether Refusals was raised, without waiting.
func (w *waiter) alreadyRefused() bool {
	select {
	case <-w.refused:
		return true
	default:
		return false
	}
}

// onRefused stops listening for events that cannot be trusted, polls from
// the shortest step, and says so now rather than at the next check.
func (w *waiter) onRefused(ctx context.Context) bool {
	w.refused, w.events = nil, nil
	if w.webhooks {
		w.webhooks = false
		w.interval = w.opts.PollStart
		w.schedule(w.nextWait())
	}
	u := w.update(flow.ViaPoll)
	if !u.Final {
		u.NextCheck = w.next
	}
	return w.send(ctx, u) && !u.Final
}

// pollAndSend checks once, schedules the next check and reports whether the
// wait goes on.
func (w *waiter) pollAndSend(ctx context.Context) bool {
	u, wait := w.check(ctx)
	if !u.Final {
		w.schedule(wait)
		u.NextCheck = w.next
	}
	return w.send(ctx, u) && !u.Final
}

func (w *waiter) schedule(d time.Duration) {
	w.timer, w.next = w.opts.After(d), w.opts.Now().Add(d)
}

func (w *waiter) send(ctx context.Context, u WaitUpdate) bool {
	select {
	case w.out <- u:
		return true
	case <-ctx.Done():
		return false
	}
}

// nextWait is the wait before the next poll: the safety interval while
// webhooks arrive, otherwise the jittered backoff, which then grows.
func (w *waiter) nextWait() time.Duration {
	if w.webhooks {
		return w.opts.SafetyInterval
	}
	d := time.Duration(float64(w.interval) * (1 - pollJitter + 2*pollJitter*rand.Float64()))
	w.interval = min(time.Duration(float64(w.interval)*pollGrowth), w.opts.PollMax)
	return d
}

// update starts an update from the current state.
func (w *waiter) update(via flow.WaitVia) WaitUpdate {
	u := WaitUpdate{Status: string(w.conn.Status), Via: via, CheckedAt: w.opts.Now()}
	u.Refusal, _ = w.opts.Refusals.Last()
	if w.conn.ID != "" {
		u.Connection = ConnectionOf(w.conn)
		u.Connection.LinkURL = ""
	}
	if w.linked {
		u.Status = flow.StatusLinked
		if w.opts.FollowData {
			u.Data = make(map[string]string, len(w.data))
			for k, v := range w.data {
				u.Data[k] = v
			}
			u.Final = dataReady(w.data)
			u.DataBlocked = dataBlocked(w.data)
			u.DataReady = u.Final && len(u.DataBlocked) == 0
		} else {
			u.Final = true
		}
	}
	return u
}
