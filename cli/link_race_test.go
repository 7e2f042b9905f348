package cli

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// TestParallelLinksMakeOneCompanyAndOneConnection runs ten link commands at
// once for one business, each its own onboard (a separate app) sharing the
// state directory, as ten terminals or a script's parallel jobs would, with
// invites for the same business among them: one company, one connection.
func TestParallelLinksMakeOneCompanyAndOneConnection(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	// A slower search widens the gap between looking and creating, where
	// runs without the lock make their own company.
	h.sb.SetLatency("GET /companies", 20*time.Millisecond)
	const runs = 10
	results := make([]result, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() {
			args := []string{"link", "--company", "Parallel Ltd", "--platform", "mqjo", "--json"}
			if i%4 == 3 {
				args = []string{"invite", "--company", "parallel  ltd", "--to", "jane@firm.example", "--json"}
			}
			results[i] = h.runContext(t.Context(), "", nil, args...)
		})
	}
	wg.Wait()
	var companyID, connectionID string
	for i, r := range results {
		wantCode(t, r, exitOK)
		if i%4 == 3 {
			continue
		}
		res := decode[linkResult](t, r)
		if companyID == "" {
			companyID, connectionID = res.CompanyID, res.ConnectionID
		}
		if res.CompanyID != companyID || res.ConnectionID != connectionID {
			t.Errorf("run %d: company %s connection %s, want %s and %s like the others", i, res.CompanyID, res.ConnectionID, companyID, connectionID)
		}
	}
	assertOneCompanyOneConnection(t, h, "Parallel Ltd")
}

// TestLinkAfterACreateAnsweredTooManyRequests has Codat make the company
// or the connection and then answer 429: the command looks, finds it, and
// sends nothing twice.
func TestLinkAfterACreateAnsweredTooManyRequests(t *testing.T) {
	t.Parallel()
	for _, route := range []string{"POST /companies", "POST /companies/{companyId}/connections"} {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			h.sb.ActThenFailNext(route, 1, 429)
			r := h.run("", "link", "--company", "Busy Ltd", "--platform", "mqjo", "--json")
			wantCode(t, r, exitOK)
			if n := h.sb.FaultsLeft(route); n != 0 {
				t.Fatalf("the fault was not served (%d left)", n)
			}
			if n := h.sb.Requests()[route]; n != 1 {
				t.Errorf("%s sent %d times, want once", route, n)
			}
			assertOneCompanyOneConnection(t, h, "Busy Ltd")
		})
	}
}

// assertOneCompanyOneConnection checks Codat holds one company of the name,
// with one connection.
func assertOneCompanyOneConnection(t *testing.T, h *harness, name string) {
	t.Helper()
	c := h.client()
	all, err := c.ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || !strings.EqualFold(all[0].Name, name) {
		t.Fatalf("%d companies (%+v), want one named %q", len(all), all, name)
	}
	conns, err := c.ListConnections(t.Context(), all[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(conns) != 1 {
		t.Fatalf("%d connections, want 1: %+v", len(conns), conns)
	}
}
