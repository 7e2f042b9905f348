package steps

import (
	"slices"
	"strings"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/webhook"
)

// apply folds a webhook event into the state. relevant is false for events
// about other companies or connections, and for ones that change nothing.
func (w *waiter) apply(ev webhook.Event) (u WaitUpdate, relevant bool) {
	if !strings.EqualFold(ev.CompanyID, w.opts.CompanyID) {
		return WaitUpdate{}, false
	}
	switch ev.EventType {
	case webhook.EventConnectionCreated, webhook.EventConnectionConnected, webhook.EventConnectionReconnected, webhook.EventConnectionFailed:
		if w.linked || ev.Connection == nil || !w.matches(*ev.Connection) {
			return WaitUpdate{}, false
		}
		return w.applyConnection(ev), true
	case webhook.EventReadCompletedInitial:
		return w.applyRead(ev)
	}
	return WaitUpdate{}, false
}

// applyConnection folds in an event about the connection waited for.
func (w *waiter) applyConnection(ev webhook.Event) WaitUpdate {
	w.conn = *ev.Connection
	if w.connID == "" {
		w.connID = ev.Connection.ID
	}
	switch ev.EventType {
	case webhook.EventConnectionConnected, webhook.EventConnectionReconnected:
		w.markLinked(ev.Connection.ID, true)
	case webhook.EventConnectionFailed:
		u := w.update(flow.ViaWebhook)
		u.Failed, u.Final = true, true
		if e := latestConnectionError(w.conn.DataConnectionErrors); e != nil {
			u.Reason = connectionErrorReason(*e)
		}
		return u
	}
	return w.update(flow.ViaWebhook)
}

// applyRead folds in the first read of the connection waited for.
func (w *waiter) applyRead(ev webhook.Event) (WaitUpdate, bool) {
	if w.connID == "" {
		return WaitUpdate{}, false
	}
	data := make(map[string]string)
	for _, dt := range ev.DataTypes {
		if strings.EqualFold(dt.ConnectionID, w.connID) && dt.DataType != "" {
			data[dt.DataType] = dt.Status
		}
	}
	if len(data) == 0 {
		return WaitUpdate{}, false
	}
	if !w.linked {
		// The first read only runs on a linked connection.
		w.markLinked(w.connID, true)
	}
	if w.data == nil {
		w.data = make(map[string]string, len(data))
	}
	for k, v := range data {
		w.data[k] = v
	}
	return w.update(flow.ViaWebhook), true
}

// matches reports whether an event's connection is the one waited for: the
// connection itself once known, else one of the target (flow.Target).
func (w *waiter) matches(c api.Connection) bool {
	if w.connID != "" {
		return strings.EqualFold(c.ID, w.connID)
	}
	return w.target.Matches(ConnectionOf(c))
}

// latestConnectionError picks the error a failure event is about: the newest
// active one, else the newest of any kind.
func latestConnectionError(errs []api.ConnectionError) *api.ConnectionError {
	var best *api.ConnectionError
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

func connectionErrorReason(e api.ConnectionError) string {
	if e.ErrorMessage != "" {
		return e.ErrorMessage
	}
	return e.StatusText
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
// without a new read: Complete, NotSupported, Cancelled, PrerequisiteNotMet
// or any *Error.
func DataStatusFinal(status string) bool {
	switch status {
	case "Complete", "NotSupported", "Cancelled", DataPrerequisiteNotMet:
		return true
	}
	return strings.HasSuffix(status, "Error")
}

// DataPrerequisiteNotMet is the read status of a data type Codat will not
// read until something else is in place (another data type, a setting on
// the platform): final, but the data is not there.
const DataPrerequisiteNotMet = "PrerequisiteNotMet"

// dataBlocked lists, sorted, the data types waiting on a prerequisite.
func dataBlocked(data map[string]string) []string {
	var out []string
	for dt, status := range data {
		if status == DataPrerequisiteNotMet {
			out = append(out, dt)
		}
	}
	slices.Sort(out)
	return out
}
