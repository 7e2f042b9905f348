package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestStatusWaitFollowsAWholeBatch sends three invites with `onboard bulk`
// and waits for them with `onboard status --wait`, in both profiles: each
// is reported as it links, and not before, and the wait ends with exit 0
// once all three have, leaving nothing pending.
func TestStatusWaitFollowsAWholeBatch(t *testing.T) {
	t.Parallel()
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{Strict: strict})
			path := filepath.Join(t.TempDir(), "batch.csv")
			csv := "company,platform,to\nAlder Ltd,gbol,a@alder.example\nBeech Ltd,gbol,b@beech.example\nCedar Ltd,gbol,c@cedar.example\n"
			if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
				t.Fatal(err)
			}
			rows := bulkLines(t, h.run("", "bulk", path, "--json", "--out", t.TempDir()))
			if len(rows) != 3 {
				t.Fatalf("%d rows", len(rows))
			}
			d := h.direct("")
			ended := make(chan result, 1)
			go func() {
				err := runStatus(t.Context(), &statusOptions{app: d.app, Wait: true, JSON: true, Timeout: time.Minute, pollStart: 20 * time.Millisecond})
				ended <- d.result(err)
			}()
			waitFor(t, d.stderr, "Waiting for 3 pending onboardings")
			if err := h.sb.Authorize(rows[1].CompanyID, rows[1].ConnectionID); err != nil {
				t.Fatal(err)
			}
			waitFor(t, d.stderr, "Linked: Beech Ltd is connected to Xero.")
			if s := d.stderr.String(); strings.Contains(s, "Alder Ltd") || strings.Contains(s, "Cedar Ltd") {
				t.Fatalf("an invite not signed in to was reported:\n%s", s)
			}
			for _, r := range []int{0, 2} {
				if err := h.sb.Authorize(rows[r].CompanyID, rows[r].ConnectionID); err != nil {
					t.Fatal(err)
				}
			}
			var r result
			select {
			case r = <-ended:
			case <-time.After(time.Minute):
				t.Fatalf("the wait did not end:\n%s", d.stderr.String())
			}
			wantCode(t, r, 0)
			if !strings.Contains(r.stderr, "3 linked, 0 can no longer link, 0 still pending.") {
				t.Errorf("totals missing:\n%s", r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			if len(lines) != 3 {
				t.Fatalf("%d JSON lines, want one per invite:\n%s", len(lines), r.stdout)
			}
			var first waitResult
			if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.CompanyName != "Beech Ltd" || first.Outcome != "linked" {
				t.Errorf("first line %+v (%v), want Beech Ltd linked", first, err)
			}
			wantCode(t, h.run("", "status"), 0)
		})
	}
}

// TestStatusWaitOnABatchSaysWhichCanNoLongerLink revokes one invite's
// access after it linked: the wait says so and exits 1.
func TestStatusWaitOnABatchSaysWhichCanNoLongerLink(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	path := filepath.Join(t.TempDir(), "batch.csv")
	if err := os.WriteFile(path, []byte("company,platform,to\nAlder Ltd,gbol,a@alder.example\nBeech Ltd,gbol,b@beech.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rows := bulkLines(t, h.run("", "bulk", path, "--json", "--out", t.TempDir()))
	for i, r := range rows {
		if err := h.sb.Authorize(r.CompanyID, r.ConnectionID); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := h.sb.Deauthorize(r.CompanyID, r.ConnectionID); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := h.run("", "status", "--wait", "--timeout", "1m")
	wantCode(t, r, exitError)
	for _, want := range []string{"Alder Ltd: Xero can no longer link", "Linked: Beech Ltd is connected to Xero.", "1 linked, 1 can no longer link, 0 still pending."} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
}
