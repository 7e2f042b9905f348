package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The test binary stands in for onboard when asked to: it runs main, so the
// test sees what main wires and how it exits.
func TestMain(m *testing.M) {
	if os.Getenv("ONBOARD_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func runMain(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "ONBOARD_RUN_MAIN=1", "ONBOARD_STATE_DIR="+t.TempDir(), "ONBOARD_CONFIG_DIR="+t.TempDir(), "CODAT_API_KEY=", "CODAT_AUTH_HEADER=")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

func TestMainWiresTheCommandsAndTheirExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, 0, "onboard link"},
		{[]string{"link"}, 2, "--company"},
		{[]string{"no-such-command"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		out, code := runMain(t, tt.args...)
		if code != tt.code || !strings.Contains(out, tt.want) {
			t.Errorf("onboard %s: exit %d, want %d; output should contain %q:\n%s", strings.Join(tt.args, " "), code, tt.code, tt.want, out)
		}
	}
}
