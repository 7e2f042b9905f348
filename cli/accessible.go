package cli

import (
	"context"
	"errors"
	"io"

	"github.com/onboardcli/onboard/ui"
)

// runAccessible runs the journey as plain line-by-line prompts. A signal
// ends a prompt as ctrl+c ends the TUI.
func runAccessible(ctx context.Context, in io.Reader, out, stderr io.Writer, deps ui.Deps, banner string) error {
	st, err := ui.RunAccessible(ctx, in, out, deps, banner)
	if errors.Is(err, ui.ErrInputEnded) {
		return usageErr{err.Error()}
	}
	if errors.Is(err, context.Canceled) {
		say(stderr, "journey.interrupted", nil)
		return withCode(exitInterrupted, nil)
	}
	if err != nil {
		return err
	}
	if pending(st) {
		return withCode(exitPending, nil)
	}
	return nil
}
