package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// TestHostileNamesOnScreen puts every hostile name of the corpus into the
// sandbox as a company, lets the sandbox keep or strip what Codat's rules
// say (it keeps CR, LF, tab and other whitespace), then searches for them
// in the TUI: each name shows as plain text on its own line, and nothing of
// the payloads reaches the terminal.
func TestHostileNamesOnScreen(t *testing.T) {
	t.Parallel()
	names, err := LoadCorpus("names.txt")
	if err != nil {
		t.Fatal(err)
	}
	eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
		c := startSandbox(t, opts)
		type shown struct {
			tag, want string
			entry     CorpusEntry
		}
		var all []shown
		for i, e := range names {
			tag := fmt.Sprintf("Zed %02d", i)
			co, err := c.client.CreateCompany(t.Context(), api.CompanyRequest{Name: e.Value + " " + tag, Description: e.Value})
			if err != nil {
				t.Fatalf("%s: create company: %v", e.Name(), err)
			}
			all = append(all, shown{tag: tag, want: co.Name, entry: e})
		}
		u, _ := url.Parse(c.sb.BaseURL())

		tt := startTTY(t, c.env(t), 240, 100)
		tt.WaitFor(step, titleCompany)
		tt.Type("Zed")
		s := tt.WaitFor(step, all[0].tag, all[len(all)-1].tag)
		// Long names wrap, so compare with the screen's words in order.
		screenText := strings.Join(strings.Fields(s), " ")
		for _, sh := range all {
			// What the client shows: the stored name, sanitized. Long names may
			// be cut at the screen's edge, so compare a prefix.
			want := []rune(strings.Join(strings.Fields(api.Sanitize(sh.want)), " "))
			want = want[:min(len(want), 60)]
			if !strings.Contains(screenText, string(want)) {
				t.Errorf("%s: the screen does not show %q as text (stored as %q); screen:\n%s", sh.entry.Name(), string(want), sh.want, s)
			}
		}
		tt.Send(keyEnter) // choose the first: its name on the consent screen
		tt.WaitFor(step, titleConsent)
		tt.Send(keyCtrlC)
		if code := tt.Wait(exitWait); code != exitInterrupted {
			t.Errorf("exit code %d, want %d", code, exitInterrupted)
		}
		for _, f := range foreignOutput(tt.Output(), u.Host) {
			t.Errorf("reached the terminal: %s", f)
		}
	})
}
