package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals end onboard the way ctrl+c does: SIGINT, SIGTERM (kill,
// timeout, a process manager) and SIGHUP (the terminal or SSH session went
// away). Each cancels the command's context, so whatever runs winds down
// in order: the screen and terminal modes restored, what is handed on
// written to the store, the webhook consumer made for the session removed.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// stoppedBy is the cause of a context cancelled by a signal.
type stoppedBy struct{ sig os.Signal }

func (s stoppedBy) Error() string { return "stopped by " + s.sig.String() }

// cancelOnSignals returns ctx cancelled, with stoppedBy as its cause, by the
// first of stopSignals. Later ones are caught and ignored: closing an SSH
// session can send SIGHUP twice (the terminal's hang-up, then the shell
// passing it on), and the clean-up is short and bounded. release stops
// listening.
func cancelOnSignals(ctx context.Context) (_ context.Context, release func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	caught := make(chan os.Signal, 1)
	signal.Notify(caught, stopSignals...)
	released := make(chan struct{})
	go func() {
		select {
		case sig := <-caught:
			cancel(stoppedBy{sig})
		case <-released:
		}
	}()
	return ctx, func() {
		signal.Stop(caught)
		close(released)
		cancel(nil)
	}
}

// signalExitCode is the exit code of a command interrupted by a signal, by
// the shells' rule: 128 plus the signal's number (130 for SIGINT, 129 for
// SIGHUP, 143 for SIGTERM). ok is false when no signal stopped ctx.
func signalExitCode(ctx context.Context) (code int, ok bool) {
	var s stoppedBy
	if !errors.As(context.Cause(ctx), &s) {
		return 0, false
	}
	n, isSyscall := s.sig.(syscall.Signal)
	if !isSyscall {
		return exitInterrupted, true
	}
	return 128 + int(n), true
}
