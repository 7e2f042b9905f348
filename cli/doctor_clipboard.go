package cli

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/share"
)

// What doctor found when it tried the clipboard route it reports, in
// doctorReport.ClipboardCheck.
const (
	clipAnswered  = "answered"   // the native tool read the clipboard just now
	clipNoDisplay = "no-display" // the tool is there but has no display to reach
	clipFailed    = "failed"     // the tool ran and failed
	clipUnchecked = "unchecked"  // no way to check without writing to the clipboard
	clipTerminal  = "terminal"   // OSC 52: the terminal never says whether it took it
)

// clipboardRoute is the native clipboard atotto/clipboard would use here,
// chosen the way it chooses.
type clipboardRoute struct {
	tool  string   // named in the report
	read  []string // reads the clipboard and changes nothing; nil when there is none to run
	needs string   // the variable the tool needs to reach a display, "" if none
}

// toolRunner runs a program to its end and returns what it wrote on stderr.
type toolRunner func(ctx context.Context, name string, args ...string) (stderr string, err error)

func runTool(ctx context.Context, name string, args ...string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = &stderr
	err := cmd.Run()
	return stderr.String(), err
}

// findClipboardRoute mirrors atotto/clipboard's choice on each system.
func findClipboardRoute(goos string, getenv func(string) string, lookPath func(string) (string, error)) (clipboardRoute, bool) {
	has := func(tools ...string) bool {
		for _, t := range tools {
			if lookPath == nil {
				return false
			}
			if _, err := lookPath(t); err != nil {
				return false
			}
		}
		return true
	}
	switch goos {
	case "darwin":
		return clipboardRoute{tool: "pbcopy", read: []string{"pbpaste"}}, true
	case "windows":
		// Windows' clipboard is an API call, with no program to read it through.
		return clipboardRoute{tool: "the Windows clipboard"}, true
	}
	routes := []clipboardRoute{
		{tool: "xclip", read: []string{"xclip", "-out", "-selection", "clipboard"}, needs: "DISPLAY"},
		{tool: "xsel", read: []string{"xsel", "--output", "--clipboard"}, needs: "DISPLAY"},
		{tool: "termux-clipboard-set", read: []string{"termux-clipboard-get"}},
		{tool: "clip.exe", read: []string{"powershell.exe", "-NoProfile", "-Command", "Get-Clipboard"}},
	}
	if getenv("WAYLAND_DISPLAY") != "" {
		routes = append([]clipboardRoute{{tool: "wl-copy", read: []string{"wl-paste", "--no-newline"}, needs: "WAYLAND_DISPLAY"}}, routes...)
	}
	for _, r := range routes {
		if has(r.tool, r.read[0]) {
			return r, true
		}
	}
	return clipboardRoute{}, false
}

// checkClipboard tries the route by reading the clipboard, never writing
// it, and says what that showed and, when the tool failed, what it said.
func checkClipboard(ctx context.Context, r clipboardRoute, getenv func(string) string, run toolRunner) (string, string) {
	switch {
	case r.needs != "" && getenv(r.needs) == "":
		return clipNoDisplay, "$" + r.needs
	case r.read == nil || run == nil:
		return clipUnchecked, ""
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	stderr, err := run(ctx, r.read[0], r.read[1:]...)
	if err == nil {
		return clipAnswered, ""
	}
	said := strings.TrimSpace(api.Sanitize(firstLine(stderr)))
	if said == "" || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		said = api.Sanitize(err.Error())
	}
	return clipFailed, said
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// clipboardReport fills the report's clipboard facts: the route a copy
// takes here, and what trying it showed.
func (a *app) clipboardReport(ctx context.Context, rep *doctorReport, env share.Env, goos string) {
	getenv := a.sys.getenv
	osc52 := map[bool]string{true: share.MethodOSC52Tmux, false: share.MethodOSC52}[env.Tmux]
	if env.Screen && !env.Tmux {
		osc52 = share.MethodOSC52Screen
	}
	route, found := findClipboardRoute(goos, getenv, a.sys.lookPath)
	rep.ClipboardTool = route.tool
	if env.SSH || !found {
		rep.Clipboard, rep.ClipboardCheck = osc52, clipTerminal
		return
	}
	rep.ClipboardCheck, rep.ClipboardSaid = checkClipboard(ctx, route, getenv, a.sys.runTool)
	rep.Clipboard = share.MethodNative
	if rep.ClipboardCheck == clipNoDisplay {
		// The tool fails at once without a display, and a copy goes on to OSC 52.
		rep.Clipboard = osc52
	}
}
