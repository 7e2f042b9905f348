package cli

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// fakeTools is a machine with some programs installed; ran records each
// program run, and fail, when set, is what running one writes and returns.
type fakeTools struct {
	installed map[string]bool
	mu        sync.Mutex
	ran       []string
	stderr    string
	fail      error
}

func (f *fakeTools) lookPath(name string) (string, error) {
	if f.installed[name] {
		return "/usr/bin/" + name, nil
	}
	return "", exec.ErrNotFound
}

func (f *fakeTools) run(_ context.Context, name string, args ...string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ran = append(f.ran, strings.Join(append([]string{name}, args...), " "))
	return f.stderr, f.fail
}

func tools(names ...string) *fakeTools {
	f := &fakeTools{installed: map[string]bool{}}
	for _, n := range names {
		f.installed[n] = true
	}
	return f
}

// TestDoctorTriesTheClipboard: doctor reports the clipboard route as
// trying it showed, by reading the clipboard and never writing it.
func TestDoctorTriesTheClipboard(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		env        map[string]string
		tools      *fakeTools
		method     string
		check      string
		tool       string
		ran        string // the one program run, "" for none
		line, said string
	}{
		{"xclip without a display", nil, tools("xclip"), "osc52", clipNoDisplay, "xclip", "",
			"xclip is installed but has no display to reach ($DISPLAY is not set), so copies go by OSC 52", "$DISPLAY"},
		{"xclip with a display", map[string]string{"DISPLAY": ":0"}, tools("xclip", "xsel"), "native", clipAnswered, "xclip",
			"xclip -out -selection clipboard", "the OS clipboard via xclip (it read the clipboard just now)", ""},
		{"xclip failing", map[string]string{"DISPLAY": ":9"},
			&fakeTools{installed: map[string]bool{"xclip": true}, stderr: "Error: Can't open display: :9\x1b[31m\nmore\n", fail: errors.New("exit status 1")},
			"native", clipFailed, "xclip", "xclip -out -selection clipboard",
			"reading the clipboard with it failed just now (Error: Can't open display: :9)", "Error: Can't open display: :9"},
		{"wl-copy without wl-paste", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, tools("wl-copy", "xsel"), "osc52", clipNoDisplay, "xsel", "",
			"xsel is installed but has no display to reach ($DISPLAY is not set)", "$DISPLAY"},
		{"wayland", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, tools("wl-copy", "wl-paste", "xclip"), "native", clipAnswered, "wl-copy",
			"wl-paste --no-newline", "via wl-copy (it read the clipboard just now)", ""},
		{"over SSH", map[string]string{"SSH_TTY": "/dev/pts/1", "DISPLAY": ":0"}, tools("xclip"), "osc52", clipTerminal, "xclip", "",
			"OSC 52 (osc52). Terminals don't confirm it", ""},
		{"no tool", nil, tools(), "osc52", clipTerminal, "", "", "no native tool found", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			delete(h.env, "CODAT_API_KEY")
			for k, v := range tc.env {
				h.env[k] = v
			}
			h.lookPath, h.runTool = tc.tools.lookPath, tc.tools.run
			r := h.run("", "doctor", "--json")
			wantCode(t, r, exitOK)
			d := decode[doctorReport](t, r)
			if d.Clipboard != tc.method || d.ClipboardCheck != tc.check || d.ClipboardTool != tc.tool || d.ClipboardSaid != tc.said {
				t.Errorf("clipboard %q check %q tool %q said %q", d.Clipboard, d.ClipboardCheck, d.ClipboardTool, d.ClipboardSaid)
			}
			human := h.run("", "doctor")
			if !strings.Contains(human.stdout, tc.line) {
				t.Errorf("doctor does not say %q:\n%s", tc.line, human.stdout)
			}
			want := []string{}
			if tc.ran != "" {
				want = []string{tc.ran, tc.ran} // once for each run of doctor
			}
			if strings.Join(tc.tools.ran, "|") != strings.Join(want, "|") {
				t.Errorf("ran %q, want %q", tc.tools.ran, want)
			}
		})
	}
}
