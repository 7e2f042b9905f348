package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness runs onboard commands in-process against a sandbox of its own,
// with the environment given through getenv and private state and config
// directories.
type harness struct {
	t       *testing.T
	sb      *sandbox.Server
	env     map[string]string
	keyring secretStore
	copied  []string // what the commands put on the OS clipboard
	// lookPath and runTool stand in for finding and running programs; nil
	// finds none.
	lookPath func(string) (string, error)
	runTool  toolRunner
	mu       sync.Mutex
}

func newHarness(t *testing.T, opts sandbox.Options) *harness {
	t.Helper()
	sb, err := sandbox.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return &harness{t: t, sb: sb, env: map[string]string{
		"CODAT_BASE_URL":     sb.BaseURL(),
		"CODAT_API_KEY":      sb.APIKey(),
		"ONBOARD_STATE_DIR":  t.TempDir(),
		"ONBOARD_CONFIG_DIR": t.TempDir(),
	}}
}

// result is what one command did.
type result struct {
	code           int
	stdout, stderr string
}

func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	return h.runContext(h.t.Context(), stdin, nil, args...)
}

// runContext runs a command; stderr, when given, receives its messages as
// they are written.
func (h *harness) runContext(ctx context.Context, stdin string, stderr *syncBuffer, args ...string) result {
	var out syncBuffer
	if stderr == nil {
		stderr = &syncBuffer{}
	}
	code := run(ctx, args, h.system(stdin, &out, stderr))
	return result{code: code, stdout: out.String(), stderr: stderr.String()}
}

// system is the process a command of the harness runs in: its environment,
// keyring and clipboard, with stdin, stdout and stderr given.
func (h *harness) system(stdin string, out, stderr *syncBuffer) system {
	env := make(map[string]string, len(h.env))
	for k, v := range h.env {
		env[k] = v
	}
	return system{
		stdin: strings.NewReader(stdin), stdout: out, stderr: stderr,
		getenv:  func(k string) string { return env[k] },
		keyring: h.keyring,
		clipboard: func(s string) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.copied = append(h.copied, s)
			return nil
		},
		lookPath: h.lookPath,
		runTool:  h.runTool,
		now:      time.Now,
	}
}

// direct is one run of a command's run function, called without cobra:
// the app to put in its options, and what it wrote.
type direct struct {
	app            *app
	stdout, stderr *syncBuffer
}

func (h *harness) direct(stdin string) direct {
	d := direct{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	d.app = &app{sys: h.system(stdin, d.stdout, d.stderr)}
	return d
}

// result is what the run function did, as a person would see it: the exit
// code its error carries, and its output.
func (d direct) result(err error) result {
	return result{code: exitCode(err), stdout: d.stdout.String(), stderr: d.stderr.String()}
}

// client talks to the harness's sandbox directly, to check what a command did.
func (h *harness) client() *api.Client {
	h.t.Helper()
	c, err := api.New(api.Config{BaseURL: h.sb.BaseURL(), APIKey: h.sb.APIKey()})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// decode parses a command's stdout as one JSON object.
func decode[T any](t *testing.T, r result) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("stdout is not the documented JSON: %v\nstdout: %s\nstderr: %s", err, r.stdout, r.stderr)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value: %s", r.stdout)
	}
	return v
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
}

func TestJourneyInAPipeRefusesAndPointsAtTheScriptedCommands(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"demo"}} {
		h := newHarness(t, sandbox.Options{})
		delete(h.env, "CODAT_API_KEY")
		r := h.run("", args...)
		wantCode(t, r, exitUsage)
		for _, want := range []string{"needs a terminal", "onboard link --company NAME", "onboard invite"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("onboard %v: stderr lacks %q:\n%s", args, want, r.stderr)
			}
		}
		if r.stdout != "" {
			t.Errorf("stdout should stay empty, got %q", r.stdout)
		}
	}
}

func TestHelpDocumentsEnvironmentAndExitCodes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	r := h.run("", "--help")
	wantCode(t, r, exitOK)
	for _, want := range []string{"CODAT_API_KEY", "CODAT_AUTH_HEADER", "CODAT_BASE_URL", "CODAT_WEBHOOK_SECRET",
		"NO_COLOR", "ACCESSIBLE", "4 authentication", "5 rate limited", "130 interrupted",
		"link", "invite", "status", "unlink", "revoke", "doctor", "auth"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestUsageErrorsExitTwoAndNameTheFlag(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"link"}, "--company NAME"},
		{[]string{"link", "--company", "***"}, "Codat accepts plain letters"},
		{[]string{"invite", "--company", "Acme"}, "--to EMAIL"},
		{[]string{"invite", "--company", "Acme", "--to", "jane@firm.example", "--print", "pdf"}, "--print must be"},
		{[]string{"unlink", "--company", "Acme"}, "--platform KEY or --connection ID"},
		{[]string{"revoke", "--platform", "gbol"}, "--company NAME"},
		{[]string{"link", "--nope"}, "unknown flag"},
		{[]string{"frobnicate"}, "unknown command"},
	} {
		r := h.run("", tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("onboard %v: exit %d, stderr %q; want exit 2 mentioning %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// TestErrorsAreWordedForAPerson: an error a command ends with is told in
// words, with what the command added, never in its terse form for logs.
func TestErrorsAreWordedForAPerson(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	delete(h.env, "CODAT_API_KEY")
	path, err := credentialsPath(func(k string) string { return h.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	origin, err := apiOrigin(h.env["CODAT_BASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	if err := writeCredentialsFile(path, storedValue(origin, "a-key-codat-refuses")); err != nil {
		t.Fatal(err)
	}
	r := h.run("", "link", "--company", "Acme Ltd", "--json")
	wantCode(t, r, exitAuth)
	want := "Error: Codat rejected the API key (401). Check CODAT_API_KEY or CODAT_AUTH_HEADER. The key used is the one in " +
		path + "; run `onboard auth login` to replace it\n"
	if !strings.HasSuffix(r.stderr, want) || strings.Contains(r.stderr, "status 401") {
		t.Fatalf("stderr %q, want it to end %q", r.stderr, want)
	}
}

// profiles are the sandbox's two ways of answering: kindly, and as Codat's
// contract and documentation allow at worst (sandbox.Options.Strict).
var profiles = []struct {
	name   string
	strict bool
}{{"default", false}, {"strict", true}}

// eachProfile runs f as a parallel subtest on each profile, with opts.
func eachProfile(t *testing.T, opts sandbox.Options, f func(t *testing.T, opts sandbox.Options)) {
	t.Helper()
	for _, p := range profiles {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			o := opts
			o.Strict = p.strict
			f(t, o)
		})
	}
}

// portalEndpoint sets up a webhook endpoint the way a person does in
// Codat's Portal, with its secret in CODAT_WEBHOOK_SECRET, and returns the
// flags that make onboard receive its deliveries.
func (h *harness) portalEndpoint(t *testing.T) []string {
	t.Helper()
	addr := freeLoopbackAddr(t)
	hookURL := "http://" + addr + "/webhooks/codat"
	ep, err := h.sb.AddEndpoint(hookURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.env["CODAT_WEBHOOK_SECRET"] = ep.Secret
	return []string{"--webhook-listen", addr, "--webhook-url", hookURL}
}
