package steps

import (
	"context"
	"net/url"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
)

func newSandbox(t *testing.T) (*sandbox.Server, *api.Client) {
	t.Helper()
	return newSandboxWith(t, sandbox.Options{})
}

func newSandboxWith(t *testing.T, opts sandbox.Options) (*sandbox.Server, *api.Client) {
	t.Helper()
	sb, err := sandbox.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	u, _ := url.Parse(sb.BaseURL())
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey(), LinkHosts: []string{u.Host}})
	if err != nil {
		t.Fatal(err)
	}
	return sb, c
}

func platform(t *testing.T, c Codat, key string) flow.Platform {
	t.Helper()
	all, _, err := Catalogue(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if p.Key == key {
			return p
		}
	}
	t.Fatalf("no platform %s", key)
	return flow.Platform{}
}

func TestPrepareConnection(t *testing.T) {
	sb, c := newSandbox(t)
	ctx := t.Context()
	co, _, err := c.FindOrCreateCompany(ctx, "Prepare Ltd", "")
	if err != nil {
		t.Fatal(err)
	}
	xero := platform(t, c, "gbol")

	first, err := PrepareConnection(ctx, c, ConnectionRequest{CompanyID: co.ID, Platform: xero})
	if err != nil || first.Reused || first.Connection.LinkURL == "" {
		t.Fatalf("first: %+v, %v; want a new connection with a checked link", first, err)
	}
	known := []flow.Connection{first.Connection}
	again, err := PrepareConnection(ctx, c, ConnectionRequest{CompanyID: co.ID, Platform: xero, Known: known})
	if err != nil || !again.Reused || again.Connection.ID != first.Connection.ID {
		t.Fatalf("again: %+v, %v; want the pending connection reused", again, err)
	}
	// A request whose answer was lost: nothing is known, but the recheck
	// finds the connection it made.
	lost, err := PrepareConnection(ctx, c, ConnectionRequest{CompanyID: co.ID, Platform: xero, Recheck: true})
	if err != nil || lost.Connection.ID != first.Connection.ID {
		t.Fatalf("recheck: %+v, %v; want %s", lost, err, first.Connection.ID)
	}
	if err := sb.Authorize(co.ID, first.Connection.ID); err != nil {
		t.Fatal(err)
	}
	linked, err := PrepareConnection(ctx, c, ConnectionRequest{CompanyID: co.ID, Platform: xero, Recheck: true})
	if err != nil || !linked.AlreadyLinked {
		t.Fatalf("after linking: %+v, %v; want AlreadyLinked", linked, err)
	}
	conns, err := c.ListConnections(ctx, co.ID)
	if err != nil || len(conns) != 1 {
		t.Fatalf("%d connections (%v), want 1", len(conns), err)
	}
	// A connection to reuse that has gone is replaced, not an error.
	gone, err := PrepareConnection(ctx, c, ConnectionRequest{CompanyID: co.ID, Platform: platform(t, c, "suuo"), ReuseID: "no-such-connection"})
	if err != nil || gone.Reused || gone.Connection.PlatformKey != "suuo" {
		t.Fatalf("gone: %+v, %v; want a new Plaid connection", gone, err)
	}
}

// ignoresSourceType answers every integration whatever category is asked
// for, as a server that ignores the filter would.
type ignoresSourceType struct{ Codat }

func (f ignoresSourceType) ListIntegrations(ctx context.Context, _ api.SourceType, enabledOnly bool) ([]api.Integration, error) {
	return f.Codat.ListIntegrations(ctx, "", enabledOnly)
}

func TestPlatformsKeepToTheirCategory(t *testing.T) {
	_, c := newSandbox(t)
	got, err := Platforms(t.Context(), ignoresSourceType{c}, flow.Accounting)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Fatal("no accounting platforms")
	}
	for _, p := range got {
		if p.Category != flow.Accounting {
			t.Errorf("%s (%s) listed under accounting", p.Name, p.Category)
		}
	}
}

func TestCheckPendingKeepsToTheCategory(t *testing.T) {
	sb, c := newSandbox(t)
	ctx := t.Context()
	co, _, err := c.FindOrCreateCompany(ctx, "Pending Checks Ltd", "")
	if err != nil {
		t.Fatal(err)
	}
	invite := flow.PendingItem{ID: "p1", CompanyID: co.ID, Category: flow.Accounting, Path: flow.PathDelegate}
	bank, err := c.CreateConnection(ctx, co.ID, "suuo")
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Authorize(co.ID, bank.ID); err != nil {
		t.Fatal(err)
	}
	v, err := CheckPending(ctx, c, invite, nil)
	if err != nil || v.Linked {
		t.Fatalf("banking linked: verdict %+v, %v; an accounting invite is still waiting", v, err)
	}
	acc, err := c.CreateConnection(ctx, co.ID, "gbol")
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Authorize(co.ID, acc.ID); err != nil {
		t.Fatal(err)
	}
	v, err = CheckPending(ctx, c, invite, nil)
	if err != nil || !v.Linked || v.Connection.ID != acc.ID {
		t.Fatalf("accounting linked: verdict %+v, %v", v, err)
	}
}
