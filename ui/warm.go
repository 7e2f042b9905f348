package ui

import "github.com/charmbracelet/x/ansi"

// WarmWidths builds the table of character widths the renderer measures
// the first frame with, so that a caller can build it while it does other
// work. Every screen holds characters beyond Latin ("›"), and the first
// such character builds the whole table: a few milliseconds that would
// otherwise fall between the start and the first frame.
func WarmWidths() { ansi.WcWidth.StringWidth("›") }
