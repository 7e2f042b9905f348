package ui

import (
	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// The tour: the journey's main screens with names as a person would type
// them, goldened with the rest; the README's pictures are drawn from them
// (go run ./internal/cmd/shots).

var (
	tourLinked = steps.CompanyOf(api.Company{ID: "0c4f7a52-tour-linked", Name: "Millbrook Joinery Ltd", DataConnections: []api.Connection{
		{ID: "conn-xero", IntegrationKey: "gbol", PlatformName: "Xero", SourceType: api.Accounting, Status: api.Linked},
	}})
	tourNew    = steps.CompanyOf(api.Company{ID: "5b2e9d10-tour-new", Name: "Wren & Ashdown Florists"})
	tourConn   = flow.Connection{ID: "9a7c3e21", PlatformKey: "gbol", PlatformName: "Xero", Category: flow.Accounting, Status: flow.StatusPendingAuth, LinkURL: "https://link-api.codat.io/companies/5b2e9d10/connections/9a7c3e21/start"}
	tourLink   = "https://link.codat.io/company/5b2e9d10"
	tourReader = flow.Reader{Client: "Northgate Lending", Months: 24,
		DataTypes: []string{"company", "chartOfAccounts", "invoices", "bills", "bankAccounts", "balanceSheet", "profitAndLoss"}}
)

// tourAt picks the florists' company, agrees and chooses Xero.
func tourAtSignIn(m Model) Model {
	m = feed(m, flow.QueryChanged{Query: "Wren"},
		flow.CompaniesFound{Seq: 1, Query: "Wren", Companies: []flow.Company{tourNew}},
		flow.CompanyChosen{ID: tourNew.ID}, flow.ReaderLoaded{Reader: tourReader}, flow.ConsentAccepted{},
		flow.CategoryChosen{Category: flow.Accounting}, flow.PlatformsLoaded{Category: flow.Accounting, Platforms: platforms})
	return press(m, "enter")
}

func tourDelegate(m Model) Model {
	m = feed(tourAtSignIn(m), flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: tourLink})
	return feed(m, flow.InviteSubmitted{Invite: flow.Invite{To: "ana@wrenashdown.example", FromName: "Sam Okafor",
		Subject: "Please connect Xero for Wren & Ashdown Florists",
		Body:    "Hi Ana,\n\nCould you connect our books to Codat? It takes a few minutes.\n\n" + tourLink + "\n\nThanks,\nSam"}},
		flow.Sent{Way: flow.WayText}, flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "webhook", CheckedAt: fixedNow})
}

func init() {
	screens = append(screens, []struct {
		name string
		make func(Model) Model
	}{
		{"tour-company", func(m Model) Model {
			m.input.SetValue("Millbrook")
			return feed(m, flow.QueryChanged{Query: "Millbrook"}, flow.CompaniesFound{Seq: 1, Query: "Millbrook", Companies: []flow.Company{tourLinked}})
		}},
		{"tour-consent", func(m Model) Model {
			return feed(m, flow.QueryChanged{Query: "Millbrook"}, flow.CompaniesFound{Seq: 1, Query: "Millbrook", Companies: []flow.Company{tourLinked}},
				flow.CompanyChosen{ID: tourLinked.ID}, flow.ReaderLoaded{Reader: tourReader})
		}},
		{"tour-link", func(m Model) Model {
			return feed(tourAtSignIn(m), flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: tourConn},
				flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "webhook", CheckedAt: fixedNow})
		}},
		{"tour-delegate", tourDelegate},
		{"tour-done", func(m Model) Model {
			return feed(tourDelegate(m), flow.Finish{})
		}},
	}...)
}
