package cli

import (
	"context"
	"errors"
	"io"

	"github.com/onboardcli/onboard/ui"
)

// runAccessible runs the journey as plain line-by-line prompts.
func runAccessible(ctx context.Context, in io.Reader, out io.Writer, deps ui.Deps, banner string) error {
	st, err := ui.RunAccessible(ctx, in, out, deps, banner)
	if errors.Is(err, ui.ErrInputEnded) {
		return usageErr{err.Error()}
	}
	if err != nil {
		return err
	}
	if pending(st) {
		return withCode(exitPending, nil)
	}
	return nil
}
