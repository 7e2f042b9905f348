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
	cases := []struct {
		name    string
		opts    sandbox.Options
		fault   func(sb *sandbox.Server)
		route   string                        // the route fault sets a knob on
		reach   func(tt *tty, company string) // the screen before the fault, run clean
		trigger func(tt *tty, company string) // the keys that make the failing call
		message string                        // on screen with the problem (a reset may heal unseen)
		retryTo string                        // on screen after "r"
		path    string                        // "authorize": check the connections
		// heal, for a call made ahead of the screen that needs it: the
		// fault is set before that screen, lasts until the person meets
		// the problem, and is then removed for "r".
		heal func(sb *sandbox.Server)
	}{
		{name: "search 500", route: "GET /companies", fault: func(sb *sandbox.Server) { sb.FailNext("GET /companies", attempts, 500) },
			reach: typeAllButLast, trigger: typeLast, message: "searching for the company", retryTo: "Create a new company"},
		{name: "search reset", route: "GET /companies", fault: func(sb *sandbox.Server) { sb.DropNext("GET /companies", attempts) },
			reach: typeAllButLast, trigger: typeLast, message: "searching for the company", retryTo: "Create a new company"},
		{name: "search 429 short", route: "GET /companies", fault: func(sb *sandbox.Server) { sb.FailNext("GET /companies", attempts, 429) },
			reach: typeAllButLast, trigger: typeLast, message: "rate limit", retryTo: "Create a new company"},
		{name: "search 429 long", opts: sandbox.Options{RateLimit: 3},
			reach: func(tt *tty, _ string) { tt.WaitFor(step, titleCompany) }, trigger: typeUntilProblem, message: "Try again after"},
		{name: "create 503", route: "POST /companies", fault: func(sb *sandbox.Server) { sb.FailNext("POST /companies", 1, 503) },
			reach: typeAll, trigger: pressEnter, message: "setting up the company", retryTo: titleConsent},
		{name: "create reset", route: "POST /companies", fault: func(sb *sandbox.Server) { sb.DropNext("POST /companies", 1) },
			reach: typeAll, trigger: pressEnter, message: "setting up the company", retryTo: titleConsent},
		{name: "create truncated", route: "POST /companies", fault: func(sb *sandbox.Server) { sb.TruncateNext("POST /companies", 1) },
			reach: typeAll, trigger: pressEnter, retryTo: titleConsent},
		// The platforms are fetched as the consent screen shows.
		{name: "platforms 503", route: "GET /integrations", fault: func(sb *sandbox.Server) { sb.FailNext("GET /integrations", lasting, 503) },
			heal:  func(sb *sandbox.Server) { sb.FailNext("GET /integrations", 0, 503) },
			reach: typeAll, trigger: enterToPlatforms, message: "loading the platforms", retryTo: "Codat Sandbox"},
		{name: "platforms reset", route: "GET /integrations", fault: func(sb *sandbox.Server) { sb.DropNext("GET /integrations", lasting) },
			heal:  func(sb *sandbox.Server) { sb.DropNext("GET /integrations", 0) },
			reach: typeAll, trigger: enterToPlatforms, message: "loading the platforms", retryTo: "Codat Sandbox"},
		{name: "connection 500", route: "POST /companies/{companyId}/connections", fault: func(sb *sandbox.Server) { sb.FailNext("POST /companies/{companyId}/connections", 1, 500) },
			reach: (*tty).toSignIn, trigger: pressEnter, message: "preparing the link",
			retryTo: "Waiting for you to approve", path: "authorize"},
		// The connection made before the answer was cut off is found by
		// looking again: no problem to show.
		{name: "connection truncated", route: "POST /companies/{companyId}/connections", fault: func(sb *sandbox.Server) { sb.TruncateNext("POST /companies/{companyId}/connections", 1) },
			reach: (*tty).toSignIn, trigger: pressEnter,
			retryTo: "Waiting for you to approve", path: "authorize"},
		{name: "connection 429 after acting", route: "POST /companies/{companyId}/connections", fault: func(sb *sandbox.Server) { sb.ActThenFailNext("POST /companies/{companyId}/connections", 1, 429) },
			reach: (*tty).toSignIn, trigger: pressEnter,
			retryTo: "Waiting for you to approve", path: "authorize"},
		{name: "create 429 after acting", route: "POST /companies", fault: func(sb *sandbox.Server) { sb.ActThenFailNext("POST /companies", 1, 429) },
			reach: typeAll, trigger: pressEnter, retryTo: titleConsent},
		// The Hosted Link is fetched as "Can you sign in?" shows.
		{name: "hosted link 500", route: "GET /companies/{companyId}", fault: func(sb *sandbox.Server) { sb.FailNext("GET /companies/{companyId}", lasting, 500) },
			heal:  func(sb *sandbox.Server) { sb.FailNext("GET /companies/{companyId}", 0, 500) },
			reach: toPlatformFiltered, trigger: enterToHandOn, message: "fetching the Hosted Link", retryTo: titleDelegate},
		{name: "hosted link reset", route: "GET /companies/{companyId}", fault: func(sb *sandbox.Server) { sb.DropNext("GET /companies/{companyId}", lasting) },
			heal:  func(sb *sandbox.Server) { sb.DropNext("GET /companies/{companyId}", 0) },
			reach: toPlatformFiltered, trigger: enterToHandOn, message: "fetching the Hosted Link", retryTo: titleDelegate},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, tc.opts, func(t *testing.T, opts sandbox.Options) {
				c := startSandbox(t, opts)
				company := "Fault " + strings.ReplaceAll(tc.name, " ", "")
				tt := startTTY(t, c.env(t), 120, 40)
				tc.reach(tt, company)
				if tc.fault != nil {
					tc.fault(c.sb)
				}
				tc.trigger(tt, company)
				if tc.heal != nil {
					tt.WaitFor(step, problemPrefix)
					if left := c.sb.FaultsLeft(tc.route); left >= lasting {
						t.Fatalf("the problem shows, but no fault was served (%d left)", left)
					}
					tc.heal(c.sb)
				} else if tc.fault != nil {
					// The fault must really have been served, or this case
					// would pass as a clean run.
					waitUntil(t, step, "the fault to be served", func() bool { return c.sb.FaultsLeft(tc.route) == 0 })
				}
				if tc.message != "" && !strings.HasSuffix(tc.name, "reset") {
					tt.WaitFor(step, problemPrefix)
				}
				// Go's transport resends a GET on its own when a kept-alive
				// connection dies unanswered, so a reset may heal unseen.
				if s := tt.WaitForAny(step, problemPrefix, tc.retryTo); tc.message != "" && strings.Contains(s, problemPrefix) {
					if !strings.Contains(strings.ToLower(strings.Join(strings.Fields(s), " ")), strings.ToLower(tc.message)) {
						t.Errorf("the problem does not say %q:\n%s", tc.message, s)
					}
					if tc.retryTo == "" {
						tt.Send(keyCtrlC)
						if code := tt.Wait(exitWait); code != exitInterrupted {
							t.Errorf("exit code %d, want %d", code, exitInterrupted)
						}
						return
					}
					tt.Send("r")
				}
				tt.WaitFor(step, tc.retryTo)
				tt.Send(keyCtrlC)
				if code := tt.Wait(exitWait); code != exitInterrupted {
					t.Errorf("exit code %d, want %d", code, exitInterrupted)
				}
				assertRestored(t, tt)
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
		})
	}
}

// lasting is a fault's count that outlasts every attempt of a journey.
const lasting = 1000

// enterToPlatforms creates the company typed, accepts, and chooses
// accounting.
func enterToPlatforms(tt *tty, _ string) {
	tt.t.Helper()
	tt.Send(keyEnter)
	tt.WaitFor(step, titleConsent)
	tt.Send(keyEnter)
	tt.WaitFor(step, titleCategory)
	tt.Send(keyEnter)
}

// toPlatformFiltered is the platform list filtered to Codat Sandbox.
func toPlatformFiltered(tt *tty, company string) {
	tt.t.Helper()
	tt.toPlatform(company)
	tt.WaitFor(step, "Codat Sandbox")
	tt.Type("mqjo")
	tt.WaitFor(step, "Filter: mqjo")
}

// enterToHandOn picks the platform and answers that someone else signs in.
func enterToHandOn(tt *tty, _ string) {
	tt.t.Helper()
	tt.Send(keyEnter)
	tt.WaitFor(step, titleSignIn)
	tt.Send(keyDown, keyEnter)
}

// waitUntil polls cond until it holds, failing the test after timeout.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// typeAllButLast types all of the name but its last letter and waits for
// the search for that to be answered, so no earlier search can take the
// fault meant for the next one.
func typeAllButLast(tt *tty, company string) {
	tt.t.Helper()
	tt.WaitFor(step, titleCompany)
	typed := company[:len(company)-1]
	tt.Type(typed)
	tt.WaitUntil(step, "answer the search for "+typed, searchedFor(typed))
}

func typeLast(tt *tty, company string) { tt.Type(company[len(company)-1:]) }

func typeAll(tt *tty, company string) {
	tt.t.Helper()
	tt.WaitFor(step, titleCompany)
	tt.Type(company)
	tt.WaitUntil(step, "answer the search for "+company, searchedFor(company))
}

// typeUntilProblem types the name a letter at a time, each one searched
// for before the next, until a problem is shown.
func typeUntilProblem(tt *tty, company string) {
	tt.t.Helper()
	for i, r := range company {
		tt.Type(string(r))
		typed := company[:i+len(string(r))]
		if r == ' ' {
			continue // a trailing space changes nothing on screen to wait for
		}
		answered := searchedFor(typed)
		s := tt.WaitUntil(step, "answer the search for "+typed+" or show a problem", func(s string) bool {
			return strings.Contains(s, problemPrefix) || answered(s)
		})
		if strings.Contains(s, problemPrefix) {
			return
		}
	}
}

func pressEnter(tt *tty, _ string) { tt.Send(keyEnter) }
