package api

import (
	"context"
	"testing"
)

func TestConnectionOperations(t *testing.T) {
	runOpCases(t, []opCase{
		{
			name: "list connections", status: 200, respond: codatFixture(t, "connections_page.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListConnections(ctx, "co-1") },
			method: "GET", path: "/companies/co-1/connections", query: "page=1&pageSize=100",
			check: func(t *testing.T, got any) {
				conns := got.([]Connection)
				if len(conns) != 2 || conns[0].Status != Linked || conns[1].SourceType != Banking || conns[1].IntegrationKey != "suuo" {
					t.Fatalf("got %+v", conns)
				}
			},
		},
		{
			name: "get connection", status: 200, respond: codatFixture(t, "connection.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetConnection(ctx, "7c1b6e4a", "0e9a3c57")
			},
			method: "GET", path: "/companies/7c1b6e4a/connections/0e9a3c57",
			check: checkPendingXero,
		},
		{
			name: "create connection", status: 200, respond: codatFixture(t, "connection.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateConnection(ctx, "7c1b6e4a", " gbol ")
			},
			method: "POST", path: "/companies/7c1b6e4a/connections", body: `{"platformKey":"gbol"}`,
			check: checkPendingXero,
		},
		{
			name: "unlink connection", status: 200, respond: []byte(`{"id":"k","status":"Unlinked"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UnlinkConnection(ctx, "co-1", "k")
			},
			method: "PATCH", path: "/companies/co-1/connections/k", body: `{"status":"Unlinked"}`,
			check: func(t *testing.T, got any) {
				if got.(Connection).Status != Unlinked {
					t.Fatalf("got %+v", got)
				}
			},
		},
		{
			name: "delete connection answers 200 with no body", status: 200,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteConnection(ctx, "co-1", "k")
			},
			method: "DELETE", path: "/companies/co-1/connections/k",
		},
	})
}

func checkPendingXero(t *testing.T, got any) {
	t.Helper()
	conn := got.(Connection)
	if conn.ID != "0e9a3c57-61d2-4f0b-8c44-a3b2e1f9d806" || conn.Status != PendingAuth || conn.PlatformName != "Xero" ||
		conn.LinkURL != "https://link-api.codat.io/companies/7c1b6e4a-2f0d-4a8e-9b31-5d2c8e7f1a90/connections/0e9a3c57-61d2-4f0b-8c44-a3b2e1f9d806/start" {
		t.Fatalf("connection %+v", conn)
	}
	if conn.IntegrationKey != "" || conn.LastSync != nil || !conn.Created.Equal(mustParseTime(t, "2025-03-01T12:05:00.123Z")) {
		t.Fatalf("optional fields %+v", conn)
	}
	if len(conn.DataConnectionErrors) != 1 || conn.DataConnectionErrors[0].StatusCode != "403" || conn.DataConnectionErrors[0].ErrorMessage != "User cancelled" {
		t.Fatalf("errors %+v", conn.DataConnectionErrors)
	}
}

func TestConnectionArgumentsAreChecked(t *testing.T) {
	c, _ := newTestClient(t, Config{BaseURL: "http://127.0.0.1:1"})
	ctx := t.Context()
	checks := map[string]error{}
	_, checks["no company"] = c.ListConnections(ctx, " ")
	_, checks["no connection"] = c.GetConnection(ctx, "c", "")
	_, checks["dot-dot"] = c.GetConnection(ctx, "..", "k")
	_, checks["no platform"] = c.CreateConnection(ctx, "c", "")
	checks["delete without ids"] = c.DeleteConnection(ctx, "", "")
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if c.Calls().Total != 0 {
		t.Fatal("a request was sent for bad arguments")
	}
}
