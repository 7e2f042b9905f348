package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// The QR code overlay: the link on show, as a code to scan with a phone.

func (m Model) viewQR(rows int) string {
	link := m.st.HostedLink
	if m.st.Step == flow.StepAuthorize {
		link = m.st.Connection.LinkURL
	}
	width := m.width
	if width <= 0 {
		width = 80
	}
	art, ok, reason := share.QR(link, width, rows, m.noColor)
	if !ok {
		return m.styles.Warn.Render(wrap(reason, m.contentWidth()))
	}
	return art
}

// qrKeys: any key closes the code.
func (m Model) qrKeys() screenKeys {
	return m.keys.screen([]key.Binding{hint("keys.closeqr")})
}

func (m Model) updateQR(tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.showQR = false
	return m, nil
}
