package sandbox

import (
	"net/http"
	"slices"
)

// The client's profile and sync settings: who reads a company's data, and
// which data and how much history is read when it links.

// DefaultClientName is the Codat client the sandbox plays when
// Options.ClientName is empty.
const DefaultClientName = "Demo Capital Ltd"

// sandboxClientID is the sandbox client's id, fixed so that saved state and
// settings agree across restarts.
const sandboxClientID = "7d4e1f0a-3b2c-4d5e-8f60-a1b2c3d4e5f6"

// historyMonths is how far back the sandbox's client reads on first link.
const historyMonths = 24

// profileJSON is Codat's Profile schema.
type profileJSON struct {
	Name          string   `json:"name"`
	LogoURL       string   `json:"logoUrl"`
	IconURL       string   `json:"iconUrl"`
	RedirectURL   string   `json:"redirectUrl"`
	WhiteListURLs []string `json:"whiteListUrls"`
}

// syncSettingJSON is Codat's SyncSetting schema.
type syncSettingJSON struct {
	DataType         string `json:"dataType"`
	FetchOnFirstLink bool   `json:"fetchOnFirstLink"`
	SyncSchedule     int    `json:"syncSchedule"`
	SyncOrder        int    `json:"syncOrder"`
	SyncFromWindow   int    `json:"syncFromWindow,omitempty"`
	MonthsToSync     int    `json:"monthsToSync,omitempty"`
	IsLocked         bool   `json:"isLocked"`
}

// syncSettingsJSON is Codat's SyncSettings schema.
type syncSettingsJSON struct {
	ClientID          string            `json:"clientId"`
	Settings          []syncSettingJSON `json:"settings"`
	OverridesDefaults bool              `json:"overridesDefaults"`
}

func (s *Server) clientName() string {
	if s.opts.ClientName != "" {
		return s.opts.ClientName
	}
	return DefaultClientName
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, profileJSON{Name: s.clientName(), WhiteListURLs: []string{}})
}

// getSyncSettings reads every data type the catalogue's platforms read, on
// first link, with two years of history. The strict profile refuses: a key
// may be kept from the client's settings, and a client must still onboard.
func (s *Server) getSyncSettings(w http.ResponseWriter, r *http.Request) {
	if s.opts.Strict {
		s.writeError(w, http.StatusForbidden, serviceClients, injectedMessage(http.StatusForbidden), nil)
		return
	}
	out := syncSettingsJSON{ClientID: sandboxClientID, Settings: []syncSettingJSON{}}
	for i, t := range slices.Concat(accountingTypes, bankingTypes, commerceTypes) {
		st := syncSettingJSON{DataType: t, FetchOnFirstLink: true, SyncSchedule: 24, SyncOrder: i, SyncFromWindow: historyMonths}
		if t == "balanceSheet" || t == "profitAndLoss" {
			st.SyncFromWindow, st.MonthsToSync = 0, historyMonths
		}
		out.Settings = append(out.Settings, st)
	}
	writeJSON(w, http.StatusOK, out)
}
