package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// The accessible shell: the same journey, driven by the same reducer, as
// plain line-by-line prompts (huh's accessible forms) with sentences instead
// of spinners. It suits screen readers, TERM=dumb and piped input.

// ErrInputEnded is returned when the answers run out before the journey ends.
var ErrInputEnded = errors.New("input ended before the journey was finished")

type accessible struct {
	ctx context.Context
	in  *lineReader
	out io.Writer
	run *runner
	st  flow.State
}

// RunAccessible runs the journey as line-by-line prompts on in and out, and
// returns the final state.
func RunAccessible(ctx context.Context, in io.Reader, out io.Writer, deps Deps, banner string) (flow.State, error) {
	in, stopReading := untilDone(ctx, in)
	defer stopReading()
	a := &accessible{
		ctx: ctx, in: &lineReader{br: bufio.NewReader(in)},
		out: colorprofile.NewWriter(out, []string{"NO_COLOR=1"}),
		run: newRunner(ctx, deps), st: flow.New(deps.Demo),
	}
	defer a.run.stopWatch()
	defer a.run.flush()
	if banner != "" {
		a.say(banner + ".")
	}
	for !a.st.Quit && a.st.Step != flow.StepDone {
		if err := ctx.Err(); err != nil {
			return a.st, err
		}
		if err := a.step(); err != nil {
			return a.st, err
		}
	}
	if a.st.Step == flow.StepDone {
		a.recap()
	}
	return a.st, nil
}

func (a *accessible) say(format string, args ...any) {
	fmt.Fprintf(a.out, format+"\n", args...)
}

// apply runs the reducer and carries out its effects, feeding their results
// back in until nothing is left to do.
func (a *accessible) apply(ev flow.Event) {
	queue := []flow.Event{ev}
	for len(queue) > 0 {
		var effs []flow.Effect
		before := a.st
		a.st, effs = flow.Next(a.st, queue[0])
		queue = queue[1:]
		if a.st.Busy != "" && a.st.Busy != before.Busy {
			a.say("%s…", a.st.Busy)
		}
		if n := a.st.Notice; n != nil && n != before.Notice {
			a.say("%s", n.Text)
		}
		for _, eff := range effs {
			queue = append(queue, a.run.runSync(eff, a.out)...)
		}
	}
}

// ask runs one accessible form and reports whether the input ran out.
func (a *accessible) ask(fields ...huh.Field) error {
	err := huh.NewForm(huh.NewGroup(fields...)).
		WithAccessible(true).WithInput(a.in).WithOutput(a.out).Run()
	if err != nil {
		return err
	}
	if err := a.ctx.Err(); err != nil {
		return err // a signal, not the end of the answers
	}
	if a.in.eof {
		return ErrInputEnded
	}
	return nil
}

// choose asks for one of several options and returns its index.
func (a *accessible) choose(title string, options []string) (int, error) {
	opts := make([]huh.Option[int], len(options))
	for i, o := range options {
		opts[i] = huh.NewOption(o, i)
	}
	choice := 0
	err := a.ask(huh.NewSelect[int]().Title(title).Options(opts...).Value(&choice))
	return choice, err
}

func (a *accessible) confirm(title string) (bool, error) {
	yes := false
	err := a.ask(huh.NewConfirm().Title(title).Value(&yes))
	return yes, err
}

func (a *accessible) step() error {
	if p := a.st.Problem; p != nil {
		a.say("%s", assets.Screen("app.problem", p))
		if p.Retry != nil {
			again, err := a.confirm(assets.Screen("accessible.retry", nil))
			if err != nil {
				return err
			}
			if again {
				a.apply(flow.RetryRequested{})
				return nil
			}
		}
		a.apply(flow.Back{})
		return nil
	}
	switch a.st.Step {
	case flow.StepCompany:
		return a.company()
	case flow.StepConsent:
		return a.consent()
	case flow.StepCategory:
		return a.category()
	case flow.StepPlatform:
		return a.platform()
	case flow.StepSignIn:
		yes, err := a.confirm(assets.Screen("signin.title", a.st.Platform.Name) + " " + assets.Screen("signin.intro", a.st.Platform.Name))
		if err == nil {
			a.apply(flow.SignInAnswered{Yes: yes})
		}
		return err
	case flow.StepAuthorize:
		return a.authorize()
	case flow.StepDelegate:
		return a.delegate()
	}
	return nil
}

func (a *accessible) company() error {
	if a.st.ConfirmCreate {
		yes, err := a.confirm(assets.Screen("company.confirm", nil) + " " + assets.Screen("accessible.createanyway", nil))
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
	if cleaned, changed := flow.CleanCompanyName(name); changed {
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
			desc += " (" + assets.Screen("accessible.reuse", nil) + ")"
		} else if len(c.Connections) == 0 {
			desc += " (" + assets.Screen("company.noconnections", nil) + ")"
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

func (a *accessible) consent() error {
	a.say("%s\n\n%s\n", assets.Screen("consent.title", nil), assets.Screen("consent.body", a.st.Company.Name))
	ok, err := a.confirm(assets.Screen("accessible.continue", nil))
	if err != nil {
		return err
	}
	if ok {
		a.apply(flow.ConsentAccepted{})
	} else {
		a.apply(flow.Back{})
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
	before := a.st.Step
	a.apply(flow.CategoryChosen{Category: flow.Categories[i]})
	if a.st.Step == before && a.st.Notice != nil {
		return nil // refused, already said why; ask again
	}
	return nil
}

func (a *accessible) platform() error {
	if len(a.st.Platforms) == 0 {
		a.say("%s", assets.Screen("accessible.noplatforms", strings.ToLower(a.st.Category.Title())))
		a.apply(flow.Back{})
		return nil
	}
	options := make([]string, 0, len(a.st.Platforms)+1)
	for _, p := range a.st.Platforms {
		name := p.Name
		if p.Sandbox {
			name += " (" + assets.Screen("platform.sandbox", nil) + ")"
		}
		options = append(options, name)
	}
	options = append(options, assets.Screen("accessible.back", nil))
	i, err := a.choose(assets.Screen("platform.title", strings.ToLower(a.st.Category.Title())), options)
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

func (a *accessible) delegate() error {
	if a.st.HostedLink == "" {
		a.apply(flow.Back{})
		return nil
	}
	a.say("%s\n\n%s\n%s\n", assets.Screen("delegate.intro", a.st.Platform.Name), assets.Screen("accessible.link", nil), a.st.HostedLink)
	i, err := a.choose(assets.Screen("accessible.handon", nil), []string{
		assets.Screen("accessible.writeinvite", nil),
		assets.Screen("accessible.copylink", nil),
		assets.Screen("accessible.finishnow", nil),
	})
	if err != nil {
		return err
	}
	switch i {
	case 0:
		if err := a.writeInvite(); err != nil {
			return err
		}
	case 1:
		a.apply(flow.CopyRequested{What: "link"})
	}
	a.apply(flow.Finish{})
	return nil
}

func (a *accessible) writeInvite() error {
	inv := a.st.Invite
	if inv.FromCompany == "" {
		inv.FromCompany = a.st.Company.Name
	}
	if inv.FromName == "" {
		inv.FromName = a.run.deps.FromName
	}
	if err := a.ask(
		huh.NewInput().Title(assets.Screen("invite.to", nil)).Value(&inv.To).Validate(invite.ValidateAddress),
		huh.NewInput().Title(assets.Screen("invite.toname", nil)).Value(&inv.ToName),
		huh.NewInput().Title(withDefault(assets.Screen("invite.fromname", nil), inv.FromName)).Value(&inv.FromName).
			Validate(orDefault(inv.FromName, notBlank(assets.Screen("invite.needname", nil)))),
	); err != nil {
		return err
	}
	a.apply(flow.InviteSubmitted{Invite: inv})
	i, err := a.choose(assets.Screen("accessible.sendhow", nil), []string{
		assets.Screen("accessible.saveeml", nil),
		assets.Screen("accessible.copytext", nil),
		assets.Screen("accessible.openmail", nil),
	})
	if err != nil {
		return err
	}
	a.apply(flow.SendRequested{How: []string{"eml", "text", "mail"}[i]})
	return nil
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
	a.say("%s", assets.Screen("accessible.waiting", a.st.Platform.Name))
	said := ""
	for u := range ch {
		a.apply(updateEvent(u))
		w := a.st.Watch
		var line string
		switch {
		case w.Status == flow.StatusLinked && len(w.DataPending) == 0:
			line = assets.Screen("wait.linked", a.st.Platform.Name)
		case w.Status == flow.StatusLinked:
			data := assets.Vars{"Ready": len(w.DataReady), "Total": len(w.DataReady) + len(w.DataPending)}
			line = assets.Screen("wait.linked", a.st.Platform.Name) + " " + assets.Screen("wait.datafetching", data)
		case w.Failed:
			line = assets.Screen("accessible.failed", w.Reason)
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

func (a *accessible) recap() {
	a.say("\n%s", assets.Screen("done.title", nil))
	for _, r := range flow.RecapFor(a.st) {
		switch r.Outcome {
		case flow.OutcomeLinked:
			a.say("%s.", assets.Screen("done.linked", r))
		case flow.OutcomeWaiting:
			a.say("%s.", assets.Screen("done.waiting", r))
		default:
			a.say("%s.", assets.Screen("done.skipped", r))
		}
	}
	a.say("%s", assets.Screen("done.next", doneNext{Company: a.st.Company.Name, Remembered: a.run.deps.Store != nil}))
}
