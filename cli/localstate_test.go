package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// storeHostile is what a hand-edited or damaged list of onboardings might hold around a name: a clipboard
// write (OSC 52), a hidden link (OSC 8), a screen clear, a carriage return, a bidi override, a one-rune CSI
// (C1) and a line separator.
const storeHostile = "\x1b]52;c;ZXZpbA==\x07\x1b]8;;https://evil.example/\x1b\\ Ltd\x1b]8;;\x1b\\\x1b[2J\r\u202e\u009b31m\u2028"

// drawsOnTheTerminal returns the first rune of s that could change how a terminal draws (ESC and every other
// C0 control but the line break, C1, bidi controls, line and paragraph separators), and whether there is one.
func drawsOnTheTerminal(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c, r == 0x2028, r == 0x2029:
			return r, true
		}
	}
	return 0, false
}

// editStore changes every remembered onboarding in the harness's list as a person with an editor might.
func editStore(t *testing.T, h *harness, edit func(entry map[string]any)) {
	t.Helper()
	path := filepath.Join(h.env["ONBOARD_STATE_DIR"], "onboardings.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	entries, _ := doc["entries"].([]any)
	if len(entries) == 0 {
		t.Fatalf("no onboarding remembered in %s", data)
	}
	for _, e := range entries {
		edit(e.(map[string]any))
	}
	if data, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestStatusDrawsNothingAHostileStoreHolds(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	wantCode(t, h.run("", "invite", "--company", "Beta Co", "--to", "jane@firm.example", "--platform", "suuo"), exitOK)
	edited := map[string]string{}
	editStore(t, h, func(e map[string]any) {
		for _, field := range []string{"company_name", "recipient", "platform_name", "status", "uid", "category", "connection_id"} {
			value := field + storeHostile
			if field == "category" {
				value = "bank\x1b[2J\u202e\u2028ing" // the escapes go, the category stays
			}
			e[field] = value
			edited[field] = api.Sanitize(value)
		}
	})
	if edited["category"] != "banking" {
		t.Fatalf("the hostile text is not what this test expects once cleaned: %q", edited["category"])
	}

	human := h.run("", "status")
	asJSON := h.run("", "status", "--json")
	for name, r := range map[string]result{"status": human, "status --json": asJSON} {
		wantCode(t, r, exitPending)
		for stream, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
			if c, bad := drawsOnTheTerminal(out); bad {
				t.Errorf("%s wrote %U on %s:\n%q", name, c, stream, out)
			}
		}
	}
	for _, field := range []string{"company_name", "recipient", "platform_name"} {
		if !strings.Contains(human.stdout, edited[field]) {
			t.Errorf("status does not show the cleaned %s %q:\n%s", field, edited[field], human.stdout)
		}
	}
	list := decode[pendingList](t, asJSON)
	if len(list.Pending) != 1 {
		t.Fatalf("status --json lists %d onboardings, want 1: %s", len(list.Pending), asJSON.stdout)
	}
	p := list.Pending[0]
	for field, got := range map[string]string{"company_name": p.CompanyName, "recipient": p.Recipient,
		"platform_name": p.PlatformName, "category": p.Category} {
		if got != edited[field] {
			t.Errorf("status --json %s = %q, want the cleaned %q", field, got, edited[field])
		}
	}
}

// plantedTarget is a file a link planted in place of one of onboard's files points to: it must come out with
// the same content and mode.
func plantedTarget(t *testing.T) (path string, untouched func()) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "someone-elses-file")
	const content = "not onboard's\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, func() {
		t.Helper()
		info, err := os.Stat(path)
		if err != nil {
			t.Fatalf("the link's target is gone: %v", err)
		}
		if data, _ := os.ReadFile(path); string(data) != content {
			t.Errorf("the link's target was changed: %q", data)
		}
		if runtime.GOOS != "windows" && info.Mode().Perm() != 0o644 {
			t.Errorf("the link's target has mode %04o, want it left at 0644", info.Mode().Perm())
		}
	}
}

func TestCommandsRefuseALinkInPlaceOfTheirFiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		file func(h *harness) string
		args []string
		code int
	}{
		{"list of onboardings", stateFile("onboardings.json"), []string{"status"}, exitError},
		{"its lock", stateFile("onboardings.json.lock"), []string{"status", "--json"}, exitError},
		{"debug log", stateFile(debugFileName), []string{"--debug", "status"}, exitError},
		{"credentials, read", configFile("credentials"), []string{"auth", "status"}, exitAuth},
		{"credentials, written", configFile("credentials"), []string{"auth", "login"}, exitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			stdin := ""
			if tc.args[0] == "auth" {
				stdin = h.env["CODAT_API_KEY"] + "\n"
				delete(h.env, "CODAT_API_KEY")
			}
			target, untouched := plantedTarget(t)
			link := tc.file(h)
			if err := os.Symlink(target, link); err != nil {
				t.Skipf("cannot make a symbolic link here: %v", err)
			}
			r := h.run(stdin, tc.args...)
			wantCode(t, r, tc.code)
			if want := link + ": it is a symbolic link (to " + target + ")"; !strings.Contains(r.stderr, want) {
				t.Errorf("stderr should say %q:\n%s", want, r.stderr)
			}
			untouched()
			if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link itself was not left as it is: %v", err)
			}
		})
	}
}

func stateFile(name string) func(h *harness) string {
	return func(h *harness) string { return filepath.Join(h.env["ONBOARD_STATE_DIR"], name) }
}

func configFile(name string) func(h *harness) string {
	return func(h *harness) string { return filepath.Join(h.env["ONBOARD_CONFIG_DIR"], name) }
}

func TestStatusRefusesAFIFOOrAnOversizedListAtOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		plant func(t *testing.T, path string)
		says  string
	}{
		{"FIFO", mkfifoOrSkip, "it is a named pipe (FIFO), not a plain file"},
		{"oversized", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(`{"version":1,"entries":[]}`), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, 1<<30); err != nil { // sparse: a gigabyte that costs no disk
				t.Fatal(err)
			}
		}, "it is 1073741824 bytes, more than the 8388608 onboard reads"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			path := filepath.Join(h.env["ONBOARD_STATE_DIR"], "onboardings.json")
			tc.plant(t, path)
			before, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan result, 1)
			go func() { done <- h.run("", "status", "--json") }()
			var r result
			select {
			case r = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("status still running after 20 s")
			}
			wantCode(t, r, exitError)
			if !strings.Contains(r.stderr, path) || !strings.Contains(r.stderr, tc.says) {
				t.Errorf("stderr should name %s and say %q:\n%s", path, tc.says, r.stderr)
			}
			after, err := os.Lstat(path)
			if err != nil || after.Mode() != before.Mode() || after.Size() != before.Size() {
				t.Errorf("the file was not left as it is: %v", err)
			}
			if aside, _ := filepath.Glob(path + ".corrupt-*"); len(aside) != 0 {
				t.Errorf("moved aside: %v", aside)
			}
		})
	}
}
