package ui

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
	"github.com/onboardcli/onboard/store"
	"github.com/onboardcli/onboard/webhook"
)

// statusPoll is the client's name for one check of a connection's status;
// TestAuthorizeThroughPolling proves it is counted under this name.
const statusPoll = "GET /companies/{id}/connections/{connectionId}"

// snapshot is what the test goroutine may read of the running model.
type snapshot struct {
	st   flow.State
	view string
}

// spy records a snapshot after every update, so tests wait on state rather
// than on bytes of a diffing renderer.
type spy struct {
	Model
	last *atomic.Value
}

func (s spy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := s.Model.Update(msg)
	mm := m.(Model)
	s.last.Store(snapshot{st: mm.st, view: plain(mm.render())})
	return spy{mm, s.last}, cmd
}

// clipboardSpy records what was copied.
type clipboardSpy struct {
	mu   sync.Mutex
	text []string
}

func (c *clipboardSpy) write(s string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text = append(c.text, s)
	return nil
}

func (c *clipboardSpy) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.text...)
}

type harness struct {
	t    *testing.T
	tm   *teatest.TestModel
	last *atomic.Value
	sb   *sandbox.Server
	api  *api.Client
	clip *clipboardSpy
}

func newHarness(t *testing.T, w, h int, webhooks bool, tweaks ...func(*Deps)) *harness {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return startHarness(t, sb, nil, w, h, webhooks, tweaks...)
}

// startHarness runs the TUI against a sandbox, optionally with a store.
func startHarness(t *testing.T, sb *sandbox.Server, st PendingStore, w, h int, webhooks bool, tweaks ...func(*Deps)) *harness {
	t.Helper()
	u, _ := url.Parse(sb.BaseURL())
	client, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey(), LinkHosts: []string{u.Host}})
	if err != nil {
		t.Fatal(err)
	}
	var events <-chan webhook.Event
	if webhooks {
		rcv, err := webhook.NewReceiver(webhook.ReceiverConfig{Secret: sb.WebhookSecret()})
		if err != nil {
			t.Fatal(err)
		}
		if err := rcv.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rcv.Close() })
		if _, err := client.CreateWebhookConsumer(t.Context(), api.WebhookConsumer{URL: rcv.URL()}); err != nil {
			t.Fatal(err)
		}
		events = rcv.Events()
	}
	clip := &clipboardSpy{}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	deps := Deps{
		API: client, Webhooks: events, Env: share.Env{Display: true},
		Clipboard: clip.write, Browser: func(string) error { return nil },
		SaveDir: t.TempDir(), LinkHost: u.Host, Demo: true, SandboxLinks: true, Store: st, FromName: "Sam",
	}
	for _, tweak := range tweaks {
		tweak(&deps)
	}
	m := New(ctx, Options{Deps: deps, Banner: "Demo: no Codat key set, using the built-in sandbox"})
	last := &atomic.Value{}
	last.Store(snapshot{st: m.st})
	tm := teatest.NewTestModel(t, spy{m, last},
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.ASCII),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		),
	)
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		cancel() // ends any wait still running
	})
	return &harness{t: t, tm: tm, last: last, sb: sb, api: client, clip: clip}
}

func (h *harness) snap() snapshot { return h.last.Load().(snapshot) }

// waitFor polls the model's snapshot until cond holds.
func (h *harness) waitFor(what string, cond func(snapshot) bool) snapshot {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s := h.snap(); cond(s) {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	s := h.snap()
	h.t.Fatalf("timed out waiting for %s; step=%v busy=%+v problem=%+v\n%s", what, s.st.Step, s.st.Busy, s.st.Problem, s.view)
	return s
}

func (h *harness) key(code rune) { h.tm.Send(tea.KeyPressMsg{Code: code}) }
func (h *harness) text(s string) { h.tm.Type(s) }

// toSignIn walks from the company screen to "can you sign in?" for the
// Codat Sandbox accounting platform.
func (h *harness) toSignIn(company string) {
	h.waitFor("the company screen", func(s snapshot) bool { return strings.Contains(s.view, "Which business") })
	h.text(company)
	h.waitFor("the search to answer", func(s snapshot) bool { return s.st.SearchedFor == company && !s.st.Searching })
	h.key(tea.KeyEnter)
	h.waitFor("consent", func(s snapshot) bool { return s.st.Step == flow.StepConsent })
	h.key(tea.KeyEnter)
	h.waitFor("category", func(s snapshot) bool { return s.st.Step == flow.StepCategory })
	h.key(tea.KeyEnter) // accounting
	h.waitFor("platforms", func(s snapshot) bool { return s.st.Step == flow.StepPlatform && len(s.st.Platforms) > 0 })
	h.text("codat sandbox")
	h.waitFor("the filter", func(s snapshot) bool { return strings.Contains(s.view, "Filter: codat sandbox") })
	h.key(tea.KeyEnter)
	h.waitFor("the sign-in question", func(s snapshot) bool { return s.st.Step == flow.StepSignIn })
}

func TestDemoWalksToTheAuthorizeLink(t *testing.T) {
	h := newHarness(t, 100, 30, true)
	h.toSignIn("Acme Ltd")
	s := h.snap()
	if s.st.Platform.Key != "mqjo" || !strings.Contains(s.view, "Can you sign in to Codat Sandbox yourself?") {
		t.Fatalf("platform=%+v\n%s", s.st.Platform, s.view)
	}
	h.text("y")
	s = h.waitFor("the link", func(s snapshot) bool { return s.st.Connection.LinkURL != "" })
	if !strings.Contains(strings.ReplaceAll(s.view, "\n", ""), s.st.Connection.LinkURL) {
		t.Fatalf("the link is not on screen:\n%s", s.view)
	}
	h.text("c")
	h.waitFor("the copy report", func(s snapshot) bool { return s.st.Notice != nil })
	if got := h.clip.all(); len(got) != 1 || got[0] != s.st.Connection.LinkURL {
		t.Fatalf("copied %q, want the link", got)
	}
	// Authorizing on the sandbox's Link page, as a person in a browser
	// would, links it; the webhook says so.
	authorizeOnPage(t, s.st.Connection.LinkURL)
	s = h.waitFor("linked", func(s snapshot) bool { return s.st.Watch.Status == flow.StatusLinked })
	if s.st.Watch.Via != "webhook" {
		t.Fatalf("linked via %q, want webhook", s.st.Watch.Via)
	}
	if !strings.Contains(s.view, "Codat Sandbox is linked") {
		t.Fatalf("no success view:\n%s", s.view)
	}
	if n := h.api.Calls().ByEndpoint[statusPoll]; n != 0 {
		t.Fatalf("%d status polls with webhooks on, want 0", n)
	}
}

func TestDemoWalksToTheDelegateLink(t *testing.T) {
	h := newHarness(t, 100, 30, false)
	h.toSignIn("Beta Bakery")
	h.text("n")
	s := h.waitFor("the Hosted Link", func(s snapshot) bool { return s.st.HostedLink != "" })
	if !strings.Contains(s.st.HostedLink, "/company/"+s.st.Company.ID) {
		t.Fatalf("hosted link %q is not the company's", s.st.HostedLink)
	}
	if !strings.Contains(strings.ReplaceAll(s.view, "\n", ""), s.st.HostedLink) {
		t.Fatalf("the link is not on screen:\n%s", s.view)
	}
}

func TestSecondRunReusesTheCompany(t *testing.T) {
	h := newHarness(t, 100, 30, false)
	ctx := t.Context()
	first, err := h.api.CreateCompany(ctx, api.CompanyRequest{Name: "Gamma Goods"})
	if err != nil {
		t.Fatal(err)
	}
	h.waitFor("the company screen", func(s snapshot) bool { return strings.Contains(s.view, "Which business") })
	h.text("Gamma Goods")
	h.waitFor("the match", func(s snapshot) bool { return len(s.st.Matches) == 1 && !s.st.Searching })
	h.key(tea.KeyEnter)
	s := h.waitFor("consent", func(s snapshot) bool { return s.st.Step == flow.StepConsent })
	if s.st.Company.ID != first.ID || !s.st.Reused {
		t.Fatalf("company %q reused=%v, want %q reused", s.st.Company.ID, s.st.Reused, first.ID)
	}
	all, err := h.api.ListCompanies(ctx, api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("%d companies, want 1", len(all))
	}
}

// TestPendingAcrossRuns: hand a link on in one run, quit, and in the next
// run see it pending, then see it linked once the accountant has linked it.
func TestPendingAcrossRuns(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	st, _, err := store.Open(filepath.Join(t.TempDir(), "onboardings.json"))
	if err != nil {
		t.Fatal(err)
	}
	adapter := StoreAdapter{Store: st, BaseURL: sb.BaseURL()}

	first := startHarness(t, sb, adapter, 100, 30, false)
	first.toSignIn("Delta Dairy")
	first.text("n")
	first.waitFor("the Hosted Link", func(s snapshot) bool { return s.st.HostedLink != "" })
	first.text("i")
	first.waitFor("the invite form", func(s snapshot) bool { return strings.Contains(s.view, "Their email address") })
	first.text("jane@firm.example")
	// Each key moves the focus (drawn as "┃ " before the field's title) on
	// to the next field; wait for it before the next key.
	for _, next := range []string{"Their name (optional)", "Your name, as the email is signed", "Your email address", "Your business", "Subject"} {
		first.key(tea.KeyEnter)
		first.waitFor("the focus on "+next, func(s snapshot) bool { return strings.Contains(s.view, "┃ "+next) })
	}
	first.waitFor("the message form", func(s snapshot) bool { return strings.Contains(s.view, "Invite: the email") })
	first.key(tea.KeyTab)
	first.waitFor("the focus on the message", func(s snapshot) bool { return strings.Contains(s.view, "┃ Message") })
	first.key(tea.KeyEnter)
	first.waitFor("the invite", func(s snapshot) bool { return s.st.Invite.To == "jane@firm.example" })
	first.text("t")
	first.waitFor("the invite sent", func(s snapshot) bool { return s.st.InviteSent == "text" })
	companyID := first.snap().st.Company.ID
	// The message alone: a mail or chat window has fields for the rest.
	if got := first.clip.all(); len(got) != 1 || !strings.Contains(got[0], "Hi there,") || !strings.Contains(got[0], first.snap().st.HostedLink) ||
		strings.Contains(got[0], "To:") || strings.Contains(got[0], "Subject:") {
		t.Fatalf("copied %q", got)
	}
	// Quit at once, as a person might; the shell flushes what is queued.
	_ = first.tm.Quit()
	final := first.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(spy).Model
	if err := final.Flush(); err != nil {
		t.Fatal(err)
	}
	// The message as the templates wrote it, nothing added.
	if email, err := final.run.compose(inviteToSend(final.st)); err != nil || first.clip.all()[0] != email.Body {
		t.Fatalf("copied %q, want the message alone %q (%v)", first.clip.all(), email.Body, err)
	}

	pending := st.Pending(sb.BaseURL())
	if len(pending) != 1 || pending[0].Recipient != "jane@firm.example" || pending[0].CompanyID != companyID {
		t.Fatalf("store holds %+v", pending)
	}

	second := startHarness(t, sb, adapter, 100, 30, false)
	s := second.waitFor("the pending list", func(s snapshot) bool {
		return s.st.Step == flow.StepResume && strings.Contains(s.view, "Picking up")
	})
	if !strings.Contains(s.view, "Invite to jane@firm.example for Delta Dairy (Codat Sandbox)") {
		t.Fatalf("pending list:\n%s", s.view)
	}
	// The accountant links it on the Hosted Link page.
	conn, err := second.api.CreateConnection(t.Context(), companyID, "mqjo")
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Authorize(companyID, conn.ID); err != nil {
		t.Fatal(err)
	}
	// Who reads the data is asked at the start; it is not the check's cost.
	second.waitFor("the reader", func(s snapshot) bool { return s.st.Reader.Known() })
	second.api.ResetCalls()
	second.text("r")
	s = second.waitFor("linked", func(s snapshot) bool { return len(s.st.Pending) == 1 && s.st.Pending[0].Status == flow.StatusLinked })
	if !strings.Contains(s.view, "✓ linked") {
		t.Fatalf("no linked mark:\n%s", s.view)
	}
	if calls := second.api.Calls().Total; calls != 1 {
		t.Fatalf("checking one item cost %d calls, want 1", calls)
	}
	if left := st.Pending(sb.BaseURL()); len(left) != 0 {
		t.Fatalf("still pending in the store: %+v", left)
	}
}

// TestAuthorizeThroughPolling: with no webhooks, the wait polls that one
// connection and still reaches Linked.
func TestAuthorizeThroughPolling(t *testing.T) {
	// Polling at its real pace would make the first check 7 to 11 s away.
	h := newHarness(t, 100, 30, false, func(d *Deps) { d.PollStart = 100 * time.Millisecond })
	h.toSignIn("Epsilon Eats")
	h.text("y")
	s := h.waitFor("the link", func(s snapshot) bool { return s.st.Connection.LinkURL != "" })
	h.waitFor("a first check", func(s snapshot) bool { return s.st.Watch.Via == "poll" })
	if err := h.sb.Authorize(s.st.Company.ID, s.st.Connection.ID); err != nil {
		t.Fatal(err)
	}
	s = h.waitFor("linked", func(s snapshot) bool { return s.st.Watch.Status == flow.StatusLinked })
	if s.st.Watch.Via != "poll" {
		t.Fatalf("linked via %q, want poll", s.st.Watch.Via)
	}
	polls := h.api.Calls().ByEndpoint[statusPoll]
	if polls < 1 || polls > 3 {
		t.Fatalf("%d status polls for a link completed within one backoff step", polls)
	}
}

var (
	formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
	formToken  = regexp.MustCompile(`name="token" value="([^"]+)"`)
)

// authorizeOnPage opens a connection's link on the sandbox's stand-in Link
// page and presses Authorize, as a browser would.
func authorizeOnPage(t *testing.T, link string) {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	action, token := formAction.FindSubmatch(page), formToken.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || action == nil || token == nil {
		t.Fatalf("the Link page (%d) has no sign-in form:\n%s", resp.StatusCode, page)
	}
	u, _ := url.Parse(link)
	target, _ := u.Parse(html.UnescapeString(string(action[1])))
	resp, err = http.PostForm(target.String(), url.Values{"token": {html.UnescapeString(string(token[1]))}, "action": {"authorize"}})
	if err != nil {
		t.Fatal(err)
	}
	done, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(done), "Connected") {
		t.Fatalf("authorizing on the page answered %d:\n%s", resp.StatusCode, done)
	}
}
