package api

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/onboardcli/onboard/internal/oascheck"
)

// TestOpIsCodatsOperationID checks that a failed call names the operation it
// made by the operationId Codat's contract gives the request it sent.
func TestOpIsCodatsOperationID(t *testing.T) {
	spec := oascheck.LoadForTest(t)
	ctx := context.Background()
	tests := []struct {
		want Op
		call func(*Client) error
	}{
		{OpListCompanies, func(c *Client) error { _, err := c.ListCompanies(ctx, ListCompaniesParams{}); return err }},
		{OpCreateCompany, func(c *Client) error { _, err := c.CreateCompany(ctx, CompanyRequest{Name: "Acme"}); return err }},
		{OpGetCompany, func(c *Client) error { _, err := c.GetCompany(ctx, "c-1"); return err }},
		{OpUpdateCompany, func(c *Client) error { _, err := c.UpdateCompany(ctx, "c-1", CompanyUpdate{}); return err }},
		{OpDeleteCompany, func(c *Client) error { return c.DeleteCompany(ctx, "c-1") }},
		{OpListConnections, func(c *Client) error { _, err := c.ListConnections(ctx, "c-1"); return err }},
		{OpGetConnection, func(c *Client) error { _, err := c.GetConnection(ctx, "c-1", "k-1"); return err }},
		{OpCreateConnection, func(c *Client) error { _, err := c.CreateConnection(ctx, "c-1", "gbol"); return err }},
		{OpUnlinkConnection, func(c *Client) error { _, err := c.UnlinkConnection(ctx, "c-1", "k-1"); return err }},
		{OpDeleteConnection, func(c *Client) error { return c.DeleteConnection(ctx, "c-1", "k-1") }},
		{OpListIntegrations, func(c *Client) error { _, err := c.ListIntegrations(ctx, "", false); return err }},
		{OpGetIntegration, func(c *Client) error { _, err := c.GetIntegration(ctx, "gbol"); return err }},
		{OpGetBranding, func(c *Client) error { _, err := c.GetBranding(ctx, "gbol"); return err }},
		{OpGetDataStatus, func(c *Client) error { _, err := c.DataStatus(ctx, "c-1"); return err }},
		{OpListWebhookConsumers, func(c *Client) error { _, err := c.ListWebhookConsumers(ctx); return err }},
		{OpCreateWebhookConsumer, func(c *Client) error {
			_, err := c.CreateWebhookConsumer(ctx, WebhookConsumer{URL: "https://hooks.example/codat"})
			return err
		}},
		{OpDeleteWebhookConsumer, func(c *Client) error { return c.DeleteWebhookConsumer(ctx, "w-1") }},
		{OpGetProfile, func(c *Client) error { _, err := c.GetProfile(ctx); return err }},
		{OpGetSyncSettings, func(c *Client) error { _, err := c.GetSyncSettings(ctx); return err }},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, 404, codatFixture(t, "error_404.json"))
			})
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			e, ok := errors.AsType[*Error](tt.call(c))
			if !ok || e.Op != tt.want {
				t.Fatalf("error %#v, want an *Error for %s", e, tt.want)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			id, err := spec.OperationID(reqs[0].Method, reqs[0].Path)
			if err != nil || id != string(e.Op) {
				t.Fatalf("%s %s is %q in Codat's contract (%v); the error names it %q", reqs[0].Method, reqs[0].Path, id, err, e.Op)
			}
		})
	}
}
