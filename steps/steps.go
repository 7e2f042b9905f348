// Package steps is the one implementation of each IO step of onboarding:
// find or create the company, list the platforms, prepare a connection,
// fetch a fresh Hosted Link, check something handed on earlier. The TUI's
// runner, accessible mode, every command and bulk call these, and take
// their decisions from package flow, so no two of them can disagree.
package steps

import (
	"context"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// Codat is what the steps need of Codat; *api.Client satisfies it, and tests
// may use a fake.
type Codat interface {
	SearchCompanies(ctx context.Context, name string) ([]api.Company, error)
	FindOrCreateCompany(ctx context.Context, name, uid string) (api.Company, bool, error)
	CreateCompanyOnce(ctx context.Context, name, uid string) (api.Company, error)
	ListIntegrations(ctx context.Context, sourceType api.SourceType, enabledOnly bool) ([]api.Integration, error)
	CreateConnectionOrFind(ctx context.Context, companyID, platformKey string, find api.ConnectionFinder) (api.Connection, error)
	GetConnection(ctx context.Context, companyID, connectionID string) (api.Connection, error)
	ListConnections(ctx context.Context, companyID string) ([]api.Connection, error)
	UnlinkConnection(ctx context.Context, companyID, connectionID string) (api.Connection, error)
	DataStatus(ctx context.Context, companyID string) (map[string]api.DataStatus, error)
	HostedLink(ctx context.Context, companyID string) (string, error)
	ValidateLink(raw string) (string, error)
	Profiles
}

// The conversions below sanitize every name again: the client already does
// at its door, and a fake or future source must not be able to draw on the
// terminal either.

// CompanyOf is a Codat company as the journey sees it.
func CompanyOf(c api.Company) flow.Company {
	// onboard keeps the name as typed in the description, where Codat
	// could not keep every letter of it.
	out := flow.Company{ID: c.ID, Name: flow.ShownName(api.Sanitize(c.Description), api.Sanitize(c.Name))}
	for _, conn := range c.DataConnections {
		out.Connections = append(out.Connections, ConnectionOf(conn))
	}
	return out
}

// ConnectionOf is a Codat connection as the journey sees it. Its link is
// left as Codat sent it: only a link checked with ValidateLink is shown.
func ConnectionOf(c api.Connection) flow.Connection {
	out := flow.Connection{
		ID: c.ID, PlatformKey: c.IntegrationKey, PlatformName: api.Sanitize(c.PlatformName),
		IntegrationID: c.IntegrationID, SourceID: c.SourceID, Created: c.Created.Time,
		Category: flow.CategoryOf(string(c.SourceType)), Status: string(c.Status), LinkURL: c.LinkURL,
	}
	for _, e := range c.DataConnectionErrors {
		if e.Status == "Active" || e.Status == "" {
			out.FailReason = api.Sanitize(firstNonEmpty(e.ErrorMessage, e.StatusText))
		}
	}
	return out
}

// ConnectionsOf converts a list of connections.
func ConnectionsOf(conns []api.Connection) []flow.Connection {
	out := make([]flow.Connection, 0, len(conns))
	for _, c := range conns {
		out = append(out, ConnectionOf(c))
	}
	return out
}

// PlatformOf is an integration as a platform a person can pick.
func PlatformOf(in api.Integration) flow.Platform {
	name := api.Sanitize(in.Name)
	return flow.Platform{
		Key: in.Key, Name: name, Category: flow.CategoryOf(string(in.SourceType)),
		IntegrationID: in.IntegrationID, SourceID: in.SourceID,
		Sandbox: flow.IsSandboxPlatform(in.Key, name), Beta: in.IsBeta, Offline: in.IsOfflineConnector,
		Disabled: !in.Enabled,
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
