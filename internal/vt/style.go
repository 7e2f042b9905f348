package vt

import (
	"image/color"

	"github.com/charmbracelet/x/ansi"
)

// Cell is one place on the screen: its grapheme ("" a blank, "\x00" the
// second half of a wide one) and how it is drawn.
type Cell struct {
	G     string
	Style Style
}

// Style is what SGR sets for a cell: colours (nil is the terminal's own)
// and the attributes a picture of the screen shows.
type Style struct {
	Fg, Bg                                  color.Color
	Bold, Faint, Italic, Underline, Reverse bool
}

// apply reads one SGR sequence's parameters into the pen.
func (st *Style) apply(params ansi.Params) {
	if len(params) == 0 {
		*st = Style{}
		return
	}
	for i := 0; i < len(params); {
		switch p := params[i].Param(0); {
		case p == 38 || p == 48:
			var c color.Color
			n := ansi.ReadStyleColor(params[i:], &c)
			if n == 0 {
				return
			}
			if p == 38 {
				st.Fg = c
			} else {
				st.Bg = c
			}
			i += n
			continue
		case p >= 30 && p <= 37:
			st.Fg = ansi.BasicColor(p - 30)
		case p >= 90 && p <= 97:
			st.Fg = ansi.BasicColor(p - 90 + 8)
		case p >= 40 && p <= 47:
			st.Bg = ansi.BasicColor(p - 40)
		case p >= 100 && p <= 107:
			st.Bg = ansi.BasicColor(p - 100 + 8)
		case p == 39:
			st.Fg = nil
		case p == 49:
			st.Bg = nil
		default:
			st.attribute(p)
		}
		i++
	}
}

// attribute sets or resets one on/off attribute.
func (st *Style) attribute(p int) {
	switch p {
	case 0:
		*st = Style{}
	case 1:
		st.Bold = true
	case 2:
		st.Faint = true
	case 3:
		st.Italic = true
	case 4:
		st.Underline = true
	case 7:
		st.Reverse = true
	case 22:
		st.Bold, st.Faint = false, false
	case 23:
		st.Italic = false
	case 24:
		st.Underline = false
	case 27:
		st.Reverse = false
	}
}

// erase blanks cells as xterm does, in the pen's background.
func (s *Screen) erase(cells []Cell) {
	for i := range cells {
		cells[i] = Cell{Style: Style{Bg: s.pen.Bg}}
	}
}

// Size is the screen's width and height in cells.
func (s *Screen) Size() (w, h int) { return s.w, s.h }

// At is the cell at column x, row y of the screen on show.
func (s *Screen) At(x, y int) Cell { return s.cells[y][x] }
