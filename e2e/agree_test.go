package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// The journey and the commands take their decisions from one place; these
// tests run the TUI and a command on one sandbox and check they agree.

// A name pasted with a non-breaking space is one business to the TUI and to
// `onboard link`: the command finds the company the journey made.
func TestAgreeOnANameWithANonBreakingSpace(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
		c := startSandbox(t, opts)
		typed := "Nbsp\u00a0Trading Ltd"
		tt := startTTY(t, c.env(t), 100, 30)
		tt.WaitFor(step, titleCompany)
		tt.Type(typed)
		tt.WaitFor(step, `Create a new company "`)
		tt.Send(keyEnter)
		tt.WaitFor(step, titleConsent)
		tt.Send(keyCtrlC)
		if code := tt.Wait(exitWait); code != exitInterrupted {
			t.Fatalf("the journey exited %d, want %d", code, exitInterrupted)
		}
		made := c.onlyCompany(t, "Nbsp Trading Ltd")

		res := newScript(t, c).run(t, "link", "--company", typed, "--json")
		if res.code != 0 {
			t.Fatalf("link exited %d: %s", res.code, res.stderr)
		}
		var out struct {
			CompanyID     string `json:"company_id"`
			CompanyReused bool   `json:"company_reused"`
		}
		if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
			t.Fatalf("link --json: %v\n%s", err, res.stdout)
		}
		if out.CompanyID != made.ID || !out.CompanyReused {
			t.Errorf("link used company %s (reused %v), want the journey's %s", out.CompanyID, out.CompanyReused, made.ID)
		}
		all, err := c.client.ListCompanies(t.Context(), api.ListCompaniesParams{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 {
			t.Errorf("the sandbox holds %d companies, want 1: %+v", len(all), all)
		}
	})
}

// An accounting invite with no platform picked yet stays pending, for the
// TUI's check and for `onboard status`, when the company's banking
// connection links: only a connection of its own category answers it.
func TestAgreeOnAPendingInviteWhenAnotherCategoryLinks(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
		c := startSandbox(t, opts)
		sc := newScript(t, c)
		res := sc.run(t, "invite", "--company", "Split Ltd", "--to", "jane@firm.example", "--from", "Sam Lee", "--print", "text")
		if res.code != 0 && res.code != 3 {
			t.Fatalf("invite exited %d: %s", res.code, res.stderr)
		}
		co := c.onlyCompany(t, "Split Ltd")
		bank, err := c.client.CreateConnection(t.Context(), co.ID, "suuo")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.sb.Authorize(co.ID, bank.ID); err != nil {
			t.Fatal(err)
		}

		// The check answers slowly enough to be seen under way, so the answer
		// read below is the check's, not the one noted when the invite was made.
		c.sb.SetLatency("GET /companies/{companyId}/connections", time.Second)
		tt := startTTY(t, sc.env, 100, 30)
		tt.WaitFor(step, "r: check now")
		tt.Send("r")
		tt.WaitFor(step, "checking with Codat")
		screen := tt.WaitForAny(step, "still waiting: waiting to be authorized, checked", "✓ linked")
		if !strings.Contains(screen, "still waiting: waiting to be authorized, checked") {
			t.Errorf("the journey's check calls the invite linked:\n%s", screen)
		}
		tt.Send(keyCtrlC)
		tt.Wait(exitWait)
		if st := sc.run(t, "status", "--json"); st.code != 3 || !strings.Contains(st.stdout, `"status": "PendingAuth"`) {
			t.Errorf("status after the journey's check: exit %d, want 3 with the invite still PendingAuth:\n%s\n%s", st.code, st.stdout, st.stderr)
		}
	})
}
