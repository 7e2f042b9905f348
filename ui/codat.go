package ui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// Calls to Codat, each through package steps, under the per-call timeout.

// call runs one Codat call off the event loop under the per-call timeout,
// and reports its event, or Failed naming what was being done (a doing.NAME
// block) with the effect to repeat on retry.
func (r *runner) call(doing string, retry flow.Effect, fn func(ctx context.Context, a CodatAPI) (flow.Event, error)) tea.Cmd {
	base, timeout, a := r.ctx, r.deps.Timeout, r.deps.API
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(base, timeout)
		defer cancel()
		ev, err := fn(ctx, a)
		if err != nil {
			return eventMsg{flow.Failed{Doing: doing, Err: err, Retry: retry}}
		}
		return eventMsg{ev}
	}
}

// searchAfter is the debounce: the search goes out only if typing paused.
func searchAfter(e flow.SearchAfter) tea.Cmd {
	return tea.Tick(e.Delay, func(time.Time) tea.Msg { return eventMsg{flow.SearchDue{Seq: e.Seq}} })
}

func (r *runner) searchCompanies(e flow.SearchCompanies) tea.Cmd {
	return r.call("doing.search", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		sent := time.Now()
		found, err := a.SearchCompanies(ctx, e.Query)
		if err != nil {
			return nil, err
		}
		companies := make([]flow.Company, 0, len(found))
		for _, c := range found {
			companies = append(companies, steps.CompanyOf(c))
		}
		return flow.CompaniesFound{Seq: e.Seq, Query: e.Query, Companies: companies, At: sent}, nil
	})
}

// createCompany finds or creates the company; with New set the person
// confirmed none of the matches is theirs, so it is created once, tagged.
func (r *runner) createCompany(e flow.CreateCompany) tea.Cmd {
	return r.call("doing.create", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		c, reused, err := steps.CreateCompany(ctx, a, steps.CompanyRequest{
			Name: e.Name, UID: e.UID, New: e.New, Fresh: e.Fresh, SearchedAt: e.SearchedAt,
		})
		return flow.CompanyReady{Company: c, Reused: reused}, err
	})
}

// prefetchPlatforms lists every enabled platform ahead of the category
// choice.
func (r *runner) prefetchPlatforms(e flow.PrefetchPlatforms) tea.Cmd {
	return r.call("doing.platforms", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		platforms, err := steps.EnabledPlatforms(ctx, a)
		return flow.PlatformsPrefetched{Platforms: platforms}, err
	})
}

// prefetchHostedLink fetches the company's Hosted Link while the sign-in
// question shows.
func (r *runner) prefetchHostedLink(e flow.PrefetchHostedLink) tea.Cmd {
	return r.call("doing.hostedlink", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		link, err := steps.FreshHostedLink(ctx, a, e.CompanyID)
		return flow.HostedLinkPrefetched{CompanyID: e.CompanyID, URL: link}, err
	})
}

func (r *runner) loadPlatforms(e flow.LoadPlatforms) tea.Cmd {
	return r.call("doing.platforms", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		platforms, err := steps.Platforms(ctx, a, e.Category)
		return flow.PlatformsLoaded{Category: e.Category, Platforms: platforms}, err
	})
}

func (r *runner) prepareConnection(e flow.PrepareConnection) tea.Cmd {
	return r.call("doing.connection", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		p, err := steps.PrepareConnection(ctx, a, steps.ConnectionRequest{
			CompanyID: e.CompanyID, Platform: e.Platform, ReuseID: e.ReuseID, Recheck: e.Recheck,
		})
		return flow.ConnectionReady{Connection: p.Connection}, err
	})
}

func (r *runner) fetchHostedLink(e flow.FetchHostedLink) tea.Cmd {
	return r.call("doing.hostedlink", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		link, err := steps.FreshHostedLink(ctx, a, e.CompanyID)
		return flow.HostedLinkReady{URL: link}, err
	})
}

func (r *runner) unlink(e flow.Unlink) tea.Cmd {
	return r.call("doing.unlink", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		conn, err := a.UnlinkConnection(ctx, e.CompanyID, e.ConnectionID)
		return flow.ConnectionChanged{Connection: steps.ConnectionOf(conn)}, err
	})
}

// refreshPending asks Codat about one item handed on earlier (one call),
// and notes the answer in the store.
func (r *runner) refreshPending(e flow.RefreshPending) tea.Cmd {
	st := r.deps.Store
	return r.call("doing.check", e, func(ctx context.Context, a CodatAPI) (flow.Event, error) {
		verdict, err := steps.CheckPending(ctx, a, e.Item, nil)
		if err != nil {
			return nil, err
		}
		now := time.Now()
		if st != nil {
			if err := st.Checked(e.Item.ID, verdict.Status, now); err != nil {
				return nil, err
			}
		}
		return flow.PendingChecked{ID: e.Item.ID, Status: verdict.Status, CheckedAt: now}, nil
	})
}

// copyFreshLink fetches the company's Hosted Link afresh (links may be
// one-time) and copies it.
func (r *runner) copyFreshLink(e flow.CopyFreshLink) tea.Cmd {
	base, timeout, a := r.ctx, r.deps.Timeout, r.deps.API
	copyLink := func(link string) tea.Cmd {
		return r.copyLink(link, copyWords{What: assets.Screen("copy.freshlink", nil)})
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(base, timeout)
		defer cancel()
		link, err := steps.FreshHostedLink(ctx, a, e.CompanyID)
		if err != nil {
			return eventMsg{flow.Failed{Doing: "doing.freshlink", Err: err, Retry: e}}
		}
		return copyLink(link)()
	}
}

// newUID mints the id a new company is tagged with.
func newUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// fetchReader asks who reads the data and what. It never fails the
// journey: what Codat will not say is left out of the words.
func (r *runner) fetchReader() tea.Cmd {
	base, timeout, a := r.ctx, r.deps.Timeout, r.deps.API
	if a == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(base, timeout)
		defer cancel()
		reader, _ := steps.WhoReads(ctx, a)
		return eventMsg{flow.ReaderLoaded{Reader: reader}}
	}
}
