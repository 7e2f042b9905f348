// Package vt is a small terminal emulator for tests: enough of xterm to
// replay what bubbletea's renderer writes (cursor moves, erases, inserts and
// deletes, scroll regions, the alternate screen) and read back the text a
// person would see, with each cell's colours and attributes (style.go).
// Hyperlinks and titles are ignored.
package vt

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Screen is a terminal's screen: the main and alternate grids, the cursor
// and the modes that change where text lands.
type Screen struct {
	w, h       int
	main, alt  [][]Cell
	cells      [][]Cell
	pen        Style // what the next printed or erased cell takes
	x, y       int
	top, bot   int // scroll region, inclusive
	wrapNext   bool
	autowrap   bool
	insert     bool
	savedX     int
	savedY     int
	lastGlyph  string
	onAltFrame bool
}

// NewScreen is a blank w x h screen, autowrap on.
func NewScreen(w, h int) *Screen {
	s := &Screen{w: w, h: h, autowrap: true}
	s.main, s.alt = blankGrid(w, h), blankGrid(w, h)
	s.cells = s.main
	s.bot = h - 1
	return s
}

func blankGrid(w, h int) [][]Cell {
	g := make([][]Cell, h)
	for i := range g {
		g[i] = make([]Cell, w)
	}
	return g
}

// Sequences walks a terminal stream as a terminal reads it: one escape
// sequence, control byte or grapheme at a time, until fn returns false.
func Sequences[T string | []byte](in T, fn func(seq T, width int, p *ansi.Parser) bool) {
	p := ansi.NewParser()
	var state byte
	for len(in) > 0 {
		seq, width, n, next := ansi.DecodeSequence(in, state, p)
		if n == 0 {
			return
		}
		state, in = next, in[n:]
		if !fn(seq, width, p) {
			return
		}
	}
}

// Replay renders the whole output on a fresh w x h screen.
func Replay(out []byte, w, h int) *Screen {
	s := NewScreen(w, h)
	s.Feed(out)
	return s
}

// Feed reads more output, which must end on a sequence boundary.
func (s *Screen) Feed(out []byte) {
	Sequences(out, func(seq []byte, width int, p *ansi.Parser) bool {
		s.handle(seq, width, p)
		return true
	})
}

// Text is the screen as lines, trailing blanks trimmed.
func (s *Screen) Text() string {
	var b strings.Builder
	for _, row := range s.cells {
		var line strings.Builder
		for _, c := range row {
			switch c.G {
			case "":
				line.WriteByte(' ')
			case "\x00":
			default:
				line.WriteString(c.G)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

func (s *Screen) handle(seq []byte, width int, p *ansi.Parser) {
	switch {
	case width > 0:
		s.print(string(seq), width)
	case len(seq) == 1 && seq[0] < 0x20:
		s.control(seq[0])
	case ansi.HasCsiPrefix(seq):
		s.csi(ansi.Cmd(p.Command()), p.Params())
	case ansi.HasEscPrefix(seq) && len(seq) == 2:
		switch seq[1] {
		case 'D':
			s.index()
		case 'E':
			s.x = 0
			s.index()
		case 'M':
			s.reverseIndex()
		case '7':
			s.savedX, s.savedY = s.x, s.y
		case '8':
			s.x, s.y = s.savedX, s.savedY
		}
	}
}

func (s *Screen) print(g string, width int) {
	if s.wrapNext && s.autowrap {
		s.x = 0
		s.index()
	}
	s.wrapNext = false
	if s.x+width > s.w {
		if !s.autowrap {
			s.x = s.w - width
		} else {
			s.x = 0
			s.index()
		}
	}
	row := s.cells[s.y]
	if s.insert {
		copy(row[s.x+width:], row[s.x:])
	}
	row[s.x] = Cell{G: g, Style: s.pen}
	for i := 1; i < width && s.x+i < s.w; i++ {
		row[s.x+i] = Cell{G: "\x00", Style: s.pen}
	}
	s.lastGlyph = g
	s.x += width
	if s.x >= s.w {
		s.x = s.w - 1
		s.wrapNext = true
	}
}

func (s *Screen) control(c byte) {
	switch c {
	case '\r':
		s.x, s.wrapNext = 0, false
	case '\n', '\v', '\f':
		s.index()
		s.wrapNext = false
	case '\b':
		if s.x > 0 {
			s.x--
		}
		s.wrapNext = false
	case '\t':
		s.x = min(s.w-1, (s.x/8+1)*8)
	}
}

// index moves down a line, scrolling the region at its bottom.
func (s *Screen) index() {
	if s.y == s.bot {
		s.scrollUp(1)
		return
	}
	if s.y < s.h-1 {
		s.y++
	}
}

func (s *Screen) reverseIndex() {
	if s.y == s.top {
		s.scrollDown(1)
		return
	}
	if s.y > 0 {
		s.y--
	}
}

func (s *Screen) scrollUp(n int) {
	for range n {
		copy(s.cells[s.top:s.bot], s.cells[s.top+1:s.bot+1])
		s.cells[s.bot] = make([]Cell, s.w)
	}
}

func (s *Screen) scrollDown(n int) {
	for range n {
		copy(s.cells[s.top+1:s.bot+1], s.cells[s.top:s.bot])
		s.cells[s.top] = make([]Cell, s.w)
	}
}

func clamp(v, lo, hi int) int { return max(lo, min(hi, v)) }

// csi carries out a control sequence.
func (s *Screen) csi(cmd ansi.Cmd, params ansi.Params) {
	// Colours and modes leave a pending wrap alone, as xterm does: the next
	// printed character still wraps. Moves and edits cancel it.
	if cmd.Final() != 'm' && cmd.Prefix() != '?' {
		s.wrapNext = false
	}
	switch {
	case cmd.Prefix() == '?' && (cmd.Final() == 'h' || cmd.Final() == 'l'):
		s.decModes(cmd.Final() == 'h', params)
	case cmd.Prefix() != 0 || cmd.Intermediate() != 0:
	default:
		arg := func(i, def int) int {
			v, _, _ := params.Param(i, def)
			if v == 0 && def != 0 {
				return def
			}
			return v
		}
		if cmd.Final() == 'm' {
			s.pen.apply(params)
			return
		}
		if !s.move(cmd.Final(), arg) {
			s.edit(cmd.Final(), arg)
		}
	}
}

// decModes sets or resets DEC private modes: autowrap and the alternate
// screen are the ones that change where text lands.
func (s *Screen) decModes(on bool, params ansi.Params) {
	params.ForEach(0, func(_, mode int, _ bool) {
		switch mode {
		case 7:
			s.autowrap = on
		case 1049, 1047, 47:
			if on && !s.onAltFrame {
				s.savedX, s.savedY = s.x, s.y
				s.alt = blankGrid(s.w, s.h)
				s.cells, s.onAltFrame = s.alt, true
			} else if !on && s.onAltFrame {
				s.cells, s.onAltFrame = s.main, false
				s.x, s.y = s.savedX, s.savedY
			}
		}
	})
}

// move carries out a cursor move (and the scroll region, which homes the
// cursor); it reports false for any other final byte.
func (s *Screen) move(final byte, arg func(i, def int) int) bool {
	switch final {
	case 'A':
		s.y = clamp(s.y-arg(0, 1), 0, s.h-1)
	case 'B':
		s.y = clamp(s.y+arg(0, 1), 0, s.h-1)
	case 'C':
		s.x = clamp(s.x+arg(0, 1), 0, s.w-1)
	case 'D':
		s.x = clamp(s.x-arg(0, 1), 0, s.w-1)
	case 'E':
		s.x, s.y = 0, clamp(s.y+arg(0, 1), 0, s.h-1)
	case 'F':
		s.x, s.y = 0, clamp(s.y-arg(0, 1), 0, s.h-1)
	case 'G', '`':
		s.x = clamp(arg(0, 1)-1, 0, s.w-1)
	case 'd':
		s.y = clamp(arg(0, 1)-1, 0, s.h-1)
	case 'H', 'f':
		s.y, s.x = clamp(arg(0, 1)-1, 0, s.h-1), clamp(arg(1, 1)-1, 0, s.w-1)
	case 'I':
		for range arg(0, 1) {
			s.x = min(s.w-1, (s.x/8+1)*8)
		}
	case 'Z':
		for range arg(0, 1) {
			s.x = max(0, (s.x-1)/8*8)
		}
	case 'r':
		top, bot := arg(0, 1)-1, arg(1, s.h)-1
		if top < bot && bot < s.h {
			s.top, s.bot = top, bot
		} else {
			s.top, s.bot = 0, s.h-1
		}
		s.x, s.y = 0, 0
	case 's':
		s.savedX, s.savedY = s.x, s.y
	case 'u':
		s.x, s.y = s.savedX, s.savedY
	default:
		return false
	}
	return true
}

// edit carries out an erase, insert, delete, scroll or repeat.
func (s *Screen) edit(final byte, arg func(i, def int) int) {
	row := s.cells[s.y]
	switch final {
	case 'h', 'l':
		if arg(0, 0) == 4 {
			s.insert = final == 'h'
		}
	case 'K':
		from, to := s.x, s.w
		switch arg(0, 0) {
		case 1:
			from, to = 0, s.x+1
		case 2:
			from = 0
		}
		s.erase(row[from:min(to, s.w)])
	case 'J':
		switch arg(0, 0) {
		case 0:
			s.erase(row[s.x:])
			for y := s.y + 1; y < s.h; y++ {
				s.erase(s.cells[y])
			}
		case 1:
			s.erase(row[:s.x+1])
			for y := 0; y < s.y; y++ {
				s.erase(s.cells[y])
			}
		case 2, 3:
			for y := range s.cells {
				s.erase(s.cells[y])
			}
		}
	case 'X':
		s.erase(row[s.x:min(s.w, s.x+arg(0, 1))])
	case '@':
		n := min(arg(0, 1), s.w-s.x)
		copy(row[s.x+n:], row[s.x:])
		clear(row[s.x : s.x+n])
	case 'P':
		n := min(arg(0, 1), s.w-s.x)
		copy(row[s.x:], row[s.x+n:])
		clear(row[s.w-n:])
	case 'L':
		if s.y >= s.top && s.y <= s.bot {
			top := s.top
			s.top = s.y
			s.scrollDown(min(arg(0, 1), s.bot-s.y+1))
			s.top = top
		}
	case 'M':
		if s.y >= s.top && s.y <= s.bot {
			top := s.top
			s.top = s.y
			s.scrollUp(min(arg(0, 1), s.bot-s.y+1))
			s.top = top
		}
	case 'S':
		s.scrollUp(min(arg(0, 1), s.bot-s.top+1))
	case 'T':
		s.scrollDown(min(arg(0, 1), s.bot-s.top+1))
	case 'b':
		if s.lastGlyph != "" {
			for range arg(0, 1) {
				s.print(s.lastGlyph, max(1, ansi.StringWidth(s.lastGlyph)))
			}
		}
	}
}
