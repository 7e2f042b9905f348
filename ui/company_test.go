package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

func TestCompanyEnter(t *testing.T) {
	tests := []struct {
		name     string
		model    func() Model
		wantStep flow.Step
		wantBusy string
		wantID   string
	}{
		{
			// Enter pressed before the search answered: the create waits for
			// the matches, asks for a confirmation, and enter then means
			// "create anyway", not the first match.
			name: "a create asked for during the search, confirmed once the matches show",
			model: func() Model {
				m := typed(screen(80, 24, true), "Acme")
				m = press(m, "enter")
				m = feed(m, flow.SearchDue{Seq: 1}, flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany}})
				if !m.st.ConfirmCreate {
					t.Fatalf("no confirmation asked: %+v", m.st)
				}
				return press(m, "enter")
			},
			wantStep: flow.StepCompany,
			wantBusy: "busy.create",
		},
		{
			// The matches shown are the last answer filtered by what is
			// typed now, so the one under the cursor is a real match.
			name: "enter on a match shown while a newer search runs picks it",
			model: func() Model {
				m := feed(screen(80, 24, true), flow.QueryChanged{Query: "Acme"},
					flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany}},
					flow.QueryChanged{Query: "Acme T"})
				return press(m, "enter")
			},
			wantStep: flow.StepConsent,
			wantID:   plainCompany.ID,
		},
		{
			// A match that no longer holds the text is not shown: enter is
			// a create, which waits for the search under way.
			name: "a match the text left behind is gone, and enter waits for the search",
			model: func() Model {
				m := feed(screen(80, 24, true), flow.QueryChanged{Query: "Acme"},
					flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany}})
				m = typed(m, "Acme X")
				if strings.Contains(plain(m.render()), "Acme Trading") {
					t.Fatalf("a stale match is shown:\n%s", plain(m.render()))
				}
				return press(m, "enter")
			},
			wantStep: flow.StepCompany,
			wantBusy: "busy.search",
		},
		{
			name: "enter on a match picks it",
			model: func() Model {
				m := feed(screen(80, 24, true), flow.QueryChanged{Query: "Acme"},
					flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany}})
				return press(m, "enter")
			},
			wantStep: flow.StepConsent,
			wantID:   plainCompany.ID,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.model()
			busy := ""
			if m.st.Busy != nil {
				busy = m.st.Busy.Key
			}
			if m.st.Step != tt.wantStep || busy != tt.wantBusy || m.st.Company.ID != tt.wantID {
				t.Fatalf("step=%v busy=%q company=%q", m.st.Step, busy, m.st.Company.ID)
			}
		})
	}
}

// typed puts a name in the company field as typing would.
func typed(m Model, name string) Model {
	m.input.SetValue(name)
	return feed(m, flow.QueryChanged{Query: name})
}

func TestUpdateEvent(t *testing.T) {
	gone := &api.Error{Op: "get connection", Status: 404, Message: "Company not found"}
	tests := []struct {
		name       string
		update     steps.WaitUpdate
		wantFailed bool
		wantConn   flow.Connection
	}{
		{
			name:       "a wait that cannot go on says so",
			update:     steps.WaitUpdate{Status: flow.StatusPendingAuth, Err: gone, Final: true},
			wantFailed: true,
		},
		{
			name:   "a passing error while polling is not a failure",
			update: steps.WaitUpdate{Status: flow.StatusPendingAuth, Err: gone},
		},
		{
			// The wait itself leaves the unchecked link out (steps).
			name: "the connection learnt is passed on",
			update: steps.WaitUpdate{Status: flow.StatusLinked, Connection: flow.Connection{
				ID: "conn-9", PlatformKey: "gbol", PlatformName: "Xero", Category: flow.Accounting, Status: flow.StatusLinked,
			}},
			wantConn: flow.Connection{ID: "conn-9", PlatformKey: "gbol", PlatformName: "Xero", Category: flow.Accounting, Status: flow.StatusLinked},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := updateEvent(tt.update)
			if ev.Failed != tt.wantFailed || (tt.wantFailed && ev.Err == nil) {
				t.Fatalf("failed=%v err=%v", ev.Failed, ev.Err)
			}
			if said := failReason(flow.Watch{Reason: ev.Reason, Err: ev.Err}); tt.wantFailed && !strings.Contains(said, "could not keep checking") {
				t.Fatalf("the reason reads %q", said)
			}
			if ev.Connection != tt.wantConn {
				t.Fatalf("connection=%+v, want %+v", ev.Connection, tt.wantConn)
			}
		})
	}
}

// TestNoCreateForANameThatExists: once a company of the name typed is
// among the matches (one just created, say), "create a new company" is not
// offered for it, and enter at the end of the list picks that company.
func TestNoCreateForANameThatExists(t *testing.T) {
	m := send(screen(80, 24, true), keys("acme  trading ltd")...)
	m = feed(m, flow.CompaniesFound{Seq: m.st.SearchSeq, Query: m.st.Query, Companies: []flow.Company{plainCompany}})
	if frame := ansi.Strip(m.render()); strings.Contains(frame, "Create a new company") || !strings.Contains(frame, "Acme Trading Ltd") {
		t.Fatalf("offers to create a company that is listed:\n%s", frame)
	}
	m = press(m, "down", "down", "enter")
	if m.st.Step != flow.StepConsent || m.st.Company.ID != plainCompany.ID {
		t.Fatalf("step=%v company=%+v, want the listed company chosen", m.st.Step, m.st.Company)
	}
	// A name that only starts the same still may be created.
	m = send(screen(80, 24, true), keys("Acme Trading")...)
	m = feed(m, flow.CompaniesFound{Seq: m.st.SearchSeq, Query: m.st.Query, Companies: []flow.Company{plainCompany}})
	if frame := ansi.Strip(m.render()); !strings.Contains(frame, `Create a new company "Acme Trading"`) {
		t.Fatalf("no create for a new name:\n%s", frame)
	}
}
