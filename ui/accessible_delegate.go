package ui

import (
	"bytes"
	"strings"

	"charm.land/huh/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// The delegate step of accessible mode, as the delegate screen offers it:
// the link, an invite to write, read and change before it is sent, the ways
// to send it, and the wait for the person it went to.

// delegate asks what to do with the Hosted Link until the journey moves on.
func (a *accessible) delegate() error {
	if a.st.HostedLink == "" {
		a.apply(flow.Back{})
		return nil
	}
	if a.shownLink != a.st.HostedLink {
		a.say("%s\n\n%s\n%s\n", assets.Screen("delegate.intro", a.st.Platform.Name), assets.Screen("accessible.link", nil), a.st.HostedLink)
		a.sayLinkNote()
		a.shownLink = a.st.HostedLink
	}
	var options []string
	var actions []func() error
	add := func(words string, do func() error) {
		options = append(options, words)
		actions = append(actions, do)
	}
	// Once handed on, waiting comes first, as on the screen.
	if a.st.Watch.Active {
		add(assets.Screen("accessible.waithere", nil), a.waitForDelegate)
	}
	if a.st.Invite.To == "" {
		add(assets.Screen("accessible.writeinvite", nil), a.writeInvite)
	} else {
		add(assets.Screen("accessible.invitereview", a.st.Invite.To), a.reviewInvite)
	}
	add(assets.Screen("accessible.copylink", nil), func() error {
		a.apply(flow.CopyRequested{What: flow.CopiedLink})
		return nil
	})
	add(assets.Screen("accessible.finishlater", nil), func() error {
		a.apply(flow.Finish{})
		return nil
	})
	i, err := a.choose(assets.Screen("accessible.handon", nil), options)
	if err != nil {
		return err
	}
	return actions[i]()
}

// waitForDelegate follows the link handed on; once it is linked the journey
// is done, and a failure is said and leaves the link to send again.
func (a *accessible) waitForDelegate() error {
	a.wait()
	if err := a.ctx.Err(); err != nil {
		return err // stopped by a signal: nothing was finished
	}
	if a.st.Watch.Status == flow.StatusLinked {
		a.apply(flow.Finish{})
	}
	return nil
}

// writeInvite asks who the invite is for and who signs it, then shows it.
func (a *accessible) writeInvite() error {
	inv := a.st.Invite
	if inv.FromCompany == "" {
		inv.FromCompany = a.st.Company.Name
	}
	if inv.FromName == "" {
		inv.FromName = a.run.deps.FromName
	}
	if err := a.ask(
		huh.NewInput().Title(withDefault(assets.Screen("invite.to", nil), inv.To)).Value(&inv.To).
			Validate(orDefault(inv.To, invite.ValidateAddress)),
		huh.NewInput().Title(assets.Screen("invite.toname", nil)).Value(&inv.ToName),
		huh.NewInput().Title(withDefault(assets.Screen("invite.fromname", nil), inv.FromName)).Value(&inv.FromName).
			Validate(orDefault(inv.FromName, notBlank(assets.Screen("invite.needname", nil)))),
		huh.NewInput().Title(withDefault(assets.Screen("invite.fromemail", nil), inv.FromEmail)).Value(&inv.FromEmail).
			Validate(optionalAddress),
	); err != nil {
		return err
	}
	inv.FromEmail = strings.TrimSpace(inv.FromEmail)
	a.apply(flow.InviteSubmitted{Invite: inv})
	return a.reviewInvite()
}

// reviewInvite reads the whole email out, and lets the subject, the
// message or the names be changed until it is sent as it is.
func (a *accessible) reviewInvite() error {
	for {
		email, err := a.run.compose(inviteToSend(a.st))
		if err != nil {
			a.say("%s", assets.Screen("delegate.cantwrite", explain(err)))
			return nil
		}
		a.say("\n%s\n", assets.Screen("accessible.theinvite", nil))
		if from := senderLine(a.st.Invite); from != "" {
			a.say("%s %s", assets.Screen("delegate.from", nil), from)
		}
		a.say("%s %s\n%s %s\n\n%s", assets.Screen("delegate.to", nil), email.To,
			assets.Screen("delegate.subject", nil), email.Subject, strings.TrimRight(email.Body, "\n"))
		i, err := a.choose(assets.Screen("accessible.reviewhow", nil), []string{
			assets.Screen("accessible.sendit", nil),
			assets.Screen("accessible.editsubject", nil),
			assets.Screen("accessible.editmessage", nil),
			assets.Screen("accessible.editwho", nil),
		})
		if err != nil {
			return err
		}
		inv := a.st.Invite
		inv.Subject, inv.Body = email.Subject, email.Body
		switch i {
		case 0:
			return a.sendHow()
		case 1:
			err = a.ask(huh.NewInput().Title(withDefault(assets.Screen("invite.subject", nil), inv.Subject)).Value(&inv.Subject))
		case 2:
			inv.Body, err = a.editMessage(inv.Body)
		case 3:
			return a.writeInvite()
		}
		if err != nil {
			return err
		}
		a.apply(flow.InviteSubmitted{Invite: inv})
	}
}

// editMessage reads a new message line by line, up to a line holding only
// a full stop; one with nothing before it keeps body. The link must stay.
func (a *accessible) editMessage(body string) (string, error) {
	a.say("%s", assets.Screen("accessible.messagehow", a.st.HostedLink))
	for {
		var lines []string
		for {
			line, err := a.readLine()
			if err != nil {
				return body, err
			}
			if strings.TrimSpace(line) == "." {
				break
			}
			lines = append(lines, line)
		}
		if len(lines) == 0 {
			return body, nil
		}
		edited := strings.Join(lines, "\n") + "\n"
		problem := flow.MessageLinkProblem(edited, a.st.HostedLink)
		if problem == "" {
			return edited, nil
		}
		a.say("%s", assets.Screen("invite.link."+string(problem), nil))
	}
}

// readLine reads one line of the answers.
func (a *accessible) readLine() (string, error) {
	var line []byte
	buf := make([]byte, 4096)
	for {
		n, err := a.in.Read(buf)
		line = append(line, buf[:n]...)
		if bytes.HasSuffix(line, []byte("\n")) {
			return strings.TrimRight(string(line), "\r\n"), nil
		}
		if err != nil || (n == 0 && a.in.eof) {
			if ctxErr := a.ctx.Err(); ctxErr != nil {
				return "", ctxErr // a signal, not the end of the answers
			}
			if len(line) > 0 {
				return string(line), nil
			}
			return "", ErrInputEnded
		}
	}
}

// sendHow asks how the invite should leave, and sends it that way.
func (a *accessible) sendHow() error {
	ways := make([]string, 0, len(flow.PlainWays))
	for _, way := range flow.PlainWays {
		ways = append(ways, assets.Screen("accessible.way."+string(way), nil))
	}
	i, err := a.choose(assets.Screen("accessible.sendhow", nil), ways)
	if err != nil {
		return err
	}
	a.apply(flow.SendRequested{Way: flow.PlainWays[i]})
	return nil
}

// inviteToSend is the invite as it would be sent now: what flow sends, for
// the email to be read before it is.
func inviteToSend(st flow.State) flow.SendInvite {
	return flow.SendInvite{Invite: st.Invite, Company: st.Company.Name, Platform: st.Platform.Name,
		Category: st.Category, Link: st.HostedLink, Reader: st.Reader}
}

// sayLinkNote says, under a link, how to reach its pages from another
// computer, when the shell has something to say (the demo over SSH).
func (a *accessible) sayLinkNote() {
	if note := a.run.deps.LinkNote; note != "" {
		a.say("%s\n", note)
	}
}
