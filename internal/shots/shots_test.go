package shots

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The pictures in docs/screens are what the goldens draw now: a golden
// changed without them redrawn fails here.
func TestPicturesAreCurrent(t *testing.T) {
	root := filepath.Join("..", "..")
	pics, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range pics {
		got, err := os.ReadFile(filepath.Join(root, path))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is out of date (%v): run `go run ./internal/cmd/shots` from the module root", path, err)
		}
	}
	if len(pics) != len(Shots) {
		t.Errorf("%d pictures for %d shots", len(pics), len(Shots))
	}
}

// A picture keeps each cell's colour and weight, reverse video as swapped
// colours, and escapes what XML would read.
func TestRenderKeepsTheLook(t *testing.T) {
	frame := "\x1b[1;38;2;255;0;0mBold red\x1b[m plain & <more>\n\x1b[7m on \x1b[m\x1b[48;5;231m  \x1b[0m"
	svg := string(Render([]byte(frame), 40, `A "title"`))
	for _, want := range []string{
		`fill="#ff0000" textLength="67.2" lengthAdjust="spacingAndGlyphs" font-weight="bold">Bold red</text>`,
		`fill="#d4d4d8" textLength="`, `> plain &amp; &lt;more&gt;</text>`,
		`fill="#1b1c22" textLength="25.2" lengthAdjust="spacingAndGlyphs"> on</text>`, // reverse: the text in the background colour
		`fill="#ffffff"/>`, // the xterm palette's 231 behind two blanks
		`aria-label="A &quot;title&quot;"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the picture lacks %q:\n%s", want, svg)
		}
	}
}
