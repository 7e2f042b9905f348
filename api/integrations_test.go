package api

import (
	"context"
	"testing"
)

func TestIntegrationOperations(t *testing.T) {
	runOpCases(t, []opCase{
		{
			name: "list enabled accounting integrations", status: 200, respond: codatFixture(t, "integrations_page.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListIntegrations(ctx, Accounting, true) },
			method: "GET", path: "/integrations", query: "page=1&pageSize=100&query=sourceType%3DAccounting%26%26enabled%3Dtrue",
			check: func(t *testing.T, got any) {
				ins := got.([]Integration)
				if len(ins) != 2 || ins[0].Key != "gbol" || ins[0].Name != "Xero" || !ins[0].Enabled || ins[0].SourceType != Accounting {
					t.Fatalf("got %+v", ins)
				}
				f := ins[0].DatatypeFeatures
				if len(f) != 1 || f[0].Datatype != "invoices" || f[0].SupportedFeatures[0] != (SupportedFeature{"Get", "Release"}) {
					t.Fatalf("features %+v", f)
				}
				if !ins[1].IsBeta || ins[1].SourceID != "" {
					t.Fatalf("second %+v", ins[1])
				}
			},
		},
		{
			name: "list all integrations", status: 200, respond: codatFixture(t, "integrations_page.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListIntegrations(ctx, "", false) },
			method: "GET", path: "/integrations", query: "page=1&pageSize=100",
		},
		{
			name: "list enabled of any type", status: 200, respond: codatFixture(t, "integrations_page.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListIntegrations(ctx, "", true) },
			method: "GET", path: "/integrations", query: "page=1&pageSize=100&query=enabled%3Dtrue",
		},
		{
			name: "list banking", status: 200, respond: codatFixture(t, "integrations_page.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListIntegrations(ctx, Banking, false) },
			method: "GET", path: "/integrations", query: "page=1&pageSize=100&query=sourceType%3DBanking",
		},
		{
			name: "get integration", status: 200, respond: codatFixture(t, "integration.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetIntegration(ctx, "qhyg") },
			method: "GET", path: "/integrations/qhyg",
			check: func(t *testing.T, got any) {
				in := got.(Integration)
				if in.Name != "QuickBooks Online" || in.Enabled || in.DatatypeFeatures != nil {
					t.Fatalf("got %+v", in)
				}
			},
		},
		{
			name: "get branding", status: 200, respond: codatFixture(t, "branding.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetBranding(ctx, "qhyg") },
			method: "GET", path: "/integrations/qhyg/branding",
			check: func(t *testing.T, got any) {
				b := got.(Branding)
				if b.Logo.Square.Image.Src != "https://static.codat.io/public/officialLogos/Square/qhyg.png" ||
					b.Logo.Full.Image.Alt != "QuickBooks full logo" || b.Button != (BrandingButton{}) {
					t.Fatalf("got %+v", b)
				}
			},
		},
		{
			name: "data status leaves out null types", status: 200, respond: codatFixture(t, "datastatus.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.DataStatus(ctx, "co-1") },
			method: "GET", path: "/companies/co-1/dataStatus",
			check: func(t *testing.T, got any) {
				ds := got.(map[string]DataStatus)
				if len(ds) != 2 || ds["invoices"].CurrentStatus != "Complete" || ds["invoices"].LastSuccessfulSync == nil ||
					ds["bankAccounts"].CurrentStatus != "Queued" || ds["bankAccounts"].LastSuccessfulSync != nil {
					t.Fatalf("got %+v", ds)
				}
			},
		},
	})
}
