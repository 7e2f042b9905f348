package cli

import (
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
)

// The demo starts with its example businesses, made through the API as a
// person would have: one with accounting linked, one whose access was
// withdrawn, and one with an invite handed on, remembered in the demo's own
// store and nowhere else.
func TestDemoStartsWithExampleBusinesses(t *testing.T) {
	t.Parallel()
	_, b := startTestDemo(t, demoListen{})
	seed, err := seedDemo(t.Context(), b, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	status := map[string]string{}
	for _, name := range []string{demoLinkedCompany, demoRevokedCompany, demoInvitedCompany} {
		found, err := b.client.SearchCompanies(ctx, name)
		if err != nil || len(found) != 1 {
			t.Fatalf("looking for %q: %v, %v", name, found, err)
		}
		conns, err := b.client.ListConnections(ctx, found[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range conns {
			status[name] += c.PlatformName + ":" + string(c.Status)
		}
	}
	want := map[string]string{demoLinkedCompany: "Xero:" + string(api.Linked), demoRevokedCompany: "QuickBooks Online:" + string(api.Deauthorized), demoInvitedCompany: ""}
	for name, w := range want {
		if status[name] != w {
			t.Errorf("%s: connections %q, want %q", name, status[name], w)
		}
	}
	pending := seed.store.Pending(b.baseURL)
	if len(pending) != 1 || pending[0].CompanyName != demoInvitedCompany || pending[0].Recipient != demoInviteRecipient || pending[0].Status != flow.StatusPendingAuth {
		t.Fatalf("the demo's store holds %+v", pending)
	}
	seed.remove()
	if _, err := os.Stat(seed.dir); !os.IsNotExist(err) {
		t.Errorf("the demo's store outlived it: %v", err)
	}
}

// In the journey, the linked business typed and picked is reused: asking
// for accounting meets its Xero connection, which a company made anew would
// not have. The person's own state directory is left as it was.
func TestDemoReusesTheLinkedBusiness(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	stateDir := h.env["ONBOARD_STATE_DIR"]
	d := h.direct("4\nMillbrook\n1\n1\n1\n") // a new onboarding, the company, continue (not unlink), accounting
	d.app.flags.accessible = true
	r := d.result(runDemo(t.Context(), &demoOptions{app: d.app, Port: 0}))
	for _, want := range []string{"1. " + demoLinkedCompany + " (linked before: reuse it)", "access to " + demoLinkedCompany + "'s data",
		"Xero is already linked for accounting"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("the demo's journey lacks %q:\n%s\n%s", want, r.stdout, r.stderr)
		}
	}
	if entries, _ := os.ReadDir(stateDir); len(entries) != 0 {
		t.Errorf("the demo wrote to the state directory: %v", entries)
	}
	if reqs := h.sb.Requests(); len(reqs) != 0 {
		t.Errorf("the demo called the Codat of the key set: %v", reqs)
	}
}

// The demo's pages are on the port asked for; a busy port falls back to a
// free one and says so, on stderr and in the note under links.
func TestDemoPortFallsBackWhenBusy(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	var errOut syncBuffer
	served, err := startDemoSandbox(demoListen{Port: port}, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	defer served.sb.Close()
	if !served.fellBack || served.port == port || served.reachable {
		t.Fatalf("served %+v with port %d busy", served, port)
	}
	if want := "Port " + strconv.Itoa(port) + " is busy, so the demo's pages are on port " + strconv.Itoa(served.port); !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr %q lacks %q", errOut.String(), want)
	}
	note := demoPagesNote(served, func(string) string { return "" })
	if !strings.Contains(note, "these pages are on port "+strconv.Itoa(served.port)) || strings.Contains(note, "ssh") {
		t.Errorf("note %q", note)
	}
	busy.Close()
	again, err := startDemoSandbox(demoListen{Port: port}, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	defer again.sb.Close()
	if again.fellBack || again.port != port || !strings.HasSuffix(again.sb.BaseURL(), ":"+strconv.Itoa(port)) {
		t.Errorf("a free port was not used: %+v, %s", again, again.sb.BaseURL())
	}
}

// Over SSH the note gives the tunnel to the port the pages are on, to the
// address the person reached this computer on; links on the network need
// none.
func TestDemoSaysTheSSHTunnel(t *testing.T) {
	t.Parallel()
	env := map[string]string{"SSH_CONNECTION": "203.0.113.9 50022 198.51.100.7 22"}
	getenv := func(k string) string { return env[k] }
	note := demoPagesNote(demoServed{port: 7878, wanted: 7878}, getenv)
	if !strings.Contains(note, "ssh -L 7878:localhost:7878 198.51.100.7") {
		t.Errorf("note over SSH: %q", note)
	}
	if note := demoPagesNote(demoServed{port: 7878, wanted: 7878, reachable: true}, getenv); note != "" {
		t.Errorf("note for links on the network: %q", note)
	}
	if note := demoPagesNote(demoServed{port: 7878, wanted: 7878}, func(string) string { return "" }); note != "" {
		t.Errorf("note with no SSH: %q", note)
	}
	env = map[string]string{"SSH_TTY": "/dev/pts/3"}
	host, _ := os.Hostname()
	if note := demoPagesNote(demoServed{port: 41000, wanted: 7878, fellBack: true}, getenv); !strings.Contains(note, "ssh -L 41000:localhost:41000 "+host) {
		t.Errorf("note with SSH_TTY alone: %q", note)
	}
}

// --listen names the address links carry: loopback ones are not reachable
// (no QR code); 0.0.0.0 names the LAN address, and an address named is
// served beside loopback. onboard itself calls the API on loopback either
// way, and the Hosted Link pages answer on the address links name.
func TestDemoListenNamesTheLinkHost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		host      string
		reachable bool
	}{{"", false}, {"127.0.0.1", false}, {"localhost", false}} {
		served, err := startDemoSandbox(demoListen{Host: tc.host}, &syncBuffer{})
		if err != nil {
			t.Fatal(err)
		}
		served.close()
		if served.reachable != tc.reachable {
			t.Errorf("--listen %q: reachable %v", tc.host, served.reachable)
		}
	}
	lan, err := lanAddress()
	if err != nil {
		t.Skipf("no LAN address here: %v", err)
	}
	for _, host := range []string{"0.0.0.0", lan} {
		_, b := startTestDemo(t, demoListen{Host: host})
		if !b.served.reachable || !strings.HasPrefix(b.served.sb.BaseURL(), "http://"+lan+":") || !strings.HasPrefix(b.client.BaseURL(), "http://127.0.0.1:") {
			t.Errorf("--listen %s: %+v, links on %s, API on %s, LAN address %s", host, b.served, b.served.sb.BaseURL(), b.client.BaseURL(), lan)
		}
		seed, err := seedDemo(t.Context(), b, time.Now())
		if err != nil {
			t.Fatalf("--listen %s: the demo's API: %v", host, err)
		}
		t.Cleanup(seed.remove)
		found, _ := b.client.SearchCompanies(t.Context(), demoInvitedCompany)
		link, err := b.client.HostedLink(t.Context(), found[0].ID)
		if err != nil || !strings.HasPrefix(link, "http://"+lan+":") {
			t.Fatalf("--listen %s: Hosted Link %q, %v", host, link, err)
		}
		resp, err := http.Get(link)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("--listen %s: the page at %s: %v %v", host, link, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
		b.close()
	}
}

// startTestDemo starts the demo's backend as `onboard demo` does, listening
// where at says; it is closed when the test ends.
func startTestDemo(t *testing.T, at demoListen) (*app, *backend) {
	t.Helper()
	a := &app{sys: system{getenv: func(string) string { return "" }, now: time.Now}, demoAt: at}
	b, err := a.startDemo()
	if err != nil {
		t.Fatalf("demo listening at %+v: %v", at, err)
	}
	t.Cleanup(b.close)
	return a, b
}
