package store

import "github.com/onboardcli/onboard/flow"

// Item is the entry as the journey and the commands judge it.
func (e Entry) Item() flow.PendingItem {
	return flow.PendingItem{
		ID: e.ID, CompanyID: e.CompanyID, CompanyName: e.CompanyName, Category: flow.Category(e.Category),
		PlatformKey: e.PlatformKey, PlatformName: e.PlatformName, ConnectionID: e.ConnectionID,
		Path: flow.Path(e.Path), Recipient: e.Recipient, HandedOn: flow.HandedOn(e.HandedOn), HandedOnAt: e.HandedOnAt,
		FromName: e.FromName, FromEmail: e.FromEmail, StartedAt: e.StartedAt,
		Status: e.Status, CheckedAt: e.CheckedAt,
	}
}
