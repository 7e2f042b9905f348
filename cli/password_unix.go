//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package cli

import (
	"context"
	"errors"
	"io"

	"golang.org/x/sys/unix"
)

// readPasswordContext reads one line from the terminal fd without echoing
// it, like term.ReadPassword, but gives up when ctx ends (a signal), with
// the terminal's mode restored: term.ReadPassword would restore it only
// once a line came, which after a signal it never does. Echo is turned off
// and back on here, on the caller's goroutine, so nothing can turn it off
// again after the restore; the read left waiting ends with the process.
func readPasswordContext(ctx context.Context, fd int) ([]byte, error) {
	before, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	quiet := *before
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	quiet.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet); err != nil {
		return nil, err
	}
	defer unix.IoctlSetTermios(fd, ioctlSetTermios, before) //nolint:errcheck // nothing better to do

	type result struct {
		line []byte
		err  error
	}
	read := make(chan result, 1)
	go func() {
		line, err := readLine(fd)
		read <- result{line, err}
	}()
	select {
	case r := <-read:
		return r.line, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readLine reads up to a line feed, one byte at a time so nothing after it
// is taken from the terminal.
func readLine(fd int) ([]byte, error) {
	var line []byte
	var b [1]byte
	for {
		n, err := unix.Read(fd, b[:])
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return line, err
		case n == 0:
			if len(line) > 0 {
				return line, nil
			}
			return nil, io.EOF
		case b[0] == '\n':
			return line, nil
		case b[0] != '\r':
			line = append(line, b[0])
		}
	}
}
