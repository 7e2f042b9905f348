package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// The line-by-line journey hands on as the screen does: the invite is read
// out whole and can be changed before it is sent, it can be printed, the
// wait follows the link handed on until the recipient links, and the recap
// offers another platform.
func TestAccessibleInviteIsReadEditedSentAndWaitedOn(t *testing.T) {
	deps, sb := accessibleDeps(t)
	deps.PollStart = 20 * time.Millisecond
	n := platformNumber(t, deps, "Xero")
	way := strconv.Itoa(slices.Index(flow.PlainWays, flow.WayPrint) + 1)
	first := strings.Join([]string{"Kappa Kilns", "y", "1", n, "n"}, "\n") + "\n" // n: someone else has the login
	rest := func(link string) string {
		return strings.Join([]string{
			"1",                    // write an invite
			"jane@firm.example",    // recipient
			"",                     // their name
			"Zoë Brandt",           // sender
			"zoe@kappa.example",    // sender's address
			"2",                    // change the subject
			"Kappa Kilns and Xero", // the new subject
			"3",                    // change the message
			"Hi Jane, the link:",   // without the link: refused
			".",
			"Hi Jane, please connect Xero:", // again, with the link
			link,
			"Zoë",
			".",
			"1", // send it
			way, // print it here
			"1", // wait here until it is linked
			"y", // connect another platform
		}, "\n") + "\n"
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := startAccessible(t, ctx, deps, first)
	r.waitOut(t, "Link:\n")
	link := strings.SplitN(strings.SplitN(r.out.String(), "Link:\n", 2)[1], "\n", 2)[0]
	go func() {
		r.answer.Write([]byte(rest(link))) //nolint:errcheck // read by the journey
		r.answer.Close()
	}()
	r.waitOut(t, "Press ctrl+c to stop waiting")

	// The recipient picks Xero in Hosted Link and links it.
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	cos, err := c.ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil || len(cos) != 1 {
		t.Fatalf("companies %+v, %v", cos, err)
	}
	conn, err := c.CreateConnection(t.Context(), cos[0].ID, "gbol")
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Authorize(cos[0].ID, conn.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.end(t); err != ErrInputEnded {
		t.Fatalf("err = %v, want the answers to end at the category question\n%s", err, r.out.String())
	}
	text, st := r.out.String(), r.final
	for _, want := range []string{
		"The invite, as it will be sent:\n\nFrom: Zoë Brandt <zoe@kappa.example>\nTo: jane@firm.example\nSubject: [Sandbox demo] Kappa Kilns",
		"Keep the link in the message",
		"Subject: Kappa Kilns and Xero\n\nHi Jane, please connect Xero:\n" + link + "\nZoë",
		"To: jane@firm.example\nSubject: Kappa Kilns and Xero\n\nHi Jane, please connect Xero:", // printed
		"That is the whole invite",
		"Xero is linked",
		"Accounting: Xero linked",
		"Connect another platform for Kappa Kilns?",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	after := text[strings.LastIndex(text, "Connect another platform"):]
	if !strings.Contains(after, "What would you like to connect?") {
		t.Errorf("connect another did not ask for the category again:\n%s", after)
	}
	if st.Step != flow.StepCategory || st.Invite != (flow.Invite{FromName: "Zoë Brandt", FromEmail: "zoe@kappa.example", FromCompany: "Kappa Kilns"}) {
		t.Errorf("after connect another: step %v, invite %+v; want the category, and only the sender kept", st.Step, st.Invite)
	}
}
