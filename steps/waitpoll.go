package steps

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// check polls Codat once and returns what it found and how long to wait
// before the next poll.
func (w *waiter) check(ctx context.Context) (WaitUpdate, time.Duration) {
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
	u := w.update(flow.ViaPoll)
	if err == nil {
		if !w.linked {
			u.Failed, u.Reason = w.failedSinceStart()
			u.Final = u.Failed
		}
		return u, w.nextWait()
	}
	u.Err = err
	if api.IsNotFound(err) || api.IsUnauthorized(err) {
		u.Final = true
		return u, 0
	}
	u.Final = false // an unread DataStatus cannot make the data ready
	if until, limited := api.RateLimited(err); limited {
		wait := until.Sub(u.CheckedAt)
		if wait <= 0 {
			wait = w.nextWait()
		}
		u.RateLimitedUntil = u.CheckedAt.Add(wait)
		return u, wait
	}
	return u, w.nextWait()
}

func (w *waiter) pollConnection(ctx context.Context) error {
	if w.connID != "" {
		conn, err := w.c.GetConnection(ctx, w.opts.CompanyID, w.connID)
		if err != nil {
			return err
		}
		w.conn = conn
	} else {
		conns, err := w.c.ListConnections(ctx, w.opts.CompanyID)
		if err != nil {
			return err
		}
		if conn, ok := w.pickConnection(conns); ok {
			w.conn = conn
		}
	}
	if w.conn.Status == api.Linked {
		w.markLinked(w.conn.ID, false)
	} else {
		w.sawUnlinked = true
	}
	return nil
}

// pickConnection chooses among the company's connections of the target: a
// linked one, else one that failed during this wait (so the failure is
// reported), else the one flow.ChooseConnection picks.
func (w *waiter) pickConnection(conns []api.Connection) (api.Connection, bool) {
	chosen, ok := flow.ChooseConnection(ConnectionsOf(conns), w.target)
	if !ok {
		return api.Connection{}, false
	}
	if chosen.Status != flow.StatusLinked {
		for _, c := range conns {
			if w.target.Matches(ConnectionOf(c)) && w.activeErrorSinceStart(c) != nil {
				return c, true
			}
		}
	}
	for _, c := range conns {
		if c.ID == chosen.ID {
			return c, true
		}
	}
	return api.Connection{}, false
}

func (w *waiter) pollData(ctx context.Context) error {
	status, err := w.c.DataStatus(ctx, w.opts.CompanyID)
	if err != nil {
		return err
	}
	first := w.atLink == nil
	if first {
		w.atLink = make(map[string]api.DataStatus, len(status))
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
		if first {
			w.atLink[name] = ds
		}
		if w.sinceLink(name, ds) {
			data[name] = ds.CurrentStatus
		}
	}
	if !w.since.IsZero() && !slices.ContainsFunc(slices.Collect(maps.Values(data)), func(s string) bool { return s != "NotSupported" }) {
		// Only what the platform does not offer: the read since the link
		// has not started.
		clear(data)
	}
	w.data = data
	return nil
}

// dataClockAllowance is how far Codat's clock may be behind ours when a
// data type's last successful read is compared with the wait's start.
const dataClockAllowance = 30 * time.Second

// sinceLink reports whether a data type's status belongs to a read since
// the connection was linked. dataStatus is company-wide and outlives a
// connection: after a reconnect, the last read's Complete (or its errors)
// shows until the new read starts. When the link happened during the wait
// (w.since is set), an entry counts when it is in progress now, is Complete
// with a successful read since, or reached its final state from a read seen
// since: in progress earlier in this wait, or with another read id than at
// the first look after the link. Without w.since, every entry counts.
func (w *waiter) sinceLink(name string, ds api.DataStatus) bool {
	if w.since.IsZero() {
		return true
	}
	if !DataStatusFinal(ds.CurrentStatus) {
		if w.active == nil {
			w.active = map[string]bool{}
		}
		w.active[name] = true
		return true
	}
	if ds.CurrentStatus == "Complete" && ds.LastSuccessfulSync != nil && !ds.LastSuccessfulSync.Before(w.since) {
		return true
	}
	if ds.CurrentStatus == "NotSupported" || w.active[name] {
		return true // NotSupported says what the platform offers, whenever
	}
	before, known := w.atLink[name]
	return known && ds.LatestSyncID != "" && ds.LatestSyncID != before.LatestSyncID
}

// markLinked records the connection as linked. A link that happened during
// the wait (it was seen unlinked, or its link was only just shown, or an
// event said it linked) starts the data read judged from then on.
func (w *waiter) markLinked(connID string, during bool) {
	w.linked = true
	w.conn.Status = api.Linked
	if w.connID == "" {
		w.connID = connID
	}
	if w.since.IsZero() && (during || w.sawUnlinked || w.opts.JustShown) {
		w.since = w.start.Add(-dataClockAllowance)
	}
}

// failedSinceStart reports an active connection error recorded after the
// wait began. Errors from earlier attempts do not count: the person may be
// trying again.
func (w *waiter) failedSinceStart() (bool, string) {
	if w.conn.Status == api.Linked {
		return false, ""
	}
	if e := w.activeErrorSinceStart(w.conn); e != nil {
		return true, connectionErrorReason(*e)
	}
	return false, ""
}

func (w *waiter) activeErrorSinceStart(c api.Connection) *api.ConnectionError {
	// Codat's times may have whole seconds only.
	since := w.start.Truncate(time.Second)
	var newest *api.ConnectionError
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
