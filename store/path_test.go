package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultPath(t *testing.T) {
	home := func() (string, error) { return "/home/ann", nil }
	noHome := func() (string, error) { return "", errors.New("$HOME is not defined") }
	tests := []struct {
		name    string
		goos    string
		env     map[string]string
		home    func() (string, error)
		want    string
		wantErr string
	}{
		{"override wins everywhere", "darwin", map[string]string{StateDirEnv: "/srv/onboard", "XDG_STATE_HOME": "/x"}, home,
			filepath.Join("/srv/onboard", fileName), ""},
		{"linux XDG", "linux", map[string]string{"XDG_STATE_HOME": "/var/state/ann"}, home,
			filepath.Join("/var/state/ann", "onboard", fileName), ""},
		{"linux relative XDG is ignored", "linux", map[string]string{"XDG_STATE_HOME": "state"}, home,
			filepath.Join("/home/ann", ".local", "state", "onboard", fileName), ""},
		{"linux fallback", "linux", nil, home, filepath.Join("/home/ann", ".local", "state", "onboard", fileName), ""},
		{"freebsd like linux", "freebsd", nil, home, filepath.Join("/home/ann", ".local", "state", "onboard", fileName), ""},
		{"macOS ignores XDG", "darwin", map[string]string{"XDG_STATE_HOME": "/x"}, home,
			filepath.Join("/home/ann", "Library", "Application Support", "onboard", fileName), ""},
		{"windows", "windows", map[string]string{"LOCALAPPDATA": `C:\Users\ann\AppData\Local`}, home,
			filepath.Join(`C:\Users\ann\AppData\Local`, "onboard", fileName), ""},
		{"windows without LocalAppData", "windows", nil, home, "", "LOCALAPPDATA"},
		{"no home", "linux", nil, noHome, "", "$HOME is not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := defaultPath(tt.goos, func(k string) string { return tt.env[k] }, tt.home)
			if tt.wantErr != "" {
				// Package explain words it, asking for StateDirEnv (explain.TestStoreErrorsReadWell).
				var stateDir *StateDirError
				if !errors.As(err, &stateDir) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want a StateDirError mentioning %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("defaultPath = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDefaultPathFollowsTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(StateDirEnv, dir)
	got, err := DefaultPath()
	if err != nil || got != filepath.Join(dir, fileName) {
		t.Errorf("DefaultPath = %q, %v; want %q", got, err, filepath.Join(dir, fileName))
	}
}
