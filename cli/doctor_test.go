package cli

import (
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

func TestDoctor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		env    map[string]string
		drop   []string
		code   int
		check  func(t *testing.T, d doctorReport)
		output []string
	}{
		{"with a key", map[string]string{"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22", "TMUX": "/tmp/tmux,1,0"}, nil, exitOK,
			func(t *testing.T, d doctorReport) {
				if !d.SSH || !d.Tmux || d.Clipboard != "osc52-tmux" || d.BrowserOpens || d.KeySource != "CODAT_API_KEY" || !d.CodatOK || d.Demo {
					t.Errorf("%+v", d)
				}
			},
			[]string{"SSH: yes", "tmux: yes", "allow-passthrough", "Key: from the CODAT_API_KEY environment variable", "accepts the key"}},
		{"demo", map[string]string{"ACCESSIBLE": "1"}, []string{"CODAT_API_KEY"}, exitOK,
			func(t *testing.T, d doctorReport) {
				if !d.Demo || d.KeySource != "" || !d.Accessible || d.SSH {
					t.Errorf("%+v", d)
				}
			},
			[]string{"Key: none set", "built-in sandbox", "Accessible mode: on"}},
		{"wrong key", map[string]string{"CODAT_API_KEY": "wrong-key-for-doctor"}, nil, exitAuth,
			func(t *testing.T, d doctorReport) {
				if d.CodatOK || !strings.Contains(d.Codat, "rejected") {
					t.Errorf("%+v", d)
				}
			},
			[]string{"Codat: Codat rejected the API key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			for k, v := range tc.env {
				h.env[k] = v
			}
			for _, k := range tc.drop {
				delete(h.env, k)
			}
			r := h.run("", "doctor", "--json")
			wantCode(t, r, tc.code)
			d := decode[doctorReport](t, r)
			tc.check(t, d)
			if !strings.HasPrefix(d.StateFile, h.env["ONBOARD_STATE_DIR"]) || !strings.HasPrefix(d.Credentials, h.env["ONBOARD_CONFIG_DIR"]) {
				t.Errorf("paths: state %s, credentials %s", d.StateFile, d.Credentials)
			}
			human := h.run("", "doctor")
			wantCode(t, human, tc.code)
			for _, w := range tc.output {
				if !strings.Contains(human.stdout, w) {
					t.Errorf("doctor output lacks %q:\n%s", w, human.stdout)
				}
			}
			if k := h.env["CODAT_API_KEY"]; k != "" && strings.Contains(r.stdout+human.stdout+r.stderr+human.stderr, k) {
				t.Errorf("doctor printed the key")
			}
		})
	}
}

// TestRunDoctor calls the run function with options: the report on
// stdout, and a key Codat refuses exiting 4 with the report still printed.
func TestRunDoctor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		key    string
		asJSON bool
		code   int
		want   string
	}{
		{"json", "", true, exitOK, `"codat_ok": true`},
		{"lines", "", false, exitOK, "Key: from the CODAT_API_KEY environment variable"},
		{"wrong key", "wrong-key-for-doctor", true, exitAuth, `"codat_ok": false`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			if tc.key != "" {
				h.env["CODAT_API_KEY"] = tc.key
			}
			d := h.direct("")
			r := d.result(runDoctor(t.Context(), &doctorOptions{app: d.app, JSON: tc.asJSON}))
			wantCode(t, r, tc.code)
			if tc.asJSON {
				decode[doctorReport](t, r)
			}
			if !strings.Contains(r.stdout, tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, r.stdout)
			}
		})
	}
}
