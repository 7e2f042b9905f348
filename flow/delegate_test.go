package flow

import "testing"

// TestDelegateStep: the delegate step: the Hosted Link and the invite.
func TestDelegateStep(t *testing.T) {
	tests := []journeyCase{
		{
			name: "sending needs a recipient",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"})
				return s
			}(),
			events: []Event{SendRequested{WayMail}},
			check: func(t *testing.T, s State) {
				if s.Notice == nil || !s.Notice.Bad || s.Notice.Key != "delegate.noone" {
					t.Fatalf("notice=%+v", s.Notice)
				}
			},
		},
		{
			name: "an invite sent is remembered and watched",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"})
				return s
			}(),
			events: []Event{InviteSubmitted{Invite{To: "jane@firm.example", FromName: "Sam"}}, SendRequested{WayMail}, Sent{Way: WayMail}},
			effects: []Effect{
				SendInvite{Way: WayMail, Invite: Invite{To: "jane@firm.example", FromName: "Sam"}, Company: "Acme Ltd", Platform: "Xero", Category: Accounting, Link: "https://link.codat.io/company/c-acme"},
				Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", Path: "delegate", Recipient: "jane@firm.example", Status: StatusPendingAuth, HandedOn: HandedOnMailApp, FromName: "Sam"},
				StartWatch{CompanyID: "c-acme", PlatformKey: "gbol", Category: Accounting},
			},
			check: func(t *testing.T, s State) {
				if s.InviteSent != "mail" || !s.Watch.Active {
					t.Fatalf("sent=%q watch=%+v", s.InviteSent, s.Watch)
				}
			},
		},
		{
			name: "the invite says who reads the data, once Codat has said",
			start: func() State {
				s, _ := run(at(StepSignIn), ReaderLoaded{Reader{Client: "Bob's Burgers", DataTypes: []string{"invoices"}, Months: 24}},
					SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"})
				return s
			}(),
			events: []Event{InviteSubmitted{Invite{To: "jane@firm.example"}}, SendRequested{WayText}},
			effects: []Effect{
				SendInvite{Way: WayText, Invite: Invite{To: "jane@firm.example"}, Company: "Acme Ltd", Platform: "Xero", Category: Accounting,
					Link: "https://link.codat.io/company/c-acme", Reader: Reader{Client: "Bob's Burgers", DataTypes: []string{"invoices"}, Months: 24}},
			},
		},
		{
			name: "a note says how an invite was copied",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"}, InviteSubmitted{Invite{To: "jane@firm.example"}})
				return s
			}(),
			events: []Event{Sent{Way: WayText, Note: &Notice{Key: "copy.report", Data: "Sent to your terminal's clipboard (OSC 52)."}}},
			effects: []Effect{
				Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", Path: "delegate", Recipient: "jane@firm.example", Status: StatusPendingAuth, HandedOn: HandedOnCopied},
				StartWatch{CompanyID: "c-acme", PlatformKey: "gbol", Category: Accounting},
			},
			check: func(t *testing.T, s State) {
				if s.Notice == nil || s.Notice.Key != "copy.report" || s.Notice.Data != "Sent to your terminal's clipboard (OSC 52)." {
					t.Fatalf("notice=%+v", s.Notice)
				}
			},
		},
		{
			name: "a link completed by the invite's recipient counts for the company",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"}, CopyRequested{What: CopiedLink})
				return s
			}(),
			events:  []Event{ConnectionUpdated{Connection: Connection{ID: "conn-9", PlatformKey: "gbol"}, Status: StatusLinked, Via: "webhook"}},
			effects: []Effect{Bell{}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", Path: "delegate", Status: StatusLinked}},
			check: func(t *testing.T, s State) {
				if c, ok := s.Company.LinkedIn(Accounting); !ok || c.ID != "conn-9" || c.PlatformName != "Xero" {
					t.Fatalf("connections=%+v", s.Company.Connections)
				}
			},
		},
	}
	runCases(t, tests)
}
