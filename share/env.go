// Package share gets a link or an email off the screen and to where the
// person needs it: the clipboard (the OS's, or the terminal's through OSC
// 52), a browser or mail app, or a QR code drawn in the terminal.
//
// Every way out can fail silently (OSC 52 is never acknowledged, a launcher
// can "succeed" with no browser), so callers print the link on a line of its
// own first and treat everything here as a convenience on top.
package share

import "runtime"

// Env is what the environment says about where the person is sitting.
type Env struct {
	SSH     bool // connected over SSH: the OS clipboard and browser are on the remote machine
	Tmux    bool // inside tmux: OSC 52 needs the passthrough wrapper
	Screen  bool // inside GNU screen: OSC 52 needs DCS chunks
	WSL     bool // Windows Subsystem for Linux
	Display bool // a graphical desktop to open a browser on
}

// DetectEnv reads the environment through getenv (os.Getenv in production).
// macOS and Windows always count as having a display, and so does WSL,
// whose links open in the Windows browser.
func DetectEnv(getenv func(string) string) Env {
	return detectEnv(runtime.GOOS, getenv)
}

func detectEnv(goos string, getenv func(string) string) Env {
	set := func(names ...string) bool {
		for _, n := range names {
			if getenv(n) != "" {
				return true
			}
		}
		return false
	}
	e := Env{
		SSH:    set("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"),
		Tmux:   set("TMUX"),
		Screen: set("STY"),
		WSL:    set("WSL_DISTRO_NAME", "WSL_INTEROP"),
	}
	e.Display = goos == "darwin" || goos == "windows" || e.WSL || set("DISPLAY", "WAYLAND_DISPLAY")
	return e
}
