package ui

import (
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// The consent step of accessible mode, as the consent screen offers it: who
// will read what, what sharing means, and, for a company with linked
// connections, the choice to unlink one of them.

func (a *accessible) consent() error {
	a.say("%s\n", assets.Screen("consent.title", nil))
	if r := a.st.Reader; r.Known() {
		who := assets.Vars{"Client": r.Client, "Types": invite.ReadList(r.DataTypes, invite.ScreenTypes), "Months": r.Months}
		a.say("%s\n", assets.Screen("consent.reader", who))
	}
	a.say("%s\n", assets.Screen("consent.body", a.st.Company.Name))
	var linked []flow.Connection
	for _, c := range a.st.Company.Connections {
		if c.Status == flow.StatusLinked {
			linked = append(linked, c)
		}
	}
	if len(linked) == 0 {
		ok, err := a.confirm(assets.Screen("accessible.continue", nil))
		if err == nil {
			a.answerConsent(ok)
		}
		return err
	}
	options := []string{assets.Screen("accessible.continueon", nil)}
	for _, c := range linked {
		options = append(options, assets.Screen("accessible.unlinkone", assets.Vars{"Platform": c.PlatformName, "Category": categoryTitle(c.Category)}))
	}
	options = append(options, assets.Screen("accessible.back", nil))
	i, err := a.choose(assets.Screen("accessible.consentwhat", nil), options)
	if err != nil || i == 0 || i > len(linked) {
		if err == nil {
			a.answerConsent(i == 0)
		}
		return err
	}
	c := linked[i-1]
	yes, err := a.confirm(assets.Screen("accessible.unlinkconfirm", c.PlatformName))
	if err == nil && yes {
		a.apply(flow.UnlinkRequested{ConnectionID: c.ID})
	}
	return err
}

// answerConsent goes on to the categories, or back to the company.
func (a *accessible) answerConsent(ok bool) {
	if ok {
		a.apply(flow.ConsentAccepted{})
	} else {
		a.apply(flow.Back{})
	}
}

// plainNotices are the accessible words for the notices whose screen words
// name a key: line-by-line prompts have options, not keys.
var plainNotices = map[string]string{
	"category.onlyone":      "accessible.onlyone",
	"signin.already":        "accessible.signinalready",
	"authorize.noopen":      "accessible.noopen",
	"delegate.noone":        "accessible.noone",
	"delegate.toolong":      "accessible.toolong",
	"delegate.nomail":       "accessible.nomail",
	"delegate.link.missing": "accessible.linkmissing",
	"delegate.link.joined":  "accessible.linkjoined",
}

// plainMessage is a notice as accessible mode says it.
func plainMessage(key string, data any) string {
	if plain, ok := plainNotices[key]; ok {
		key = plain
	}
	return message(key, data)
}
