package cli

import (
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestNoCommandLeaksTheKeyOrTheWebhookSecret runs every command with
// --debug, including failures, and looks for the API key (raw and as its
// base64 header) and the webhook signing secret in everything onboard
// wrote: stdout, stderr, the debug log and the state and config files, plus
// the repository's testdata.
func TestNoCommandLeaksTheKeyOrTheWebhookSecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	key, secret := h.env["CODAT_API_KEY"], h.sb.WebhookSecret()
	h.env["CODAT_WEBHOOK_SECRET"] = secret
	secrets := map[string]string{
		"API key":            key,
		"API key as base64":  base64.StdEncoding.EncodeToString([]byte(key)),
		"webhook secret":     secret,
		"webhook secret key": strings.TrimPrefix(secret, "whsec_"),
	}

	link := decode[linkResult](t, h.run("", "--debug", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
	var outputs []string
	for _, args := range [][]string{
		{"link", "--company", "Acme Ltd"},
		{"link", "--company", "Acme Ltd", "--platform", "xeroo"},
		{"invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--json", "--copy"},
		{"invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--print", "eml"},
		{"invite", "--company", "Acme Ltd", "--to", "not an address"},
		{"status"},
		{"status", "--company", "Acme Ltd", "--json"},
		{"status", "--company", "Acme Ltd", "--wait", "--timeout", "200ms"},
		{"doctor"},
		{"doctor", "--json"},
		{"auth", "status", "--json"},
		{"auth", "login"},
		{"auth", "logout"},
		{"unlink", "--company", "Acme Ltd", "--platform", "gbol"},
		{"revoke", "--company", "Acme Ltd", "--connection", link.ConnectionID, "--yes", "--json"},
		{"--help"},
		{},
	} {
		r := h.run("", append([]string{"--debug"}, args...)...)
		outputs = append(outputs, strings.Join(args, " ")+"\n"+r.stdout+r.stderr)
	}
	// A wrong key is not echoed either.
	h.env["CODAT_API_KEY"] = "wrong-" + key
	r := h.run("", "--debug", "link", "--company", "Acme Ltd")
	wantCode(t, r, exitAuth)
	outputs = append(outputs, r.stdout+r.stderr)
	secrets["wrong key"] = "wrong-" + key

	debugLog := filepath.Join(h.env["ONBOARD_STATE_DIR"], debugFileName)
	logData, err := os.ReadFile(debugLog)
	if err != nil {
		t.Fatalf("no debug log: %v", err)
	}
	for _, want := range []string{"GET " + h.sb.BaseURL() + "/integrations", " 200 ", " 401 ", "Authorization: Basic [redacted]", "correlation="} {
		if !strings.Contains(string(logData), want) {
			t.Errorf("the debug log lacks %q", want)
		}
	}
	if info, _ := os.Stat(debugLog); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("debug log mode %04o, want 0600", info.Mode().Perm())
	}
	if !strings.Contains(outputs[0], "Debug log: "+debugLog) {
		t.Errorf("stderr should say where the debug log is:\n%s", outputs[0])
	}

	files := map[string]string{}
	for _, dir := range []string{h.env["ONBOARD_STATE_DIR"], h.env["ONBOARD_CONFIG_DIR"], "testdata"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(path)
				files[path] = string(data)
			}
			return nil
		})
	}
	if len(files) < 2 {
		t.Errorf("expected the debug log and the onboardings list, found %v", files)
	}
	// Every golden and fixture in the module: none may hold this run's
	// secrets, nor anything shaped like a key or a signing secret.
	secretShaped := regexp.MustCompile(`whsec_[A-Za-z0-9+/=]{20,}|Basic [A-Za-z0-9+/=]{16,}|CODAT_API_KEY=[^\s<…]+`)
	goldens := 0
	filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(path), "testdata/") {
			return nil
		}
		data, _ := os.ReadFile(path)
		files[path] = string(data)
		goldens++
		if m := secretShaped.FindString(string(data)); m != "" {
			t.Errorf("%s holds something shaped like a secret: %q", path, m)
		}
		return nil
	})
	if goldens < 90 {
		t.Errorf("found only %d files under testdata directories; the walk is not reaching the goldens", goldens)
	}
	for name, s := range secrets {
		for i, out := range outputs {
			if strings.Contains(out, s) {
				t.Errorf("the %s appears in the output of command %d:\n%s", name, i, out)
			}
		}
		for path, data := range files {
			if strings.Contains(data, s) {
				t.Errorf("the %s appears in %s", name, path)
			}
		}
	}
}
