package cli

import (
	"io"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/internal/termout"
)

// screenOutput is where a full-screen program draws. A file (the terminal,
// when a screen runs) is written through termout, so that a frame is not
// cut short by a full terminal, and a write that fails anyway has send
// deliver tea.ClearScreen: the whole screen is drawn again. send is the
// program's Send; it runs on its own goroutine, since the renderer writes
// while it holds its lock and Send waits for the program.
func screenOutput(w io.Writer, send func(tea.Msg)) io.Writer {
	var term *termout.Terminal
	switch w := w.(type) {
	case *termout.Terminal:
		term = w
	case *os.File:
		term = termout.New(w)
	default:
		return w
	}
	term.OnDamage(func() { go send(tea.ClearScreen()) })
	return term
}
