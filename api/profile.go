package api

import (
	"context"
	"net/http"
)

// Profile is the Codat client a key belongs to: the business that reads the
// data a company shares.
type Profile struct {
	Name        string `json:"name"`
	RedirectURL string `json:"redirectUrl"`
}

// SyncSetting is how Codat reads one data type: whether on first link, and
// how much history.
type SyncSetting struct {
	DataType         string `json:"dataType"`
	FetchOnFirstLink bool   `json:"fetchOnFirstLink"`
	SyncSchedule     int    `json:"syncSchedule"`
	SyncOrder        int    `json:"syncOrder"`
	// SyncFromUTC is the date reading starts from, as Codat wrote it; set
	// instead of SyncFromWindow.
	SyncFromUTC string `json:"syncFromUtc,omitempty"`
	// SyncFromWindow is how many months back reading goes.
	SyncFromWindow int `json:"syncFromWindow,omitempty"`
	// MonthsToSync is the months of history for report types.
	MonthsToSync int `json:"monthsToSync,omitempty"`
}

// SyncSettings are the client's settings for every data type.
type SyncSettings struct {
	ClientID          string        `json:"clientId"`
	Settings          []SyncSetting `json:"settings"`
	OverridesDefaults bool          `json:"overridesDefaults"`
}

// GetProfile returns the Codat client the key belongs to.
func (c *Client) GetProfile(ctx context.Context) (Profile, error) {
	var p Profile
	err := c.do(ctx, call{op: OpGetProfile, method: http.MethodGet, endpoint: "/profile", path: "/profile"}, &p)
	return p, err
}

// GetSyncSettings returns which data types Codat reads when a company links,
// and how much history.
func (c *Client) GetSyncSettings(ctx context.Context) (SyncSettings, error) {
	var s SyncSettings
	err := c.do(ctx, call{op: OpGetSyncSettings, method: http.MethodGet, endpoint: "/profile/syncSettings", path: "/profile/syncSettings"}, &s)
	return s, err
}
