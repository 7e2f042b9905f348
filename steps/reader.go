package steps

import (
	"context"
	"sync"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// Profiles is what WhoReads needs of Codat; *api.Client satisfies it.
type Profiles interface {
	GetProfile(ctx context.Context) (api.Profile, error)
	GetSyncSettings(ctx context.Context) (api.SyncSettings, error)
}

// WhoReads asks Codat, in parallel, who the client is and what it reads on
// first link. Either answer may be refused (a key kept from the settings):
// what is not known is left empty, and the first error is returned beside
// what is known, for the debug log.
func WhoReads(ctx context.Context, c Profiles) (flow.Reader, error) {
	var (
		wg         sync.WaitGroup
		profile    api.Profile
		settings   api.SyncSettings
		perr, serr error
	)
	wg.Go(func() { profile, perr = c.GetProfile(ctx) })
	wg.Go(func() { settings, serr = c.GetSyncSettings(ctx) })
	wg.Wait()
	var r flow.Reader
	if perr == nil {
		r.Client = api.Sanitize(profile.Name)
	}
	if serr == nil {
		r.DataTypes, r.Months = readOnFirstLink(settings.Settings)
	}
	if perr != nil {
		return r, perr
	}
	return r, serr
}

// readOnFirstLink lists the data types read when a company links, each once,
// and the longest history read.
func readOnFirstLink(settings []api.SyncSetting) ([]string, int) {
	var types []string
	seen := map[string]bool{}
	months := 0
	for _, st := range settings {
		t := api.Sanitize(st.DataType)
		if !st.FetchOnFirstLink || t == "" || seen[t] {
			continue
		}
		seen[t] = true
		types = append(types, t)
		months = max(months, st.SyncFromWindow, st.MonthsToSync)
	}
	return types, months
}
