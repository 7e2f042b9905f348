package ui

import (
	"strings"
	"testing"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// TestEscKeepsEveryChoice: going back with esc and pressing enter again
// keeps what was chosen: the platform, and the answer to "Can you sign in?".
func TestEscKeepsEveryChoice(t *testing.T) {
	m := atSignIn(screen(100, 30, true)) // the third platform of the list was chosen
	chosen := m.st.Platform.Key
	m = press(m, "esc")
	if m.st.Step != flow.StepPlatform {
		t.Fatalf("esc went to %v", m.st.Step)
	}
	m = press(m, "enter")
	if m.st.Step != flow.StepSignIn || m.st.Platform.Key != chosen {
		t.Fatalf("esc then enter chose %q (step %v), want %q kept", m.st.Platform.Key, m.st.Step, chosen)
	}
	m = feed(m, flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: hostedLink})
	m = press(m, "esc", "enter")
	if m.st.Step != flow.StepDelegate {
		t.Fatalf("esc then enter on \"Can you sign in?\" went to %v, want the hand-on screen again", m.st.Step)
	}
	m = press(m, "esc", "esc")
	if m.st.Step != flow.StepPlatform {
		t.Fatalf("esc twice went to %v", m.st.Step)
	}
	m = press(m, "esc")
	m = press(m, "enter")
	if m.st.Step != flow.StepPlatform || m.st.Category != flow.Accounting {
		t.Fatalf("esc then enter on the category chose %v (step %v)", m.st.Category, m.st.Step)
	}
}

// TestDataWaitingOnAPrerequisiteIsNotReady: Codat will not read a data type
// until a prerequisite is met in the platform; the wait ends, and the screen
// says that data is not there rather than counting it as read.
func TestDataWaitingOnAPrerequisiteIsNotReady(t *testing.T) {
	ev := updateEvent(steps.WaitUpdate{Status: flow.StatusLinked, Final: true, DataReady: true,
		Data: map[string]string{"invoices": "Complete", "bills": "Complete", "banking-transactions": steps.DataPrerequisiteNotMet}})
	if len(ev.DataReady) != 2 || len(ev.DataBlocked) != 1 || ev.DataBlocked[0] != "banking-transactions" {
		t.Fatalf("ready %v, blocked %v", ev.DataReady, ev.DataBlocked)
	}
	m := feed(atAuthorize(screen(100, 30, true)), ev)
	view := plain(m.render())
	if !strings.Contains(view, "2 of 3 data types fetched") || !strings.Contains(view, "Not read: transactions") {
		t.Fatalf("the screen does not tell blocked data from read data:\n%s", view)
	}
}
