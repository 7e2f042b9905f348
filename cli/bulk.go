package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/bulk"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// bulkOptions is what `onboard bulk` was asked to do.
type bulkOptions struct {
	app                    *app
	File, Out, From, Print string
	Results                string
	JSON                   bool
	Parallel               int
	clock                  bulk.Clock    // tests pass a fake one; nil is the system's
	drain                  time.Duration // tests lengthen it; 0 is the engine's
	// engineReady, set by tests, sees the engine and the pacer before the
	// run starts.
	engineReady func(*bulk.Engine, *bulk.Pacer)
}

func newBulkCmd(a *app, runF func(*bulkOptions) error) *cobra.Command {
	opts := &bulkOptions{app: a}
	cmd := command("bulk", opts, runF, runBulk)
	cmd.Args = cobra.ExactArgs(1)
	cmd.PreRun = func(_ *cobra.Command, args []string) { opts.File = args[0] }
	f := cmd.Flags()
	f.StringVar(&opts.Out, "out", "", assets.Text("flag.bulk.out", nil))
	f.StringVar(&opts.From, "from", "", assets.Text("flag.bulk.from", nil))
	f.StringVar(&opts.Print, "print", "eml", assets.Text("flag.bulk.print", nil))
	f.StringVar(&opts.Results, "results", "", assets.Text("flag.bulk.results", nil))
	f.BoolVar(&opts.JSON, "json", false, assets.Text("flag.bulk.json", nil))
	f.IntVar(&opts.Parallel, "parallel", 4, assets.Text("flag.bulk.parallel", nil))
	return cmd
}

// runBulk onboards every row of a CSV file: it checks them all, then finds
// or makes each company once, gets each row its link and invite, and
// reports each row, paced by Codat's rate limit and journaled so a second
// run picks up where the first stopped.
func runBulk(ctx context.Context, opts *bulkOptions) error {
	a := opts.app
	stderr := a.sys.stderr
	data, rows, width, err := readBulkFile(opts, a.sys.stdin)
	if err != nil {
		return err
	}
	if err := checkBulkFlags(opts, rows); err != nil {
		return err
	}
	pacer := (*bulk.Pacer)(nil)
	a.pace = func(next http.RoundTripper) http.RoundTripper {
		pacer = bulk.NewPacer(next, opts.clock)
		return pacer
	}
	// One listing of the companies serves every row, where names must be
	// compared locally (api.CaseRules): the run's own creates are added to it.
	a.reuseListing = 24 * time.Hour
	b, err := a.backendFor(ctx, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	find, err := platformFinder(ctx, b, rows)
	if err != nil {
		return b.classify(err)
	}
	checked := bulk.Check(rows, width, find)
	dir, err := stateDir(a.sys.getenv)
	if err != nil {
		return err
	}
	journal, err := bulk.OpenJournal(filepath.Join(dir, "bulk"), bulk.JournalID(b.baseURL, data))
	if err != nil {
		return err
	}
	defer journal.Close()
	out, err := newBulkOutput(opts)
	if err != nil {
		return err
	}
	engine := bulk.NewEngine(bulk.Config{
		Rows: checked, Journal: journal, Worker: bulkWorker{a: a, b: b, opts: opts}, Workers: opts.Parallel,
		Clock: opts.clock, Drain: opts.drain, Explain: a.explain, Emit: out.emit,
	})
	tally := out.run(ctx, engine, pacer)
	if err := errors.Join(out.close(), journal.Close()); err != nil {
		return err
	}
	return bulkExit(ctx, tally)
}

// readBulkFile reads FILE, or stdin for "-", and parses it.
func readBulkFile(opts *bulkOptions, stdin io.Reader) ([]byte, []bulk.Row, int, error) {
	var r io.Reader = stdin
	if opts.File != "-" {
		f, err := os.Open(opts.File)
		if err != nil {
			return nil, nil, 0, withCode(exitUsage, fmt.Errorf("%s: %w", assets.Text("bulk.open", api.Sanitize(opts.File)), err))
		}
		defer f.Close()
		r = f
	}
	var buf strings.Builder
	rows, width, err := bulk.Parse(io.TeeReader(r, &buf))
	if bulk.IsUnusable(err) {
		return nil, nil, 0, withCode(exitUsage, err)
	}
	return []byte(buf.String()), rows, width, err
}

// checkBulkFlags refuses what can be refused before Codat is asked.
func checkBulkFlags(opts *bulkOptions, rows []bulk.Row) error {
	switch opts.Print {
	case "eml", "mailto":
	default:
		return usage("bulk.badprint", api.Sanitize(opts.Print))
	}
	if opts.Parallel < 1 || opts.Parallel > 16 {
		return usage("bulk.badparallel", opts.Parallel)
	}
	invites := false
	for _, r := range rows {
		invites = invites || r.To != ""
	}
	if invites && opts.Out == "" && opts.Print != "mailto" {
		return usage("bulk.noout", nil)
	}
	if opts.Out != "" {
		if err := os.MkdirAll(opts.Out, 0o700); err != nil {
			return withCode(exitUsage, fmt.Errorf("%s: %w", assets.Text("bulk.outdir", api.Sanitize(opts.Out)), err))
		}
	}
	return nil
}

// platformFinder fetches Codat's catalogue once, when a row names a
// platform, and finds each row's platform in it as `onboard link` does.
func platformFinder(ctx context.Context, b *backend, rows []bulk.Row) (bulk.FindPlatform, error) {
	needed := false
	for _, r := range rows {
		needed = needed || r.Platform != ""
	}
	if !needed {
		return func(string) (flow.Platform, error) { return flow.Platform{}, nil }, nil
	}
	catalogue, _, err := steps.Catalogue(ctx, b.client)
	if err != nil {
		return nil, err
	}
	return func(arg string) (flow.Platform, error) { return platformIn(catalogue, arg) }, nil
}

// bulkExit is the run's exit code: 1 when a row failed, 3 while any is
// pending, 0 when every row is linked; 2 when no row could be worked on.
func bulkExit(ctx context.Context, t bulk.Tally) error {
	switch {
	case ctx.Err() != nil:
		return withCode(exitInterrupted, nil)
	case t.Linked+t.Pending+t.Failed == 0:
		return withCode(exitUsage, nil)
	case t.Failed+t.Invalid > 0:
		return withCode(exitError, nil)
	case t.Pending > 0:
		return withCode(exitPending, nil)
	}
	return nil
}

// writeJSONLine prints v as one JSON object on one line.
func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
