package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// The authorize screen: the connection's link, ways to use it, and the live
// wait for it to link.

func (m Model) updateAuthorize(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.authorizeKeys()
	// While the link is prepared, copy and open are kept until it is ready.
	loading := m.st.Connection.LinkURL == "" && m.st.Busy != nil
	switch {
	case key.Matches(msg, k.Back):
		return m.apply(flow.Back{})
	case key.Matches(msg, k.Copy), loading && key.Matches(msg, m.keys.Copy):
		return m.apply(flow.CopyRequested{What: flow.CopiedLink})
	case key.Matches(msg, k.Open), loading && key.Matches(msg, m.keys.Open) && canOpen(m.run.deps.Env):
		return m.apply(flow.OpenRequested{})
	case key.Matches(msg, k.QR):
		m.showQR = true
		return m, nil
	case key.Matches(msg, k.CantSignIn):
		return m.apply(flow.CantSignIn{})
	case key.Matches(msg, k.Finish), key.Matches(msg, k.Enter):
		return m.apply(flow.Finish{})
	case key.Matches(msg, k.Another):
		return m.applyAll(flow.Finish{}, flow.ConnectAnother{})
	case key.Matches(msg, k.Retry):
		return m.applyAll(flow.Back{}, flow.SignInAnswered{Yes: true})
	}
	return m, nil
}

// authorizeKeys follow the link and the wait: the link's keys while it is
// to be used, finish or another platform once linked, and a fresh link or
// handing it on when linking failed.
func (m Model) authorizeKeys() screenKeys {
	k := m.keys
	linked, failed := m.st.Watch.Status == flow.StatusLinked, m.st.Watch.Failed
	link := m.st.Connection.LinkURL != "" && !linked
	canOpen, _ := share.CanOpen(m.run.deps.Env)
	k.Copy.SetEnabled(link)
	k.QR.SetEnabled(link && qrUsable(m.st.Connection.LinkURL))
	k.Open.SetEnabled(link && canOpen)
	k.Retry = named(k.Retry, "keys.retrylink")
	k.Retry.SetEnabled(failed && !linked)
	if failed {
		k.CantSignIn = named(k.CantSignIn, "keys.handon")
	}
	k.CantSignIn.SetEnabled(!linked)
	k.Enter = named(k.Enter, "keys.finish")
	k.Enter.SetEnabled(linked)
	k.Another.SetEnabled(linked)
	return k.screen([]key.Binding{k.Copy, k.Open, k.QR, k.Retry, k.CantSignIn, k.Enter, k.Finish, k.Another, k.Back, k.Help})
}

func (m Model) viewAuthorize() string {
	s := m.styles
	name := m.st.Platform.Name
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("authorize.title", name)) + "\n")
	// Once linked, the link and how to use it are done with: what is
	// left is the data's progress.
	linked := m.st.Watch.Status == flow.StatusLinked
	if !linked {
		b.WriteString(wrap(assets.Screen("authorize.intro", name), m.contentWidth()) + "\n\n")
	}
	if link := m.st.Connection.LinkURL; link != "" {
		if !linked {
			b.WriteString(m.linkLines(link) + "\n\n" + m.linkNote())
		}
		b.WriteString(m.waitLines(assets.Screen("wait.you", nil)) + "\n")
	}
	return b.String()
}

func canOpen(env share.Env) bool {
	ok, _ := share.CanOpen(env)
	return ok
}
