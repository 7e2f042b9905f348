package cli

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// An invite printed as an .eml was prepared, not sent: onboard cannot see
// the mail app. Status says what it saw, in text and in JSON.
func TestStatusSaysAPrintedInviteWasPreparedNotSent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		args     []string
		handedOn string
		says     string
	}{
		{"printed as .eml", []string{"--print", "eml"}, "prepared", "invite to jane@firm.example prepared on "},
		{"printed as text", []string{"--print", "text"}, "prepared", "to send from your mail app"},
		{"copied", []string{"--copy"}, "copied", "invite to jane@firm.example copied on "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{})
			args := append([]string{"invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--from", "Sam Lee"}, tc.args...)
			wantCode(t, h.run("", args...), exitOK)

			r := h.run("", "status")
			wantCode(t, r, exitPending)
			if strings.Contains(strings.ToLower(r.stdout), "sent") || !strings.Contains(r.stdout, tc.says) {
				t.Errorf("status says %q, want %q and never \"sent\"", r.stdout, tc.says)
			}
			r = h.run("", "status", "--json")
			if strings.Contains(r.stdout, "sent") {
				t.Errorf("status --json says sent:\n%s", r.stdout)
			}
			l := decode[pendingList](t, r)
			if len(l.Pending) != 1 || l.Pending[0].HandedOn != tc.handedOn || l.Pending[0].HandedOnAt == "" {
				t.Errorf("status --json: %+v, want handed_on %q with its time", l.Pending, tc.handedOn)
			}
		})
	}
}

const (
	typedCompany = "Müller & Söhne GmbH"
	sender       = "Zoë Brandt"
)

// decodeEML reads an .eml as a mail reader does: headers, encoded words
// and the quoted-printable body decoded.
func decodeEML(t *testing.T, eml []byte) (from, subject, body string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(eml))
	if err != nil {
		t.Fatalf("the .eml does not parse: %v\n%s", err, eml)
	}
	dec := new(mime.WordDecoder)
	if subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("subject: %v", err)
	}
	if msg.Header.Get("From") != "" {
		a, err := msg.Header.AddressList("From")
		if err != nil || len(a) != 1 {
			t.Fatalf("From %q: %v", msg.Header.Get("From"), err)
		}
		if a[0].Name != sender {
			t.Errorf("From's name reads %q, want %q", a[0].Name, sender)
		}
		from = a[0].Address
	}
	if ct, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type")); err != nil || ct != "text/plain" || params["charset"] != "utf-8" {
		t.Fatalf("Content-Type %q (%v)", msg.Header.Get("Content-Type"), err)
	}
	var r io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(msg.Body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return from, subject, string(b)
}

// The invite names the business exactly as typed, though Codat stores
// "Mueller & Soehne GmbH"; the .eml decodes to it in a mail reader.
func TestInviteEMLKeepsTheTypedName(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	r := h.run("", "invite", "--company", typedCompany, "--to", "jane@firm.example", "--from", sender, "--print", "eml")
	wantCode(t, r, exitOK)
	from, subject, body := decodeEML(t, []byte(r.stdout))
	if from != "" {
		t.Errorf("From %q without --from-email: the mail app should fill it in", from)
	}
	if !strings.Contains(subject, typedCompany) {
		t.Errorf("subject %q lacks %q", subject, typedCompany)
	}
	if !strings.Contains(body, "This is "+sender+" at "+typedCompany) || strings.Contains(body, "Mueller") {
		t.Errorf("body does not name the business as typed:\n%s", body)
	}
	if !strings.HasSuffix(strings.TrimSpace(body), "\n"+sender) {
		t.Errorf("body is not signed by %s:\n%s", sender, body)
	}
	cos, err := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil || len(cos) != 1 || cos[0].Name != "Mueller & Soehne GmbH" {
		t.Errorf("Codat holds %+v (%v), want one company spelt as Codat allows", cos, err)
	}
}

// With --from-email the .eml says who it is from; the address is checked as
// --to is.
func TestInviteFromEmail(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	r := h.run("", "invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--from", sender,
		"--from-email", "zoe@acme.example", "--print", "eml")
	wantCode(t, r, exitOK)
	if from, _, _ := decodeEML(t, []byte(r.stdout)); from != "zoe@acme.example" {
		t.Errorf("From address %q, want zoe@acme.example", from)
	}
	for _, bad := range []string{"Zoë <zoe@acme.example>", "zoe", "zoe@acme.example,eve@evil.example"} {
		r := h.run("", "invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--from-email", bad, "--print", "eml")
		if r.code != exitUsage || !strings.Contains(r.stderr, "--from-email") || r.stdout != "" {
			t.Errorf("--from-email %q: exit %d, stderr %q; want 2 naming the flag", bad, r.code, r.stderr)
		}
	}
}

// Python's email package, as a mail reader might, decodes the subject and
// body to the name as typed.
func TestInviteEMLDecodesInPython(t *testing.T) {
	t.Parallel()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	h := newHarness(t, sandbox.Options{})
	r := h.run("", "invite", "--company", typedCompany, "--to", "jane@firm.example", "--from", sender,
		"--from-email", "zoe@mueller.example", "--print", "eml")
	wantCode(t, r, exitOK)
	cmd := exec.CommandContext(t.Context(), python, "-c", `import email, email.policy, sys
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
print(m["from"]); print(m["subject"]); print(m.get_body().get_content())`)
	cmd.Stdin = strings.NewReader(r.stdout)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	lines := strings.SplitN(string(out), "\n", 3)
	if len(lines) < 3 || lines[0] != sender+" <zoe@mueller.example>" || !strings.Contains(lines[1], typedCompany) ||
		!strings.Contains(lines[2], "This is "+sender+" at "+typedCompany) {
		t.Errorf("python3 read:\n%s", out)
	}
}

// An invite handed on with no platform is waited on without naming one: the
// remembered invite's category says what to wait for.
func TestStatusWaitOnAPlatformlessInvite(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	h.env["CODAT_WEBHOOK_SECRET"] = h.sb.WebhookSecret()
	r := h.run("", "invite", "--company", "Fresh Pick Co", "--to", "jane@firm.example", "--from", "Sam Lee")
	wantCode(t, r, exitOK)
	if want := "`onboard status --company 'Fresh Pick Co' --wait` tells you"; !strings.Contains(r.stderr, want) {
		t.Errorf("the next step is not %q:\n%s", want, r.stderr)
	}
	stderr := &syncBuffer{}
	done := make(chan result, 1)
	go func() {
		done <- h.runContext(t.Context(), "", stderr, "status", "--wait", "--json", "--timeout", "20s")
	}()
	waitFor(t, stderr, "Waiting for Fresh Pick Co")

	c := h.client()
	cos, err := c.ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil || len(cos) != 1 {
		t.Fatalf("companies %+v, %v", cos, err)
	}
	conn, err := c.CreateConnection(t.Context(), cos[0].ID, "qhyg") // the recipient picks QuickBooks Online
	if err != nil {
		t.Fatal(err)
	}
	if err := h.sb.Authorize(cos[0].ID, conn.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("status --wait did not end; stderr:\n%s", stderr.String())
	}
	wantCode(t, r, exitOK)
	if res := decode[waitResult](t, r); res.Outcome != "linked" || res.ConnectionID != conn.ID {
		t.Errorf("got %+v, want %s linked", res, conn.ID)
	}
	if r := h.run("", "status"); r.code != exitOK {
		t.Errorf("status after the link: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
