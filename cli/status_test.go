package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

func TestStatusOfACompany(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))

		r := h.run("", "status", "--company", "Acme Ltd", "--json")
		wantCode(t, r, exitPending)
		st := decode[companyStatus](t, r)
		if st.Status != "PendingAuth" || len(st.Connections) != 1 || st.Connections[0].ConnectionID != link.ConnectionID ||
			st.Connections[0].PlatformKey != "gbol" || st.Connections[0].Status != "PendingAuth" || st.DataReady {
			t.Errorf("pending: %+v", st)
		}

		if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
			t.Fatal(err)
		}
		r = h.run("", "status", "--company-id", link.CompanyID, "--json")
		wantCode(t, r, exitOK)
		st = decode[companyStatus](t, r)
		if st.Status != "Linked" || st.Connections[0].Status != "Linked" || st.Connections[0].PlatformKey != "gbol" {
			t.Errorf("linked: %+v", st)
		}
		// The default profile shows the read at once; the strict one, as
		// Codat may, only once it is picked up: until then nothing is ready.
		if len(st.Data) == 0 && (!profile.Strict || st.DataReady) {
			t.Errorf("linked, data: %+v", st)
		}

		human := h.run("", "status", "--company", "Acme Ltd")
		wantCode(t, human, exitOK)
		if !strings.Contains(human.stdout, "Acme Ltd ("+link.CompanyID+"): Linked") || !strings.Contains(human.stdout, "Xero (gbol)") {
			t.Errorf("human status:\n%s", human.stdout)
		}
	})
}

func TestStatusUnknownCompany(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		r := h.run("", "status", "--company", "Nobody Ltd")
		wantCode(t, r, exitError)
		if !strings.Contains(r.stderr, `no company named "Nobody Ltd"`) || !strings.Contains(r.stderr, "onboard link --company 'Nobody Ltd'") {
			t.Errorf("stderr: %s", r.stderr)
		}
	})
}

func TestStatusListsWhatIsPending(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		r := h.run("", "status", "--json")
		wantCode(t, r, exitOK)
		if l := decode[pendingList](t, r); len(l.Pending) != 0 {
			t.Errorf("fresh state: %+v", l)
		}

		link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
		wantCode(t, h.run("", "invite", "--company", "Beta Co", "--to", "jane@firm.example", "--platform", "suuo"), exitOK)

		r = h.run("", "status", "--json")
		wantCode(t, r, exitPending)
		l := decode[pendingList](t, r)
		if len(l.Pending) != 2 || l.BaseURL != h.sb.BaseURL() {
			t.Fatalf("pending: %+v", l)
		}
		byCompany := map[string]pendingView{}
		for _, p := range l.Pending {
			byCompany[p.CompanyName] = p
		}
		if p := byCompany["Acme Ltd"]; p.Path != "authorize" || p.Status != "PendingAuth" || p.ConnectionID != link.ConnectionID {
			t.Errorf("Acme: %+v", p)
		}
		if p := byCompany["Beta Co"]; p.Path != "delegate" || p.Recipient != "jane@firm.example" || p.HandedOnAt == "" || p.HandedOn != "prepared" || p.ConnectionID != "" {
			t.Errorf("Beta: %+v", p)
		}

		// Linked ones drop off the list.
		if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, h.run("", "status"), exitPending)
		r = h.run("", "status", "--json")
		if l := decode[pendingList](t, r); len(l.Pending) != 1 || l.Pending[0].CompanyName != "Beta Co" {
			t.Errorf("after linking Acme: %+v", l)
		}
	})
}

func TestStatusWait(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		webhooks bool
		act      func(h *harness, companyID, connID string) // what the person at the other end does
		args     []string
		code     int
		outcome  string
		stderr   string
	}{
		{"linked, told by webhook", true,
			func(h *harness, co, conn string) { h.sb.Authorize(co, conn) },
			nil, exitOK, "linked", "Linked: Acme Ltd is connected to Xero (via Codat's webhook)"},
		{"cancelled, told by webhook", true,
			func(h *harness, co, conn string) { h.sb.Cancel(co, conn) },
			nil, exitError, "failed", "Linking Xero failed"},
		{"nobody signs in", false,
			func(*harness, string, string) {},
			[]string{"--timeout", "300ms"}, exitPending, "pending", "Still pending after 300ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
				h := newHarness(t, profile)
				var hookArgs []string
				if tc.webhooks {
					hookArgs = h.portalEndpoint(t)
				}
				link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
				stderr := &syncBuffer{}
				done := make(chan result, 1)
				go func() {
					args := append(append(hookArgs, "status", "--company", "Acme Ltd", "--wait", "--json"), tc.args...)
					done <- h.runContext(t.Context(), "", stderr, args...)
				}()
				waitFor(t, stderr, "Waiting for Acme Ltd to link Xero")
				tc.act(h, link.CompanyID, link.ConnectionID)
				var r result
				select {
				case r = <-done:
				case <-time.After(20 * time.Second):
					t.Fatalf("status --wait did not end; stderr:\n%s", stderr.String())
				}
				wantCode(t, r, tc.code)
				res := decode[waitResult](t, r)
				if res.Outcome != tc.outcome || res.ConnectionID != link.ConnectionID || res.PlatformKey != "gbol" {
					t.Errorf("got %+v", res)
				}
				if !strings.Contains(r.stderr, tc.stderr) {
					t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr)
				}
				if tc.webhooks == strings.Contains(r.stderr, "CODAT_WEBHOOK_SECRET is not set") {
					t.Errorf("stderr should say whether webhooks are used:\n%s", r.stderr)
				}
			})
		})
	}
}

func TestStatusWaitInterrupted(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		wantCode(t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol"), exitOK)
		ctx, cancel := context.WithCancel(t.Context())
		stderr := &syncBuffer{}
		done := make(chan result, 1)
		go func() { done <- h.runContext(ctx, "", stderr, "status", "--company", "Acme Ltd", "--wait") }()
		waitFor(t, stderr, "Waiting for")
		cancel()
		r := <-done
		wantCode(t, r, exitInterrupted)
		if !strings.Contains(r.stderr, "Stopped waiting") {
			t.Errorf("stderr: %s", r.stderr)
		}
	})
}

// An invite handed on before a platform was picked is waited on by its
// category: the recipient's first connection of it, whichever platform they
// pick. A connection of another category linking meanwhile does not end it.
func TestStatusWaitOnACategory(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		hookArgs := h.portalEndpoint(t)
		wantCode(t, h.run("", "invite", "--company", "Beta Co", "--to", "jane@firm.example", "--category", "banking"), exitOK)
		stderr := &syncBuffer{}
		done := make(chan result, 1)
		go func() {
			done <- h.runContext(t.Context(), "", stderr, append(hookArgs, "status", "--company", "Beta Co", "--wait", "--json", "--timeout", "20s")...)
		}()
		waitFor(t, stderr, "Waiting for Beta Co")

		// The recipient, through Hosted Link.
		recipient, err := api.New(api.Config{BaseURL: h.sb.BaseURL(), APIKey: h.sb.APIKey()})
		if err != nil {
			t.Fatal(err)
		}
		cos, err := recipient.ListCompanies(t.Context(), api.ListCompaniesParams{Query: "name=Beta Co"})
		if err != nil || len(cos) != 1 {
			t.Fatalf("companies %+v, %v", cos, err)
		}
		linkNew := func(key string) string {
			conn, err := recipient.CreateConnection(t.Context(), cos[0].ID, key)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.sb.Authorize(cos[0].ID, conn.ID); err != nil {
				t.Fatal(err)
			}
			return conn.ID
		}
		linkNew("gbol") // accounting: not what the invite asked for
		bank := linkNew("suuo")

		var r result
		select {
		case r = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("status --wait did not end; stderr:\n%s", stderr.String())
		}
		wantCode(t, r, exitOK)
		if res := decode[waitResult](t, r); res.Outcome != "linked" || res.ConnectionID != bank {
			t.Errorf("got %+v, want the banking connection %s linked", res, bank)
		}
	})
}

func TestStatusWaitNeedsAPlatformBeforeAnyConnection(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		wantCode(t, h.run("", "link", "--company", "Acme Ltd"), exitOK)
		r := h.run("", "status", "--company", "Acme Ltd", "--wait")
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, "pass --platform KEY") {
			t.Errorf("stderr: %s", r.stderr)
		}
	})
}

// waitFor waits until the buffer holds want.
func waitFor(t *testing.T, b *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %q in:\n%s", want, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRunStatus calls the run function with options: pending exits 3 with
// the state as JSON, a wait on a linked connection exits 0, and a name
// with an id is a usage error.
func TestRunStatus(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))

		d := h.direct("")
		r := d.result(runStatus(t.Context(), &statusOptions{app: d.app, Company: "Acme Ltd", JSON: true}))
		wantCode(t, r, exitPending)
		if st := decode[companyStatus](t, r); st.Status != "PendingAuth" || st.CompanyID != link.CompanyID {
			t.Errorf("pending: %+v", st)
		}

		if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
			t.Fatal(err)
		}
		d = h.direct("")
		r = d.result(runStatus(t.Context(), &statusOptions{app: d.app, CompanyID: link.CompanyID, Wait: true, Timeout: time.Minute, JSON: true}))
		wantCode(t, r, exitOK)
		if w := decode[waitResult](t, r); w.Outcome != "linked" || w.ConnectionID != link.ConnectionID {
			t.Errorf("wait: %+v", w)
		}

		d = h.direct("")
		r = d.result(runStatus(t.Context(), &statusOptions{app: d.app, Company: "Acme Ltd", CompanyID: link.CompanyID}))
		wantCode(t, r, exitUsage)
		if r.stdout != "" {
			t.Errorf("a usage error printed on stdout: %s", r.stdout)
		}
	})
}
