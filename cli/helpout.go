package cli

import (
	"bytes"
	"io"
	"regexp"
)

// trailingSpace is spaces at the end of a line, before any colour resets
// that end it.
var trailingSpace = regexp.MustCompile(`[ \t]+((?:\x1b\[[0-9;]*m)*)\n`)

// lineTrimmer passes whole lines on without the spaces at their ends: fang
// pads its help to a block's width, which leaves every line of --help
// ending in spaces that a copy or a diff carries along. What cobra and fang
// write goes through it; commands write to the process's streams directly.
type lineTrimmer struct {
	w       io.Writer
	pending []byte
}

func (t *lineTrimmer) Write(p []byte) (int, error) {
	t.pending = append(t.pending, p...)
	end := bytes.LastIndexByte(t.pending, '\n')
	if end < 0 {
		return len(p), nil
	}
	lines := trailingSpace.ReplaceAll(t.pending[:end+1], []byte("$1\n"))
	t.pending = append(t.pending[:0], t.pending[end+1:]...)
	if _, err := t.w.Write(lines); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what is left of a last line with no line break.
func (t *lineTrimmer) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	_, err := t.w.Write(t.pending)
	t.pending = t.pending[:0]
	return err
}
