package ui

import (
	"strings"

	"context"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

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
	// inviteDraft is what esc left in the invite form, for i to go on
	// with; inviteOpened is what the form held when it opened.
	inviteDraft  *inviteDraft
	inviteOpened flow.Invite
	// inviteFields are the invite form's fields in order, to move between them.
	inviteFields []huh.Field
	showQR       bool
	showHelp     bool
	helpOffset   int // how far the help is scrolled
	noColor      bool
	watchStart   time.Time
	setupErr     error // the checks run at start failed: the journey ended
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
	m.st, m.start = m.run.readLocal(m.st, m.start)
	return m
}

// Flush writes what the journey asked to remember but a quick exit left
// unwritten; the shell calls it after the program ends.
func (m Model) Flush() error { return m.run.flush() }

// State is the journey's state, for the shell to read after Run.
func (m Model) State() flow.State { return m.st }

// Init implements tea.Model.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.input.Focus(), textinput.Blink, tick(), m.spin.Tick, m.run.cmds(m.start), m.run.awaitReady())
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	msg, keep := cleanInput(msg)
	if !keep {
		return m, nil
	}
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
	case readyMsg:
		return m.readied(msg)
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
		return m.typeCompany(msg)
	}
	return m, nil
}

// applyAll applies events in turn, as one key press.
func (m Model) applyAll(evs ...flow.Event) (Model, tea.Cmd) {
	var cmds []tea.Cmd
	for _, ev := range evs {
		var cmd tea.Cmd
		m, cmd = m.apply(ev)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// apply runs the reducer and turns its effects into commands.
func (m Model) apply(ev flow.Event) (Model, tea.Cmd) {
	before := m.st
	st, effs := flow.Next(m.st, ev)
	m.st = st
	cmds := []tea.Cmd{m.run.cmds(effs)}
	if st.Step != before.Step {
		m.cursor, m.filter, m.confirm, m.showQR = 0, "", "", false
		if _, back := ev.(flow.Back); back {
			m.cursor = m.cursorOnReturn(before.Step)
		}
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
	if st.Watch.Status == flow.StatusLinked && before.Watch.Status != flow.StatusLinked {
		m.showQR = false // the code was scanned: what shows now is that it worked
	}
	if st.Quit {
		cmds = append(cmds, tea.Interrupt)
	}
	return m, tea.Batch(cmds...)
}

// key sends a key press to what is on top: an overlay, the problem banner,
// or the step's screen. ctrl+c quits from anywhere; ctrl+l draws the whole
// screen again from anywhere, as in less or vim.
func (m Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.apply(flow.Quit{})
	case key.Matches(msg, m.keys.Redraw):
		return m, tea.ClearScreen
	case m.invite != nil:
		return m.updateInvite(msg)
	case m.showHelp:
		return m.updateHelp(msg)
	case m.showQR:
		return m.updateQR(msg)
	case key.Matches(msg, m.stepKeys().Help):
		return m.openHelp(), nil
	case m.st.Problem != nil:
		return m.updateProblem(msg)
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

// shownKeys are the keys of what is on top, which the footer shows.
func (m Model) shownKeys() screenKeys {
	switch {
	case m.invite != nil:
		return m.inviteKeys()
	case m.showHelp:
		return m.helpKeys()
	case m.showQR:
		return m.qrKeys()
	}
	return m.stepKeys()
}

// stepKeys are the keys of the step's screen, or of the problem banner
// that interrupts it; the help lists them.
func (m Model) stepKeys() screenKeys {
	if m.st.Problem != nil {
		return m.problemKeys()
	}
	switch m.st.Step {
	case flow.StepResume:
		return m.resumeKeys()
	case flow.StepCompany:
		return m.companyKeys()
	case flow.StepConsent:
		return m.consentKeys()
	case flow.StepCategory:
		return m.categoryKeys()
	case flow.StepPlatform:
		return m.platformKeys()
	case flow.StepSignIn:
		return m.signInKeys()
	case flow.StepAuthorize:
		return m.authorizeKeys()
	case flow.StepDelegate:
		return m.delegateKeys()
	case flow.StepDone:
		return m.doneKeys()
	}
	return m.keys.screen(nil)
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
		return m.renderSmall()
	}
	header := m.header()
	footer := m.footer(keyLine(m.shownKeys().ShortHelp()))
	if m.showQR && m.invite == nil && !m.showHelp {
		if out, ok := m.renderQR(footer); ok && m.height > 0 {
			return fitHeight(out, m.height)
		} else if ok {
			return out
		}
	}
	var body string
	switch {
	case m.invite != nil:
		body = m.viewInvite()
	case m.showHelp:
		body = m.viewHelp()
	case m.showQR:
		body = m.viewQR(m.bodyRows(header, footer) - 2)
	default:
		body = m.viewStep()
	}
	out := header + "\n\n" + body + "\n" + footer
	if m.height > 0 {
		out = fitHeight(out, m.height)
	}
	return strings.ReplaceAll(out, keepMark, "")
}

func (m Model) viewStep() string {
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
	return ""
}

func (m Model) contentWidth() int {
	if m.width <= 0 {
		return 78
	}
	return max(20, min(m.width-2, 100))
}
