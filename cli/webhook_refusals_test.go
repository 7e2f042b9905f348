package cli

import (
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/webhook"
)

// deliverSignedWith posts a connection event to url signed with secret, as
// a relay forwarding Codat's delivery would.
func deliverSignedWith(t *testing.T, url, secret string) int {
	t.Helper()
	body := `{"id":"evt-1","eventType":"connection.connected","payload":{}}`
	now := time.Now()
	sig, err := webhook.Sign(secret, "msg-forged", now, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("webhook-id", "msg-forged")
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A delivery that fails the signature check is said while the wait goes
// on, at once (long before the first safety check, a minute away), names
// the endpoint, is in --json, and is kept for doctor, which says which
// secret to copy. The secret itself is written nowhere.
func TestWaitSaysARefusedDeliveryAtOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{Strict: true})
	secret := otherSecret(t)
	h.env["CODAT_WEBHOOK_SECRET"] = secret
	link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
	stderr := &syncBuffer{}
	done := make(chan result, 1)
	go func() {
		done <- h.runContext(t.Context(), "", stderr, "status", "--company", "Acme Ltd", "--wait", "--json", "--timeout", "30s")
	}()
	waitFor(t, stderr, "listening for Codat's webhook")
	eps := h.sb.Endpoints()
	if len(eps) != 1 {
		t.Fatalf("endpoints %+v, want the session's one", eps)
	}
	if code := deliverSignedWith(t, eps[0].URL, otherSecret(t)); code != http.StatusUnauthorized {
		t.Fatalf("forged delivery answered %d", code)
	}
	said := "A webhook reached onboard but its signature did not match: CODAT_WEBHOOK_SECRET is not the signing secret of endpoint " + eps[0].ID + " (" + eps[0].URL + ")."
	waitFor(t, stderr, said)
	before := stderr.String()
	if strings.Contains(before[:strings.Index(before, said)], "Still waiting") {
		t.Errorf("the refusal came after a check, not at once:\n%s", before)
	}
	if !strings.Contains(before, "Still checking with Codat every") {
		t.Errorf("does not say how the wait goes on:\n%s", before)
	}

	// Kept for doctor, without the secret.
	data, err := os.ReadFile(filepath.Join(h.env["ONBOARD_STATE_DIR"], webhookRefusalsFile))
	if err != nil {
		t.Fatalf("refusal not kept: %v", err)
	}
	if !strings.Contains(string(data), eps[0].ID) || strings.Contains(string(data), strings.TrimPrefix(secret, "whsec_")) {
		t.Errorf("kept %s", data)
	}

	if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(40 * time.Second):
		t.Fatalf("status --wait did not end; stderr:\n%s", stderr.String())
	}
	wantCode(t, r, exitOK)
	res := decode[waitResult](t, r)
	if res.Outcome != "linked" || res.WebhookRefused == nil || res.WebhookRefused.Count < 1 || res.WebhookRefused.EndpointID != eps[0].ID {
		t.Errorf("result %+v (refused %+v)", res, res.WebhookRefused)
	}
	if n := strings.Count(r.stderr, "signature did not match"); n != 1 {
		t.Errorf("refusal said %d times:\n%s", n, r.stderr)
	}

	// doctor, later: the last refusal, and the secret to copy.
	doc := h.run("", "doctor")
	for _, want := range []string{"Last webhook refused", eps[0].ID, "the one onboard registered for its session on this sandbox", "add an endpoint on the sandbox's Portal page (" + h.sb.BaseURL() + sandbox.PortalPath} {
		if !strings.Contains(doc.stdout, want) {
			t.Errorf("doctor lacks %q:\n%s", want, doc.stdout)
		}
	}
}

// doctor names the endpoint whose secret to copy and where it is shown:
// the Codat Portal's place for it, or, on a sandbox, the stand-in Portal
// page, which does show that endpoint's secret.
func TestDoctorSaysWhichSecretToCopy(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{Strict: true})
	ours, err := h.sb.AddEndpoint("https://hooks.example/codat", nil)
	if err != nil {
		t.Fatal(err)
	}
	h.env["CODAT_WEBHOOK_SECRET"] = otherSecret(t)
	copyLine := "Secret to copy: the signing secret of endpoint " + ours.ID + " (https://hooks.example/codat)"

	r := h.run("", "doctor", "--webhook-url", "https://hooks.example/codat")
	page := h.sb.BaseURL() + sandbox.PortalPath
	for _, want := range []string{copyLine, "This is a sandbox: its Portal page " + page + " shows each endpoint's whsec_ secret"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor on the sandbox lacks %q:\n%s", want, r.stdout)
		}
	}
	// The page named is the one that shows it.
	if !strings.HasPrefix(h.sb.PortalURL(), page+"?") {
		t.Fatalf("portal %s is not at %s", h.sb.PortalURL(), page)
	}
	resp, err := http.Get(h.sb.PortalURL())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(html.UnescapeString(string(body)), ours.Secret) {
		t.Errorf("the portal page does not show %s's secret", ours.ID)
	}

	h.env["CODAT_BASE_URL"] = codatLookalike(t, h.sb)
	r = h.run("", "doctor", "--webhook-url", "https://hooks.example/codat")
	if !strings.Contains(r.stdout, copyLine) || !strings.Contains(r.stdout, "in the Codat Portal open Monitor > Webhooks > Events, pick that endpoint and copy its Signing secret") {
		t.Errorf("doctor against Codat lacks the Portal's place:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "/portal/") || strings.Contains(r.stdout, ours.Secret) {
		t.Errorf("doctor against Codat names the sandbox page or the secret:\n%s", r.stdout)
	}
}

// The kept refusal is one of onboard's own files: a link in its place is
// not followed, and a huge file is not read.
func TestRefusalFileIsOnboardsOwn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, webhookRefusalsFile)
	rec := newRefusalRecord(webhook.Refusal{At: time.Now(), Count: 2, EndpointID: "ep-1", EndpointURL: "https://x.example/h"}, "https://api.codat.io", false)
	if err := writeRefusal(path, rec); err != nil {
		t.Fatal(err)
	}
	got, found, err := readRefusal(path)
	if err != nil || !found || got.EndpointID != "ep-1" || got.Count != 2 {
		t.Fatalf("read back %+v %v %v", got, found, err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", info.Mode(), err)
	}

	elsewhere := filepath.Join(dir, "elsewhere.json")
	if err := os.WriteFile(elsewhere, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dir, "linked", webhookRefusalsFile)
	if err := os.MkdirAll(filepath.Dir(linked), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, linked); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := writeRefusal(linked, rec); err == nil {
		t.Error("wrote through a link")
	}
	if _, _, err := readRefusal(linked); err == nil {
		t.Error("read through a link")
	}
	if data, _ := os.ReadFile(elsewhere); string(data) != "keep" {
		t.Errorf("the link's target became %q", data)
	}

	big := filepath.Join(dir, "big", webhookRefusalsFile)
	if err := os.MkdirAll(filepath.Dir(big), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, make([]byte, maxRefusalFileBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readRefusal(big); err == nil {
		t.Error("read a file over the cap")
	}
}

// A refusal for an endpoint made in the Portal says whose secret to copy,
// once, also when --webhook-url names that endpoint.
func TestDoctorRefusalNamesTheSecretToCopy(t *testing.T) {
	t.Parallel()
	rec := newRefusalRecord(webhook.Refusal{At: time.Now(), Count: 3, EndpointID: "ep-7", EndpointURL: "https://relay.example/h"}, "https://api.codat.io", false)
	rep := webhookReport{Listed: true, SecretSet: true, SecretOK: true, LastRefusal: &rec}
	text := strings.Join(rep.lines(), "\n")
	for _, want := range []string{"Last webhook refused", "3 deliveries to endpoint ep-7 (https://relay.example/h)", "Secret to copy: the signing secret of endpoint ep-7", "Monitor > Webhooks > Events"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	rep.URL = "https://relay.example/h"
	rep.Endpoints = []webhookView{{ID: "ep-7", URL: "https://relay.example/h", Matches: true}}
	if n := strings.Count(strings.Join(rep.lines(), "\n"), "Secret to copy"); n != 1 {
		t.Errorf("said whose secret to copy %d times", n)
	}
}

// Where to find the secret follows the docs: on Codat, the endpoint's page
// under Monitor > Webhooks > Events in the Portal; on a sandbox, its own
// Portal page, never Codat's, whose menus it has not got.
func TestDoctorSaysWhereTheSecretIsShown(t *testing.T) {
	t.Parallel()
	const codatPlace = "Monitor > Webhooks > Events"
	page := "http://127.0.0.1:8787/portal/webhooks"
	for _, tc := range []struct {
		name       string
		rep        webhookReport
		want, lack string
	}{
		{"no secret, Codat", webhookReport{Listed: true}, codatPlace, page},
		{"no secret, sandbox", webhookReport{Listed: true, PortalPage: page}, page, codatPlace},
		{"malformed secret, Codat", webhookReport{Listed: true, SecretSet: true}, codatPlace, page},
		{"malformed secret, sandbox", webhookReport{Listed: true, SecretSet: true, PortalPage: page}, page, codatPlace},
		{"no endpoint, Codat", webhookReport{Listed: true, SecretSet: true, SecretOK: true}, codatPlace + ", Add endpoint", page},
		{"no endpoint, sandbox", webhookReport{Listed: true, SecretSet: true, SecretOK: true, PortalPage: page}, page, codatPlace},
		{"no endpoint for the URL, Codat", webhookReport{Listed: true, URL: "https://relay.example/h", Endpoints: []webhookView{{ID: "ep-1", URL: "https://other.example/x"}}, SecretSet: true, SecretOK: true}, "no endpoint sends to https://relay.example/h. Add it in the Codat Portal (" + codatPlace, page},
		{"no endpoint for the URL, sandbox", webhookReport{Listed: true, URL: "https://relay.example/h", Endpoints: []webhookView{{ID: "ep-1", URL: "https://other.example/x"}}, SecretSet: true, SecretOK: true, PortalPage: page}, "no endpoint sends to https://relay.example/h. Add it on this sandbox's Portal page " + page, codatPlace},
	} {
		text := strings.Join(tc.rep.lines(), "\n")
		if !strings.Contains(text, tc.want) || strings.Contains(text, tc.lack) {
			t.Errorf("%s: want %q and not %q in:\n%s", tc.name, tc.want, tc.lack, text)
		}
	}
}
