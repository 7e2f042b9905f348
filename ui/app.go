// Package ui is the terminal interface: one file per screen, this root model,
// and effects.go, the one file that does IO.
package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// Minimum usable window.
const (
	minWidth  = 60
	minHeight = 18
)

// Options configure the TUI.
type Options struct {
	Deps
	// Banner is shown on every screen, e.g. the demo notice.
	Banner string
	// Now gives the starting time; later the clock follows the ticks. nil
	// means time.Now.
	Now func() time.Time
	// NoColor is set when NO_COLOR asks for no colour (the QR code then
	// gives way to a sentence).
	NoColor bool
}

// Model is the root model: the journey's state plus the widgets of the
// screen on show.
type Model struct {
	st     flow.State
	start  []flow.Effect // the journey's first effects, run by Init
	run    *runner
	styles Styles
	keys   Keys
	banner string
	clock  time.Time

	width, height int

	input   textinput.Model
	spin    spinner.Model
	cursor  int
	filter  string
	confirm string // the connection id awaiting "unlink?" confirmation

	invite     *huh.Form
	invitePage int
	inviteData *flow.Invite // bound to the invite form's fields
	showQR     bool
	showHelp   bool
	noColor    bool
	watchStart time.Time
}

type tickMsg time.Time

// New builds the root model.
func New(ctx context.Context, opts Options) Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	in := textinput.New()
	in.Placeholder = assets.Screen("company.placeholder", nil)
	in.Prompt = "› "
	in.CharLimit = 200
	in.SetWidth(50)
	st, startEffects := flow.Start(opts.Demo)
	m := Model{
		st:         st,
		start:      startEffects,
		run:        newRunner(ctx, opts.Deps),
		styles:     NewStyles(true),
		keys:       NewKeys(),
		banner:     opts.Banner,
		clock:      now(),
		input:      in,
		spin:       spinner.New(spinner.WithSpinner(spinner.Dot)),
		inviteData: &flow.Invite{FromName: opts.FromName},
		noColor:    opts.NoColor,
	}
	m.input.SetStyles(textinput.DefaultStyles(true))
	m.input.Focus()
	return m
}

// Flush writes what the journey asked to remember but a quick exit left
// unwritten; the shell calls it after the program ends.
func (m Model) Flush() error { return m.run.flush() }

// State is the journey's state, for the shell to read after Run.
func (m Model) State() flow.State { return m.st }

// Init implements tea.Model.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.input.Focus(), textinput.Blink, tick(), m.spin.Tick, m.run.cmds(m.start))
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.input.SetWidth(min(60, max(20, msg.Width-10)))
		if m.invite != nil {
			m.invite = m.invite.WithWidth(m.contentWidth())
		}
		return m, nil
	case tea.BackgroundColorMsg:
		m.styles = NewStyles(msg.IsDark())
		m.input.SetStyles(textinput.DefaultStyles(msg.IsDark()))
		return m.forwardToInvite(msg)
	case tickMsg:
		m.clock = time.Time(msg)
		return m, tick()
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case eventMsg:
		return m.apply(msg.ev)
	case watchMsg:
		if msg.gen != m.run.currentGen() {
			return m, nil // a wait that was stopped
		}
		m, cmd := m.apply(updateEvent(msg.update))
		return m, tea.Batch(cmd, nextUpdate(msg.next, msg.gen))
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	if m.invite != nil {
		return m.forwardToInvite(msg)
	}
	if m.st.Step == flow.StepCompany {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

// apply runs the reducer and turns its effects into commands.
func (m Model) apply(ev flow.Event) (Model, tea.Cmd) {
	before := m.st
	st, effs := flow.Next(m.st, ev)
	m.st = st
	cmds := []tea.Cmd{m.run.cmds(effs)}
	if st.Step != before.Step {
		m.cursor, m.filter, m.confirm, m.showQR = 0, "", "", false
		if st.Step == flow.StepCompany {
			cmds = append(cmds, m.input.Focus())
		} else {
			m.input.Blur()
		}
	}
	if st.ConfirmCreate && !before.ConfirmCreate {
		// "Press enter again to create": enter must mean that.
		m.cursor = len(st.Matches)
	}
	if st.Watch.Active && !before.Watch.Active {
		m.watchStart = m.clock
	}
	if st.Quit {
		cmds = append(cmds, tea.Interrupt)
	}
	return m, tea.Batch(cmds...)
}

func (m Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, m.keys.Quit) {
		return m.apply(flow.Quit{})
	}
	if m.invite != nil {
		return m.updateInvite(msg)
	}
	if m.showHelp {
		m.showHelp = false
		return m, nil
	}
	if m.showQR {
		m.showQR = false
		return m, nil
	}
	if key.Matches(msg, m.keys.Help) && !(m.st.Step == flow.StepCompany) {
		m.showHelp = true
		return m, nil
	}
	if m.st.Problem != nil {
		switch {
		case key.Matches(msg, m.keys.Retry) && m.st.Problem.Retry != nil:
			return m.apply(flow.RetryRequested{})
		case key.Matches(msg, m.keys.Back):
			return m.apply(flow.Back{})
		}
		return m, nil
	}
	switch m.st.Step {
	case flow.StepResume:
		return m.updateResume(msg)
	case flow.StepCompany:
		return m.updateCompany(msg)
	case flow.StepConsent:
		return m.updateConsent(msg)
	case flow.StepCategory:
		return m.updateCategory(msg)
	case flow.StepPlatform:
		return m.updatePlatform(msg)
	case flow.StepSignIn:
		return m.updateSignIn(msg)
	case flow.StepAuthorize:
		return m.updateAuthorize(msg)
	case flow.StepDelegate:
		return m.updateDelegate(msg)
	case flow.StepDone:
		return m.updateDone(msg)
	}
	return m, nil
}

// View implements tea.Model.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "onboard"
	return v
}

// render draws the whole frame as a string.
func (m Model) render() string {
	if m.width > 0 && (m.width < minWidth || m.height < minHeight) {
		small := assets.Vars{"MinWidth": minWidth, "MinHeight": minHeight, "Width": m.width, "Height": m.height}
		return m.styles.Warn.Render(assets.Screen("app.small", small))
	}
	header := m.header()
	var body, footerKeys string
	switch {
	case m.invite != nil:
		body, footerKeys = m.viewInvite(), assets.Screen("invite.keys", nil)
	case m.showHelp:
		body, footerKeys = m.viewHelp(), assets.Screen("help.keys", nil)
	case m.showQR:
		footerKeys = assets.Screen("qr.keys", nil)
	default:
		body, footerKeys = m.viewStep()
	}
	footer := m.footer(footerKeys)
	if m.showQR && m.invite == nil && !m.showHelp {
		// The code gets exactly the rows left, so it is never cut.
		rows := 24
		if m.height > 0 {
			rows = m.height - lipgloss.Height(header) - lipgloss.Height(footer) - 3
		}
		body = m.viewQR(rows)
	}
	out := header + "\n\n" + body + "\n" + footer
	if m.height > 0 {
		out = fitHeight(out, m.height)
	}
	return out
}

func (m Model) viewStep() (string, string) {
	switch m.st.Step {
	case flow.StepResume:
		return m.viewResume()
	case flow.StepCompany:
		return m.viewCompany()
	case flow.StepConsent:
		return m.viewConsent()
	case flow.StepCategory:
		return m.viewCategory()
	case flow.StepPlatform:
		return m.viewPlatform()
	case flow.StepSignIn:
		return m.viewSignIn()
	case flow.StepAuthorize:
		return m.viewAuthorize()
	case flow.StepDelegate:
		return m.viewDelegate()
	case flow.StepDone:
		return m.viewDone()
	}
	return "", ""
}

// header shows where the person is, and the demo banner.
func (m Model) header() string {
	s := m.styles
	steps := []struct {
		label string // a block of screens.tmpl
		on    bool
	}{
		{"crumb.company", m.st.Step == flow.StepCompany || m.st.Step == flow.StepResume},
		{"crumb.consent", m.st.Step == flow.StepConsent},
		{"crumb.platform", m.st.Step == flow.StepCategory || m.st.Step == flow.StepPlatform || m.st.Step == flow.StepSignIn},
		{"crumb.link", m.st.Step == flow.StepAuthorize || m.st.Step == flow.StepDelegate},
		{"crumb.done", m.st.Step == flow.StepDone},
	}
	var crumbs []string
	for _, st := range steps {
		if st.on {
			crumbs = append(crumbs, s.Selected.Render(assets.Screen(st.label, nil)))
		} else {
			crumbs = append(crumbs, s.Subtle.Render(assets.Screen(st.label, nil)))
		}
	}
	line := s.Title.Render("onboard") + "  " + strings.Join(crumbs, s.Subtle.Render(" › "))
	if m.banner != "" {
		line += "\n" + s.Banner.Render(m.banner)
	}
	return line
}

// footer shows what is under way, what went wrong, and the keys.
func (m Model) footer(keys string) string {
	s := m.styles
	var lines []string
	if p := m.st.Problem; p != nil {
		lines = append(lines, s.Bad.Render(wrap(assets.Screen("app.problem", p), m.contentWidth())))
		if !m.showHelp && !m.showQR && m.invite == nil {
			// An overlay takes the keys first: its own keys are the true ones.
			keys = assets.Screen("app.problemkeys", p.Retry != nil)
		}
	} else if m.st.Busy != "" {
		lines = append(lines, m.spin.View()+" "+m.st.Busy+"…")
	}
	if n := m.st.Notice; n != nil && m.st.Problem == nil {
		st := s.Good
		if n.Bad {
			st = s.Warn
		}
		lines = append(lines, st.Render(wrap(n.Text, m.contentWidth())))
	}
	lines = append(lines, s.Help.Render(wrap(keys, m.contentWidth())))
	return strings.Join(lines, "\n")
}

func (m Model) contentWidth() int {
	if m.width <= 0 {
		return 78
	}
	return max(20, min(m.width-2, 100))
}

// wrap folds text to a width, for prose (never for links).
func wrap(s string, width int) string {
	return lipgloss.NewStyle().Width(width).Render(s)
}

// fitHeight keeps the frame within the window, dropping lines from the
// middle of the body rather than the header or the footer.
func fitHeight(s string, height int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= height {
		return s
	}
	keepTop := height / 2
	keepBottom := height - keepTop - 1
	out := append([]string{}, lines[:keepTop]...)
	out = append(out, "  …")
	out = append(out, lines[len(lines)-keepBottom:]...)
	return strings.Join(out, "\n")
}

// answerConfirm ends a pending "are you sure?" question: it returns the id
// the question was about when the answer is y, and "" for any other key.
func (m *Model) answerConfirm(msg tea.KeyPressMsg) string {
	id := m.confirm
	m.confirm = ""
	if msg.String() == "y" {
		return id
	}
	return ""
}

// plain strips styling, for measuring.
func plain(s string) string { return ansi.Strip(s) }

// keysLine joins key hints for the footer.
func keysLine(bindings ...key.Binding) string {
	var parts []string
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		parts = append(parts, h.Key+": "+h.Desc)
	}
	return strings.Join(parts, " · ")
}
