// Package shots draws the README's pictures of the journey from the screen
// goldens (ui/testdata/TestScreens): each golden is replayed on the test
// terminal (internal/vt) and written as an SVG of a terminal window, one
// text span per run of cells drawn alike. Run `go run ./internal/cmd/shots`
// from the module root after the goldens change; a test fails while a
// picture is out of date.
package shots

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/internal/vt"
)

// Shot is one picture: the golden it is drawn from, the file it is written
// to (both from the module root), and the window's title.
type Shot struct {
	Golden, Out, Title string
}

// Shots are the journey's main screens, in order.
var Shots = []Shot{
	{"ui/testdata/TestScreens/tour-company/120x40/dark.golden", "docs/screens/company.svg", "onboard: which business"},
	{"ui/testdata/TestScreens/tour-consent/120x40/dark.golden", "docs/screens/consent.svg", "onboard: before you connect"},
	{"ui/testdata/TestScreens/tour-link/120x40/dark.golden", "docs/screens/link.svg", "onboard: authorize"},
	{"ui/testdata/TestScreens/tour-delegate/120x40/dark.golden", "docs/screens/delegate.svg", "onboard: hand it on"},
	{"ui/testdata/TestScreens/tour-done/120x40/dark.golden", "docs/screens/done.svg", "onboard: all set"},
}

// Generate draws every shot from the goldens under root and returns the
// pictures by output path.
func Generate(root string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(Shots))
	for _, sh := range Shots {
		frame, err := os.ReadFile(filepath.Join(root, sh.Golden))
		if err != nil {
			return nil, err
		}
		out[sh.Out] = Render(frame, 120, sh.Title)
	}
	return out, nil
}

// The window's look: a dark terminal, cells of a 14px monospace font.
const (
	fontSize   = 14
	cellW      = 8.4
	cellH      = 18
	pad        = 16
	titleBar   = 30
	defaultFg  = "#d4d4d8"
	defaultBg  = "#1b1c22"
	titleColor = "#8a8a94"
)

// Render draws one frame, as the golden holds it, w columns wide.
func Render(frame []byte, w int, title string) []byte {
	frame = bytes.TrimRight(frame, "\n")
	rows := bytes.Count(frame, []byte("\n")) + 1
	screen := vt.NewScreen(w, rows)
	// A golden's lines end in a bare newline; a terminal needs the return.
	screen.Feed(bytes.ReplaceAll(frame, []byte("\n"), []byte("\r\n")))
	cols := usedColumns(screen) + 1
	width := float64(2*pad) + float64(cols)*cellW
	height := titleBar + 2*pad + rows*cellH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%d" viewBox="0 0 %.0f %d" role="img" aria-label="%s">`+"\n", width, height, width, height, esc(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" rx="8" fill="%s"/>`+"\n", defaultBg)
	for i, c := range []string{"#ff5f57", "#febc2e", "#28c840"} {
		fmt.Fprintf(&b, `<circle cx="%d" cy="15" r="6" fill="%s"/>`+"\n", pad+i*20, c)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="19" fill="%s" font-family="sans-serif" font-size="12" text-anchor="middle">%s</text>`+"\n", width/2, titleColor, esc(title))
	fmt.Fprintf(&b, `<g font-family="ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace" font-size="%d" xml:space="preserve">`+"\n", fontSize)
	for y := range rows {
		drawRow(&b, screen, y, cols)
	}
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// usedColumns is the last column with anything drawn in it, on any row.
func usedColumns(s *vt.Screen) int {
	w, h := s.Size()
	last := 0
	for y := range h {
		for x := range w {
			if c := s.At(x, y); strings.TrimSpace(c.G) != "" || c.Style.Bg != nil || c.Style.Reverse {
				last = max(last, x)
			}
		}
	}
	return last
}

// drawRow writes a row's backgrounds, then its text, a span per run of
// cells drawn alike, each placed at its column so no font's widths drift.
func drawRow(b *strings.Builder, s *vt.Screen, y, cols int) {
	top := titleBar + pad + y*cellH
	base := top + cellH - 5
	for x := 0; x < cols; {
		fg, bg := colours(s.At(x, y).Style)
		end := x + 1
		for end < cols && sameLook(s.At(end, y).Style, s.At(x, y).Style) {
			end++
		}
		if bg != defaultBg {
			fmt.Fprintf(b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", pad+float64(x)*cellW, top, float64(end-x)*cellW+0.5, cellH, bg)
		}
		var text strings.Builder
		for i := x; i < end; i++ {
			switch g := s.At(i, y).G; g {
			case "":
				text.WriteByte(' ')
			case "\x00":
			default:
				text.WriteString(g)
			}
		}
		if t := strings.TrimRight(text.String(), " "); t != "" {
			// textLength holds the run to its cells whatever font is used.
			fmt.Fprintf(b, `<text x="%.1f" y="%d" fill="%s" textLength="%.1f" lengthAdjust="spacingAndGlyphs"%s>%s</text>`+"\n",
				pad+float64(x)*cellW, base, fg, float64(ansi.StringWidth(t))*cellW, attrs(s.At(x, y).Style), esc(t))
		}
		x = end
	}
}

// sameLook reports whether two cells draw alike.
func sameLook(a, b vt.Style) bool {
	fa, ba := colours(a)
	fb, bb := colours(b)
	return fa == fb && ba == bb && a.Bold == b.Bold && a.Faint == b.Faint && a.Italic == b.Italic && a.Underline == b.Underline
}

// colours are a style's foreground and background, reverse applied.
func colours(st vt.Style) (fg, bg string) {
	fg, bg = hex(st.Fg, defaultFg), hex(st.Bg, defaultBg)
	if st.Reverse {
		return bg, fg
	}
	return fg, bg
}

func hex(c color.Color, def string) string {
	if c == nil {
		return def
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

func attrs(st vt.Style) string {
	var a string
	if st.Bold {
		a += ` font-weight="bold"`
	}
	if st.Faint {
		a += ` opacity="0.6"`
	}
	if st.Italic {
		a += ` font-style="italic"`
	}
	if st.Underline {
		a += ` text-decoration="underline"`
	}
	return a
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func esc(s string) string { return escaper.Replace(s) }
