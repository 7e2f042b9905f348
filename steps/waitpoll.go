package steps

import (
	"context"
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
		w.markLinked(w.conn.ID)
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

func (w *waiter) markLinked(connID string) {
	w.linked = true
	w.conn.Status = api.Linked
	if w.connID == "" {
		w.connID = connID
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
