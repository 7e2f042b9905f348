package flow

import (
	"errors"
	"testing"
)

// TestNoticesStayOnTheirScreen: a notice given on one screen is gone once
// the person is on another, whichever event moved them.
func TestNoticesStayOnTheirScreen(t *testing.T) {
	linked := Connection{ID: "conn-1", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusLinked}
	events := []Event{
		QueryChanged{Query: "Acme"}, CompanyChosen{ID: acme.ID}, CreateRequested{Name: "Acme Ltd", UID: "u"},
		CompanyReady{Company: acme}, ConsentAccepted{}, CategoryChosen{Category: Banking},
		PlatformsLoaded{Category: Accounting, Platforms: []Platform{xero}}, PlatformChosen{Key: xero.Key},
		SignInAnswered{Yes: true}, SignInAnswered{Yes: false}, CantSignIn{}, HostedLinkReady{URL: "https://link.codat.io/company/c-acme"},
		ConnectionReady{Connection: Connection{ID: "conn-1", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusPendingAuth}},
		ConnectionUpdated{Status: StatusLinked, Connection: linked},
		Back{}, Finish{}, ConnectAnother{}, StartNew{}, PendingLoaded{},
	}
	steps := []Step{StepResume, StepCompany, StepConsent, StepCategory, StepPlatform, StepSignIn, StepAuthorize, StepDelegate, StepDone}
	for _, step := range steps {
		for _, ev := range events {
			s := at(step)
			s.Notice = &Notice{Key: "copy.report", Data: "Copied to the clipboard."}
			after, _ := Next(s, ev)
			if after.Step != step && after.Notice == s.Notice {
				t.Errorf("%v then %T: on %v the notice from %v still shows", step, ev, after.Step, step)
			}
		}
	}
}

// TestLinkNotesGiveWay: a note on opening or copying the link speaks of an
// attempt under way; once the link is used (linked, or the sign-in failed)
// or the wait ends it goes, while notes of anything else stay, and news
// that changes nothing leaves every note alone.
func TestLinkNotesGiveWay(t *testing.T) {
	opened := Notice{Key: "authorize.opened"}
	noOpen := Notice{Key: "authorize.noopen", Data: "no display", Bad: true}
	copied := Notice{Key: "copy.linkreport", Data: "Copied the link to the clipboard."}
	saved := Notice{Key: "delegate.sentnote.eml", Data: "invite-acme.eml"}
	cantNote := Notice{Key: "resume.cantnote", Data: "disk full", Bad: true}

	linked := ConnectionUpdated{Status: StatusLinked, Via: "webhook"}
	linkedAndRead := ConnectionUpdated{Status: StatusLinked, Via: "webhook", Final: true}
	failed := ConnectionUpdated{Status: StatusPendingAuth, Failed: true, Reason: "User cancelled", Final: true}
	stopped := ConnectionUpdated{Err: errors.New("connection refused"), Final: true}
	stillWaiting := ConnectionUpdated{Status: StatusPendingAuth, Via: "poll"}

	authorizing := func() State {
		s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
		return s
	}
	handingOn := func() State {
		s, _ := run(at(StepSignIn), SignInAnswered{Yes: false}, HostedLinkReady{URL: "https://link.codat.io/company/c-acme"}, CopyRequested{What: CopiedLink})
		return s
	}
	tests := []struct {
		name   string
		start  func() State
		notice Notice
		news   ConnectionUpdated
		kept   bool
	}{
		{"opened, then linked", authorizing, opened, linked, false},
		{"opened, then linked and the first data read", authorizing, opened, linkedAndRead, false},
		{"opened, then the sign-in failed", authorizing, opened, failed, false},
		{"opened, then the wait could not go on", authorizing, opened, stopped, false},
		{"opened, still waiting", authorizing, opened, stillWaiting, true},
		{"no browser, then linked", authorizing, noOpen, linked, false},
		{"no browser, still waiting", authorizing, noOpen, stillWaiting, true},
		{"link copied, then linked", authorizing, copied, linked, false},
		{"link copied, still waiting", authorizing, copied, stillWaiting, true},
		{"handed-on link copied, then linked", handingOn, copied, linked, false},
		{"handed-on link copied, then the sign-in failed", handingOn, copied, failed, false},
		{"invite saved, then linked: where the file is still matters", handingOn, saved, linked, true},
		{"invite saved, then the sign-in failed", handingOn, saved, failed, true},
		{"the store could not be written, then linked", authorizing, cantNote, linked, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.start()
			if !s.Watch.Active {
				t.Fatalf("no wait under way on %v", s.Step)
			}
			note := tt.notice
			s.Notice = &note
			after, _ := Next(s, tt.news)
			if kept := after.Notice != nil && *after.Notice == tt.notice; kept != tt.kept {
				t.Fatalf("notice %q kept=%v, want %v (now %+v)", tt.notice.Key, kept, tt.kept, after.Notice)
			}
		})
	}
}
