package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/onboardcli/onboard/api/sandbox"
)

// The auth tests swap go-keyring's global provider, so they do not run in
// parallel; each restores an empty mock when done.

func authHarness(t *testing.T) (*harness, string) {
	t.Helper()
	h := newHarness(t, sandbox.Options{})
	key := h.env["CODAT_API_KEY"]
	delete(h.env, "CODAT_API_KEY")
	h.keyring = osKeyring{service: "onboard-test", user: keyringUser, timeout: keyringTimeout}
	t.Cleanup(keyring.MockInit)
	return h, key
}

func TestAuthWithTheKeyring(t *testing.T) {
	keyring.MockInit()
	h, key := authHarness(t)

	r := h.run(key+"\n", "auth", "login")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "accepts the key") || !strings.Contains(r.stderr, "Stored the key in the OS keyring") {
		t.Errorf("login stderr: %s", r.stderr)
	}
	if got, err := keyring.Get("onboard-test", keyringUser); err != nil || got != h.sb.BaseURL()+" "+key {
		t.Errorf("keyring holds %q (%v), want the key bound to the sandbox's origin", got, err)
	}
	if _, err := os.Stat(filepath.Join(h.env["ONBOARD_CONFIG_DIR"], "credentials")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a credentials file was written although the keyring worked: %v", err)
	}

	r = h.run("", "auth", "status", "--json")
	wantCode(t, r, exitOK)
	if rep := decode[authReport](t, r); rep.Source != "keyring" || !rep.Accepted || rep.BaseURL != h.sb.BaseURL() {
		t.Errorf("status: %+v", rep)
	}
	// Every command now uses the stored key, not the demo.
	r = h.run("", "link", "--company", "Acme Ltd", "--json")
	wantCode(t, r, exitOK)
	if res := decode[linkResult](t, r); res.Demo || strings.Contains(r.stderr, "Demo:") {
		t.Errorf("link used the demo instead of the stored key: %s", r.stderr)
	}

	r = h.run("", "auth", "logout")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "Removed the key from the OS keyring") {
		t.Errorf("logout stderr: %s", r.stderr)
	}
	r = h.run("", "auth", "status")
	wantCode(t, r, exitAuth)
	if !strings.Contains(r.stderr, "No Codat key") {
		t.Errorf("status after logout: %s", r.stderr)
	}
}

func TestAuthFallsBackToAPrivateFile(t *testing.T) {
	keyring.MockInitWithError(errors.New("no Secret Service on this bus"))
	h, key := authHarness(t)
	h.env["ONBOARD_CONFIG_DIR"] = filepath.Join(t.TempDir(), "new-dir")
	path := filepath.Join(h.env["ONBOARD_CONFIG_DIR"], "credentials")

	r := h.run(key, "auth", "login")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "The OS keyring isn't available (no Secret Service on this bus)") ||
		!strings.Contains(r.stderr, "plain text in "+path) {
		t.Errorf("login should warn and name the file:\n%s", r.stderr)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("credentials file mode %04o, want 0600", info.Mode().Perm())
	}
	if runtime.GOOS != "windows" {
		if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm()&0o077 != 0 {
			t.Errorf("config dir mode %04o lets others in", dir.Mode().Perm())
		}
	}

	r = h.run("", "auth", "status", "--json")
	wantCode(t, r, exitOK)
	if rep := decode[authReport](t, r); rep.Source != "file" || rep.Location != path || !rep.Accepted {
		t.Errorf("status: %+v", rep)
	}
	if strings.Contains(r.stdout+r.stderr, key) {
		t.Error("auth status printed the key")
	}

	// The environment wins over the stored key, and login refuses to store.
	h.env["CODAT_API_KEY"] = "some-other-key-from-env"
	r = h.run("", "auth", "status", "--json")
	if rep := decode[authReport](t, r); rep.Source != "CODAT_API_KEY" || len(rep.Shadowed) != 1 || rep.Shadowed[0] != path {
		t.Errorf("status with env set: %+v", rep)
	}
	wantCode(t, r, exitAuth) // the sandbox refuses the env key
	r = h.run(key, "auth", "login")
	wantCode(t, r, exitError)
	if !strings.Contains(r.stderr, "CODAT_API_KEY is set") || !strings.Contains(r.stderr, "unset CODAT_API_KEY") {
		t.Errorf("login with env set: %s", r.stderr)
	}
	delete(h.env, "CODAT_API_KEY")

	r = h.run("", "auth", "logout")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "Removed "+path) {
		t.Errorf("logout: %s", r.stderr)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("credentials file still there: %v", err)
	}
	r = h.run("", "auth", "logout")
	if !strings.Contains(r.stderr, "No stored key to remove") {
		t.Errorf("second logout: %s", r.stderr)
	}
}

func TestAuthLoginRefusesAWrongKey(t *testing.T) {
	keyring.MockInit()
	h, _ := authHarness(t)
	const wrong = "wrong-key-typed-by-mistake"
	r := h.run(wrong+"\n", "auth", "login")
	wantCode(t, r, exitAuth)
	if !strings.Contains(r.stderr, "nothing was stored") || strings.Contains(r.stderr, wrong) {
		t.Errorf("stderr: %s", r.stderr)
	}
	if _, err := keyring.Get("onboard-test", keyringUser); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("a refused key was stored: %v", err)
	}
	for _, in := range []string{"", "  \n", "two\nlines\n"} {
		if r := h.run(in, "auth", "login"); r.code != exitUsage {
			t.Errorf("login with stdin %q: exit %d, want 2 (%s)", in, r.code, r.stderr)
		}
	}
}

func TestAuthLoginPromptsWithoutEcho(t *testing.T) {
	keyring.MockInit()
	h, key := authHarness(t)
	var out, errOut syncBuffer
	env := h.env
	sys := system{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		getenv:   func(k string) string { return env[k] },
		stdinTTY: true, stdoutTTY: true, stderrTTY: true,
		readPassword: func(context.Context) ([]byte, error) { return []byte(key), nil },
		keyring:      h.keyring,
	}
	if code := run(t.Context(), []string{"auth", "login"}, sys); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(errOut.String(), "it won't be shown") || strings.Contains(errOut.String()+out.String(), key) {
		t.Errorf("prompt: %s", errOut.String())
	}
}

func TestKeyringTimeout(t *testing.T) {
	t.Parallel()
	k := osKeyring{service: "x", user: "y", timeout: 1}
	block := make(chan struct{})
	defer close(block)
	if _, err := k.withTimeout(func() (string, error) { <-block; return "", nil }); !errors.Is(err, errKeyringTimeout) {
		t.Errorf("got %v, want the timeout", err)
	}
}

func TestCredentialsFileKeepsItsModePrivate(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix modes")
	}
	path := filepath.Join(t.TempDir(), "onboard", "credentials")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, warn, _ := readCredentialsFile(path); !strings.Contains(warn, "chmod 600") {
		t.Errorf("a readable file should warn, got %q", warn)
	}
	if err := writeCredentialsFile(path, "new-key"); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	secret, warn, err := readCredentialsFile(path)
	if info.Mode().Perm() != 0o600 || secret != "new-key" || warn != "" || err != nil {
		t.Errorf("mode %04o, secret %q, warn %q, err %v", info.Mode().Perm(), secret, warn, err)
	}
}

// memoryKeyring is a keyring of one entry, for tests that leave
// go-keyring's global provider alone.
type memoryKeyring struct {
	mu     sync.Mutex
	secret string
}

func (m *memoryKeyring) Get() (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.secret == "" {
		return "", errSecretNotFound
	}
	return m.secret, nil
}

func (m *memoryKeyring) Set(s string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secret = s
	return nil
}

func (m *memoryKeyring) Delete() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.secret == "" {
		return errSecretNotFound
	}
	m.secret = ""
	return nil
}

// TestRunAuth calls the run functions of login, status and logout with
// options: the key read from stdin is checked and stored, status reports
// it as JSON, and after logout status exits 4.
func TestRunAuth(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	key := h.env["CODAT_API_KEY"]
	delete(h.env, "CODAT_API_KEY")
	kr := &memoryKeyring{}
	h.keyring = kr

	d := h.direct(key + "\n")
	r := d.result(runAuthLogin(t.Context(), &authLoginOptions{app: d.app}))
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "accepts the key") || !strings.Contains(r.stderr, "Stored the key in the OS keyring") {
		t.Errorf("login stderr: %s", r.stderr)
	}
	if got, _ := kr.Get(); got != h.sb.BaseURL()+" "+key {
		t.Errorf("keyring holds %q, want the key bound to the sandbox's origin", got)
	}

	d = h.direct("")
	r = d.result(runAuthStatus(t.Context(), &authStatusOptions{app: d.app, JSON: true}))
	wantCode(t, r, exitOK)
	if rep := decode[authReport](t, r); rep.Source != "keyring" || !rep.Accepted {
		t.Errorf("status: %+v", rep)
	}

	d = h.direct("")
	r = d.result(runAuthLogout(t.Context(), &authLogoutOptions{app: d.app}))
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "Removed the key from the OS keyring") {
		t.Errorf("logout stderr: %s", r.stderr)
	}

	d = h.direct("")
	r = d.result(runAuthStatus(t.Context(), &authStatusOptions{app: d.app}))
	wantCode(t, r, exitAuth)
	if !strings.Contains(r.stderr, "No Codat key") {
		t.Errorf("status after logout: %s", r.stderr)
	}
}
