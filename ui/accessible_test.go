package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/steps"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

func accessibleDeps(t *testing.T) (Deps, *sandbox.Server) {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	u, _ := url.Parse(sb.BaseURL())
	client, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	return Deps{API: client, Env: share.Env{}, LinkHost: u.Host, Demo: true, SandboxLinks: true, SaveDir: t.TempDir(), FromName: "Sam"}, sb
}

// platformNumber finds the number the accessible prompt gives a platform.
func platformNumber(t *testing.T, deps Deps, name string) string {
	t.Helper()
	platforms, err := steps.Platforms(t.Context(), deps.API, flow.Accounting)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range platforms {
		if p.Name == name {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("no platform %q", name)
	return ""
}

func TestAccessibleReachesTheAuthorizeLink(t *testing.T) {
	deps, _ := accessibleDeps(t)
	n := platformNumber(t, deps, "Codat Sandbox")
	answers := strings.Join([]string{
		"Zeta Zoo", // company: none exist, so it is created
		"y",        // consent
		"1",        // accounting
		n,          // Codat Sandbox
		"y",        // I can sign in
		"3",        // finish for now
	}, "\n") + "\n"
	var out bytes.Buffer
	st, err := RunAccessible(context.Background(), strings.NewReader(answers), &out, deps, "Demo: no Codat key set, using the built-in sandbox")
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	if st.Connection.LinkURL == "" || !strings.Contains(text, st.Connection.LinkURL) {
		t.Fatalf("no link in the output:\n%s", text)
	}
	for _, want := range []string{"Demo: no Codat key set", "what sharing means", "Codat Sandbox, waiting on you"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsRune(text, '\x1b') {
		t.Errorf("escape sequences in accessible output:\n%q", text)
	}
}

func TestAccessibleDelegatesWithAnInvite(t *testing.T) {
	deps, _ := accessibleDeps(t)
	n := platformNumber(t, deps, "Xero")
	answers := strings.Join([]string{
		"A&B Ltd?", "y", "1", n,
		"n",                 // someone else has the login
		"1",                 // write an invite
		"not an address",    // refused, asked again
		"jane@firm.example", // recipient
		"Jane",              // their name
		"",                  // sender name: prefilled "Sam"
		"",                  // sender address: none
		"1",                 // send it as it is
		strconv.Itoa(slices.Index(flow.PlainWays, flow.WayEML) + 1), // save as .eml
		"4", // finish for now (after: wait, the invite again, copy the link)
	}, "\n") + "\n"
	var out bytes.Buffer
	st, err := RunAccessible(context.Background(), strings.NewReader(answers), &out, deps, "")
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	if st.HostedLink == "" || !strings.Contains(text, st.HostedLink) {
		t.Fatalf("no Hosted Link in the output:\n%s", text)
	}
	if !strings.Contains(text, "What it allows: Demo Capital Ltd gets read access") {
		t.Errorf("the invite read out does not name who reads the data:\n%s", text)
	}
	if !strings.Contains(text, "waiting on jane@firm.example") {
		t.Errorf("recap does not name the recipient:\n%s", text)
	}
	if st.InviteSent != flow.WayEML || !strings.Contains(st.InviteFile, ".eml") {
		t.Errorf("invite left as %q (%q), want a saved .eml", st.InviteSent, st.InviteFile)
	}
}

// The shell's note on reaching the link's pages follows each link.
func TestAccessibleSaysTheLinkNote(t *testing.T) {
	deps, _ := accessibleDeps(t)
	deps.LinkNote = "From your own computer, run ssh -L 7878:localhost:7878 10.0.0.5 and open the link there."
	n := platformNumber(t, deps, "Codat Sandbox")
	answers := strings.Join([]string{"Tunnel Note Ltd", "y", "1", n, "y", "2"}, "\n") + "\n"
	var out bytes.Buffer
	st, _ := RunAccessible(context.Background(), strings.NewReader(answers), &out, deps, "")
	text := out.String()
	for _, link := range []string{st.Connection.LinkURL, st.HostedLink} {
		if link == "" || !strings.Contains(text, link+"\n\n"+deps.LinkNote+"\n") {
			t.Errorf("link %q is not followed by the note:\n%s", link, text)
		}
	}
}

func TestAccessibleStopsWhenInputEnds(t *testing.T) {
	deps, _ := accessibleDeps(t)
	var out bytes.Buffer
	_, err := RunAccessible(context.Background(), strings.NewReader("Omega Oils\ny\n"), &out, deps, "")
	if err != ErrInputEnded {
		t.Fatalf("err = %v, want ErrInputEnded\n%s", err, out.String())
	}
}

// accessibleRun is the line-by-line journey on a goroutine of its own,
// reading the answers a test writes to answer.
type accessibleRun struct {
	out    lockedBuffer
	answer *io.PipeWriter
	done   chan error
	final  flow.State // set before done is sent on
}

// startAccessible starts the journey with answers to read first.
func startAccessible(t *testing.T, ctx context.Context, deps Deps, answers string) *accessibleRun {
	in, answer := io.Pipe()
	t.Cleanup(func() { answer.Close() })
	r := &accessibleRun{answer: answer, done: make(chan error, 1)}
	go answer.Write([]byte(answers)) //nolint:errcheck // read by the journey
	go func() {
		st, err := RunAccessible(ctx, in, &r.out, deps, "")
		r.final = st
		r.done <- err
	}()
	return r
}

// waitOut waits until the journey has said want.
func (r *accessibleRun) waitOut(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(r.out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %q:\n%s", want, r.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// end waits for the journey to end and returns its error.
func (r *accessibleRun) end(t *testing.T) error {
	t.Helper()
	select {
	case err := <-r.done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("the journey did not end:\n%s", r.out.String())
		return nil
	}
}

// lockedBuffer is a buffer one goroutine writes while another reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAccessibleEndsWhenCancelled: a signal cancels the context while a
// prompt waits for an answer that never comes; the journey ends at once
// with the context's error, not with "input ended".
func TestAccessibleEndsWhenCancelled(t *testing.T) {
	deps, _ := accessibleDeps(t)
	in, answer := io.Pipe()
	t.Cleanup(func() { answer.Close() })
	go answer.Write([]byte("Omega Oils\n")) //nolint:errcheck // the rest never comes
	var out lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := RunAccessible(ctx, in, &out, deps, "")
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "what sharing means") {
		if time.Now().After(deadline) {
			t.Fatalf("the consent question never came:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled\n%s", err, out.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the prompt still waits 5 s after the context was cancelled:\n%s", out.String())
	}
}
