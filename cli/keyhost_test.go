package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// TestAStoredKeyGoesOnlyToItsHost stores a key for one sandbox, then points
// CODAT_BASE_URL at another: the key is refused there, never sent, and the
// messages say what to do. (It swaps go-keyring's provider, so it does not
// run in parallel.)
func TestAStoredKeyGoesOnlyToItsHost(t *testing.T) {
	keyring.MockInit()
	h, key := authHarness(t)
	origin := h.sb.BaseURL() // http://127.0.0.1:PORT, already an origin

	r := h.run(key, "auth", "login")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "The key is stored for "+origin) {
		t.Errorf("login does not say which host the key is for:\n%s", r.stderr)
	}
	r = h.run("", "auth", "status", "--json")
	wantCode(t, r, exitOK)
	if rep := decode[authReport](t, r); rep.Host != origin || !rep.Accepted {
		t.Errorf("status: %+v, want host %s", rep, origin)
	}
	r = h.run("", "auth", "status")
	if !strings.Contains(r.stderr, "Stored for: "+origin) {
		t.Errorf("status text does not name the host:\n%s", r.stderr)
	}

	other, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	h.env["CODAT_BASE_URL"] = other.BaseURL()
	r = h.run("", "link", "--company", "Acme Ltd")
	wantCode(t, r, exitAuth)
	for _, want := range []string{"is for " + origin, "Set CODAT_API_KEY", "run `onboard auth login` with CODAT_BASE_URL=" + other.BaseURL()} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "Demo:") || r.stdout != "" {
		t.Errorf("a refused key must not fall back to the demo: %s", r.stderr)
	}
	r = h.run("", "auth", "status", "--json")
	wantCode(t, r, exitAuth)
	if rep := decode[authReport](t, r); rep.Host != origin || rep.Accepted || !strings.Contains(rep.Message, "is for "+origin) {
		t.Errorf("status against another host: %+v", rep)
	}
	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other host was sent %d requests: %v", n, other.Requests())
	}

	// A key from the environment goes where CODAT_BASE_URL says.
	h.env["CODAT_API_KEY"] = other.APIKey()
	r = h.run("", "auth", "status", "--json")
	wantCode(t, r, exitOK)
	if rep := decode[authReport](t, r); rep.Host != other.BaseURL() || !rep.Accepted {
		t.Errorf("status with CODAT_API_KEY: %+v", rep)
	}
	if r = h.run("", "auth", "status"); !strings.Contains(r.stderr, "Sent to: "+other.BaseURL()) {
		t.Errorf("status text with CODAT_API_KEY:\n%s", r.stderr)
	}
}

// TestAKeyStoredWithoutAHostIsForCodat reads keys stored before keys were
// bound (a raw key, or a "Basic" header, alone in the file): they are bound
// to Codat's own API.
func TestAKeyStoredWithoutAHostIsForCodat(t *testing.T) {
	t.Parallel()
	for _, stored := range []string{"old-raw-key", "Basic b2xkLXJhdy1rZXk="} {
		h := newHarness(t, sandbox.Options{})
		delete(h.env, "CODAT_API_KEY")
		path := filepath.Join(h.env["ONBOARD_CONFIG_DIR"], "credentials")
		if err := writeCredentialsFile(path, stored); err != nil {
			t.Fatal(err)
		}
		r := h.run("", "link", "--company", "Acme Ltd")
		wantCode(t, r, exitAuth)
		if !strings.Contains(r.stderr, "is for "+api.DefaultBaseURL) {
			t.Errorf("%q: the refusal does not name Codat's host:\n%s", stored, r.stderr)
		}
		if n := len(h.sb.Requests()); n != 0 {
			t.Errorf("%q: the sandbox was sent %d requests", stored, n)
		}
		a := &app{sys: system{getenv: func(k string) string { return map[string]string{configDirEnv: h.env[configDirEnv]}[k] }}}
		creds, _ := resolveCredentials(a.sys)
		if creds.host != api.DefaultBaseURL || !creds.present() {
			t.Fatalf("%q: read as %+v", stored, creds)
		}
		b, err := a.connectWith(creds)
		if err != nil {
			t.Fatalf("%q with CODAT_BASE_URL unset: %v", stored, err)
		}
		if b.baseURL != api.DefaultBaseURL {
			t.Errorf("%q: base %s", stored, b.baseURL)
		}
	}
}

func TestAPIOrigin(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"https://api.codat.io", "https://api.codat.io"},
		{"https://API.Codat.io/", "https://api.codat.io"},
		{"https://api.codat.io:443/v1", "https://api.codat.io"},
		{"https://api.codat.io:8443", "https://api.codat.io:8443"},
		{"http://127.0.0.1:8080/x", "http://127.0.0.1:8080"},
		{"http://[::1]:9/", "http://[::1]:9"},
		{"ftp://api.codat.io", ""},
		{"api.codat.io", ""},
	} {
		if got, _ := apiOrigin(tc.in); got != tc.want {
			t.Errorf("apiOrigin(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, origin, secret string }{
		{"https://api.codat.io KEY", "https://api.codat.io", "KEY"},
		{"http://127.0.0.1:5 Basic abc=", "http://127.0.0.1:5", "Basic abc="},
		{"KEY", "https://api.codat.io", "KEY"},
		{"Basic abc=", "https://api.codat.io", "Basic abc="},
	} {
		if o, s := splitStored(tc.in); o != tc.origin || s != tc.secret {
			t.Errorf("splitStored(%q) = %q, %q; want %q, %q", tc.in, o, s, tc.origin, tc.secret)
		}
	}
}
