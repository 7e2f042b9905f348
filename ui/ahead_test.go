package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/webhook"
)

var (
	xeroP    = flow.Platform{Key: "gbol", Name: "Xero", Category: flow.Accounting}
	sandboxQ = flow.Platform{Key: "mqjo", Name: "Codat Sandbox", Category: flow.Accounting, Sandbox: true}
)

// atLoadingPlatforms is the platform screen while "Loading Accounting
// platforms…" shows.
func atLoadingPlatforms() Model {
	m := feed(screen(80, 24, true), flow.QueryChanged{Query: "Acme"},
		flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany}},
		flow.CompanyChosen{ID: plainCompany.ID}, flow.ConsentAccepted{}, flow.CategoryChosen{Category: flow.Accounting})
	return m
}

// TestKeysPressedWhileLoading: an enter, and a filter, typed while the
// platforms load are applied when they arrive.
func TestKeysPressedWhileLoading(t *testing.T) {
	m := atLoadingPlatforms()
	if m.st.Step != flow.StepPlatform || m.st.Busy == nil || len(m.st.Platforms) != 0 {
		t.Fatalf("not loading: step=%v busy=%+v", m.st.Step, m.st.Busy)
	}
	m = press(m, "c", "o", "d", "enter")
	m = feed(m, flow.PlatformsPrefetched{Platforms: []flow.Platform{xeroP, sandboxQ}})
	if m.st.Step != flow.StepSignIn || m.st.Platform.Key != "mqjo" {
		t.Fatalf("step=%v platform=%+v, want the filtered pick made once the list arrived", m.st.Step, m.st.Platform)
	}
	if !strings.Contains(plain(m.render()), "Can you sign in to Codat Sandbox") {
		t.Fatalf("sign-in question not shown:\n%s", plain(m.render()))
	}
}

// TestMatchesFollowTheText: the matches under the name are the last
// answer's that still hold what is typed, at every key press.
func TestMatchesFollowTheText(t *testing.T) {
	other := flow.Company{ID: "c-9", Name: "Acme Outdoors"}
	m := feed(screen(80, 24, true), flow.QueryChanged{Query: "Acme"},
		flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany, other}})
	m.input.SetValue("Acme")
	m = press(m, " ", "T")
	view := plain(m.render())
	if !strings.Contains(view, "Acme Trading Ltd") || strings.Contains(view, "Acme Outdoors") {
		t.Fatalf("after typing on, want only the match that holds the text:\n%s", view)
	}
}

// TestARefusedKeyEndsTheJourney: the key check runs while the first screen
// shows; when it fails the journey ends and the shell gets the error.
func TestARefusedKeyEndsTheJourney(t *testing.T) {
	ready := make(chan Ready, 1)
	m := New(context.Background(), Options{Deps: Deps{Ready: ready}})
	if !strings.Contains(plain(m.render()), "Which business") {
		t.Fatalf("the first screen does not show before the checks end:\n%s", plain(m.render()))
	}
	refused := errors.New("key refused")
	ready <- Ready{Err: refused}
	msg := m.run.awaitReady()()
	next, cmd := m.Update(msg)
	m = next.(Model)
	if !errors.Is(m.SetupErr(), refused) {
		t.Fatalf("SetupErr = %v", m.SetupErr())
	}
	if cmd == nil {
		t.Fatal("the journey goes on after a refused key")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("the journey does not end after a refused key")
	}
}

// TestAWaitWaitsForTheWebhooks: a wait started before the set-up is known
// uses the webhooks once they are.
func TestAWaitWaitsForTheWebhooks(t *testing.T) {
	ready := make(chan Ready, 1)
	m := New(context.Background(), Options{Deps: Deps{Ready: ready}})
	got := make(chan bool, 1)
	go func() { hooks, _ := m.run.hooks(); got <- hooks != nil }()
	select {
	case <-got:
		t.Fatal("the wait chose how to listen before the set-up was known")
	default:
	}
	ready <- Ready{Webhooks: make(chan webhook.Event)}
	m.run.awaitReady()()
	if !<-got {
		t.Fatal("the wait did not get the webhooks set up meanwhile")
	}
	if !m.run.listening() {
		t.Fatal("the wait screen would not say it listens for webhooks")
	}
}

// TestInvitesTakeTheLinksTheKeyCheckFound: the first screen shows before
// Codat has answered, so whether the API is a sandbox (whose Hosted Links
// are plain http on its own host) is known only from the key check; an
// invite composed after it carries the sandbox's link.
func TestInvitesTakeTheLinksTheKeyCheckFound(t *testing.T) {
	ready := make(chan Ready, 1)
	m := New(context.Background(), Options{Deps: Deps{Ready: ready, LinkHost: "link.codat.io"}})
	link := "http://127.0.0.1:4010/link/company/c-1"
	send := flow.SendInvite{Way: flow.WayText, Invite: flow.Invite{To: "jane@firm.example"}, Company: "Acme Ltd", Category: flow.Accounting, Link: link}
	if _, err := m.run.compose(send); err == nil {
		t.Fatal("before the key check, a sandbox link was taken for one of Codat's")
	}
	ready <- Ready{LinkHost: "127.0.0.1:4010", SandboxLinks: true}
	m.run.awaitReady()()
	email, err := m.run.compose(send)
	if err != nil || !strings.Contains(email.Body, link) || !strings.Contains(email.Body, "sandbox demo") {
		t.Fatalf("after the key check found a sandbox: %v\n%s", err, email.Body)
	}
}

// TestARefusedDeliveryReachesTheWaitScreen: once a delivery fails its
// signature check, the wait's next update (sent at once, before any check)
// names the endpoint whose secret is wrong.
func TestARefusedDeliveryReachesTheWaitScreen(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	refusals := webhook.NewRefusals()
	m := New(ctx, Options{Deps: Deps{Webhooks: make(chan webhook.Event), Refusals: refusals}})
	updates, _ := m.run.watch(flow.StartWatch{CompanyID: "c-1", ConnectionID: "conn-1"})
	refusals.Note(webhook.Refusal{Count: 1, EndpointID: "ep-9", EndpointURL: "https://relay.example/hook"})
	u, ok := <-updates
	if !ok {
		t.Fatal("the wait ended without a word")
	}
	ev := updateEvent(u)
	if ev.Refused.Count != 1 || ev.Refused.EndpointID != "ep-9" || ev.Via != flow.ViaPoll {
		t.Fatalf("event = %+v, want the refusal for ep-9", ev)
	}
	shown := feed(atAuthorize(screen(120, 40, false)), ev)
	if got := ansi.Strip(shown.render()); !strings.Contains(strings.Join(strings.Fields(got), " "), "signing secret of endpoint ep-9 (https://relay.example/hook)") {
		t.Fatalf("screen does not name the endpoint:\n%s", got)
	}
}
