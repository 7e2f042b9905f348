package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// More exit codes as documented in README and --help.
const (
	exitOK          = 0
	exitUsage       = 2
	exitRateLimited = 5
)

// script runs onboard as a script would: no terminal, stdin empty.
type script struct {
	env   []string
	state string // ONBOARD_STATE_DIR
}

func newScript(t *testing.T, c *codat) script {
	env := c.env(t)
	s := script{env: env}
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "ONBOARD_STATE_DIR="); ok {
			s.state = v
		}
	}
	return s
}

type result struct {
	code           int
	stdout, stderr string
}

func (s script) run(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(onboardBin, args...)
	cmd.Env = s.env
	cmd.Stdin = strings.NewReader("")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run onboard %v: %v", args, err)
	}
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// storeBytes reads the onboardings file ("" when there is none).
func (s script) storeBytes(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.state, "onboardings.json"))
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) {
		t.Fatalf("the onboardings file is not valid JSON:\n%s", b)
	}
	return string(b)
}

// TestCommandsUnderFaults runs the scriptable commands against a Codat that
// fails: each failure gives a clear message on stderr, nothing on stdout,
// the documented exit code, no duplicate company, and the onboardings
// already recorded intact.
func TestCommandsUnderFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     sandbox.Options
		fault    func(*sandbox.Server)
		route    string // the route fault sets a knob on
		args     []string
		code     int
		message  string
		company  string // when set: exactly one company of this name afterwards
		recovers bool   // running again without the fault succeeds
	}{
		{
			name: "create answered 503", route: "POST /companies", fault: func(sb *sandbox.Server) { sb.FailNext("POST /companies", 1, 503) },
			args: []string{"link", "--company", "Fault Create Ltd", "--json"}, code: exitError,
			message: "503", company: "", recovers: true,
		},
		{
			name: "create answer cut off", route: "POST /companies", fault: func(sb *sandbox.Server) { sb.TruncateNext("POST /companies", 1) },
			args: []string{"link", "--company", "Fault Truncated Ltd", "--json"}, code: exitOK,
			company: "Fault Truncated Ltd", recovers: true,
		},
		{
			name: "connection answer cut off", route: "POST /companies/{companyId}/connections", fault: func(sb *sandbox.Server) { sb.TruncateNext("POST /companies/{companyId}/connections", 1) },
			args: []string{"link", "--company", "Fault Conn Ltd", "--platform", "gbol", "--json"}, code: exitOK,
			company: "Fault Conn Ltd", recovers: true,
		},
		{
			name: "hosted link unavailable", route: "GET /companies/{companyId}", fault: func(sb *sandbox.Server) { sb.FailNext("GET /companies/{companyId}", 4, 500) }, // all four attempts of one run
			args: []string{"invite", "--company", "Fault Invite Ltd", "--to", "jane@firm.example", "--from", "Sam"}, code: exitError,
			message: "500", company: "Fault Invite Ltd", recovers: true,
		},
		{
			name: "rate limited for a minute", opts: sandbox.Options{RateLimit: 1},
			args: []string{"link", "--company", "Fault Rate Ltd"}, code: exitRateLimited,
			message: "rate",
		},
		{
			name: "invalid address", args: []string{"invite", "--company", "Fault Address Ltd", "--to", "Jane <jane@firm.example>"},
			code: exitUsage, message: "address",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, tc.opts, func(t *testing.T, opts sandbox.Options) {
				c := startSandbox(t, opts)
				s := newScript(t, c)
				// Something handed on earlier, which no failure may disturb.
				if tc.opts.RateLimit == 0 {
					first := s.run(t, "invite", "--company", "Earlier Ltd", "--to", "ann@firm.example", "--from", "Sam")
					if first.code != exitOK {
						t.Fatalf("setting up: exit %d\n%s", first.code, first.stderr)
					}
				}
				before := s.storeBytes(t)
				if tc.fault != nil {
					tc.fault(c.sb)
				}
				r := s.run(t, tc.args...)
				if r.code != tc.code {
					t.Fatalf("exit %d, want %d\nstderr: %s", r.code, tc.code, r.stderr)
				}
				if tc.fault != nil && c.sb.FaultsLeft(tc.route) != 0 {
					t.Fatalf("the fault on %s was never served: this ran clean", tc.route)
				}
				if tc.code != exitOK {
					if r.stdout != "" {
						t.Errorf("a failed command printed on stdout: %q", r.stdout)
					}
					if !strings.Contains(strings.ToLower(r.stderr), tc.message) || strings.Contains(r.stderr, "goroutine") {
						t.Errorf("stderr does not explain it (want %q):\n%s", tc.message, r.stderr)
					}
				}
				if after := s.storeBytes(t); tc.code != exitOK && after != before {
					t.Errorf("a failure changed what was handed on:\nbefore %s\nafter %s", before, after)
				}
				if tc.recovers {
					if again := s.run(t, tc.args...); again.code != exitOK {
						t.Fatalf("after the fault: exit %d\n%s", again.code, again.stderr)
					}
				}
				if name := tc.company; name != "" || tc.recovers {
					if name == "" {
						name = tc.args[2]
					}
					c.onlyCompany(t, name)
					if tc.args[0] == "link" && len(tc.args) > 4 && tc.args[3] == "--platform" {
						co := c.onlyCompany(t, name)
						if n := c.pendingConnections(t, co.ID, "gbol"); n != 1 {
							t.Errorf("%d pending Xero connections, want 1", n)
						}
					}
				}
			})
		})
	}
}
