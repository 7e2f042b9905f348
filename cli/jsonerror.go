package cli

import (
	"errors"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
)

// jsonErrorResult is what a command run with --json prints on stdout when
// Codat's rate limit stops it, so a script can read when to try again. Other
// failures print nothing on stdout: their words are on stderr and their
// meaning in the exit code. The field names are a contract: add fields,
// never rename them.
type jsonErrorResult struct {
	Error    string `json:"error"`     // the message, as stderr says it
	Code     string `json:"code"`      // rate_limited
	ExitCode int    `json:"exit_code"` // the process's exit code
	// RetryAt and RetryAfterSeconds say when a rate-limited call may be
	// tried again, when Codat said so.
	RetryAt           string `json:"retry_at,omitempty"`
	RetryAfterSeconds int    `json:"retry_after_seconds,omitempty"`
}

// wantsJSON reports whether the command was asked for JSON output.
func wantsJSON(cmd *cobra.Command) bool {
	f := cmd.Flags().Lookup("json")
	return f != nil && f.Value.String() == "true"
}

// jsonError prints a rate-limited failure as one JSON object.
func (a *app) jsonError(w io.Writer, err error, code int) {
	var e *exitErr
	if code != exitRateLimited || errors.As(err, &e) && e.err == nil {
		return
	}
	res := jsonErrorResult{Error: a.explain(err), ExitCode: code, Code: "rate_limited"}
	if at, ok := api.RateLimited(err); ok && !at.IsZero() {
		res.RetryAt = at.UTC().Format(time.RFC3339)
		res.RetryAfterSeconds = max(0, int(at.Sub(a.sys.now()).Round(time.Second).Seconds()))
	}
	_ = writeJSON(w, res)
}
