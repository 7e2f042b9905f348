package cli

import (
	"io"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/internal/termout"
)

// screenOutput is where a full-screen program draws. A terminal is written
// through termout, so that a frame is never lost part-way; a write that
// still fails has the program draw the whole screen again. attach ties the
// repaint to the program once it is made.
func screenOutput(w io.Writer) (out io.Writer, attach func(*tea.Program)) {
	f, ok := w.(*os.File)
	if !ok {
		return w, func(*tea.Program) {}
	}
	term := termout.New(f)
	return term, func(p *tea.Program) {
		// Sent from a goroutine: the renderer writes while holding its lock.
		term.OnLost(func() { go p.Send(tea.ClearScreen()) })
	}
}
