package flow

import (
	"fmt"
	"testing"
	"time"
)

// journeyEvents is a whole onboarding as the reducer sees it: a name typed a
// key at a time with its debounced search, a match list of realistic size,
// create, consent, a category and its platforms, then the path's own events
// up to the recap.
func journeyEvents(signIn bool) []Event {
	const name = "Acme Trading Ltd"
	var evs []Event
	for i := 1; i <= len(name); i++ {
		evs = append(evs, QueryChanged{Query: name[:i]})
	}
	matches := make([]Company, 25)
	for i := range matches {
		matches[i] = Company{ID: fmt.Sprintf("c-%02d", i), Name: fmt.Sprintf("Acme Trading %d", i)}
		if i%5 == 0 {
			matches[i].Connections = []Connection{{ID: fmt.Sprintf("x-%02d", i), PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusDeauthorized}}
		}
	}
	platforms := make([]Platform, 40)
	for i := range platforms {
		platforms[i] = Platform{Key: fmt.Sprintf("p%03d", i), Name: fmt.Sprintf("Platform %d", i), Category: Accounting}
	}
	created := Company{ID: "c-new", Name: name}
	seq := len(name)
	evs = append(evs,
		SearchDue{Seq: seq},
		CompaniesFound{Seq: seq, Query: name, Companies: matches},
		CreateRequested{Name: name},
		CreateConfirmed{},
		CompanyReady{Company: created},
		ConsentAccepted{},
		CategoryChosen{Category: Accounting},
		PlatformsLoaded{Category: Accounting, Platforms: platforms},
		PlatformChosen{Key: "p007"},
		SignInAnswered{Yes: signIn},
	)
	checked := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	if signIn {
		conn := Connection{ID: "conn-1", PlatformKey: "p007", PlatformName: "Platform 7", Category: Accounting, Status: StatusPendingAuth, LinkURL: "https://link-api.codat.io/companies/c-new/connections/conn-1/start"}
		evs = append(evs,
			ConnectionReady{Connection: conn},
			CopyRequested{What: CopiedLink},
			Reported{Key: "copy.linkreport", Data: "Copied the link."},
			ConnectionUpdated{Status: StatusPendingAuth, Via: "webhook", CheckedAt: checked},
			ConnectionUpdated{Status: StatusLinked, Via: "webhook", CheckedAt: checked.Add(40 * time.Second), DataPending: []string{"invoices", "bills"}},
			ConnectionUpdated{Status: StatusLinked, Via: "webhook", CheckedAt: checked.Add(45 * time.Second), DataReady: []string{"bills", "invoices"}, Final: true},
		)
	} else {
		evs = append(evs,
			HostedLinkReady{URL: "https://link.codat.io/company/c-new"},
			InviteSubmitted{Invite: Invite{To: "jane@firm.example", ToName: "Jane", FromName: "Sam"}},
			SendRequested{Way: WayText},
			Sent{Way: WayText},
			ConnectionUpdated{Status: StatusPendingAuth, Via: "poll", CheckedAt: checked, NextCheck: checked.Add(3 * time.Second)},
		)
	}
	return append(evs, Finish{}, ConnectAnother{}, Quit{})
}

// BenchmarkJourney runs a whole journey of events through Next per
// iteration; events/op says how many.
func BenchmarkJourney(b *testing.B) {
	for _, path := range []struct {
		name   string
		signIn bool
	}{{"authorize", true}, {"delegate", false}} {
		b.Run(path.name, func(b *testing.B) {
			evs := journeyEvents(path.signIn)
			var final State
			for b.Loop() {
				s := New(false)
				for _, ev := range evs {
					s, _ = Next(s, ev)
				}
				final = s
			}
			if !final.Quit || len(final.Recap) != 1 {
				b.Fatalf("the journey did not reach its end: quit=%v recap=%+v", final.Quit, final.Recap)
			}
			b.ReportMetric(float64(len(evs)), "events/op")
		})
	}
}

// BenchmarkNextKeystroke is the reducer's share of one key press on the
// company screen, the event a person sends most often.
func BenchmarkNextKeystroke(b *testing.B) {
	s := New(false)
	ev := QueryChanged{Query: "Acme Trading Ltd"}
	for b.Loop() {
		s, _ = Next(s, ev)
	}
}
