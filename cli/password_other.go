//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package cli

import (
	"context"

	"golang.org/x/term"
)

// readPasswordContext reads one line from the terminal fd without echoing
// it, and gives up when ctx ends. Where there are no Unix terminal modes
// there is no SIGTERM or SIGHUP at a prompt either; ctrl+c ends the read.
func readPasswordContext(ctx context.Context, fd int) ([]byte, error) {
	type result struct {
		line []byte
		err  error
	}
	read := make(chan result, 1)
	go func() {
		line, err := term.ReadPassword(fd)
		read <- result{line, err}
	}()
	select {
	case r := <-read:
		return r.line, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
