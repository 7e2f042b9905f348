package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestFaultsInTheJourney injects Codat failures at each step of both paths
// and checks what a person sees and what is left in Codat: a clear message,
// "r" recovers, and no company or connection is made twice.
func TestFaultsInTheJourney(t *testing.T) {
	t.Parallel()
	const attempts = 4 // the client's attempts per idempotent call
	type fault func(sb *sandbox.Server)
	cases := []struct {
		name    string
		opts    sandbox.Options
		fault   fault
		reach   func(tt *tty, company string) // up to the screen the fault shows on
		message string                        // on screen with the problem
		retryTo string                        // on screen after "r"
		path    string                        // "authorize" or "delegate": check connections
	}{
		{name: "search 500", fault: func(sb *sandbox.Server) { sb.FailNext("GET /companies", attempts, 500) },
			reach: typeName, message: "searching for the company", retryTo: "Create a new company"},
		{name: "search reset", fault: func(sb *sandbox.Server) { sb.DropNext("GET /companies", attempts) },
			reach: typeName, message: "searching for the company", retryTo: "Create a new company"},
		{name: "search 429 short", fault: func(sb *sandbox.Server) { sb.FailNext("GET /companies", attempts, 429) },
			reach: typeName, message: "rate limit", retryTo: "Create a new company"},
		{name: "search 429 long", opts: sandbox.Options{RateLimit: 2},
			reach: typeName, message: "Try again after"},
		{name: "create 503", fault: func(sb *sandbox.Server) { sb.FailNext("POST /companies", 1, 503) },
			reach: createCompany, message: "setting up the company", retryTo: titleConsent},
		{name: "create reset", fault: func(sb *sandbox.Server) { sb.DropNext("POST /companies", 1) },
			reach: createCompany, message: "setting up the company", retryTo: titleConsent},
		{name: "create truncated", fault: func(sb *sandbox.Server) { sb.TruncateNext("POST /companies", 1) },
			reach: createCompany, retryTo: titleConsent},
		{name: "platforms 503", fault: func(sb *sandbox.Server) { sb.FailNext("GET /integrations", attempts, 503) },
			reach: func(tt *tty, co string) { tt.toCategory(co); tt.Send(keyEnter) }, message: "loading the platforms", retryTo: "Codat Sandbox"},
		{name: "connection 500", fault: func(sb *sandbox.Server) { sb.FailNext("POST /companies/{companyId}/connections", 1, 500) },
			reach: func(tt *tty, co string) { tt.toSignIn(co); tt.Send(keyEnter) }, message: "preparing the link",
			retryTo: "Authorize Codat Sandbox", path: "authorize"},
		{name: "connection truncated", fault: func(sb *sandbox.Server) { sb.TruncateNext("POST /companies/{companyId}/connections", 1) },
			reach: func(tt *tty, co string) { tt.toSignIn(co); tt.Send(keyEnter) }, message: "preparing the link",
			retryTo: "Authorize Codat Sandbox", path: "authorize"},
		{name: "hosted link 500", fault: func(sb *sandbox.Server) { sb.FailNext("GET /companies/{companyId}", attempts, 500) },
			reach: func(tt *tty, co string) { tt.toSignIn(co); tt.Send(keyDown, keyEnter) }, message: "fetching the Hosted Link",
			retryTo: titleDelegate, path: "delegate"},
		{name: "hosted link reset", fault: func(sb *sandbox.Server) { sb.DropNext("GET /companies/{companyId}", attempts) },
			reach: func(tt *tty, co string) { tt.toSignIn(co); tt.Send(keyDown, keyEnter) }, message: "fetching the Hosted Link",
			retryTo: titleDelegate, path: "delegate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := startSandbox(t, tc.opts)
			company := "Fault " + strings.ReplaceAll(tc.name, " ", "")
			tt := startTTY(t, c.env(t), 120, 40)
			armed := false
			arm := func() {
				if !armed && tc.fault != nil {
					tc.fault(c.sb)
				}
				armed = true
			}
			// Faults on the search and create arm before typing; later ones
			// once the company exists, so the steps before them run clean.
			if strings.HasPrefix(tc.name, "search") || strings.HasPrefix(tc.name, "create") {
				arm()
			} else {
				tt.toConsent(company)
				tt.Send(keyEsc)
				tt.WaitFor(step, titleCompany)
				tt.Send(keyCtrlC)
				tt.Wait(5 * time.Second)
				arm()
				tt = startTTY(t, c.env(t), 120, 40)
			}
			tc.reach(tt, company)
			if tc.message != "" {
				s := tt.WaitFor(step, problemPrefix)
				if !strings.Contains(strings.ToLower(strings.Join(strings.Fields(s), " ")), strings.ToLower(tc.message)) {
					t.Errorf("the problem does not say %q:\n%s", tc.message, s)
				}
				if tc.retryTo == "" {
					tt.Send(keyCtrlC)
					if code := tt.Wait(5 * time.Second); code != exitInterrupted {
						t.Errorf("exit code %d, want %d", code, exitInterrupted)
					}
					return
				}
				tt.Send("r")
			}
			tt.WaitFor(step, tc.retryTo)
			tt.Send(keyCtrlC)
			if code := tt.Wait(5 * time.Second); code != exitInterrupted {
				t.Errorf("exit code %d, want %d", code, exitInterrupted)
			}
			if strings.HasPrefix(tc.name, "search") {
				return // nothing was created
			}
			co := c.onlyCompany(t, company)
			if tc.path == "authorize" {
				if n := c.pendingConnections(t, co.ID, "mqjo"); n != 1 {
					t.Errorf("%d pending Codat Sandbox connections after the retry, want 1 (a retry must reuse the first)", n)
				}
			}
		})
	}
}

func typeName(tt *tty, company string) {
	tt.WaitFor(step, titleCompany)
	tt.Type(company)
}

func createCompany(tt *tty, company string) {
	typeName(tt, company)
	tt.WaitFor(step, `Create a new company "`+company+`"`)
	tt.Send(keyEnter)
}
