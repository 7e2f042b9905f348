package cli

import (
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// TestRunUnlinkAndRunRevoke call the run functions with options: a refusal
// changes nothing and exits 1, a confirmed unlink prints its JSON, and no
// terminal without Yes is a usage error naming --yes.
func TestRunUnlinkAndRunRevoke(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
	if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
		t.Fatal(err)
	}
	which := revocationOptions{Company: "Acme Ltd", Platform: "gbol"}

	d := h.direct("y\n")
	opts := which
	opts.app = d.app
	err := runRevoke(t.Context(), &opts)
	if r := d.result(err); r.code != exitUsage || !strings.Contains(err.Error(), "pass --yes") {
		t.Errorf("revoke without a terminal nor --yes: exit %d, %v", r.code, err)
	}

	d = h.direct("n\n")
	d.app.sys.stdinTTY, d.app.sys.stdoutTTY, d.app.sys.stderrTTY = true, true, true
	opts = which
	opts.app = d.app
	r := d.result(runRevoke(t.Context(), &opts))
	wantCode(t, r, exitError)
	if !strings.Contains(r.stderr, "This cannot be undone. [y/N]") || !strings.Contains(r.stderr, "Nothing changed.") {
		t.Errorf("a refused revoke says:\n%s", r.stderr)
	}
	if reqs := h.sb.Requests(); reqs["PATCH /companies/{companyId}/connections/{connectionId}"]+reqs["DELETE /companies/{companyId}/connections/{connectionId}"] != 0 {
		t.Fatalf("a connection was changed though the answer was no: %v", reqs)
	}

	d = h.direct("")
	opts = which
	opts.app, opts.Yes, opts.JSON = d.app, true, true
	r = d.result(runUnlink(t.Context(), &opts))
	wantCode(t, r, exitOK)
	if res := decode[revokeResult](t, r); res.Status != string(api.Unlinked) || res.ConnectionID != link.ConnectionID {
		t.Errorf("unlink: %+v", res)
	}
}
