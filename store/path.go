package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// StateDirEnv names the environment variable that chooses the directory of the list, overriding the
// platform's default.
const StateDirEnv = "ONBOARD_STATE_DIR"

// fileName is the list's name inside its directory.
const fileName = "onboardings.json"

// DefaultPath is where the list lives: in $ONBOARD_STATE_DIR when set; otherwise in the platform's place for
// an application's state: $XDG_STATE_HOME/onboard (or ~/.local/state/onboard) on Linux and other Unixes,
// ~/Library/Application Support/onboard on macOS, %LocalAppData%\onboard on Windows.
func DefaultPath() (string, error) {
	return defaultPath(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func defaultPath(goos string, getenv func(string) string, homeDir func() (string, error)) (string, error) {
	if dir := getenv(StateDirEnv); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("resolve %s=%s: %w", StateDirEnv, dir, err)
		}
		return filepath.Join(abs, fileName), nil
	}
	if goos == "windows" {
		local := getenv("LOCALAPPDATA")
		if local == "" {
			return "", &StateDirError{Var: "LOCALAPPDATA"}
		}
		return filepath.Join(local, "onboard", fileName), nil
	}
	// The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
	if xdg := getenv("XDG_STATE_HOME"); goos != "darwin" && goos != "ios" && xdg != "" && filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "onboard", fileName), nil
	}
	home, err := homeDir()
	if err != nil || home == "" {
		return "", &StateDirError{Err: err}
	}
	if goos == "darwin" || goos == "ios" {
		return filepath.Join(home, "Library", "Application Support", "onboard", fileName), nil
	}
	return filepath.Join(home, ".local", "state", "onboard", fileName), nil
}
