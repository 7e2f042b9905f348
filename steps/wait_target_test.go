package steps

import (
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/webhook"
)

// keyless is a connection as Codat may send it: no integrationKey, the
// platform named only by its integrationId and sourceId.
func keyless(id, integrationID string, source api.SourceType, status api.ConnectionStatus) api.Connection {
	return api.Connection{ID: id, IntegrationID: integrationID, SourceID: "src-" + integrationID, SourceType: source, Status: status}
}

var waitCatalogue = []flow.Platform{
	{Key: "gbol", Name: "Xero", Category: flow.Accounting, IntegrationID: "int-xero", SourceID: "src-int-xero"},
	{Key: "qhyg", Name: "QuickBooks Online", Category: flow.Accounting, IntegrationID: "int-qbo", SourceID: "src-int-qbo"},
	{Key: "suuo", Name: "Plaid", Category: flow.Banking, IntegrationID: "int-plaid", SourceID: "src-int-plaid"},
}

// A delegated wait for a platform recognises the recipient's connection by
// its integrationId when Codat leaves the key out, given the catalogue.
func TestWaitRecognisesKeylessConnections(t *testing.T) {
	t.Run("webhook", func(t *testing.T) {
		clk := newFakeClock()
		events := make(chan webhook.Event, 4)
		updates := Wait(t.Context(), &fakeSource{}, events, waitOpts(clk, WaitOptions{PlatformKey: "gbol", Catalogue: waitCatalogue, Webhooks: true}))
		events <- connectionEvent(webhook.EventConnectionConnected, "co-1", keyless("conn-q", "int-qbo", api.Accounting, api.Linked))
		events <- connectionEvent(webhook.EventConnectionConnected, "co-1", keyless("conn-x", "int-xero", api.Accounting, api.Linked))
		if u := nextUpdate(t, updates); u.Connection.ID != "conn-x" || u.Status != flow.StatusLinked || !u.Final {
			t.Fatalf("update = %+v, want the Xero connection linked", u)
		}
		waitClosed(t, updates)
	})

	t.Run("poll", func(t *testing.T) {
		src := &fakeSource{lists: []func() ([]api.Connection, error){func() ([]api.Connection, error) {
			return []api.Connection{keyless("conn-q", "int-qbo", api.Accounting, api.Linked), keyless("conn-x", "int-xero", api.Accounting, api.Linked)}, nil
		}}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{PlatformKey: "gbol", Catalogue: waitCatalogue}))
		if u := nextUpdate(t, updates); u.Connection.ID != "conn-x" || !u.Final {
			t.Fatalf("update = %+v, want the Xero connection linked", u)
		}
		waitClosed(t, updates)
	})

	t.Run("without a catalogue nothing matches", func(t *testing.T) {
		src := &fakeSource{lists: []func() ([]api.Connection, error){func() ([]api.Connection, error) {
			return []api.Connection{keyless("conn-x", "int-xero", api.Accounting, api.Linked)}, nil
		}}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{PlatformKey: "gbol"}))
		if u := nextUpdate(t, updates); u.Connection.ID != "" || u.Final {
			t.Fatalf("update = %+v, want nothing chosen", u)
		}
	})
}

// A Hosted Link handed on before a platform was picked waits on the
// category: the first connection of that category, whatever its platform.
// A connection of another category says nothing about it.
func TestWaitOnCategory(t *testing.T) {
	t.Run("webhook", func(t *testing.T) {
		clk := newFakeClock()
		events := make(chan webhook.Event, 4)
		updates := Wait(t.Context(), &fakeSource{}, events, waitOpts(clk, WaitOptions{Category: flow.Accounting, Webhooks: true}))
		events <- connectionEvent(webhook.EventConnectionConnected, "co-1", keyless("conn-b", "int-plaid", api.Banking, api.Linked))
		events <- connectionEvent(webhook.EventConnectionCreated, "co-1", keyless("conn-q", "int-qbo", api.Accounting, api.PendingAuth))
		u := nextUpdate(t, updates)
		if u.Connection.ID != "conn-q" || u.Connection.Category != flow.Accounting || u.Final {
			t.Fatalf("update = %+v, want the accounting connection, pending", u)
		}
		events <- connectionEvent(webhook.EventConnectionConnected, "co-1", keyless("conn-b2", "int-xero", api.Accounting, api.Linked))
		events <- connectionEvent(webhook.EventConnectionConnected, "co-1", keyless("conn-q", "int-qbo", api.Accounting, api.Linked))
		if u = nextUpdate(t, updates); u.Connection.ID != "conn-q" || u.Status != flow.StatusLinked || !u.Final {
			t.Fatalf("update = %+v, want conn-q linked", u)
		}
		waitClosed(t, updates)
	})

	t.Run("poll", func(t *testing.T) {
		src := &fakeSource{lists: []func() ([]api.Connection, error){
			func() ([]api.Connection, error) {
				return []api.Connection{keyless("conn-b", "int-plaid", api.Banking, api.Linked)}, nil
			},
			func() ([]api.Connection, error) {
				return []api.Connection{keyless("conn-b", "int-plaid", api.Banking, api.Linked), keyless("conn-q", "int-qbo", api.Accounting, api.Linked)}, nil
			},
		}}
		clk := newFakeClock()
		updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{Category: flow.Accounting}))
		if u := nextUpdate(t, updates); u.Connection.ID != "" || u.Final {
			t.Fatalf("update = %+v: a banking connection linking ends an accounting wait", u)
		}
		clk.fire(clk.nextTimer(t))
		if u := nextUpdate(t, updates); u.Connection.ID != "conn-q" || u.Status != flow.StatusLinked || !u.Final {
			t.Fatalf("update = %+v, want conn-q linked", u)
		}
		waitClosed(t, updates)
	})
}

// The connection an update carries has no link: only one checked when the
// connection was prepared is ever shown.
func TestWaitUpdateCarriesNoUncheckedLink(t *testing.T) {
	c := conn("conn-1", "gbol", api.PendingAuth)
	c.LinkURL = "https://evil.example/start"
	src := &fakeSource{conns: []func() (api.Connection, error){answer(c)}}
	clk := newFakeClock()
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1"}))
	if u := nextUpdate(t, updates); u.Connection.ID != "conn-1" || u.Connection.LinkURL != "" {
		t.Fatalf("update = %+v, want conn-1 without its link", u)
	}
}
