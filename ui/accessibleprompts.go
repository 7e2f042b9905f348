package ui

import (
	"errors"
	"strings"
	"time"

	"charm.land/huh/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// The questions of accessible mode, one function per step of the journey,
// and the wait and the recap said in sentences.

func (a *accessible) company() error {
	if a.st.ConfirmCreate {
		yes, err := a.confirm(assets.Screen("accessible.confirmcreate", nil))
		if err != nil {
			return err
		}
		if yes {
			a.apply(flow.CreateConfirmed{UID: newUID()})
		} else {
			a.apply(flow.Back{})
		}
		return nil
	}
	name := ""
	if err := a.ask(huh.NewInput().Title(assets.Screen("company.title", nil) + " " + assets.Screen("company.intro", nil)).
		Value(&name).Validate(flow.ValidateCompanyName)); err != nil {
		return err
	}
	if cleaned, changed := flow.CodatName(name); changed {
		a.say("%s", assets.Screen("company.renamed", cleaned))
	}
	a.apply(flow.QueryChanged{Query: name})
	if len(a.st.Matches) == 0 {
		a.apply(flow.CreateRequested{Name: name, UID: newUID()})
		return nil
	}
	options := make([]string, 0, len(a.st.Matches)+1)
	for _, c := range a.st.Matches {
		desc := c.Name
		if c.LinkedBefore() {
			desc = withNote(desc, assets.Screen("accessible.reuse", nil))
		} else if len(c.Connections) == 0 {
			desc = withNote(desc, assets.Screen("company.noconnections", nil))
		}
		options = append(options, desc)
	}
	options = append(options, assets.Screen("company.create", strings.TrimSpace(name)))
	i, err := a.choose(assets.Screen("accessible.matches", nil), options)
	if err != nil {
		return err
	}
	if i < len(a.st.Matches) {
		a.apply(flow.CompanyChosen{ID: a.st.Matches[i].ID})
	} else {
		a.apply(flow.CreateRequested{Name: name, UID: newUID()})
	}
	return nil
}

func (a *accessible) category() error {
	options := make([]string, 0, len(flow.Categories)+1)
	for _, c := range flow.Categories {
		options = append(options, assets.Screen("category."+string(c), nil))
	}
	options = append(options, assets.Screen("accessible.back", nil))
	i, err := a.choose(assets.Screen("category.title", nil), options)
	if err != nil {
		return err
	}
	if i == len(flow.Categories) {
		a.apply(flow.Back{})
		return nil
	}
	// A category refused has said why, and the step asks again.
	a.apply(flow.CategoryChosen{Category: flow.Categories[i]})
	return nil
}

func (a *accessible) platform() error {
	if len(a.st.Platforms) == 0 {
		a.say("%s", assets.Screen("accessible.noplatforms", strings.ToLower(categoryTitle(a.st.Category))))
		a.apply(flow.Back{})
		return nil
	}
	options := make([]string, 0, len(a.st.Platforms)+1)
	for _, p := range a.st.Platforms {
		name := p.Name
		if p.Sandbox {
			name = withNote(name, assets.Screen("platform.sandbox", nil))
		}
		options = append(options, name)
	}
	options = append(options, assets.Screen("accessible.back", nil))
	i, err := a.choose(assets.Screen("platform.title", strings.ToLower(categoryTitle(a.st.Category))), options)
	if err != nil {
		return err
	}
	if i == len(a.st.Platforms) {
		a.apply(flow.Back{})
		return nil
	}
	a.apply(flow.PlatformChosen{Key: a.st.Platforms[i].Key})
	return nil
}

func (a *accessible) authorize() error {
	if a.st.Connection.LinkURL == "" {
		a.apply(flow.Back{})
		return nil
	}
	a.say("%s\n\n%s\n%s\n", assets.Screen("authorize.open", a.st.Platform.Name), assets.Screen("accessible.link", nil), a.st.Connection.LinkURL)
	a.sayLinkNote()
	i, err := a.choose(assets.Screen("accessible.whatnext", nil), []string{
		assets.Screen("accessible.waithere", nil),
		assets.Screen("accessible.cantsignin", nil),
		assets.Screen("accessible.finishlater", nil),
	})
	if err != nil {
		return err
	}
	switch i {
	case 0:
		a.wait()
		if err := a.ctx.Err(); err != nil {
			return err // stopped by a signal: nothing was finished
		}
		a.apply(flow.Finish{})
	case 1:
		a.apply(flow.CantSignIn{})
	default:
		a.apply(flow.Finish{})
	}
	return nil
}

// withNote adds a note to an option: "Xero (sandbox: test data)".
func withNote(option, note string) string {
	return assets.Screen("accessible.option", assets.Vars{"Option": option, "Note": note})
}

// withDefault names the answer an empty line keeps.
func withDefault(title, value string) string {
	if value == "" {
		return title
	}
	return assets.Screen("accessible.default", assets.Vars{"Title": title, "Value": value})
}

// orDefault lets an empty answer keep a prefilled value.
func orDefault(value string, validate func(string) error) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" && value != "" {
			return nil
		}
		return validate(s)
	}
}

// wait follows the connection until it links or fails, in sentences.
func (a *accessible) wait() {
	ch, ok := a.run.watchSync()
	if !ok {
		return
	}
	a.say("%s", assets.Screen("accessible.waiting", platformWords(a.st)))
	said, refusalSaid := "", false
	for u := range ch {
		a.apply(updateEvent(u))
		w := a.st.Watch
		if w.Refused.Count > 0 && !refusalSaid {
			a.say("%s", refusedWords(w, u.CheckedAt))
			refusalSaid = true
		}
		var line string
		switch {
		case w.Status == flow.StatusLinked && len(w.DataPending) == 0:
			line = assets.Screen("wait.linked", platformWords(a.st))
			if len(w.DataBlocked) > 0 {
				blocked := assets.Vars{"Types": invite.ReadList(w.DataBlocked, invite.ScreenTypes), "Platform": platformWords(a.st)}
				line += " " + assets.Screen("wait.datablocked", blocked)
			}
		case w.Status == flow.StatusLinked:
			data := assets.Vars{"Ready": len(w.DataReady), "Total": len(w.DataReady) + len(w.DataPending)}
			line = assets.Screen("wait.linked", platformWords(a.st)) + " " + assets.Screen("wait.datafetching", data)
		case w.Failed:
			line = assets.Screen("accessible.failed", failReason(w))
		case !w.RateLimited.IsZero():
			line = assets.Screen("wait.ratelimited", w.RateLimited.Local().Format(time.Kitchen))
		}
		if line != "" && line != said {
			a.say("%s", line)
			said = line
		}
		if u.Final {
			return
		}
	}
}

// recap says where each category ended up, and asks whether to connect
// another platform for the company, as the done screen offers. Answers that
// end here end the journey as a no.
func (a *accessible) recap() (another bool, err error) {
	a.say("\n%s", assets.Screen("done.title", nil))
	for _, r := range flow.RecapFor(a.st) {
		a.say("%s.", recapLine(r))
	}
	a.say("%s", assets.Screen("done.next", doneNext{Company: a.st.Company.Name, Remembered: a.run.deps.Store != nil && !a.run.deps.Demo}))
	another, err = a.confirm(assets.Screen("accessible.another", a.st.Company.Name))
	if errors.Is(err, ErrInputEnded) {
		return false, nil
	}
	return another, err
}
