package cli

import (
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
)

func TestSandboxCommandServesUntilInterrupted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	stateFile := filepath.Join(t.TempDir(), "sandbox.json")

	serve := func() (base, key string, stop func() result) {
		ctx, cancel := context.WithCancel(t.Context())
		var out, errOut syncBuffer
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"sandbox", "--state", stateFile}, system{
				stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
				getenv: func(k string) string { return h.env[k] },
			})
		}()
		waitFor(t, &out, "Press ctrl+c to stop.")
		base = regexp.MustCompile(`CODAT_BASE_URL=(\S+)`).FindStringSubmatch(out.String())[1]
		key = regexp.MustCompile(`CODAT_API_KEY=(\S+)`).FindStringSubmatch(out.String())[1]
		for _, want := range []string{"CODAT_WEBHOOK_SECRET=whsec_", "Hosted Link base: " + base + "/link", "curl -H 'Authorization: Basic "} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("sandbox output lacks %q:\n%s", want, out.String())
			}
		}
		return base, key, func() result {
			cancel()
			select {
			case code := <-done:
				return result{code: code, stdout: out.String(), stderr: errOut.String()}
			case <-time.After(10 * time.Second):
				t.Fatal("the sandbox did not stop")
				return result{}
			}
		}
	}

	base, key, stop := serve()
	// Another onboard uses it, as the printed lines say.
	h.env["CODAT_BASE_URL"], h.env["CODAT_API_KEY"] = base, key
	first := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--json"))
	req, _ := http.NewRequestWithContext(t.Context(), "GET", base+"/integrations", nil)
	req.Header.Set("Authorization", basicHeader(key))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /integrations: %v %v", resp, err)
	}
	resp.Body.Close()
	r := stop()
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "Sandbox stopped.") {
		t.Errorf("stderr: %s", r.stderr)
	}

	// With --state the company is still there after a restart, under the same key.
	base, key2, stop := serve()
	if key2 != key {
		t.Errorf("the key changed across restarts")
	}
	h.env["CODAT_BASE_URL"] = base
	again := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--json"))
	if !again.CompanyReused || again.CompanyID != first.CompanyID {
		t.Errorf("after restart: %+v, want company %s reused", again, first.CompanyID)
	}
	wantCode(t, stop(), exitOK)
}

func TestSandboxCommandRejectsANegativeRateLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	r := h.run("", "sandbox", "--rate-limit", "-1")
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "--rate-limit must be 0") {
		t.Errorf("stderr: %s", r.stderr)
	}
}
