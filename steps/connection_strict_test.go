package steps

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestPrepareConnectionFindsWhatAnUnclearCreateMade has Codat make the
// connection and answer the create with a 5xx, a 429 or nothing, in both
// profiles (the strict one leaves integrationKey out of connections), or
// cut its answer off: the
// look that follows finds the connection by the catalogue's integration,
// as the chooser does, so there is one connection, the one returned, and
// the create was sent once.
func TestPrepareConnectionFindsWhatAnUnclearCreateMade(t *testing.T) {
	t.Parallel()
	const route = "POST /companies/{companyId}/connections"
	faults := map[string]func(*sandbox.Server){
		"done then 429": func(sb *sandbox.Server) { sb.ActThenFailNext(route, 1, http.StatusTooManyRequests) },
		"done then 502": func(sb *sandbox.Server) { sb.ActThenFailNext(route, 1, http.StatusBadGateway) },
		"done, cut off": func(sb *sandbox.Server) { sb.TruncateNext(route, 1) },
	}
	for name, inject := range faults {
		for _, strict := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s strict=%v", name, strict), func(t *testing.T) {
				t.Parallel()
				sb, c := newSandboxWith(t, sandbox.Options{Strict: strict})
				ctx := t.Context()
				co, _, err := c.FindOrCreateCompany(ctx, "Unclear Ltd", "")
				if err != nil {
					t.Fatal(err)
				}
				xero := platform(t, c, "gbol")
				inject(sb)
				got, err := PrepareConnection(ctx, c, ConnectionRequest{CompanyID: co.ID, Platform: xero})
				if err != nil {
					t.Fatalf("prepare: %v", err)
				}
				conns, err := c.ListConnections(ctx, co.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(conns) != 1 || conns[0].ID != got.Connection.ID {
					t.Fatalf("%d connections (%+v), want the one returned (%s)", len(conns), conns, got.Connection.ID)
				}
				if strict && conns[0].IntegrationKey != "" {
					t.Fatalf("the strict profile gave integrationKey %q: the test shows nothing", conns[0].IntegrationKey)
				}
				calls := sb.Requests()
				if calls[route] != 1 {
					t.Errorf("the create was sent %d times, want 1", calls[route])
				}
				if n := calls["GET /integrations/{platformKey}"]; n != 0 {
					t.Errorf("the integration was asked for %d times: the look should use the catalogue it has", n)
				}
			})
		}
	}
}
