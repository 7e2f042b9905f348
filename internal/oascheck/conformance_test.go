package oascheck_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/internal/oascheck"
)

// TestClientAndSandboxConformToContract drives every client operation against
// the sandbox through a recording transport, then checks each request the
// client sent and each response the sandbox gave against Codat's contract.
// A failure names the operation and the JSON path, so it says which side
// drifted from the real API.
func TestClientAndSandboxConformToContract(t *testing.T) {
	spec := oascheck.LoadForTest(t)

	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })

	transport := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(transport.CloseIdleConnections)
	rec := &oascheck.Recorder{Next: transport}
	newClient := func(key string) *api.Client {
		t.Helper()
		c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: key, HTTPClient: &http.Client{Transport: rec}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	client := newClient(sb.APIKey())
	ctx := t.Context()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	// Companies: enough of them, with tags, to need several pages.
	const created = 5
	var ids []string
	for i := range created {
		co, err := client.CreateCompany(ctx, api.CompanyRequest{
			Name:        fmt.Sprintf("Conformance Trading %d", i),
			Description: "Created by the contract test",
			Tags:        map[string]string{"uid": fmt.Sprintf("conf-%d", i), "region": "uk"},
		})
		must("create company", err)
		ids = append(ids, co.ID)
	}
	all, err := client.ListCompanies(ctx, api.ListCompaniesParams{PageSize: 2})
	must("list companies", err)
	if len(all) < created {
		t.Errorf("list companies: got %d, want at least %d", len(all), created)
	}
	filtered, err := client.ListCompanies(ctx, api.ListCompaniesParams{
		Query: "name~Conformance", Tags: "region=uk", OrderBy: "-created", PageSize: 2,
	})
	must("list companies filtered", err)
	if len(filtered) != created {
		t.Errorf("list companies filtered: got %d, want %d", len(filtered), created)
	}
	found, err := client.SearchCompanies(ctx, "Conformance Trading 1")
	must("search companies", err)
	if len(found) == 0 || found[0].ID != ids[1] {
		t.Errorf("search companies: want %s first, got %v", ids[1], found)
	}
	companyID := ids[0]
	_, err = client.GetCompany(ctx, companyID)
	must("get company", err)
	description := "Updated by the contract test"
	tags := map[string]string{"uid": "conf-0", "region": "us"}
	_, err = client.UpdateCompany(ctx, companyID, api.CompanyUpdate{Description: &description, Tags: &tags})
	must("update company", err)
	reusedCo, reused, err := client.FindOrCreateCompany(ctx, "Conformance Trading 2", "conf-2")
	must("find or create company (existing)", err)
	if !reused || reusedCo.ID != ids[2] {
		t.Errorf("find or create company: got %s reused=%v, want %s reused", reusedCo.ID, reused, ids[2])
	}
	fresh, reused, err := client.FindOrCreateCompany(ctx, "Conformance Newcomer", "conf-new")
	must("find or create company (new)", err)
	if reused {
		t.Errorf("find or create company: a new business was matched to %s", fresh.ID)
	}
	ids = append(ids, fresh.ID)

	// Integrations.
	for _, st := range []api.SourceType{api.Accounting, api.Banking, api.Commerce} {
		list, err := client.ListIntegrations(ctx, st, true)
		must("list integrations "+string(st), err)
		if len(list) == 0 {
			t.Errorf("list integrations %s: none enabled", st)
		}
	}
	_, err = client.GetIntegration(ctx, "mqjo")
	must("get integration", err)
	_, err = client.GetBranding(ctx, "gbol")
	must("get branding", err)

	// Connections: create, read, link, unlink, delete.
	conn, err := client.CreateConnection(ctx, companyID, "mqjo")
	must("create connection", err)
	_, err = client.GetConnection(ctx, companyID, conn.ID)
	must("get connection", err)
	_, err = client.ListConnections(ctx, companyID)
	must("list connections", err)
	must("authorize in the sandbox", sb.Authorize(companyID, conn.ID))
	_, err = client.GetCompany(ctx, companyID) // now with a linked connection inside
	must("get linked company", err)
	_, err = client.DataStatus(ctx, companyID)
	must("data status", err)
	unlinked, err := client.UnlinkConnection(ctx, companyID, conn.ID)
	must("unlink connection", err)
	if unlinked.Status != api.Unlinked {
		t.Errorf("unlink connection: status %q", unlinked.Status)
	}
	_, err = client.ListConnections(ctx, companyID)
	must("list connections after unlink", err)
	must("delete connection", client.DeleteConnection(ctx, companyID, conn.ID))
	if _, err := client.GetConnection(ctx, companyID, conn.ID); !api.IsNotFound(err) {
		t.Errorf("get deleted connection: want not found, got %v", err)
	}

	// Errors: an unknown company and a wrong key.
	if _, err := client.GetCompany(ctx, "846ed55c-974b-4392-a1f1-87b6fdbf3c5e"); !api.IsNotFound(err) {
		t.Errorf("get unknown company: want not found, got %v", err)
	}
	if _, err := newClient("not-the-key").ListCompanies(ctx, api.ListCompaniesParams{}); !api.IsUnauthorized(err) {
		t.Errorf("list companies with a wrong key: want unauthorized, got %v", err)
	}

	// Clean up the companies, then webhook consumers (last, so no event is
	// queued for the endpoint after it is gone).
	for _, id := range ids {
		must("delete company", client.DeleteCompany(ctx, id))
	}
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	t.Cleanup(endpoint.Close)
	consumer, err := client.CreateWebhookConsumer(ctx, api.WebhookConsumer{
		URL: endpoint.URL + "/codat", EventTypes: []string{"connection.connected", "read.completed.initial"},
		CompanyTags: []string{"region:uk"},
	})
	must("create webhook consumer", err)
	consumers, err := client.ListWebhookConsumers(ctx)
	must("list webhook consumers", err)
	if !slices.ContainsFunc(consumers, func(c api.WebhookConsumer) bool { return c.ID == consumer.ID }) {
		t.Errorf("list webhook consumers: %s missing", consumer.ID)
	}
	must("delete webhook consumer", client.DeleteWebhookConsumer(ctx, consumer.ID))

	// Now the contract.
	exchanges := rec.Exchanges()
	covered := map[string]bool{}
	statuses := map[int]bool{}
	pagedRequests := 0
	for _, e := range exchanges {
		if err := spec.ValidateExchange(e); err != nil {
			t.Errorf("%v", err)
		}
		if id, err := spec.OperationID(e.Method, e.Path); err == nil {
			covered[id] = true
			if id == "list-companies" && e.Query.Get("page") != "" && e.Query.Get("page") != "1" {
				pagedRequests++
			}
		}
		statuses[e.Status] = true
	}
	for _, id := range []string{
		"list-companies", "create-company", "get-company", "update-company", "delete-company",
		"list-connections", "create-connection", "get-connection", "unlink-connection", "delete-connection",
		"list-integrations", "get-integration", "get-integrations-branding", "get-company-data-status",
		"list-webhook-consumers", "create-webhook-consumer", "delete-webhook-consumer",
	} {
		if !covered[id] {
			t.Errorf("operation %s was never exercised", id)
		}
	}
	for _, status := range []int{http.StatusUnauthorized, http.StatusNotFound} {
		if !statuses[status] {
			t.Errorf("no %d response was recorded", status)
		}
	}
	if pagedRequests == 0 {
		t.Error("list companies never fetched a second page")
	}
	t.Logf("checked %d exchanges covering %d operations", len(exchanges), len(covered))
}
