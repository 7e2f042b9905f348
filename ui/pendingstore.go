package ui

import (
	"time"

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
		// The store cleans every string it reads back.
		out = append(out, e.Item())
	}
	return out, nil
}

// Remember records (or updates) an onboarding.
func (a StoreAdapter) Remember(r flow.Remember) error {
	e := store.Entry{
		CompanyID: r.CompanyID, CompanyName: r.CompanyName, Category: string(r.Category),
		PlatformKey: r.PlatformKey, PlatformName: r.PlatformName, ConnectionID: r.ConnectionID,
		Path: string(r.Path), Recipient: r.Recipient, Status: r.Status, StartedAt: a.now(), BaseURL: a.BaseURL,
	}
	if r.Recipient != "" {
		e.SentAt = a.now()
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
