package flow

import "testing"

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
