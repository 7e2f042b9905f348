package ui

import (
	"net"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// The QR code overlay: the link on show, as a code to scan with a phone.

// qrLink is the link the code would carry.
func (m Model) qrLink() string {
	if m.st.Step == flow.StepAuthorize {
		return m.st.Connection.LinkURL
	}
	return m.st.HostedLink
}

// qrUsable reports whether a phone could open link: not one that names
// this computer only, as the demo's pages on loopback do.
func qrUsable(link string) bool {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback() && !ip.IsUnspecified()
}

// renderQR gives the code the whole window but the footer: under the header
// an 80x24 window has 19 rows, and a Hosted Link's code needs 21 or more.
// A code that does not fit even so is said in the usual frame, with how
// large a window it needs.
func (m Model) renderQR(footer string) (string, bool) {
	width, rows := m.width, 24-lipgloss.Height(footer)
	if width <= 0 {
		width = 80
	}
	if m.height > 0 {
		rows = m.height - lipgloss.Height(footer)
	}
	art, ok, _ := share.QR(m.qrLink(), width, rows, m.noColor)
	if !ok {
		return "", false
	}
	return art + "\n" + footer, true
}

// viewQR is why the code cannot be shown, in the body.
func (m Model) viewQR(rows int) string {
	width := m.width
	if width <= 0 {
		width = 80
	}
	art, ok, reason := share.QR(m.qrLink(), width, rows, m.noColor)
	if ok {
		return art
	}
	if _, w, h, err := share.DrawQR(m.qrLink(), share.HalfBlock); err == nil && !m.noColor {
		// The code is shown on the whole window but its footer line.
		reason = assets.Screen("qr.toobig", assets.Vars{"Width": w, "Height": h + 1, "WindowWidth": m.width, "WindowHeight": m.height})
	}
	return m.styles.Warn.Render(wrap(reason, m.contentWidth()))
}

// qrKeys: any key closes the code.
func (m Model) qrKeys() screenKeys {
	return m.keys.screen([]key.Binding{hint("keys.closeqr")})
}

func (m Model) updateQR(tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.showQR = false
	return m, nil
}
