package bulk

import (
	"context"
	"time"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
)

// View is the live view of a run at a terminal: a progress bar, rows done,
// failed and to go, the request rate against Codat's limit, and an ETA.
// ctrl+c stops the run (the rows under way finish first).
type View struct {
	engine    *Engine
	pacer     *Pacer // nil when requests are not paced
	companies int
	bar       progress.Model
	stop      context.CancelFunc
	stopping  bool
	finished  bool
	width     int
}

// FinishedMsg tells the view the run is over.
type FinishedMsg struct{}

// StoppingMsg tells the view the run was stopped (a signal): it says the
// rows under way are finishing.
type StoppingMsg struct{}

type tickMsg struct{}

// NewView shows engine's progress; stop is called when the person asks to
// stop.
func NewView(engine *Engine, pacer *Pacer, stop context.CancelFunc) *View {
	return &View{
		engine: engine, pacer: pacer, companies: engine.Companies(), stop: stop,
		bar: progress.New(progress.WithDefaultBlend(), progress.WithWidth(40)), width: 80,
	}
}

func tick() tea.Cmd {
	return tea.Tick(250*time.Millisecond, func(time.Time) tea.Msg { return tickMsg{} })
}

// Init starts the clock that redraws the view.
func (v *View) Init() tea.Cmd { return tick() }

// Update follows the run and the keys.
func (v *View) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.width = msg.Width
		v.bar.SetWidth(min(max(msg.Width-4, 10), 60))
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" || msg.String() == "q" {
			v.stopping = true
			v.stop()
		}
	case tickMsg:
		if v.finished {
			return v, nil
		}
		return v, tick()
	case StoppingMsg:
		v.stopping = true
	case FinishedMsg:
		v.finished = true
		return v, tea.Quit
	}
	return v, nil
}

// View draws the run as it stands.
func (v *View) View() tea.View {
	p := v.engine.Progress()
	percent := 0.0
	if p.Total > 0 {
		percent = float64(p.Done-p.NotDone) / float64(p.Total)
	}
	title := lipgloss.NewStyle().Bold(true).Render(assets.Text("bulk.viewtitle", assets.Vars{"Rows": p.Total, "Companies": v.companies}))
	lines := []string{
		title, "", v.bar.ViewAs(percent), "",
		assets.Text("bulk.viewrows", assets.Vars{"Done": p.Worked() - p.Failed, "Failed": p.Failed, "Refused": p.Refused, "NotDone": p.NotDone, "Pending": p.Total - p.Done}),
	}
	lines = append(lines, v.rateLines(p)...)
	if v.pacer != nil {
		if s := v.pacer.Stats(); s.Waiting {
			lines = append(lines, assets.Text("bulk.viewwaiting", s.Until.Local().Format("15:04:05")))
		}
	}
	switch {
	case v.finished:
	case v.stopping:
		lines = append(lines, "", assets.Text("bulk.viewstopping", nil))
	default:
		lines = append(lines, "", lipgloss.NewStyle().Faint(true).Render(assets.Text("bulk.viewhelp", nil)))
	}
	return tea.NewView(lipgloss.JoinVertical(lipgloss.Left, lines...) + "\n")
}

// rateLines say how fast requests go against the limit, and when the run
// should end (ETA: the pace so far and the quota's resets). Before a row
// is done there is no pace to go by, and they say when there will be;
// once every row is done they say nothing of time left. The time left
// goes on a line of its own when the two do not fit the window's width.
func (v *View) rateLines(p Progress) []string {
	var s PaceStats
	if v.pacer != nil {
		s = v.pacer.Stats()
	}
	eta := ""
	if left, ok := ETA(p, s, v.engine.cfg.Clock.Now()); ok {
		eta = left.Round(time.Second).String()
	}
	left := assets.Text("bulk.viewleft", assets.Vars{"ETA": eta, "Estimating": p.Worked() == 0 && p.Done < p.Total})
	line := assets.Text("bulk.viewrate", assets.Vars{"Rate": s.PerMinute, "Limit": s.Limit, "Left": left})
	if left == "" || lipgloss.Width(line) <= v.width {
		return []string{line}
	}
	return []string{assets.Text("bulk.viewrate", assets.Vars{"Rate": s.PerMinute, "Limit": s.Limit, "Left": ""}), left}
}
