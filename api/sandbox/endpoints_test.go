package sandbox

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndpointSecrets: each endpoint signs with its own secret, which the
// Portal stand-ins show and the API never does.
func TestEndpointSecrets(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run(profileName(strict), func(t *testing.T) {
			h := newHarness(t, Options{Strict: strict})
			viaAPI, viaPortal := newConsumer(t, nil), newConsumer(t, nil)
			made := h.register(viaAPI, []string{"connection.created"}, nil)
			added, err := h.s.AddEndpoint(viaPortal.srv.URL, []string{"connection.created"})
			if err != nil {
				t.Fatal(err)
			}

			secretA, ok := h.s.EndpointSecret(made.ID)
			if !ok || !strings.HasPrefix(secretA, "whsec_") || len(secretA) < len("whsec_")+24 {
				t.Fatalf("EndpointSecret(%s) = %q, %v", made.ID, secretA, ok)
			}
			secretB := added.Secret
			if secretB == secretA || !strings.HasPrefix(secretB, "whsec_") {
				t.Fatalf("secrets %q and %q: want two different whsec_ secrets", secretA, secretB)
			}
			if got, _ := h.s.EndpointSecret(added.ID); got != secretB {
				t.Errorf("EndpointSecret of the added endpoint = %q, want %q", got, secretB)
			}
			if _, ok := h.s.EndpointSecret("00000000-0000-4000-8000-000000000000"); ok {
				t.Error("EndpointSecret found an endpoint that does not exist")
			}
			listed := h.s.Endpoints()
			if len(listed) != 2 || listed[0].ID != made.ID || listed[0].Secret != secretA || listed[0].URL != viaAPI.srv.URL ||
				listed[1].ID != added.ID || listed[1].Secret != secretB || strings.Join(listed[1].Events, ",") != "connection.created" {
				t.Errorf("Endpoints() = %+v", listed)
			}
			// The API never shows a secret.
			_, _, raw := h.do("GET", "/webhooks", nil)
			if strings.Contains(string(raw), "whsec_") || strings.Contains(string(raw), `"secret"`) {
				t.Errorf("GET /webhooks shows a secret: %s", raw)
			}

			c := h.createCompany("Signed Ltd", nil)
			h.createConnection(c.ID, "mqjo")
			gotA, _ := viaAPI.next(t)
			gotB, _ := viaPortal.next(t)
			verify(t, secretA, gotA)
			verify(t, secretB, gotB)
			if err := verifyErr(secretB, gotA); err == nil {
				t.Error("a delivery to one endpoint verified with another endpoint's secret")
			}
			if err := verifyErr(secretA, gotB); err == nil {
				t.Error("a delivery to one endpoint verified with another endpoint's secret")
			}
			signatures := strings.Fields(gotA.header.Get("webhook-signature"))
			if strict {
				if len(signatures) != 1 || h.s.WebhookSecret() != "" {
					t.Errorf("strict: %d signatures, WebhookSecret %q; want the endpoint's alone", len(signatures), h.s.WebhookSecret())
				}
				return
			}
			// The default profile also signs with the sandbox-wide secret.
			if len(signatures) != 2 {
				t.Errorf("default: %d signatures, want 2", len(signatures))
			}
			verify(t, h.s.WebhookSecret(), gotA)
		})
	}
}

func profileName(strict bool) string {
	if strict {
		return "strict"
	}
	return "default"
}

func TestAddEndpointRefusesABadURL(t *testing.T) {
	h := newHarness(t, Options{})
	for _, bad := range []string{"", "ftp://example.com/x", "/relative", "http://"} {
		if _, err := h.s.AddEndpoint(bad, nil); err == nil {
			t.Errorf("AddEndpoint(%q) succeeded", bad)
		}
	}
	if n := len(h.s.Endpoints()); n != 0 {
		t.Errorf("%d endpoints after refusals", n)
	}
}

// TestEndpointSecretsSurviveARestart, and a state file from before
// per-endpoint secrets gives its endpoints one each.
func TestEndpointSecretsSurviveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	s1, err := New(Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s1.AddEndpoint("https://example.com/hook", nil)
	if err != nil {
		t.Fatal(err)
	}
	s1.Close()
	s2, err := New(Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s2.EndpointSecret(e.ID); got != e.Secret {
		t.Errorf("after a restart the secret is %q, want %q", got, e.Secret)
	}
	s2.Close()

	old := filepath.Join(t.TempDir(), "old.json")
	content := `{"version":1,"apiKey":"k","webhookSecret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",` +
		`"companies":[],"webhookConsumers":[{"id":"c1","url":"https://example.com/a","disabled":false,"eventTypes":[],"companyTags":[]}]}`
	if err := os.WriteFile(old, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	s3, err := New(Options{StateFile: old})
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if got, ok := s3.EndpointSecret("c1"); !ok || !strings.HasPrefix(got, "whsec_") || got == s3.WebhookSecret() {
		t.Errorf("an endpoint from an older state file has secret %q", got)
	}
}

func TestPortalPage(t *testing.T) {
	h := newHarness(t, Options{Strict: true})
	made := h.register(newConsumer(t, nil), nil, nil)
	secret, _ := h.s.EndpointSecret(made.ID)
	client := browserish(h)

	portal := h.s.PortalURL()
	u, err := url.Parse(portal)
	if err != nil || u.Path != "/portal/webhooks" || u.Query().Get("token") == "" {
		t.Fatalf("PortalURL() = %q", portal)
	}
	// Without its token the page shows nothing, even to a request that
	// carries the API key: it is not an API route.
	for name, target := range map[string]string{
		"no token":    h.ts.URL + "/portal/webhooks",
		"wrong token": h.ts.URL + "/portal/webhooks?token=guess",
	} {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", target, nil)
		req.Header.Set("Authorization", h.authHeader())
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || strings.Contains(html.UnescapeString(string(body)), secret) {
			t.Errorf("%s: %d, and the secret shown: %v", name, resp.StatusCode, strings.Contains(string(body), secret))
		}
	}

	code, body := getPage(t, client, portal)
	body = html.UnescapeString(body) // base64's + and / come escaped
	for _, want := range []string{made.URL, secret, made.ID, "stands in for Codat's Portal", "not part of Codat's API"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("portal page (%d) lacks %q", code, want)
		}
	}

	// Adding an endpoint with the page's form.
	token := tokenField.FindStringSubmatch(body)[1]
	form := url.Values{"url": {"https://example.com/from-the-portal"}, "token": {token}, "portal": {u.Query().Get("token")}}
	resp := postForm(t, client, h.ts.URL+"/portal/webhooks", form, h.ts.URL)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add endpoint: %d", resp.StatusCode)
	}
	endpoints := h.s.Endpoints()
	if len(endpoints) != 2 || endpoints[1].URL != "https://example.com/from-the-portal" || endpoints[1].Secret == "" {
		t.Fatalf("after the form: %+v", endpoints)
	}
	if _, body = getPage(t, client, portal); !strings.Contains(html.UnescapeString(body), endpoints[1].Secret) {
		t.Error("the new endpoint's secret is not on the page")
	}
	form.Set("portal", "guess")
	if resp := postForm(t, client, h.ts.URL+"/portal/webhooks", form, ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("form without the portal token: %d", resp.StatusCode)
	}
	for _, r := range Routes() {
		if strings.Contains(r, "portal") {
			t.Errorf("the Portal page is among the API routes: %s", r)
		}
	}
	var consumers webhookConsumersJSON
	h.mustDo("GET", "/webhooks", nil, 200, &consumers)
	if raw, _ := json.Marshal(consumers); len(consumers.Results) != 2 || strings.Contains(string(raw), "whsec_") {
		t.Errorf("GET /webhooks: %s", raw)
	}
}
