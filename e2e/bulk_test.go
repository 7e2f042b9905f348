package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// exitPending is `onboard bulk`'s exit while rows wait for sign-in, as
// README documents it.
const exitPending = 3

// bulkRecord is what the test reads of a journal line.
type bulkRecord struct {
	Row       int    `json:"row"`
	CompanyID string `json:"company_id"`
}

// journalRows reads the bulk journals in state: the rows recorded, failing
// the test on a line that is not JSON or a row recorded twice.
func journalRows(t *testing.T, state string) map[int]bulkRecord {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(state, "bulk", "*.jsonl"))
	rows := map[int]bulkRecord{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// A line being written when read is not finished yet.
		data = data[:bytes.LastIndexByte(data, '\n')+1]
		sc := bufio.NewScanner(bytes.NewReader(data))
		for first := true; sc.Scan(); first = false {
			var r bulkRecord
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("journal line %q is not JSON: %v", sc.Text(), err)
			}
			if first {
				continue // the header
			}
			if _, twice := rows[r.Row]; twice {
				t.Fatalf("row %d is in the journal twice", r.Row)
			}
			rows[r.Row] = r
		}
	}
	return rows
}

// TestBulkStoppedBySIGTERMFinishesOnTheNextRun stops `onboard bulk` at a
// terminal with SIGTERM once the journal holds finished rows, in both
// profiles: it exits 143 with the terminal restored, says rows were not
// done, and keeps a journal of whole lines. Run again on the same file, it
// reports every row, takes the journaled ones as done before, and Codat
// ends with one company and one connection a business, each created once.
func TestBulkStoppedBySIGTERMFinishesOnTheNextRun(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
		c := startSandbox(t, opts)
		const rows = 24
		// Each company create takes a second, so once the first rows are
		// journaled the rest, four at a time, take five seconds more at
		// least: far longer than the test takes to send the signal.
		c.sb.SetLatency("POST /companies", time.Second)
		var csv strings.Builder
		csv.WriteString("company,platform\n")
		for i := 1; i <= rows; i++ {
			fmt.Fprintf(&csv, "Term %02d Ltd,gbol\n", i)
		}
		path := filepath.Join(t.TempDir(), "portfolio.csv")
		if err := os.WriteFile(path, []byte(csv.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		sc := newScript(t, c)

		tt := startTTY(t, sc.env, 100, 30, "bulk", path)
		waitUntil(t, step, "rows to be journaled", func() bool { return len(journalRows(t, sc.state)) >= 2 })
		tt.Signal(syscall.SIGTERM)
		assertSignalExit(t, tt, "SIGTERM", 143)
		done := journalRows(t, sc.state)
		if len(done) == 0 || len(done) >= rows {
			t.Fatalf("%d rows journaled after the stop, want some of %d", len(done), rows)
		}
		// The totals are the rows journaled, and the rest not done.
		totals := fmt.Sprintf("%d waiting for sign-in, 0 failed, 0 refused, %d not done.", len(done), rows-len(done))
		if !strings.Contains(tt.Screen(), totals) {
			t.Errorf("the totals do not say %q:\n%s", totals, tt.Screen())
		}

		c.sb.SetLatency("POST /companies", 0)
		r := sc.run(t, "bulk", path, "--json")
		if r.code != exitPending {
			t.Fatalf("second run: exit %d, want %d\n%s", r.code, exitPending, r.stderr)
		}
		seen := map[int]bool{}
		for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			var res struct {
				Row       int     `json:"row"`
				CompanyID string  `json:"company_id"`
				Status    string  `json:"status"`
				Resumed   bool    `json:"resumed"`
				Error     *string `json:"error"`
			}
			if err := json.Unmarshal([]byte(line), &res); err != nil {
				t.Fatalf("result %q: %v", line, err)
			}
			seen[res.Row] = true
			rec, before := done[res.Row]
			switch {
			case res.Error != nil || res.Status != "PendingAuth":
				t.Errorf("row %d: %s, error %v; want PendingAuth", res.Row, res.Status, res.Error != nil)
			case res.Resumed != before:
				t.Errorf("row %d: resumed %v, but the first run journaled it: %v", res.Row, res.Resumed, before)
			case before && res.CompanyID != rec.CompanyID:
				t.Errorf("row %d: company %s, the first run's was %s", res.Row, res.CompanyID, rec.CompanyID)
			}
		}
		if len(seen) != rows || len(journalRows(t, sc.state)) != rows {
			t.Errorf("%d rows reported, %d journaled; want %d of each", len(seen), len(journalRows(t, sc.state)), rows)
		}
		assertOneEach(t, c, rows)
	})
}

// assertOneEach checks Codat holds n companies of distinct names, each with
// one connection, and that each was created once.
func assertOneEach(t *testing.T, c *codat, n int) {
	t.Helper()
	calls := c.sb.Requests()
	for _, route := range []string{"POST /companies", "POST /companies/{companyId}/connections"} {
		if calls[route] != n {
			t.Errorf("%s sent %d times for %d businesses", route, calls[route], n)
		}
	}
	all, err := c.client.ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, co := range all {
		names[co.Name] = true
		conns, err := c.client.ListConnections(t.Context(), co.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(conns) != 1 {
			t.Errorf("%s has %d connections, want 1", co.Name, len(conns))
		}
	}
	if len(all) != n || len(names) != n {
		t.Errorf("%d companies, %d names, want %d businesses", len(all), len(names), n)
	}
}
