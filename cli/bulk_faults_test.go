package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestBulkUnderFaultsMakesNoDuplicate has Codat fail creates in every way
// the sandbox can (refused, dropped, done then refused, done then
// unanswered) in both profiles: each business still ends with one company
// and, per platform, one connection.
func TestBulkUnderFaultsMakesNoDuplicate(t *testing.T) {
	t.Parallel()
	faults := map[string]func(*sandbox.Server, string){
		"503":           func(s *sandbox.Server, r string) { s.FailNext(r, 3, http.StatusServiceUnavailable) },
		"dropped":       func(s *sandbox.Server, r string) { s.DropNext(r, 3) },
		"done then 429": func(s *sandbox.Server, r string) { s.ActThenFailNext(r, 3, http.StatusTooManyRequests) },
		"done then 502": func(s *sandbox.Server, r string) { s.ActThenFailNext(r, 3, http.StatusBadGateway) },
	}
	for name, inject := range faults {
		for _, strict := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s strict=%v", name, strict), func(t *testing.T) {
				t.Parallel()
				h := newHarness(t, sandbox.Options{Strict: strict})
				var b strings.Builder
				b.WriteString("company,platform\n")
				for i := 1; i <= 12; i++ {
					fmt.Fprintf(&b, "Fault %02d Ltd,gbol\nFAULT %02d LTD,\n", i, i)
				}
				path := filepath.Join(t.TempDir(), "f.csv")
				os.WriteFile(path, []byte(b.String()), 0o600)
				routes := []string{"POST /companies", "POST /companies/{companyId}/connections"}
				for _, route := range routes {
					inject(h.sb, route)
				}
				r := h.run("", "bulk", path, "--json")
				for _, route := range routes {
					if n := h.sb.FaultsLeft(route); n != 0 {
						t.Fatalf("%d faults on %s were not served: the run shows nothing", n, route)
					}
				}
				res := bulkLines(t, r)
				if len(res) != 24 {
					t.Fatalf("%d lines, want 24\n%s", len(res), r.stderr)
				}
				// A row that failed for good is tried again by a second run.
				if r.code != exitPending {
					r = h.run("", "bulk", path, "--json")
					wantCode(t, r, exitPending)
				}
				assertOneOfEach(t, h, 12)
			})
		}
	}
}

// assertOneOfEach checks Codat holds n companies, each with at most one
// connection.
func assertOneOfEach(t *testing.T, h *harness, n int) {
	t.Helper()
	c := h.client()
	all := listAll(t, h)
	if len(all) != n {
		t.Fatalf("%d companies, want %d", len(all), n)
	}
	for _, co := range all {
		conns, err := c.ListConnections(t.Context(), co.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(conns) != 1 {
			t.Errorf("%s has %d connections, want 1", co.Name, len(conns))
		}
	}
}
