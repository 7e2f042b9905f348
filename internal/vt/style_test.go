package vt

import (
	"image/color"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func rgb(c color.Color) [3]uint32 {
	if c == nil {
		return [3]uint32{1 << 16, 0, 0} // no colour, told apart from black
	}
	r, g, b, _ := c.RGBA()
	return [3]uint32{r >> 8, g >> 8, b >> 8}
}

// Each cell keeps the colours and attributes it was printed with; a reset
// ends them, and an erase takes the background in use.
func TestCellsKeepTheirStyle(t *testing.T) {
	s := NewScreen(10, 2)
	s.Feed([]byte("\x1b[1;4;38;2;10;20;30mA\x1b[22;24;31mB\x1b[0;7mC\x1b[m\x1b[48;5;231mD\x1b[K\r\n\x1b[92;44mE\x1b[39;49mF"))
	cases := []struct {
		x, y        int
		g           string
		fg, bg      [3]uint32
		bold, under bool
		reverse     bool
	}{
		{0, 0, "A", [3]uint32{10, 20, 30}, rgb(nil), true, true, false},
		{1, 0, "B", rgb(ansi.BasicColor(1)), rgb(nil), false, false, false},
		{2, 0, "C", rgb(nil), rgb(nil), false, false, true},
		{3, 0, "D", rgb(nil), [3]uint32{255, 255, 255}, false, false, false},
		{4, 0, "", rgb(nil), [3]uint32{255, 255, 255}, false, false, false},
		{0, 1, "E", rgb(ansi.BasicColor(10)), rgb(ansi.BasicColor(4)), false, false, false},
		{1, 1, "F", rgb(nil), rgb(nil), false, false, false},
	}
	for _, c := range cases {
		got := s.At(c.x, c.y)
		st := got.Style
		if got.G != c.g || rgb(st.Fg) != c.fg || rgb(st.Bg) != c.bg || st.Bold != c.bold || st.Underline != c.under || st.Reverse != c.reverse {
			t.Errorf("cell %d,%d: %q %+v (fg %v bg %v), want %q fg %v bg %v bold %v underline %v reverse %v",
				c.x, c.y, got.G, st, rgb(st.Fg), rgb(st.Bg), c.g, c.fg, c.bg, c.bold, c.under, c.reverse)
		}
	}
	if w, h := s.Size(); w != 10 || h != 2 {
		t.Errorf("size %dx%d", w, h)
	}
}
