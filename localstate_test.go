package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
