package ui

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/internal/vt"
)

// journeyFrames are the frames of one journey, from the empty company
// screen to a long wait on the link, as the renderer may be handed them.
func journeyFrames(w, h int, link string) []string {
	m := screen(w, h, true)
	var frames []string
	shot := func(next Model) { m = next; frames = append(frames, m.render()) }
	shot(m)
	for i := range len("Authorize Co") {
		m.input.SetValue("Authorize Co"[:i+1])
		shot(feed(m, flow.QueryChanged{Query: m.input.Value()}))
	}
	shot(atConsent(m))
	shot(feed(m, flow.ConsentAccepted{}))
	shot(atSignIn(screen(w, h, true)))
	conn := pendingConn
	conn.LinkURL = link
	shot(feed(m, flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: conn}))
	for i := range 20 {
		at := fixedNow.Add(time.Duration(i) * 7 * time.Second)
		shot(feed(m, flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "poll", CheckedAt: at, NextCheck: at.Add(time.Duration(i%9) * time.Second)}))
	}
	return frames
}

// TestRendererKeepsTheScreenTrue feeds random runs of the journey's frames
// (a loaded machine skips frames, so any subsequence can reach the
// terminal) through bubbletea's renderer and a terminal emulator, and checks
// after every frame that the terminal shows exactly that frame.
func TestRendererKeepsTheScreenTrue(t *testing.T) {
	long := "http://127.0.0.1:41234/link/companies/3f0c5a5e-8d1b-4a5c-9e8f-2b7d6c4a1e90/connections/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/start"
	for _, size := range []struct{ w, h int }{{100, 30}, {80, 24}, {60, 18}, {116, 30}, {120, 40}} {
		frames := journeyFrames(size.w, size.h, long)
		for seed := range 12 {
			t.Run(fmt.Sprintf("%dx%d/%d", size.w, size.h, seed), func(t *testing.T) {
				t.Parallel()
				rng := rand.New(rand.NewPCG(uint64(seed), 7))
				var shown []string
				for i, f := range frames {
					if i == 0 || i == len(frames)-1 || rng.IntN(2) == 1 {
						shown = append(shown, f)
					}
				}
				assertShownTrue(t, size.w, size.h, shown)
			})
		}
	}
}

// TestRendererKeepsEveryChangeOfScreenTrue: from any screen to any other,
// in random order (the pending list straight to a wait, a help over a
// form), the terminal shows exactly the frame drawn.
func TestRendererKeepsEveryChangeOfScreenTrue(t *testing.T) {
	for _, size := range []struct{ w, h int }{{100, 30}, {80, 24}, {60, 18}, {120, 40}, {200, 60}} {
		var frames []string
		for _, sc := range screens {
			frames = append(frames, sc.make(screen(size.w, size.h, true)).render())
		}
		for seed := range 6 {
			t.Run(fmt.Sprintf("%dx%d/%d", size.w, size.h, seed), func(t *testing.T) {
				t.Parallel()
				rng := rand.New(rand.NewPCG(uint64(seed), 99))
				shown := make([]string, 60)
				for i := range shown {
					shown[i] = frames[rng.IntN(len(frames))]
				}
				assertShownTrue(t, size.w, size.h, shown)
			})
		}
	}
}

// assertShownTrue draws frames in turn through the renderer onto a w x h
// terminal, and checks after each that the terminal shows it.
func assertShownTrue(t *testing.T, w, h int, frames []string) {
	t.Helper()
	var out bytes.Buffer
	scr := newTestRenderer(&out, w, h)
	term := vt.NewScreen(w, h)
	rb := uv.NewScreenBuffer(w, h)
	for i, f := range frames {
		rb.Clear()
		uv.NewStyledString(f).Draw(rb, rb.Bounds())
		scr.Render(rb.RenderBuffer)
		if err := scr.Flush(); err != nil {
			t.Fatal(err)
		}
		term.Feed(out.Bytes())
		out.Reset()
		if got, want := term.Text(), frameText(f, w); got != want {
			t.Fatalf("after frame %d the terminal shows:\n%s\n\nwant:\n%s", i, got, want)
		}
	}
}

// newTestRenderer sets up ultraviolet's renderer as bubbletea does for a
// full-screen program, and enters the alternate screen.
func newTestRenderer(out *bytes.Buffer, w, h int) *uv.TerminalRenderer {
	scr := uv.NewTerminalRenderer(out, []string{"TERM=xterm-256color"})
	scr.SetColorProfile(colorprofile.TrueColor)
	scr.SetTabStops(-1)
	scr.SetScrollOptim(true)
	scr.Resize(w, h)
	scr.SaveCursor()
	out.WriteString(ansi.SetModeAltScreenSaveCursor)
	scr.SetFullscreen(true)
	scr.SetRelativeCursor(false)
	scr.Erase()
	return scr
}

// frameText is a frame as the emulator reads a screen back: a line wider
// than the window is clipped at its edge, as the renderer clips it.
func frameText(f string, w int) string {
	lines := strings.Split(ansi.Strip(f), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(ansi.Truncate(lines[i], w, ""), " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// TestEveryScreenFitsTheSmallestWindow: nothing is drawn past the edge of
// the smallest window onboard accepts (the renderer would cut it), nor of
// a few sizes around it.
func TestEveryScreenFitsTheSmallestWindow(t *testing.T) {
	for _, sc := range screens {
		for _, size := range []struct{ w, h int }{{60, 18}, {61, 19}, {64, 20}, {72, 22}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				m := sc.make(screen(100, 30, true))
				next, _ := m.Update(tea.WindowSizeMsg{Width: size.w, Height: size.h})
				assertFits(t, next.(Model).render(), size.w, size.h)
			})
		}
	}
}
