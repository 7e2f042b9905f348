//go:build unix

package ui

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
	"golang.org/x/sys/unix"
)

// TestTmuxShowsWhatTheRendererDraws: random changes from any of onboard's
// screens to any other, drawn by bubbletea's renderer, reach a real
// terminal (tmux) and it shows exactly each frame. The test terminal of
// the other renderer tests is onboard's own; this one is not.
func TestTmuxShowsWhatTheRendererDraws(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed here")
	}
	for _, size := range []struct{ w, h int }{{100, 30}, {80, 24}, {60, 18}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			t.Parallel()
			var frames []string
			for _, sc := range screens {
				frames = append(frames, sc.make(screen(size.w, size.h, true)).render())
			}
			pane := startPane(t, size.w, size.h)
			rng := rand.New(rand.NewPCG(uint64(size.w), 5))
			var out bytes.Buffer
			scr := newTestRenderer(&out, size.w, size.h)
			rb := uv.NewScreenBuffer(size.w, size.h)
			for i := range 40 {
				f := frames[rng.IntN(len(frames))]
				rb.Clear()
				uv.NewStyledString(f).Draw(rb, rb.Bounds())
				scr.Render(rb.RenderBuffer)
				if err := scr.Flush(); err != nil {
					t.Fatal(err)
				}
				pane.write(t, out.Bytes())
				out.Reset()
				pane.waitFor(t, i, frameText(f, size.w))
			}
		})
	}
}

// tmuxPane is a tmux window of its own server that shows what is written
// to it, byte for byte.
type tmuxPane struct {
	socket string
	in     *os.File
}

func startPane(t *testing.T, w, h int) *tmuxPane {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "in")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	p := &tmuxPane{socket: filepath.Join(dir, "tmux.sock")}
	// Raw, so the bytes reach the terminal as the renderer wrote them.
	p.tmux(t, "-f", "/dev/null", "new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h),
		"stty raw -echo; exec cat < "+fifo)
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", p.socket, "kill-server").Run() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		fd, err := unix.Open(fifo, unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err == nil {
			if err := unix.SetNonblock(fd, false); err != nil {
				t.Fatal(err)
			}
			p.in = os.NewFile(uintptr(fd), fifo)
			t.Cleanup(func() { p.in.Close() })
			return p
		}
		if !errors.Is(err, unix.ENXIO) || time.Now().After(deadline) {
			t.Fatalf("the pane never read its input: %v", err)
		}
	}
}

func (p *tmuxPane) tmux(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("tmux", append([]string{"-S", p.socket}, args...)...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (p *tmuxPane) write(t *testing.T, b []byte) {
	if _, err := p.in.Write(b); err != nil {
		t.Fatal(err)
	}
}

// waitFor waits until the pane shows want, as frameText has it.
func (p *tmuxPane) waitFor(t *testing.T, frame int, want string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		lines := strings.Split(p.tmux(t, "capture-pane", "-p"), "\n")
		for i := range lines {
			lines[i] = strings.TrimRight(lines[i], " ")
		}
		if got = strings.TrimRight(strings.Join(lines, "\n"), "\n"); got == want {
			return
		}
	}
	t.Fatalf("after frame %d tmux shows:\n%s\n\nwant:\n%s", frame, got, want)
}
