package ui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
	"github.com/onboardcli/onboard/share"
)

// TestCopyReportsSayWhatWasCopied: a copy of the invite text over SSH says it
// went through OSC 52, and since only the email's first lines are on screen
// it does not advise selecting it there, nor speak of a link.
func TestCopyReportsSayWhatWasCopied(t *testing.T) {
	r := newRunner(context.Background(), Deps{Env: share.Env{SSH: true}})
	email := invite.Email{To: "jane@firm.example", Subject: "Please connect", Body: "Hello"}
	var osc bytes.Buffer
	evs := drain(r.copyEmailText(email), &osc)
	if want := share.OSC52("Hello", share.Env{SSH: true}); osc.String() != want {
		t.Fatalf("sent %q to the terminal, want the message alone %q", osc.String(), want)
	}
	if len(evs) != 1 {
		t.Fatalf("events %#v", evs)
	}
	sent, ok := evs[0].(flow.Sent)
	if !ok {
		t.Fatalf("got %#v, want Sent", evs[0])
	}
	note := message(sent.Note.Key, sent.Note.Data)
	if !strings.Contains(note, "OSC 52") || !strings.Contains(note, assets.Screen("copy.emailhint", nil)) || strings.Contains(note, "above") || strings.Contains(note, "the link") ||
		!strings.Contains(note, "Only the invite's message was copied") {
		t.Fatalf("note %q", note)
	}

	link := drain(r.copyLink("https://link.codat.io/company/c-1", copyWords{What: assets.Screen("copy.link", nil)}), io.Discard)
	if rep, ok := link[0].(flow.Reported); !ok || !strings.Contains(message(rep.Key, rep.Data), "select the link above") {
		t.Fatalf("link copy report %#v", link)
	}
	refused := drain(r.copyLink("line\rbreak", copyWords{What: "it"}), io.Discard)
	if rep, ok := refused[0].(flow.Reported); !ok || !rep.Bad {
		t.Fatalf("text with a control character was not refused: %#v", refused)
	}
}

// rateLimitedCodat answers every search with Codat's rate limit.
type rateLimitedCodat struct {
	CodatAPI
	until time.Time
}

func (c rateLimitedCodat) SearchCompanies(context.Context, string) ([]api.Company, error) {
	return nil, &api.Error{Op: api.OpSearchCompanies, Status: 429, RetryAt: c.until}
}

// TestFailuresAreWorded: a failed call reaches the screen worded for a
// person, with when to try again.
func TestFailuresAreWorded(t *testing.T) {
	until := time.Now().Add(2*time.Minute + 10*time.Second)
	r := newRunner(context.Background(), Deps{API: rateLimitedCodat{until: until}})
	evs := drain(r.cmd(flow.SearchCompanies{Seq: 1, Query: "Acme"}), io.Discard)
	if len(evs) != 1 {
		t.Fatalf("events %#v, want one Failed", evs)
	}
	failed, ok := evs[0].(flow.Failed)
	if !ok {
		t.Fatalf("got %#v, want Failed", evs[0])
	}
	words := explain(failed.Err)
	want := "Could not search companies: Codat's rate limit was reached (429). Try again after " + until.UTC().Format("15:04:05") + " UTC (in 2m"
	if !strings.HasPrefix(words, want) || strings.Contains(words, "status 429") {
		t.Fatalf("worded %q, want it to start %q", words, want)
	}
}
