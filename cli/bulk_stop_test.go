package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/bulk"
	"github.com/onboardcli/onboard/internal/clock"
)

// stillClock is a virtual clock that can be held still: while held, a
// wait for a later moment lasts until its context ends, as a wait for a
// quota's reset a minute away would.
type stillClock struct {
	*clock.Virtual
	mu   sync.Mutex
	held bool
}

func (c *stillClock) hold(held bool) {
	c.mu.Lock()
	c.held = held
	c.mu.Unlock()
}

func (c *stillClock) SleepUntil(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	held := c.held
	c.mu.Unlock()
	if held && t.After(c.Now()) {
		<-ctx.Done()
		return ctx.Err()
	}
	return c.Virtual.SleepUntil(ctx, t)
}

// TestBulkStoppedWhileWaitingForTheQuotaEndsAtOnce stops a run while it
// waits for the rate limit's reset, with the time rows under way may take
// to finish set to an hour: the run ends without waiting for the reset,
// the journal holds whole lines for exactly the rows reported done, and a
// second run finishes the file with every business created once.
func TestBulkStoppedWhileWaitingForTheQuotaEndsAtOnce(t *testing.T) {
	t.Parallel()
	clk := &stillClock{Virtual: clock.NewVirtual(time.Now().UTC())}
	clk.hold(true)
	h := newHarness(t, sandbox.Options{RateLimit: 8, Now: clk.Now})
	const rows = 12
	var csv strings.Builder
	csv.WriteString("company\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&csv, "Quota %02d Ltd\n", i)
	}
	path := filepath.Join(t.TempDir(), "quota.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	d := h.direct("")
	opts := &bulkOptions{app: d.app, File: path, Print: "eml", JSON: true, Parallel: 2, clock: clk, drain: time.Hour,
		engineReady: func(_ *bulk.Engine, p *bulk.Pacer) {
			go func() {
				for !p.Stats().Waiting {
					time.Sleep(time.Millisecond)
				}
				cancel()
			}()
		}}
	ended := make(chan error, 1)
	go func() { ended <- runBulk(ctx, opts) }()
	var err error
	select {
	case err = <-ended:
	case <-time.After(time.Minute):
		t.Fatal("the stopped run still waits for the quota's reset")
	}
	first := d.result(err)
	wantCode(t, first, exitInterrupted)
	doneFirst := map[int]bool{}
	for _, res := range bulkLines(t, first) {
		if res.Error == nil {
			doneFirst[res.Row] = true
		} else if res.Status != bulk.StatusNotDone {
			t.Errorf("row %d: %s (%s), want it done or not done", res.Row, res.Status, *res.Error)
		}
	}
	if len(doneFirst) == 0 || len(doneFirst) == rows {
		t.Fatalf("%d rows done before the quota ran out, want some of %d", len(doneFirst), rows)
	}
	if journaled := journaledRows(t, h.env["ONBOARD_STATE_DIR"]); fmt.Sprint(journaled) != fmt.Sprint(doneFirst) {
		t.Errorf("journal holds rows %v, the run reported %v done", journaled, doneFirst)
	}

	// A new quota period: the file is finished, nothing done twice.
	clk.hold(false)
	_ = clk.SleepUntil(t.Context(), clk.Now().Add(2*time.Minute))
	d = h.direct("")
	opts = &bulkOptions{app: d.app, File: path, Print: "eml", JSON: true, Parallel: 2, clock: clk}
	second := d.result(runBulk(t.Context(), opts))
	wantCode(t, second, exitPending)
	for _, res := range bulkLines(t, second) {
		if res.Error != nil || res.Resumed != doneFirst[res.Row] {
			t.Errorf("row %d: resumed=%v error=%v; the first run did it: %v", res.Row, res.Resumed, res.Error != nil, doneFirst[res.Row])
		}
	}
	if n := h.sb.Requests()["POST /companies"]; n != rows {
		t.Errorf("%d company creates over both runs, want %d", n, rows)
	}
}

// journaledRows reads the bulk journals under state, failing on a line
// that is not whole JSON or a row journaled twice.
func journaledRows(t *testing.T, state string) map[int]bool {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(state, "bulk", "*.jsonl"))
	rows := map[int]bool{}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for first := true; sc.Scan(); first = false {
			var r struct {
				Row int `json:"row"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("journal line %q: %v", sc.Text(), err)
			}
			if first {
				continue // the header
			}
			if rows[r.Row] {
				t.Fatalf("row %d journaled twice", r.Row)
			}
			rows[r.Row] = true
		}
		f.Close()
	}
	return rows
}
