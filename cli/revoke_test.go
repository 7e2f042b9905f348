package cli

import (
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

func TestUnlinkAndRevoke(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
	if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
		t.Fatal(err)
	}

	// No terminal and no --yes: nothing happens, and the error says what to pass.
	for _, cmd := range []string{"unlink", "revoke"} {
		r := h.run("y\n", cmd, "--company", "Acme Ltd", "--platform", "gbol")
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, "pass --yes") {
			t.Errorf("%s: stderr %s", cmd, r.stderr)
		}
	}
	if reqs := h.sb.Requests(); reqs["PATCH /companies/{companyId}/connections/{connectionId}"]+reqs["DELETE /companies/{companyId}/connections/{connectionId}"] != 0 {
		t.Fatalf("a connection was changed without confirmation: %v", reqs)
	}

	r := h.run("", "unlink", "--company", "Acme Ltd", "--platform", "Xero", "--yes", "--json")
	wantCode(t, r, exitOK)
	res := decode[revokeResult](t, r)
	if res.Status != "Unlinked" || res.ConnectionID != link.ConnectionID || res.PlatformKey != "gbol" || !strings.Contains(res.NextStep, "kept") {
		t.Errorf("unlink: %+v", res)
	}
	conn, err := h.client().GetConnection(t.Context(), link.CompanyID, link.ConnectionID)
	if err != nil || conn.Status != api.Unlinked {
		t.Errorf("after unlink the connection is %q (%v)", conn.Status, err)
	}

	r = h.run("", "revoke", "--company-id", link.CompanyID, "--connection", link.ConnectionID, "--yes")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "Deleted Acme Ltd's connection to Xero") {
		t.Errorf("revoke stderr: %s", r.stderr)
	}
	if _, err := h.client().GetConnection(t.Context(), link.CompanyID, link.ConnectionID); !api.IsNotFound(err) {
		t.Errorf("after revoke the connection still answers: %v", err)
	}
	// The ended onboarding no longer counts as pending.
	if l := decode[pendingList](t, h.run("", "status", "--json")); len(l.Pending) != 0 {
		t.Errorf("pending after revoke: %+v", l)
	}

	r = h.run("", "revoke", "--company", "Acme Ltd", "--platform", "gbol", "--yes")
	wantCode(t, r, exitError)
	if !strings.Contains(r.stderr, "Acme Ltd has no connection to Xero") {
		t.Errorf("second revoke stderr: %s", r.stderr)
	}
}

func TestConfirm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
		err  bool
	}{{"y\n", true, false}, {"YES\n", true, false}, {"n\n", false, false}, {"\n", false, false}, {"sure\n", false, false}, {"", false, true}} {
		var out strings.Builder
		got, err := confirm(strings.NewReader(tc.in), &out, "Go? [y/N] ")
		if got != tc.want || (err != nil) != tc.err || out.String() != "Go? [y/N] " {
			t.Errorf("confirm(%q) = %v, %v (asked %q)", tc.in, got, err, out.String())
		}
	}
}

// TestUnlinkAndRevokeBelieveOnlyCodat has Codat accept an unlink or a
// delete and not carry it out: the command says what Codat answered, prints
// nothing on stdout, and exits 1, instead of saying it is done.
func TestUnlinkAndRevokeBelieveOnlyCodat(t *testing.T) {
	t.Parallel()
	const (
		patch = "PATCH /companies/{companyId}/connections/{connectionId}"
		del   = "DELETE /companies/{companyId}/connections/{connectionId}"
	)
	for _, tc := range []struct {
		name, cmd, route string
		authorize        bool
		want             []string
	}{
		{"unlink of a pending connection", "unlink", patch, false,
			[]string{"Codat did not confirm the unlink", "is PendingAuth, not Unlinked"}},
		{"unlink answered with the old status", "unlink", patch, true,
			[]string{"Codat did not confirm the unlink", "is Linked, not Unlinked"}},
		{"delete that leaves the connection", "revoke", del, true,
			[]string{"Codat did not confirm the delete", "is still there (Linked)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			link := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
			if tc.authorize {
				if err := h.sb.Authorize(link.CompanyID, link.ConnectionID); err != nil {
					t.Fatal(err)
				}
			}
			h.sb.IgnoreNext(tc.route, 1)
			r := h.run("", tc.cmd, "--company", "Acme Ltd", "--platform", "gbol", "--yes", "--json")
			wantCode(t, r, exitError)
			if n := h.sb.FaultsLeft(tc.route); n != 0 {
				t.Fatalf("the request never reached Codat (%d faults left)", n)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if r.stdout != "" || strings.Contains(r.stderr, "Unlinked Xero") || strings.Contains(r.stderr, "Deleted Acme") {
				t.Errorf("it claimed success:\nstdout %s\nstderr %s", r.stdout, r.stderr)
			}
		})
	}
}
