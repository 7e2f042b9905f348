package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/onboardcli/onboard/flow"
)

// How the link screens (authorize, delegate) print a link, and how the frame
// keeps it whole.

// keepMark starts every row of a link, and of the note on how to reach its
// pages, while a frame is put together: fitHeight never drops a marked row,
// and render removes the marks before the frame is drawn.
const keepMark = "\x00"

// linkLines prints a link raw, from the first column, outside any border, so
// selecting it copies nothing else. It is broken into rows exactly the
// window's width, since the renderer clips whatever runs past the edge; every
// row is one OSC 8 hyperlink with the same id, so a terminal that supports
// them opens or copies the whole link from any row. c copies it whole too, and
// it is printed whole again, on one line, when onboard exits.
func (m Model) linkLines(url string) string {
	w := m.width
	if w <= 0 {
		w = 80
	}
	sum := sha256.Sum256([]byte(url))
	st := m.styles.Link.Hyperlink(url, "id=onboard-"+hex.EncodeToString(sum[:6]))
	var lines []string
	r := []rune(url)
	for len(r) > 0 {
		n := min(w, len(r))
		lines = append(lines, keepMark+st.Render(string(r[:n])))
		r = r[n:]
	}
	return strings.Join(lines, "\n")
}

// shownLink is the link the current screen offers, or "" when it offers
// none: the one a window too small for the journey still shows.
func (m Model) shownLink() string {
	switch m.st.Step {
	case flow.StepAuthorize:
		if m.st.Watch.Status != flow.StatusLinked {
			return m.st.Connection.LinkURL
		}
	case flow.StepDelegate:
		return m.st.HostedLink
	}
	return ""
}

// fitHeight keeps the frame within the window. Blank rows go first, from
// the middle of the frame outwards, and leave nothing behind; then rows of
// words, each run of them replaced by one "…" row. The first and last rows
// (the header and the keys) and every row of a link stay, so the link is
// never cut while anything else can give way.
func fitHeight(s string, height int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= height {
		return s
	}
	dropped := make([]bool, len(lines))
	for _, i := range dropOrder(lines) {
		if shownRows(lines, dropped) <= height {
			break
		}
		dropped[i] = true
	}
	out := make([]string, 0, height)
	for i, line := range lines {
		switch {
		case !dropped[i]:
			out = append(out, line)
		case elided(lines, dropped, i):
			out = append(out, "  …")
		}
	}
	// Only a link taller than the window itself gets here: keep its start.
	if len(out) > height {
		out = out[:height]
	}
	return strings.Join(out, "\n")
}

// dropOrder lists the rows that may give way: blank ones, then the rest,
// each nearest the middle first.
func dropOrder(lines []string) []int {
	mid := len(lines) / 2
	var blank, words []int
	for d := 0; d < len(lines); d++ {
		for _, i := range []int{mid + d, mid - d - 1} {
			if i <= 0 || i >= len(lines)-1 || strings.HasPrefix(lines[i], keepMark) {
				continue
			}
			if isBlank(lines[i]) {
				blank = append(blank, i)
			} else {
				words = append(words, i)
			}
		}
	}
	return append(blank, words...)
}

func isBlank(line string) bool { return strings.TrimSpace(plain(line)) == "" }

// elided says whether row i, dropped, starts a run of dropped rows of words:
// the run shows as one "…" row. Blank rows vanish.
func elided(lines []string, dropped []bool, i int) bool {
	if isBlank(lines[i]) {
		return false
	}
	for j := i - 1; j >= 0 && dropped[j]; j-- {
		if !isBlank(lines[j]) {
			return false
		}
	}
	return true
}

// shownRows is how many rows remain: the kept ones, and one "…" for each run
// of dropped rows of words.
func shownRows(lines []string, dropped []bool) int {
	n := 0
	for i, d := range dropped {
		if !d || elided(lines, dropped, i) {
			n++
		}
	}
	return n
}
