package ui

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/store"
)

// PendingStore remembers what was handed on, across sessions.
type PendingStore interface {
	Pending() ([]flow.PendingItem, error)
	Remember(r flow.Remember) error
	Checked(id, status string, at time.Time) error
	Forget(id string) error
}

// StoreAdapter keeps the journey's records in the local store, for one
// Codat (or sandbox) base.
type StoreAdapter struct {
	Store   *store.Store
	BaseURL string
	Now     func() time.Time
}

func (a StoreAdapter) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Pending lists what is still waiting, newest first.
func (a StoreAdapter) Pending() ([]flow.PendingItem, error) {
	var out []flow.PendingItem
	for _, e := range a.Store.Pending(a.BaseURL) {
		// The file is ours, but anyone can edit it: clean what is shown.
		it := e.Item()
		it.CompanyName, it.PlatformName = api.Sanitize(it.CompanyName), api.Sanitize(it.PlatformName)
		it.Recipient, it.Status = api.Sanitize(it.Recipient), api.Sanitize(it.Status)
		it.FromName, it.FromEmail = api.Sanitize(it.FromName), api.Sanitize(it.FromEmail)
		out = append(out, it)
	}
	return out, nil
}

// Remember records (or updates) an onboarding.
func (a StoreAdapter) Remember(r flow.Remember) error {
	e := store.Entry{
		CompanyID: r.CompanyID, CompanyName: r.CompanyName, Category: string(r.Category),
		PlatformKey: r.PlatformKey, PlatformName: r.PlatformName, ConnectionID: r.ConnectionID,
		Path: string(r.Path), Recipient: r.Recipient, Status: r.Status, StartedAt: a.now(), BaseURL: a.BaseURL,
		HandedOn: string(r.HandedOn), FromName: r.FromName, FromEmail: r.FromEmail,
	}
	if r.HandedOn != "" {
		e.HandedOnAt = a.now()
	}
	_, err := a.Store.Upsert(e)
	return err
}

// Checked records what Codat said of an item.
func (a StoreAdapter) Checked(id, status string, at time.Time) error {
	return a.Store.Update(id, func(e *store.Entry) {
		e.Status = status
		e.CheckedAt = at
	})
}

// Forget drops an item.
func (a StoreAdapter) Forget(id string) error { return a.Store.Forget(id) }

// What the runner does with the store: read what was handed on, note what
// is handed on now, forget an item.

func (r *runner) loadPending() tea.Cmd {
	st := r.deps.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		items, err := st.Pending()
		if err != nil {
			return eventMsg{flow.Reported{Key: "resume.cantread", Data: explain(err), Bad: true}}
		}
		return eventMsg{flow.PendingLoaded{Items: items}}
	}
}

// readLocal reads what earlier sessions handed on before the first frame,
// rather than in a command: it is a small local file, and so the first
// frame is the screen the person will use, not the company prompt that a
// frame later gives way to the list.
func (r *runner) readLocal(st flow.State, effs []flow.Effect) (flow.State, []flow.Effect) {
	var rest []flow.Effect
	for _, eff := range effs {
		load, ok := eff.(flow.LoadPending)
		if !ok {
			rest = append(rest, eff)
			continue
		}
		cmd := r.cmd(load)
		if cmd == nil {
			continue
		}
		if msg, ok := cmd().(eventMsg); ok {
			var more []flow.Effect
			st, more = flow.Next(st, msg.ev)
			rest = append(rest, more...)
		}
	}
	return st, rest
}

func (r *runner) forget(e flow.Forget) tea.Cmd {
	st := r.deps.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		if err := st.Forget(e.ID); err != nil {
			return eventMsg{flow.Reported{Key: "resume.cantforget", Data: explain(err), Bad: true}}
		}
		return eventMsg{flow.Reported{Key: "resume.forgotten"}}
	}
}

// remember queues a record for the store and returns the command that
// writes it. The queue outlives the program: Flush writes whatever a quick
// exit left unwritten, so nothing handed on is forgotten.
func (r *runner) remember(rec flow.Remember) tea.Cmd {
	if r.deps.Store == nil {
		return nil
	}
	r.mu.Lock()
	r.records = append(r.records, rec)
	r.mu.Unlock()
	return func() tea.Msg {
		if err := r.flush(); err != nil {
			return eventMsg{flow.Reported{Key: "resume.cantnote", Data: explain(err), Bad: true}}
		}
		return nil
	}
}

// flush writes the queued records.
func (r *runner) flush() error {
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	r.mu.Lock()
	queue := r.records
	r.records = nil
	r.mu.Unlock()
	var errs []error
	for _, rec := range queue {
		if err := r.deps.Store.Remember(rec); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
