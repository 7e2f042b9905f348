package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// Screen titles the journey waits on (assets/screens.tmpl).
const (
	titleCompany  = "Which business are you connecting?"
	titleResume   = "Picking up where you left off"
	titleConsent  = "Before you connect"
	titleCategory = "What would you like to connect?"
	titlePlatform = "Which accounting platform"
	titleSignIn   = "Can you sign in to"
	titleDelegate = "Hand it on"
	problemPrefix = "Something went wrong while"
	searching     = "Looking for companies named like that"
	waitingForYou = "Waiting for you to approve"
	delegateIntro = "Send this link to the person who can sign in"
)

// searchedFor holds for the company screen once the search for exactly
// name has been answered. Any frame that shows name was drawn after the
// last key of it, and from that key until its answer the screen says it is
// searching; so an older frame can never pass for this one.
func searchedFor(name string) func(string) bool {
	return func(s string) bool {
		return strings.Contains(s, `Create a new company "`+name+`"`) && !strings.Contains(s, searching)
	}
}

// step is how long one screen may take to appear. Generous: CI machines
// are slow, and a passing run never waits this long.
const step = 15 * time.Second

// exitWait is how long onboard may take to exit after ctrl+c. On an error
// exit fang asks the terminal for its background colour and waits for the
// answer, which under the race detector on a loaded machine takes seconds.
const exitWait = 10 * time.Second

// codat is a sandbox served on loopback for the binary to use as Codat,
// with a client the test uses to look at its state.
type codat struct {
	sb     *sandbox.Server
	client *api.Client
}

func startSandbox(t *testing.T, opts sandbox.Options) *codat {
	t.Helper()
	sb, err := sandbox.Start(opts)
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	client, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey(), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return &codat{sb: sb, client: client}
}

// env is the environment pointing onboard at this sandbox.
func (c *codat) env(t *testing.T, extra ...string) []string {
	return baseEnv(t, append([]string{"CODAT_BASE_URL=" + c.sb.BaseURL(), "CODAT_API_KEY=" + c.sb.APIKey()}, extra...)...)
}

// companiesNamed lists the sandbox's companies with exactly this name.
func (c *codat) companiesNamed(t *testing.T, name string) []api.Company {
	t.Helper()
	all, err := c.client.ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil {
		t.Fatalf("list the sandbox's companies: %v", err)
	}
	var out []api.Company
	for _, co := range all {
		if co.Name == name {
			out = append(out, co)
		}
	}
	return out
}

// onlyCompany asserts that exactly one company has this name and returns it.
func (c *codat) onlyCompany(t *testing.T, name string) api.Company {
	t.Helper()
	found := c.companiesNamed(t, name)
	if len(found) != 1 {
		t.Fatalf("the sandbox holds %d companies named %q, want exactly 1", len(found), name)
	}
	return found[0]
}

// pendingConnections counts the company's PendingAuth connections to a
// platform.
func (c *codat) pendingConnections(t *testing.T, companyID, platformKey string) int {
	t.Helper()
	conns, err := c.client.ListConnections(t.Context(), companyID)
	if err != nil {
		t.Fatalf("list connections: %v", err)
	}
	// The strict profile leaves integrationKey out, as Codat's contract
	// allows: the integration's id says which platform it is.
	in, err := c.client.GetIntegration(t.Context(), platformKey)
	if err != nil {
		t.Fatalf("get integration %s: %v", platformKey, err)
	}
	n := 0
	for _, conn := range conns {
		ofPlatform := conn.IntegrationKey == platformKey || conn.IntegrationKey == "" && conn.IntegrationID == in.IntegrationID
		if ofPlatform && conn.Status == api.PendingAuth {
			n++
		}
	}
	return n
}

// profiles are the sandbox's two ways of answering: kindly, and as Codat's
// contract and documentation allow at worst (sandbox.Options.Strict).
var profiles = []struct {
	name   string
	strict bool
}{{"default", false}, {"strict", true}}

// eachProfile runs f as a parallel subtest on each profile, with opts.
func eachProfile(t *testing.T, opts sandbox.Options, f func(t *testing.T, opts sandbox.Options)) {
	t.Helper()
	for _, p := range profiles {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			o := opts
			o.Strict = p.strict
			f(t, o)
		})
	}
}

// The journey, one screen at a time. Each waits for the screen it leads to.

// atCompany waits for the company question; the demo shows first what its
// example businesses left waiting, and n starts a new onboarding from there.
func (tt *tty) atCompany() {
	tt.t.Helper()
	if tt.demo {
		tt.WaitFor(step, titleResume, demoInvited)
		tt.Send("n")
	}
	tt.WaitFor(step, titleCompany)
}

func (tt *tty) toConsent(name string) {
	tt.t.Helper()
	tt.atCompany()
	tt.Type(name)
	tt.WaitFor(step, `Create a new company "`+name+`"`)
	tt.Send(keyEnter)
	s := tt.WaitForAny(step, titleConsent, "Press enter again to create", problemPrefix)
	if strings.Contains(s, "Press enter again") {
		tt.Send(keyEnter)
		tt.WaitForAny(step, titleConsent, problemPrefix)
	}
}

func (tt *tty) toCategory(name string) {
	tt.t.Helper()
	tt.toConsent(name)
	tt.WaitFor(step, titleConsent)
	tt.Send(keyEnter)
	tt.WaitFor(step, titleCategory)
}

func (tt *tty) toPlatform(name string) {
	tt.t.Helper()
	tt.toCategory(name)
	tt.Send(keyEnter)
	tt.WaitFor(step, titlePlatform)
}

// toSignIn picks the Codat Sandbox platform (key mqjo).
func (tt *tty) toSignIn(name string) {
	tt.t.Helper()
	tt.toPlatform(name)
	tt.WaitFor(step, "Codat Sandbox")
	tt.Type("mqjo")
	tt.WaitFor(step, "Filter: mqjo")
	tt.Send(keyEnter)
	tt.WaitFor(step, titleSignIn)
}

// toAuthorize waits for the connection's link, not just the title: keys
// such as "c" act only once there is a link to copy.
func (tt *tty) toAuthorize(name string) {
	tt.t.Helper()
	tt.toSignIn(name)
	tt.Send(keyEnter)
	tt.WaitFor(step, "Authorize ", waitingForYou)
}

// toDelegate waits for the Hosted Link, not just the title, for the same
// reason.
func (tt *tty) toDelegate(name string) {
	tt.t.Helper()
	tt.toSignIn(name)
	tt.Send(keyDown, keyEnter)
	tt.WaitFor(step, titleDelegate, delegateIntro)
}
