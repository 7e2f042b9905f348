package cli

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestDebugLogHoldsNoSpellingOfTheKeyNorAnythingThatDraws puts a Codat look-alike in front of the sandbox
// that echoes the key, in every spelling, in Codat-Correlation-Id, in the correlation id and message of an
// error body, and in a header line the HTTP client refuses (so it comes back inside a transport error),
// along with C1 and bidi characters and escape sequences. The debug log holds none of them.
func TestDebugLogHoldsNoSpellingOfTheKeyNorAnythingThatDraws(t *testing.T) {
	t.Parallel()
	// A key whose spellings all differ: its base64 has + and / and padding, and URL-encoding changes it.
	const key = "sk_test~~~???&=/+:@%01234"
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	spellings := map[string]string{
		"raw":                key,
		"base64":             b64,
		"base64, unpadded":   base64.RawStdEncoding.EncodeToString([]byte(key)),
		"base64url":          base64.URLEncoding.EncodeToString([]byte(key)),
		"base64url, no pad":  base64.RawURLEncoding.EncodeToString([]byte(key)),
		"QueryEscape":        url.QueryEscape(key),
		"PathEscape":         url.PathEscape(key),
		"base64 QueryEscape": url.QueryEscape(b64),
	}
	distinct := map[string]bool{}
	var all []string
	for _, s := range spellings {
		distinct[s] = true
		all = append(all, s)
	}
	if len(distinct) != len(spellings) {
		t.Fatalf("the key's spellings are not all different, so the test would prove less: %v", spellings)
	}
	echo := strings.Join(all, " \u009b\u202e ")

	h := newHarness(t, sandbox.Options{APIKey: key})
	wantCode(t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol"), exitOK)
	sb, err := url.Parse(h.sb.BaseURL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(sb)
	proxy.ModifyResponse = func(resp *http.Response) error {
		resp.Header.Set("Codat-Correlation-Id", echo)
		return nil
	}
	var connections atomic.Int32
	lookalike := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/connections") {
			proxy.ServeHTTP(w, r)
			return
		}
		if connections.Add(1) == 1 {
			// The client refuses a header line with ESC and quotes it in its error.
			w.Header().Set("X-Echo", "\x1b]52;c;ZXZpbA==\x07"+echo)
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]any{"statusCode": 404, "service": "PublicApi",
			"error": "no company for " + echo + "\x1b[2J\r", "correlationId": "\x1b]8;;https://evil.example/\x1b\\" + echo})
	}))
	t.Cleanup(lookalike.Close)
	h.env["CODAT_BASE_URL"] = lookalike.URL

	r := h.run("", "--debug", "status", "--company", "Acme Ltd")
	if r.code == exitOK {
		t.Fatalf("status against a look-alike that refuses every connection list succeeded:\n%s", r.stderr)
	}
	if connections.Load() < 2 {
		t.Fatalf("the look-alike answered the connection list %d times; want the refused header and the error body", connections.Load())
	}
	data, err := os.ReadFile(filepath.Join(h.env["ONBOARD_STATE_DIR"], debugFileName))
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for name, s := range spellings {
		if strings.Contains(log, s) {
			t.Errorf("the debug log holds the key (%s):\n%s", name, log)
		}
	}
	if c, bad := drawsOnTheTerminal(log); bad {
		t.Errorf("the debug log holds %U:\n%q", c, log)
	}
	for _, want := range []string{"correlation=[redacted]", " 404 ", "malformed MIME header", "GET " + lookalike.URL + "/companies"} {
		if !strings.Contains(log, want) {
			t.Errorf("the debug log lacks %q:\n%s", want, log)
		}
	}
	for _, name := range []string{"raw", "base64"} { // what the client removes from errors it reports
		if strings.Contains(r.stdout+r.stderr, spellings[name]) {
			t.Errorf("the output holds the key (%s):\n%s%s", name, r.stdout, r.stderr)
		}
	}
}

func TestCredentialSpellingsCoverTheKeyBehindEveryHeader(t *testing.T) {
	t.Parallel()
	const key = "sk_test~~~???&=/+:@%01234"
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	for _, tc := range []struct {
		header string
		want   []string
		not    []string
	}{
		{"Basic " + b64, []string{key, b64, url.QueryEscape(key), url.PathEscape(key),
			base64.RawURLEncoding.EncodeToString([]byte(key))}, nil},
		{b64, []string{key, b64}, nil}, // a bare token, as CODAT_AUTH_HEADER may give it
		{"Bearer opaque-token-not-base64!", []string{"opaque-token-not-base64!", "opaque-token-not-base64%21"}, nil},
		{"Basic", nil, []string{"Basic"}}, // too short to redact without eating ordinary words
	} {
		got := credentialSpellings(tc.header)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("spellings of %q lack %q: %q", tc.header, w, got)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(got, n) {
				t.Errorf("spellings of %q include %q", tc.header, n)
			}
		}
	}
}
