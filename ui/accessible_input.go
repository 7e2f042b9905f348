package ui

import (
	"bufio"
	"context"
	"errors"
	"io"
)

// lineReader hands out at most one line per Read, so each prompt's scanner
// takes its own answer and leaves the rest for the next prompt.
type lineReader struct {
	br  *bufio.Reader
	eof bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	line, err := l.br.ReadSlice('\n')
	if len(line) > len(p) {
		line = line[:len(p)]
	}
	n := copy(p, line)
	if err == io.EOF || (err != nil && !errors.Is(err, bufio.ErrBufferFull)) {
		l.eof = true
		if n > 0 {
			return n, nil
		}
		return 0, io.EOF
	}
	return n, nil
}

// untilDone reads in on a goroutine of its own, so that a prompt waiting
// for a line ends, as at the end of the answers, once ctx is cancelled (a
// signal). A read already waiting on in cannot be called off; it is left to
// end with the process. stop releases the goroutines once the journey is
// over.
func untilDone(ctx context.Context, in io.Reader) (_ io.Reader, stop func()) {
	pr, pw := io.Pipe()
	go func() {
		_, err := io.Copy(pw, in)
		pw.CloseWithError(err)
	}()
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			pw.Close()
		case <-done:
		}
	}()
	return pr, func() {
		close(done)
		pr.Close() // a copy waiting to hand over more input gives up
	}
}
