package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/bulk"
	"github.com/onboardcli/onboard/store"
)

// bulkOutput reports a bulk run: JSON lines, plain lines, or the live view
// at a terminal with the rows listed after it; and the results file.
type bulkOutput struct {
	a       *app
	opts    *bulkOptions
	live    bool
	csv     *bulk.CSVWriter
	csvFile *os.File
	mu      sync.Mutex
	kept    []bulk.Result // at a terminal: the rows to list once the view is gone
	err     error         // the first failure to write
}

func newBulkOutput(opts *bulkOptions) (*bulkOutput, error) {
	o := &bulkOutput{a: opts.app, opts: opts, live: !opts.JSON && opts.app.sys.stdoutTTY}
	if opts.Results != "" {
		f, err := store.OpenPrivate(opts.Results, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return nil, withCode(exitUsage, err)
		}
		if o.csv, err = bulk.NewCSVWriter(f); err != nil {
			_ = f.Close()
			return nil, err
		}
		o.csvFile = f
	}
	return o, nil
}

// emit reports one row; rows come in file order, one at a time.
func (o *bulkOutput) emit(r bulk.Result) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.csv != nil {
		o.fail(o.csv.Write(r))
	}
	switch {
	case o.opts.JSON:
		o.fail(writeJSONLine(o.a.sys.stdout, r))
	case o.live:
		if r.Failed() || r.Invite != nil || r.Mailto != "" || r.LinkURL != "" {
			o.kept = append(o.kept, r)
		}
	default:
		o.printRow(r)
	}
}

func (o *bulkOutput) fail(err error) {
	if err != nil && o.err == nil {
		o.err = err
	}
}

// printRow writes a row as a line: the mailto: link alone on stdout with
// --print mailto (what else there is goes to stderr), else a line saying
// what became of the row.
func (o *bulkOutput) printRow(r bulk.Result) {
	stdout, stderr := o.a.sys.stdout, o.a.sys.stderr
	if o.opts.Print == "mailto" {
		if r.Mailto != "" {
			_, err := fmt.Fprintln(stdout, r.Mailto)
			o.fail(err)
		}
		if r.Failed() {
			say(stderr, "bulk.row", rowVars(r))
		}
		return
	}
	_, err := fmt.Fprintln(stdout, assets.Text("bulk.row", rowVars(r)))
	o.fail(err)
}

func rowVars(r bulk.Result) assets.Vars {
	v := assets.Vars{"Row": r.Row, "Line": r.Line, "Company": r.CompanyName, "Status": r.Status, "Link": r.LinkURL,
		"Invite": "", "Error": "", "Resumed": r.Resumed}
	if r.Invite != nil {
		v["Invite"] = *r.Invite
	}
	if r.Error != nil {
		v["Error"] = *r.Error
	}
	return v
}

// run runs the engine, with the live view at a terminal.
func (o *bulkOutput) run(ctx context.Context, engine *bulk.Engine, pacer *bulk.Pacer) bulk.Tally {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	if o.opts.engineReady != nil {
		o.opts.engineReady(engine, pacer)
	}
	if !o.live {
		tally := engine.Run(runCtx)
		o.summary(tally)
		return tally
	}
	view := bulk.NewView(engine, pacer, stop)
	// Signals stop the run through ctx, as ctrl+c does through the view:
	// the view stays until the rows under way are journaled.
	var prog *tea.Program
	out := screenOutput(o.a.sys.stdout, func(msg tea.Msg) { prog.Send(msg) })
	popts := []tea.ProgramOption{
		tea.WithContext(context.WithoutCancel(ctx)), tea.WithOutput(out), tea.WithoutSignalHandler(),
	}
	if !o.a.sys.stdinTTY || o.opts.File == "-" {
		popts = append(popts, tea.WithInput(nil))
	} else {
		popts = append(popts, tea.WithInput(o.a.sys.stdin))
	}
	prog = tea.NewProgram(view, popts...)
	var tally bulk.Tally
	finished := make(chan struct{})
	go func() {
		tally = engine.Run(runCtx)
		close(finished)
		prog.Send(bulk.FinishedMsg{})
	}()
	go func() {
		select {
		case <-runCtx.Done():
			prog.Send(bulk.StoppingMsg{})
		case <-finished:
		}
	}()
	if _, err := prog.Run(); err != nil {
		stop()
	}
	// The rows and the totals are the engine's once it has wound down.
	<-finished
	o.mu.Lock()
	kept := o.kept
	o.mu.Unlock()
	for _, r := range kept {
		o.printRow(r)
	}
	o.summary(tally)
	return tally
}

// summary says on stderr how the rows ended and what to do next.
func (o *bulkOutput) summary(t bulk.Tally) {
	if o.opts.JSON {
		return
	}
	say(o.a.sys.stderr, "bulk.summary", assets.Vars{
		"Linked": t.Linked, "Pending": t.Pending, "Failed": t.Failed, "Invalid": t.Invalid, "NotDone": t.NotDone,
		"Resumed": t.Resumed, "Results": o.opts.Results,
	})
	if t.Pending > 0 {
		say(o.a.sys.stderr, "root.next", assets.Text("bulk.next", nil))
	}
}

func (o *bulkOutput) close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	err := o.err
	if o.csv != nil {
		err = errors.Join(err, o.csv.Flush(), o.csvFile.Close())
		o.csv = nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", assets.Text("bulk.writefailed", nil), err)
	}
	return nil
}
