package ui

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The accessible shell: the same journey, driven by the same reducer, as
// plain line-by-line prompts (huh's accessible forms) with sentences instead
// of spinners. It suits screen readers, TERM=dumb and piped input.

// ErrInputEnded is returned when the answers run out before the journey ends.
var ErrInputEnded error = assets.ScreenError("accessible.inputended")

type accessible struct {
	ctx context.Context
	in  *lineReader
	out io.Writer
	run *runner
	st  flow.State
	// shownLink is the Hosted Link last read out, so it is said once.
	shownLink string
	// resumeSaid is set once the pending list's title and intro are said.
	resumeSaid bool
}

// RunAccessible runs the journey as line-by-line prompts on in and out, and
// returns the final state.
func RunAccessible(ctx context.Context, in io.Reader, out io.Writer, deps Deps, banner string) (flow.State, error) {
	in, stopReading := untilDone(ctx, in)
	defer stopReading()
	a := &accessible{
		ctx: ctx, in: &lineReader{br: bufio.NewReader(in)},
		out: colorprofile.NewWriter(out, []string{"NO_COLOR=1"}),
		run: newRunner(ctx, deps),
	}
	defer a.run.stopWatch()
	defer a.run.flush()
	if banner != "" {
		a.say(banner + ".")
	}
	// What earlier sessions handed on comes first, as on the screen; who
	// reads the data is said at the consent step and in the invite.
	st, effs := flow.Start(deps.Demo)
	a.st = st
	for _, eff := range effs {
		for _, ev := range a.run.runSync(eff, a.out) {
			a.apply(ev)
		}
	}
	for !a.st.Quit {
		if err := ctx.Err(); err != nil {
			return a.st, err
		}
		if a.st.Step == flow.StepDone {
			another, err := a.recap()
			if err != nil || !another {
				return a.st, err
			}
			a.apply(flow.ConnectAnother{})
			continue
		}
		if err := a.step(); err != nil {
			return a.st, err
		}
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
		if b := a.st.Busy; b != nil && b != before.Busy {
			a.say("%s…", message(b.Key, b.Data))
		}
		if n := a.st.Notice; n != nil && n != before.Notice {
			a.say("%s", plainMessage(n.Key, n.Data))
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
		a.say("%s", problemText(p))
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
	case flow.StepResume:
		return a.resume()
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
