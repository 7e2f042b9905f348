package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// otherSecret is a well-formed signing secret of no endpoint.
func otherSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// freeLoopbackAddr is an address on this computer nothing listens on now.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// waitLinked runs status --wait for Acme Ltd's Xero connection while act
// plays the person signing in, and returns what it said.
func waitLinked(t *testing.T, h *harness, act func(co, conn string), args ...string) (result, waitResult) {
	t.Helper()
	link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
	stderr := &syncBuffer{}
	done := make(chan result, 1)
	go func() {
		all := append(args, "status", "--company", "Acme Ltd", "--wait", "--json", "--timeout", "20s")
		done <- h.runContext(t.Context(), "", stderr, all...)
	}()
	waitFor(t, stderr, "Waiting for Acme Ltd to link Xero")
	act(link.CompanyID, link.ConnectionID)
	select {
	case r := <-done:
		wantCode(t, r, exitOK)
		return r, decode[waitResult](t, r)
	case <-time.After(30 * time.Second):
		t.Fatalf("status --wait did not end; stderr:\n%s", stderr.String())
	}
	return result{}, waitResult{}
}

// Codat signs an endpoint's deliveries with that endpoint's own secret, shown
// only in the Portal: a consumer onboard registers through the API is signed
// with a secret onboard cannot know. The wait says so, with the endpoint, and
// finds the link by checking Codat instead; what it registered is gone after.
func TestWaitReportsDeliveriesThatFailTheSignatureCheck(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{Strict: true})
	h.env["CODAT_WEBHOOK_SECRET"] = otherSecret(t)
	r, res := waitLinked(t, h, func(co, conn string) {
		if err := h.sb.Authorize(co, conn); err != nil {
			t.Error(err)
		}
	})
	if res.Outcome != "linked" || res.Via != "poll" {
		t.Errorf("outcome %s via %s, want linked via poll", res.Outcome, res.Via)
	}
	for _, want := range []string{"failed the signature check", "is CODAT_WEBHOOK_SECRET the signing secret of endpoint", "/webhooks/codat)"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if eps := h.sb.Endpoints(); len(eps) != 0 {
		t.Errorf("endpoints left behind: %+v", eps)
	}
}

// Set up as Codat runs it: the endpoint made in the Portal, its secret in
// CODAT_WEBHOOK_SECRET, its URL in --webhook-url. The wait is told by the
// webhook, and registers nothing of its own.
func TestWaitUsesTheEndpointSetUpInThePortal(t *testing.T) {
	t.Parallel()
	for _, strict := range []bool{false, true} {
		t.Run("strict="+strconv.FormatBool(strict), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{Strict: strict})
			addr := freeLoopbackAddr(t)
			hookURL := "http://" + addr + "/webhooks/codat"
			ep, err := h.sb.AddEndpoint(hookURL, nil)
			if err != nil {
				t.Fatal(err)
			}
			h.env["CODAT_WEBHOOK_SECRET"] = ep.Secret
			r, res := waitLinked(t, h, func(co, conn string) {
				if err := h.sb.Authorize(co, conn); err != nil {
					t.Error(err)
				}
			}, "--webhook-listen", addr, "--webhook-url", hookURL)
			if res.Outcome != "linked" || res.Via != "webhook" {
				t.Errorf("outcome %s via %s, want linked via webhook\n%s", res.Outcome, res.Via, r.stderr)
			}
			if !strings.Contains(r.stderr, "listening for Codat's webhook to endpoint "+ep.ID) {
				t.Errorf("stderr does not name the endpoint:\n%s", r.stderr)
			}
			if eps := h.sb.Endpoints(); len(eps) != 1 || eps[0].ID != ep.ID {
				t.Errorf("endpoints %+v, want only the Portal's", eps)
			}
		})
	}
}

// doctor lists the endpoints and says which one --webhook-url names and
// whether a secret is set for it.
func TestDoctorListsWebhookEndpoints(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{Strict: true})
	ours, err := h.sb.AddEndpoint("https://hooks.example/codat", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.sb.AddEndpoint("https://elsewhere.example/in", []string{"company.created"}); err != nil {
		t.Fatal(err)
	}
	r := h.run("", "doctor", "--webhook-url", "https://hooks.example/codat")
	wantCode(t, r, exitOK)
	for _, want := range []string{
		"Webhook endpoint " + ours.ID + ": https://hooks.example/codat, the one --webhook-url names.",
		"https://elsewhere.example/in. It does not send connection.connected",
		"CODAT_WEBHOOK_SECRET is not set",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor lacks %q:\n%s", want, r.stdout)
		}
	}
	h.env["CODAT_WEBHOOK_SECRET"] = ours.Secret
	rep := decode[doctorReport](t, h.run("", "doctor", "--json", "--webhook-url", "https://hooks.example/codat"))
	if rep.Webhooks == nil || len(rep.Webhooks.Endpoints) != 2 || !rep.Webhooks.Endpoints[0].Matches || rep.Webhooks.Endpoints[1].Matches || !rep.Webhooks.SecretOK {
		t.Errorf("doctor --json webhooks: %+v", rep.Webhooks)
	}
	r = h.run("", "doctor", "--webhook-url", "https://nowhere.example/x")
	if !strings.Contains(r.stdout, "no endpoint sends to https://nowhere.example/x") {
		t.Errorf("doctor does not say no endpoint matches:\n%s", r.stdout)
	}
}

// rewritingProxy serves the sandbox through a proxy on a loopback address
// that passes each answer through edit (given the request's path).
func rewritingProxy(t *testing.T, sb *sandbox.Server, edit func(path string, h http.Header, body []byte) []byte) string {
	t.Helper()
	target, _ := url.Parse(sb.BaseURL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body.Close()
		body = edit(resp.Request.URL.Path, resp.Header, body)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}

// codatLookalike serves the sandbox through a proxy that hides what it is,
// as a debugging proxy in front of Codat would: no marker header, and Hosted
// Links on link.codat.io.
func codatLookalike(t *testing.T, sb *sandbox.Server) string {
	t.Helper()
	return rewritingProxy(t, sb, func(_ string, h http.Header, body []byte) []byte {
		h.Del(sandbox.SandboxHeader)
		return bytes.ReplaceAll(body, []byte(sb.LinkBase()), []byte("https://link.codat.io"))
	})
}

// Behind a local proxy, Codat is still Codat: invites carry its
// link.codat.io links and are not labelled as sandbox demos, and without
// --webhook-url nothing is registered with it.
func TestInviteThroughALocalProxyIsCodatsOwn(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	h.env["CODAT_BASE_URL"] = codatLookalike(t, h.sb)
	inv := decode[inviteResult](t, h.run("", "invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--json"))
	if !strings.HasPrefix(inv.LinkURL, "https://link.codat.io/company/") {
		t.Errorf("link %s", inv.LinkURL)
	}
	if strings.Contains(inv.Subject, "Sandbox") || strings.Contains(inv.Body, "sandbox demo") || !strings.Contains(inv.Body, "starts with https://link.codat.io/") {
		t.Errorf("invite labelled as a sandbox, or naming another host:\n%s\n%s", inv.Subject, inv.Body)
	}
	// The sandbox itself, as it is: labelled, its own host.
	h2 := newHarness(t, sandbox.Options{})
	inv = decode[inviteResult](t, h2.run("", "invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--json"))
	if !strings.HasPrefix(inv.Subject, "[Sandbox demo]") {
		t.Errorf("sandbox invite not labelled: %s", inv.Subject)
	}

	h.env["CODAT_WEBHOOK_SECRET"] = otherSecret(t)
	r := h.run("", "status", "--company", "Acme Ltd", "--wait", "--timeout", "200ms", "--webhook-url", "https://hooks.example/codat")
	if !strings.Contains(r.stderr, "No Codat webhook endpoint sends to https://hooks.example/codat") {
		t.Errorf("status --wait does not say the endpoint is missing:\n%s", r.stderr)
	}
	if eps := h.sb.Endpoints(); len(eps) != 0 {
		t.Errorf("onboard registered an endpoint with Codat: %+v", eps)
	}
}

// A company made by link is found again by invite whatever the case typed,
// also where Codat compares names case-sensitively.
func TestLinkThenInviteInAnotherCaseReusesTheCompany(t *testing.T) {
	t.Parallel()
	for _, strict := range []bool{false, true} {
		t.Run("strict="+strconv.FormatBool(strict), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{Strict: strict})
			link := decode[linkResult](t, h.run("", "link", "--company", "omega ltd", "--platform", "gbol", "--json"))
			inv := decode[inviteResult](t, h.run("", "invite", "--company", "OMEGA LTD", "--to", "jane@firm.example", "--json"))
			if !inv.CompanyReused || inv.CompanyID != link.CompanyID {
				t.Errorf("invite made or picked %s (reused %v), want link's %s", inv.CompanyID, inv.CompanyReused, link.CompanyID)
			}
			again := decode[linkResult](t, h.run("", "link", "--company", "Omega Ltd", "--platform", "gbol", "--json"))
			if again.CompanyID != link.CompanyID {
				t.Errorf("link as Omega Ltd made %s, want %s", again.CompanyID, link.CompanyID)
			}
		})
	}
}

// A data type Codat won't read until a prerequisite is met is final, but
// the data is not ready, and status says so.
func TestStatusSaysWhatWaitsOnAPrerequisite(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Now()
	h := newHarness(t, sandbox.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
	if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(time.Hour) // the first read has finished
	mu.Unlock()
	r := h.run("", "status", "--company", "Acme Ltd", "--json")
	if st := decode[companyStatus](t, r); !st.DataReady || !strings.Contains(st.NextStep, "has finished") {
		t.Fatalf("before: %+v", st)
	}
	h.env["CODAT_BASE_URL"] = rewritingProxy(t, h.sb, func(path string, _ http.Header, body []byte) []byte {
		if strings.HasSuffix(path, "/dataStatus") {
			return bytes.Replace(body, []byte(`"currentStatus":"Complete"`), []byte(`"currentStatus":"PrerequisiteNotMet"`), 1)
		}
		return body
	})
	st := decode[companyStatus](t, h.run("", "status", "--company", "Acme Ltd", "--json"))
	var blocked string
	for dt, status := range st.Data {
		if status == "PrerequisiteNotMet" {
			blocked = dt
		}
	}
	if blocked == "" || st.DataReady || !strings.Contains(st.NextStep, "won't read "+blocked+" until") {
		t.Errorf("with %q waiting on a prerequisite: %+v", blocked, st)
	}
}

// Where Codat refuses the tags filter (it is switched on per client), a
// business's uid still finds its company.
func TestUIDWithoutTheTagsFilter(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{Strict: true})
	first := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--uid", "cust-1", "--json"))
	again := decode[linkResult](t, h.run("", "link", "--company", "Acme Trading", "--uid", "cust-1", "--json"))
	if again.CompanyID != first.CompanyID || !again.CompanyReused {
		t.Errorf("the uid found %s (reused %v), want %s", again.CompanyID, again.CompanyReused, first.CompanyID)
	}
}

// The demo adds an endpoint to its own sandbox the way the Portal does,
// verifies deliveries with that endpoint's secret, and removes it on stop.
func TestDemoWebhooksUseThePortalsWay(t *testing.T) {
	t.Parallel()
	a, b := startTestDemo(t, demoListen{})
	hk := b.webhooks(t.Context(), globalFlags{}, a.sys.getenv, io.Discard)
	if hk.events == nil {
		t.Fatalf("webhooks off in the demo: %s", hk.why)
	}
	eps := b.sandbox.Endpoints()
	if len(eps) != 1 || !strings.Contains(hk.endpoint, eps[0].ID) {
		t.Fatalf("endpoints %+v, hooks for %q", eps, hk.endpoint)
	}
	co, err := b.client.CreateCompany(t.Context(), api.CompanyRequest{Name: "Demo Co"})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := b.client.CreateConnection(t.Context(), co.ID, "mqjo")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.sandbox.Authorize(co.ID, conn.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case ev, ok := <-hk.events:
		if !ok || ev.CompanyID != co.ID {
			t.Fatalf("event %+v (open %v)", ev, ok)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no verified event within 10 s")
	}
	hk.stop()
	if eps := b.sandbox.Endpoints(); len(eps) != 0 {
		t.Errorf("endpoints left after stop: %+v", eps)
	}
	if msg := hk.failures(); msg != "" {
		t.Errorf("failures reported: %s", msg)
	}
}
