package api

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"
)

// ConnectionSource is what Watch needs from Codat; *Client provides it.
type ConnectionSource interface {
	GetConnection(ctx context.Context, companyID, connectionID string) (Connection, error)
	ListConnections(ctx context.Context, companyID string) ([]Connection, error)
	DataStatus(ctx context.Context, companyID string) (map[string]DataStatus, error)
}

// Watch defaults.
const (
	DefaultPollStart      = 3 * time.Second
	DefaultPollMax        = 30 * time.Second
	DefaultSafetyInterval = 60 * time.Second
)

// How an Update learned what it reports.
const (
	ViaWebhook = "webhook"
	ViaPoll    = "poll"
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

// WatchOptions say which connection to watch and how.
type WatchOptions struct {
	CompanyID string
	// ConnectionID is the connection to watch. Leave it empty with
	// PlatformKey set when someone else will pick the platform in Hosted Link
	// and the connection does not exist yet: the first connection of that
	// platform on the company is watched (a linked one first).
	ConnectionID string
	PlatformKey  string
	// Webhooks says events are arriving on the channel given to Watch, so
	// polling is only a slow safety check: the first one after
	// SafetyInterval, so a quick link costs no status calls at all. Without
	// webhooks (or when the channel closes) the connection is polled with
	// backoff from PollStart up to PollMax. Events, when given, are used
	// either way.
	Webhooks       bool
	PollStart      time.Duration // DefaultPollStart when 0
	PollMax        time.Duration // DefaultPollMax when 0
	SafetyInterval time.Duration // DefaultSafetyInterval when 0
	// FollowData keeps watching after the link until Codat's first read of
	// every data type has finished.
	FollowData bool
	// JustShown says the link was only just shown or handed on, so nobody
	// can have signed in yet: when polling, the first check waits two
	// backoff steps (about 9 s) instead of asking Codat at once. The first
	// Update then says only when the first check will be (its CheckedAt is
	// zero).
	JustShown bool
	// Now and After replace the clock and timers, for tests.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// Update is what Watch learned at one moment.
type Update struct {
	Connection Connection // the latest known state of the connection
	Status     ConnectionStatus
	Via        string    // ViaWebhook or ViaPoll
	CheckedAt  time.Time // when this was learned
	NextCheck  time.Time // when Codat will next be asked; zero after the last Update
	// Failed reports that linking failed or was cancelled; Reason is Codat's
	// own message for it, when it gave one.
	Failed bool
	Reason string
	// Data maps data type to its read status (Queued, Fetching, Complete…)
	// once the connection is linked and FollowData is set. DataReady reports
	// that every data type has reached a final state; Complete ones can be
	// queried.
	Data      map[string]string
	DataReady bool
	// RateLimitedUntil is set while Codat's rate limit holds the next check
	// back.
	RateLimitedUntil time.Time
	// Err is the error from this check, if any. Polling goes on after an
	// error unless it is final (the connection or company is gone, or the
	// credentials were refused), in which case Final is set too.
	Err error
	// Final marks the last Update: the channel closes after it.
	Final bool
}

// Watch follows one connection until it is linked (and, with FollowData,
// its first data has been read), linking fails, or ctx is cancelled. It
// merges webhook events with polling into one stream of Updates; the channel
// is closed after the final Update or when ctx is done.
//
// Watch consumes events: events for other companies or connections are
// read and discarded, so give each watcher its own channel.
func Watch(ctx context.Context, src ConnectionSource, events <-chan Event, opts WatchOptions) <-chan Update {
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
	w := &watcher{
		src:      src,
		opts:     opts,
		events:   events,
		out:      make(chan Update),
		start:    opts.Now(),
		connID:   opts.ConnectionID,
		interval: opts.PollStart,
		webhooks: opts.Webhooks && events != nil,
	}
	go w.run(ctx)
	return w.out
}

type watcher struct {
	src    ConnectionSource
	opts   WatchOptions
	events <-chan Event
	out    chan Update
	start  time.Time

	connID   string // "" until a connection of PlatformKey is found
	conn     Connection
	linked   bool
	data     map[string]string
	interval time.Duration // the next polling wait before jitter
	webhooks bool          // false once the event channel closes
}

func (w *watcher) run(ctx context.Context) {
	defer close(w.out)

	var timer <-chan time.Time
	var next time.Time
	schedule := func(d time.Duration) {
		timer, next = w.opts.After(d), w.opts.Now().Add(d)
	}
	// pollAndSend checks once, schedules the next check and reports whether
	// the watch goes on.
	pollAndSend := func() bool {
		u, wait := w.check(ctx)
		if !u.Final {
			schedule(wait)
			u.NextCheck = next
		}
		return w.send(ctx, u) && !u.Final
	}
	switch {
	case w.connID == "" && w.opts.PlatformKey == "":
		w.send(ctx, Update{Err: &OpError{OpWatchConnection, ErrMissing{FieldConnectionOrPlatform}}, CheckedAt: w.opts.Now(), Final: true})
		return
	case w.webhooks:
		schedule(w.opts.SafetyInterval)
	case w.opts.JustShown:
		// The link was only just shown or handed on: nobody signs in within
		// seconds, so the shortest step is skipped and the first check comes
		// after the second (about 9 s).
		w.nextWait()
		schedule(w.nextWait())
		u := w.update(ViaPoll)
		u.CheckedAt = time.Time{} // nothing was checked yet
		u.NextCheck = next
		if !w.send(ctx, u) {
			return
		}
	default:
		if !pollAndSend() {
			return
		}
	}

	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.events:
			if !ok {
				// No more webhooks: fall back to polling.
				w.events = nil
				if w.webhooks {
					w.webhooks = false
					w.interval = w.opts.PollStart
					schedule(w.nextWait())
				}
				continue
			}
			wasLinked := w.linked
			u, relevant := w.apply(ev)
			if !relevant {
				continue
			}
			if w.linked && !wasLinked && !u.Final {
				// Following data now: start its polling afresh.
				w.interval = w.opts.PollStart
				schedule(w.nextWait())
			}
			if !u.Final {
				u.NextCheck = next
			}
			if !w.send(ctx, u) || u.Final {
				return
			}
		case <-timer:
			if !pollAndSend() {
				return
			}
		}
	}
}

func (w *watcher) send(ctx context.Context, u Update) bool {
	select {
	case w.out <- u:
		return true
	case <-ctx.Done():
		return false
	}
}

// nextWait is the wait before the next poll: the safety interval while
// webhooks arrive, otherwise the jittered backoff, which then grows.
func (w *watcher) nextWait() time.Duration {
	if w.webhooks {
		return w.opts.SafetyInterval
	}
	d := time.Duration(float64(w.interval) * (1 - pollJitter + 2*pollJitter*rand.Float64()))
	w.interval = min(time.Duration(float64(w.interval)*pollGrowth), w.opts.PollMax)
	return d
}

// update starts an Update from the current state.
func (w *watcher) update(via string) Update {
	u := Update{Connection: w.conn, Status: w.conn.Status, Via: via, CheckedAt: w.opts.Now()}
	if w.linked {
		u.Status = Linked
		if w.opts.FollowData {
			u.Data = make(map[string]string, len(w.data))
			for k, v := range w.data {
				u.Data[k] = v
			}
			u.DataReady = dataReady(w.data)
			u.Final = u.DataReady
		} else {
			u.Final = true
		}
	}
	return u
}

// check polls Codat once and returns what it found and how long to wait
// before the next poll.
func (w *watcher) check(ctx context.Context) (Update, time.Duration) {
	var err error
	wasLinked := w.linked
	if w.linked {
		err = w.pollData(ctx)
	} else {
		err = w.pollConnection(ctx)
	}
	if w.linked && !wasLinked {
		w.interval = w.opts.PollStart // following data now: start afresh
	}
	u := w.update(ViaPoll)
	if err == nil {
		if !w.linked {
			u.Failed, u.Reason = w.failedSinceStart()
			u.Final = u.Failed
		}
		return u, w.nextWait()
	}
	u.Err = err
	if IsNotFound(err) || IsUnauthorized(err) {
		u.Final = true
		return u, 0
	}
	u.Final = false // an unread DataStatus cannot make the data ready
	if until, limited := RateLimited(err); limited {
		wait := until.Sub(u.CheckedAt)
		if wait <= 0 {
			wait = w.nextWait()
		}
		u.RateLimitedUntil = u.CheckedAt.Add(wait)
		return u, wait
	}
	return u, w.nextWait()
}

func (w *watcher) pollConnection(ctx context.Context) error {
	if w.connID != "" {
		conn, err := w.src.GetConnection(ctx, w.opts.CompanyID, w.connID)
		if err != nil {
			return err
		}
		w.conn = conn
	} else {
		conns, err := w.src.ListConnections(ctx, w.opts.CompanyID)
		if err != nil {
			return err
		}
		if conn, ok := w.pickByPlatform(conns); ok {
			w.conn = conn
		}
	}
	if w.conn.Status == Linked {
		w.markLinked(w.conn.ID)
	}
	return nil
}

// pickByPlatform chooses among the company's connections of PlatformKey: a
// linked one, else one that failed during this watch, else the first.
func (w *watcher) pickByPlatform(conns []Connection) (Connection, bool) {
	var first, failed *Connection
	for i := range conns {
		c := &conns[i]
		if !strings.EqualFold(c.IntegrationKey, w.opts.PlatformKey) {
			continue
		}
		if c.Status == Linked {
			return *c, true
		}
		if first == nil {
			first = c
		}
		if failed == nil && w.activeErrorSinceStart(*c) != nil {
			failed = c
		}
	}
	switch {
	case failed != nil:
		return *failed, true
	case first != nil:
		return *first, true
	}
	return Connection{}, false
}

func (w *watcher) pollData(ctx context.Context) error {
	status, err := w.src.DataStatus(ctx, w.opts.CompanyID)
	if err != nil {
		return err
	}
	data := make(map[string]string, len(status))
	for key, ds := range status {
		if ds.CurrentStatus == "" {
			continue // never queued: not part of the first read
		}
		name := ds.DataType
		if name == "" {
			name = key
		}
		data[name] = ds.CurrentStatus
	}
	w.data = data
	return nil
}

func (w *watcher) markLinked(connID string) {
	w.linked = true
	w.conn.Status = Linked
	if w.connID == "" {
		w.connID = connID
	}
}

// failedSinceStart reports an active connection error recorded after the
// watch began. Errors from earlier attempts do not count: the person may be
// trying again.
func (w *watcher) failedSinceStart() (bool, string) {
	if w.conn.Status == Linked {
		return false, ""
	}
	if e := w.activeErrorSinceStart(w.conn); e != nil {
		return true, connectionErrorReason(*e)
	}
	return false, ""
}

func (w *watcher) activeErrorSinceStart(c Connection) *ConnectionError {
	// Codat's times may have whole seconds only.
	since := w.start.Truncate(time.Second)
	var newest *ConnectionError
	for i := range c.DataConnectionErrors {
		e := &c.DataConnectionErrors[i]
		if !strings.EqualFold(e.Status, "Active") || e.ErroredOnUtc == nil || e.ErroredOnUtc.Before(since) {
			continue
		}
		if newest == nil || e.ErroredOnUtc.After(newest.ErroredOnUtc.Time) {
			newest = e
		}
	}
	return newest
}

// latestConnectionError picks the error a failure event is about: the newest
// active one, else the newest of any kind.
func latestConnectionError(errs []ConnectionError) *ConnectionError {
	var best *ConnectionError
	for i := range errs {
		e := &errs[i]
		switch {
		case best == nil:
			best = e
		case strings.EqualFold(e.Status, "Active") != strings.EqualFold(best.Status, "Active"):
			if strings.EqualFold(e.Status, "Active") {
				best = e
			}
		case e.ErroredOnUtc != nil && (best.ErroredOnUtc == nil || e.ErroredOnUtc.After(best.ErroredOnUtc.Time)):
			best = e
		}
	}
	return best
}

func connectionErrorReason(e ConnectionError) string {
	if e.ErrorMessage != "" {
		return e.ErrorMessage
	}
	return e.StatusText
}

// apply folds a webhook event into the state. relevant is false for events
// about other companies or connections, and for ones that change nothing.
func (w *watcher) apply(ev Event) (u Update, relevant bool) {
	if !strings.EqualFold(ev.CompanyID, w.opts.CompanyID) {
		return Update{}, false
	}
	switch ev.EventType {
	case EventConnectionCreated, EventConnectionConnected, EventConnectionReconnected, EventConnectionFailed:
		if w.linked || ev.Connection == nil || !w.matches(*ev.Connection) {
			return Update{}, false
		}
		w.conn = *ev.Connection
		if w.connID == "" {
			w.connID = ev.Connection.ID
		}
		switch ev.EventType {
		case EventConnectionConnected, EventConnectionReconnected:
			w.markLinked(ev.Connection.ID)
		case EventConnectionFailed:
			u = w.update(ViaWebhook)
			u.Failed, u.Final = true, true
			if e := latestConnectionError(w.conn.DataConnectionErrors); e != nil {
				u.Reason = connectionErrorReason(*e)
			}
			return u, true
		}
		return w.update(ViaWebhook), true
	case EventReadCompletedInitial:
		if w.connID == "" {
			return Update{}, false
		}
		data := make(map[string]string)
		for _, dt := range ev.DataTypes {
			if strings.EqualFold(dt.ConnectionID, w.connID) && dt.DataType != "" {
				data[dt.DataType] = dt.Status
			}
		}
		if len(data) == 0 {
			return Update{}, false
		}
		if !w.linked {
			// The first read only runs on a linked connection.
			w.markLinked(w.connID)
		}
		if w.data == nil {
			w.data = make(map[string]string, len(data))
		}
		for k, v := range data {
			w.data[k] = v
		}
		return w.update(ViaWebhook), true
	}
	return Update{}, false
}

// matches reports whether an event's connection is the watched one.
func (w *watcher) matches(c Connection) bool {
	if w.connID != "" {
		return strings.EqualFold(c.ID, w.connID)
	}
	return w.opts.PlatformKey != "" && strings.EqualFold(c.IntegrationKey, w.opts.PlatformKey)
}

// dataReady reports whether every data type in the first read has reached a
// final state.
func dataReady(data map[string]string) bool {
	if len(data) == 0 {
		return false
	}
	for _, status := range data {
		if !DataStatusFinal(status) {
			return false
		}
	}
	return true
}

// DataStatusFinal reports whether a data type's read status will not change
// without a new read: Complete, NotSupported, Cancelled or any *Error.
func DataStatusFinal(status string) bool {
	switch status {
	case "Complete", "NotSupported", "Cancelled":
		return true
	}
	return strings.HasSuffix(status, "Error")
}
