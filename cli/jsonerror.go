package cli

import (
	"errors"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
)

// jsonErrorResult is what a command run with --json prints on stdout when
// it fails after it started on its work, so a script always has one object
// to read. The field names are a contract: add fields, never rename them.
type jsonErrorResult struct {
	Error    string `json:"error"`     // the message, as stderr says it
	Code     string `json:"code"`      // rate_limited, auth, interrupted or error
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

// jsonError prints the failure as one JSON object, except for usage
// mistakes, which are the caller's to fix and are told on stderr only.
func (a *app) jsonError(w io.Writer, err error, code int) {
	var e *exitErr
	if code == exitUsage || errors.As(err, &e) && e.err == nil {
		return
	}
	res := jsonErrorResult{Error: a.explain(err), ExitCode: code, Code: "error"}
	switch code {
	case exitRateLimited:
		res.Code = "rate_limited"
		if at, ok := api.RateLimited(err); ok && !at.IsZero() {
			res.RetryAt = at.UTC().Format(time.RFC3339)
			res.RetryAfterSeconds = max(0, int(at.Sub(a.sys.now()).Round(time.Second).Seconds()))
		}
	case exitAuth:
		res.Code = "auth"
	case exitInterrupted:
		res.Code = "interrupted"
	}
	_ = writeJSON(w, res)
}
