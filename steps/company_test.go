package steps_test

import (
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/guard"
	"github.com/onboardcli/onboard/steps"
)

// TestCreateCompanyCalls: what a create costs, by what is already known.
func TestCreateCompanyCalls(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	client, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	c := guard.New(client, guard.NewLocks(t.TempDir(), 0))
	ctx := t.Context()
	cost := func(req steps.CompanyRequest) (int, bool) {
		t.Helper()
		before := client.Calls().Total
		co, reused, err := steps.CreateCompany(ctx, c, req)
		if err != nil || co.ID == "" {
			t.Fatalf("%+v: %v", req, err)
		}
		return client.Calls().Total - before, reused
	}
	if n, _ := cost(steps.CompanyRequest{Name: "Acme Ltd", UID: "u1", Fresh: true, SearchedAt: time.Now()}); n != 1 {
		t.Errorf("a first create after the search for its name cost %d calls, want 1", n)
	}
	if n, _ := cost(steps.CompanyRequest{Name: "Acme Ltd", UID: "u2", New: true, Fresh: true}); n != 1 {
		t.Errorf("a first confirmed create cost %d calls, want 1", n)
	}
	// A repeat after a lost answer looks for its uid first, and finds what
	// the first attempt made.
	n, reused := cost(steps.CompanyRequest{Name: "Acme Ltd", UID: "u1"})
	if n != 1 || !reused {
		t.Errorf("a repeat cost %d calls, reused=%v; want 1 call finding the company tagged u1", n, reused)
	}
	if n, _ := cost(steps.CompanyRequest{Name: "Acme Ltd", UID: "u2", New: true}); n != 1 {
		t.Errorf("a repeated confirmed create cost %d calls, want the one look that finds it", n)
	}
	all, err := client.ListCompanies(ctx, api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Errorf("%d companies, want 2 (one per uid)", len(all))
	}
}
