package cli

import (
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestRunDemo calls the run function with options: without a terminal the
// journey is refused as a usage error that points at the scripted
// commands; in accessible mode it runs on the built-in sandbox even with a
// key set, says so, and reads out the invite its example business left
// waiting first.
func TestRunDemo(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})

	d := h.direct("")
	err := runDemo(t.Context(), &demoOptions{app: d.app})
	if r := d.result(err); r.code != exitUsage || !strings.Contains(err.Error(), "onboard link --company NAME") {
		t.Errorf("demo in a pipe: exit %d, %v", r.code, err)
	}

	d = h.direct("")
	d.app.flags.accessible = true
	r := d.result(runDemo(t.Context(), &demoOptions{app: d.app}))
	if !strings.Contains(r.stdout, "Demo: using the built-in sandbox (no real data).") || !strings.Contains(r.stdout, "Picking up where you left off") ||
		!strings.Contains(r.stdout, "1. Invite to "+demoInviteRecipient+" for "+demoInvitedCompany+" (Xero)") {
		t.Errorf("accessible demo, stdout:\n%s", r.stdout)
	}
	if r.code == exitOK {
		t.Errorf("a journey with no answer to its first question exited 0")
	}
	if reqs := h.sb.Requests(); len(reqs) != 0 {
		t.Errorf("the demo called the Codat of the key set: %v", reqs)
	}
}
