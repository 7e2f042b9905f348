package cli

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// servedSandbox is `onboard sandbox` running in-process.
type servedSandbox struct {
	t        *testing.T
	out      *syncBuffer
	base     string
	key      string
	stopOnce func() result
}

// serveSandbox runs `onboard sandbox` with args until the test stops it,
// and reads the base URL and key it prints.
func serveSandbox(t *testing.T, h *harness, args ...string) *servedSandbox {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"sandbox"}, args...), system{
			stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
			getenv: func(k string) string { return h.env[k] },
		})
	}()
	waitFor(t, &out, "Press ctrl+c to stop.")
	s := &servedSandbox{t: t, out: &out,
		base: regexp.MustCompile(`CODAT_BASE_URL=(\S+)`).FindStringSubmatch(out.String())[1],
		key:  regexp.MustCompile(`CODAT_API_KEY=(\S+)`).FindStringSubmatch(out.String())[1],
	}
	stopped := false
	var last result
	s.stopOnce = func() result {
		if stopped {
			return last
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			last = result{code: code, stdout: out.String(), stderr: errOut.String()}
		case <-time.After(10 * time.Second):
			t.Fatal("the sandbox did not stop")
		}
		return last
	}
	t.Cleanup(func() { s.stopOnce() })
	return s
}

// call sends one API request with the printed key.
func (s *servedSandbox) call(method, path, body string) (*http.Response, []byte, error) {
	s.t.Helper()
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.base+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", basicHeader(s.key))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

// mustCall is call that expects a status and decodes the answer into out.
func (s *servedSandbox) mustCall(method, path, body string, want int, out any) {
	s.t.Helper()
	resp, data, err := s.call(method, path, body)
	if err != nil || resp.StatusCode != want {
		s.t.Fatalf("%s %s: %v %v, want %d: %s", method, path, resp, err, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func TestSandboxCommandServesUntilInterrupted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	stateFile := filepath.Join(t.TempDir(), "sandbox.json")

	s := serveSandbox(t, h, "--state", stateFile)
	for _, want := range []string{"CODAT_WEBHOOK_SECRET=whsec_", "Hosted Link base: " + s.base + "/link",
		"curl -H 'Authorization: Basic ", s.base + "/portal/webhooks?token=", "-d '{\"url\":"} {
		if !strings.Contains(s.out.String(), want) {
			t.Errorf("sandbox output lacks %q:\n%s", want, s.out.String())
		}
	}
	// Another onboard uses it, as the printed lines say.
	h.env["CODAT_BASE_URL"], h.env["CODAT_API_KEY"] = s.base, s.key
	first := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--json"))
	s.mustCall("GET", "/integrations", "", 200, nil)
	r := s.stopOnce()
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "Sandbox stopped.") {
		t.Errorf("stderr: %s", r.stderr)
	}

	// With --state the company is still there after a restart, under the same key.
	again := serveSandbox(t, h, "--state", stateFile)
	if again.key != s.key {
		t.Errorf("the key changed across restarts")
	}
	h.env["CODAT_BASE_URL"] = again.base
	reused := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--json"))
	if !reused.CompanyReused || reused.CompanyID != first.CompanyID {
		t.Errorf("after restart: %+v, want company %s reused", reused, first.CompanyID)
	}
	wantCode(t, again.stopOnce(), exitOK)
}

// TestSandboxCommandStrict: --strict serves the strict profile, prints no
// sandbox-wide secret, and the printed Portal page shows the secret of an
// endpoint made as the printed curl line makes it.
func TestSandboxCommandStrict(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	s := serveSandbox(t, h, "--strict")
	if strings.Contains(s.out.String(), "CODAT_WEBHOOK_SECRET=") || !strings.Contains(s.out.String(), "strict") {
		t.Errorf("strict output:\n%s", s.out.String())
	}
	resp, _, err := s.call("GET", "/companies", "")
	if err != nil || resp.Header.Get("X-Rate-Limit-Limit") != "1000" || resp.Header.Get(sandbox.SandboxHeader) != "1" {
		t.Fatalf("strict answer headers: %v %v", resp, err)
	}
	var page struct{ TotalResults int }
	s.mustCall("GET", "/integrations?query=sourceType%3DBanking", "", 200, &page)
	if page.TotalResults < 10 {
		t.Errorf("strict: the integrations query filtered to %d", page.TotalResults)
	}
	var endpoint struct{ ID string }
	s.mustCall("POST", "/webhooks", `{"url":"http://127.0.0.1:9/codat"}`, 201, &endpoint)
	portal := regexp.MustCompile(`(http://\S+/portal/webhooks\?token=\S+)`).FindStringSubmatch(s.out.String())[1]
	presp, err := http.Get(portal)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(presp.Body)
	presp.Body.Close()
	secret := regexp.MustCompile(`whsec_[A-Za-z0-9+/=]+`).FindString(html.UnescapeString(string(body)))
	if presp.StatusCode != 200 || !strings.Contains(string(body), endpoint.ID) || secret == "" {
		t.Errorf("portal page: %d, endpoint %s listed %v, secret %q", presp.StatusCode, endpoint.ID,
			strings.Contains(string(body), endpoint.ID), secret)
	}
	// The terminal shows the new endpoint's secret too, as the Portal does
	// when an endpoint is made.
	made := "Webhook endpoint " + endpoint.ID + " made for http://127.0.0.1:9/codat. Its signing secret, for CODAT_WEBHOOK_SECRET: " + secret
	if !strings.Contains(s.out.String(), made) {
		t.Errorf("sandbox output lacks %q:\n%s", made, s.out.String())
	}
}

// TestSandboxCommandFaults: --fail answers a route with a status or a
// reset, for a count or every time, and leaves other routes alone.
func TestSandboxCommandFaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	s := serveSandbox(t, h,
		"--fail", "POST /companies=503:1",
		"--fail", "get /companies/{companyId}=reset",
		"--fail", "GET /integrations/{platformKey}=403")
	for _, want := range []string{"POST /companies answers 503 once", "GET /companies/{companyId} answers with a reset connection every time",
		"GET /integrations/{platformKey} answers 403 every time"} {
		if !strings.Contains(s.out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, s.out.String())
		}
	}
	s.mustCall("POST", "/companies", `{"name":"Faulty"}`, 503, nil)
	var co struct{ ID string }
	s.mustCall("POST", "/companies", `{"name":"Faulty"}`, 200, &co)
	for range 2 {
		if resp, _, err := s.call("GET", "/companies/"+co.ID, ""); err == nil {
			t.Errorf("GET /companies/{companyId} answered %d, want a reset connection", resp.StatusCode)
		}
	}
	for range 2 {
		s.mustCall("GET", "/integrations/mqjo", "", 403, nil)
	}
	s.mustCall("GET", "/companies", "", 200, nil)
}

// TestSandboxCommandDeauthorizesAfterLinking: with --auto-link and
// --deauthorize-after, a connection links by itself and is then revoked.
func TestSandboxCommandDeauthorizesAfterLinking(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	s := serveSandbox(t, h, "--auto-link", "10ms", "--deauthorize-after", "300ms")
	if !strings.Contains(s.out.String(), "Each connection is deauthorized 300ms after it links.") {
		t.Errorf("output:\n%s", s.out.String())
	}
	var co, con struct{ ID string }
	s.mustCall("POST", "/companies", `{"name":"Revoked"}`, 200, &co)
	s.mustCall("POST", "/companies/"+co.ID+"/connections", `{"platformKey":"mqjo"}`, 200, &con)
	seen := map[string]bool{}
	var last string
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for last != "Deauthorized" {
		if time.Now().After(deadline) {
			t.Fatalf("the connection never became Deauthorized; statuses seen %v, last %q", seen, last)
		}
		<-tick.C
		var got struct{ Status string }
		s.mustCall("GET", "/companies/"+co.ID+"/connections/"+con.ID, "", 200, &got)
		last = got.Status
		seen[last] = true
	}
	if !seen["Linked"] {
		t.Errorf("deauthorized without being seen Linked first: %v", seen)
	}
}

func TestSandboxCommandRejectsBadFlags(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--rate-limit", "-1"}, "--rate-limit must be 0"},
		{[]string{"--deauthorize-after", "-1s"}, "--deauthorize-after must not be negative"},
		{[]string{"--fail", "GET /nowhere=503"}, "the route must be * (every route) or one of:\n  GET /companies\n"},
		{[]string{"--fail", "POST /companies=200"}, `--fail "POST /companies=200": want ROUTE=ANSWER`},
		{[]string{"--fail", "POST /companies"}, `--fail "POST /companies": want ROUTE=ANSWER`},
		{[]string{"--fail", "POST /companies=503:0"}, `--fail "POST /companies=503:0": want ROUTE=ANSWER`},
		{[]string{"--fail", "POST /companies=teapot"}, `--fail "POST /companies=teapot": want ROUTE=ANSWER`},
	} {
		r := h.run("", append([]string{"sandbox"}, tc.args...)...)
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", tc.args, tc.want, r.stderr)
		}
	}
}

// TestRunSandbox calls the run function with options: it serves, prints
// the key on stdout, answers with it, and stops when its context ends;
// bad options are usage errors before anything listens.
func TestRunSandbox(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	for _, bad := range []sandboxOptions{{RateLimit: -1}, {AutoLink: -time.Second}, {Fail: []string{"nonsense"}}} {
		d := h.direct("")
		bad.app, bad.Addr = d.app, "127.0.0.1:0"
		if r := d.result(runSandbox(t.Context(), &bad)); r.code != exitUsage || r.stdout != "" {
			t.Errorf("%+v: exit %d, stdout %q; want a usage error and nothing served", bad, r.code, r.stdout)
		}
	}

	d := h.direct("")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- runSandbox(ctx, &sandboxOptions{app: d.app, Addr: "127.0.0.1:0"}) }()
	waitFor(t, d.stdout, "Press ctrl+c to stop.")
	base := regexp.MustCompile(`CODAT_BASE_URL=(\S+)`).FindStringSubmatch(d.stdout.String())[1]
	key := regexp.MustCompile(`CODAT_API_KEY=(\S+)`).FindStringSubmatch(d.stdout.String())[1]
	c, err := api.New(api.Config{BaseURL: base, APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SearchCompanies(t.Context(), "Acme Ltd"); err != nil {
		t.Errorf("the served sandbox refuses its own key: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if r := d.result(err); r.code != exitOK || !strings.Contains(r.stderr, "Sandbox stopped.") {
			t.Errorf("stopping: exit %d, stderr %q", r.code, r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop")
	}
}

// TestSandboxTakesOnlyItsOwnFlags: the journey's flags, which every
// command inherits, are not in the sandbox's help and are refused there;
// the commands that use them still list them.
func TestSandboxTakesOnlyItsOwnFlags(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	help := h.run("", "sandbox", "--help")
	wantCode(t, help, exitOK)
	for _, f := range []string{"--accessible", "--debug", "--webhook-listen", "--webhook-url"} {
		if strings.Contains(help.stdout, f) {
			t.Errorf("sandbox --help lists %s:\n%s", f, help.stdout)
		}
	}
	if !strings.Contains(help.stdout, "--addr") || !strings.Contains(help.stdout, "--strict") {
		t.Errorf("sandbox --help lacks its own flags:\n%s", help.stdout)
	}
	if demo := h.run("", "demo", "--help"); !strings.Contains(demo.stdout, "--accessible") || !strings.Contains(demo.stdout, "--webhook-url") {
		t.Errorf("after the sandbox's help, demo --help lacks the journey's flags:\n%s", demo.stdout)
	}
	r := h.run("", "sandbox", "--debug", "--webhook-url", "http://127.0.0.1:9/x")
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "--debug, --webhook-url set how the journey runs") || strings.Contains(r.stdout, "serving") {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
}
