package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// Documented exit codes.
const (
	exitError = 1
	exitAuth  = 4
)

// assertNoSecret fails if the key, in any form it travels in, is in out.
func assertNoSecret(t *testing.T, out []byte, key string) {
	t.Helper()
	forms := []string{key, base64.StdEncoding.EncodeToString([]byte(key)), base64.StdEncoding.EncodeToString([]byte(key + ":"))}
	for _, f := range forms {
		if bytes.Contains(out, []byte(f)) {
			t.Errorf("the key (as %q) reached the terminal; tail %q", f, tail(out, 400))
		}
	}
}

// TestNoSecretInOutput runs onboard where the key could leak: a rejected
// key, a Codat that echoes the Authorization header back in its errors, and
// a whole journey with the link copied: the key never reaches the terminal.
func TestNoSecretInOutput(t *testing.T) {
	t.Parallel()
	t.Run("rejected key", func(t *testing.T) {
		t.Parallel()
		eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
			c := startSandbox(t, opts)
			const key = "wrong-key-9f8e7d6c5b4a"
			env := baseEnv(t, "CODAT_BASE_URL="+c.sb.BaseURL(), "CODAT_API_KEY="+key)
			tt := startTTY(t, env, 100, 30)
			if code := tt.Wait(step); code != exitAuth {
				t.Errorf("exit code %d, want %d (authentication); output %q", code, exitAuth, tail(tt.Output(), 400))
			}
			assertNoSecret(t, tt.Output(), key)
			// A sentence saying what to do, not a stack trace.
			if out := string(tt.Output()); !strings.Contains(out, "Codat rejected the API key (401). Check CODAT_API_KEY") || strings.Contains(out, "goroutine") {
				t.Errorf("the refusal is not explained: %q", tail(tt.Output(), 400))
			}
		})
	})
	t.Run("Codat echoes the header", func(t *testing.T) {
		t.Parallel()
		const key = "echoed-key-0a1b2c3d4e5f"
		echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			auth := r.Header.Get("Authorization")
			raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(auth, "Basic "))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			json.NewEncoder(w).Encode(map[string]any{ //nolint:errcheck
				"statusCode": 500, "service": "PublicApi " + auth, "correlationId": string(raw),
				"error": "Bad header " + auth + " for key " + string(raw),
			})
		}))
		t.Cleanup(echo.Close)
		tt := startTTY(t, baseEnv(t, "CODAT_BASE_URL="+echo.URL, "CODAT_API_KEY="+key), 100, 30)
		if code := tt.Wait(step); code != exitError {
			t.Errorf("exit code %d, want %d; output %q", code, exitError, tail(tt.Output(), 400))
		}
		if !bytes.Contains(tt.Output(), []byte("Codat")) {
			t.Errorf("no message about Codat; output %q", tail(tt.Output(), 400))
		}
		assertNoSecret(t, tt.Output(), key)
	})
	t.Run("whole journey", func(t *testing.T) {
		t.Parallel()
		eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
			c := startSandbox(t, opts)
			tt := startTTY(t, c.env(t), 120, 40)
			tt.toAuthorize("Secret Co")
			tt.Send("c")
			tt.WaitFor(step, "OSC 52")
			tt.Send(keyEsc)
			tt.WaitFor(step, titleSignIn)
			tt.Send(keyDown, keyEnter)
			tt.WaitFor(step, titleDelegate, delegateIntro)
			tt.Send("c")
			tt.WaitOutput(step, "the Hosted Link to be copied too", func(out []byte) bool { return copiesIn(out) == 2 })
			tt.Send(keyCtrlC)
			if code := tt.Wait(exitWait); code != exitInterrupted {
				t.Errorf("exit code %d, want %d", code, exitInterrupted)
			}
			assertNoSecret(t, tt.Output(), c.sb.APIKey())
		})
	})
}
