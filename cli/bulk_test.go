package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/bulk"
)

// portfolio is a CSV file of 56 rows: 50 businesses, 5 rows naming one of
// them again in other case and spacing, and one row (line 31) whose
// address is not one.
func portfolio(t *testing.T) (path string, badLine int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("company,to,to_name\n")
	line := 1
	add := func(company, to string) {
		line++
		fmt.Fprintf(&b, "%s,%s,Jane %d\n", company, to, line)
	}
	for i := 1; i <= 50; i++ {
		add(fmt.Sprintf("Client %02d Ltd", i), fmt.Sprintf("jane%d@firm.example", i))
		if i%10 == 0 {
			add(fmt.Sprintf("CLIENT  %02d ltd", i-1), fmt.Sprintf("bob%d@firm.example", i))
		}
		if i == 29 {
			add("Nobody Ltd", "not an address")
			badLine = line
		}
	}
	path = filepath.Join(t.TempDir(), "portfolio.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, badLine
}

// bulkLines parses the JSON lines of a bulk run, refusing unknown fields.
func bulkLines(t *testing.T, r result) []bulk.Result {
	t.Helper()
	var out []bulk.Result
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		var res bulk.Result
		if err := dec.Decode(&res); err != nil {
			t.Fatalf("line %q is not a result: %v\nstderr: %s", sc.Text(), err, r.stderr)
		}
		out = append(out, res)
	}
	return out
}

func companyCount(t *testing.T, h *harness) int {
	t.Helper()
	return len(listAll(t, h))
}

func listAll(t *testing.T, h *harness) []api.Company {
	t.Helper()
	all, err := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func TestBulkPortfolioMakesOneCompanyPerBusinessAndNothingTheSecondTime(t *testing.T) {
	t.Parallel()
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{Strict: strict})
			path, badLine := portfolio(t)
			out := t.TempDir()
			r := h.run("", "bulk", path, "--json", "--out", out, "--from", "Sam Lee")
			wantCode(t, r, exitError) // one row refused
			first := bulkLines(t, r)
			if len(first) != 56 {
				t.Fatalf("%d JSON lines, want 56\n%s", len(first), r.stderr)
			}
			linked, failed := 0, 0
			for i, res := range first {
				if res.Row != i+1 {
					t.Errorf("line %d of the output is row %d: want file order", i+1, res.Row)
				}
				switch {
				case res.Error != nil:
					failed++
					if res.Line != badLine || res.Status != bulk.StatusInvalid || res.Invite != nil {
						t.Errorf("refused row: %+v, want line %d Invalid without invite", res, badLine)
					}
				case res.LinkURL != "" && res.Invite != nil && res.Status == "PendingAuth":
					linked++
					if _, err := os.Stat(*res.Invite); err != nil {
						t.Errorf("row %d: invite %s: %v", res.Row, *res.Invite, err)
					}
				default:
					t.Errorf("row %d: %+v, want a link and an invite", res.Row, res)
				}
			}
			if linked != 55 || failed != 1 {
				t.Errorf("%d rows with a link, %d with an error; want 55 and 1", linked, failed)
			}
			if n := companyCount(t, h); n != 50 {
				t.Errorf("%d companies in Codat, want 50", n)
			}
			if emls, _ := filepath.Glob(filepath.Join(out, "*.eml")); len(emls) != 55 {
				t.Errorf("%d .eml files, want 55", len(emls))
			}

			before := h.sb.Requests()
			again := h.run("", "bulk", path, "--json", "--out", out, "--from", "Sam Lee")
			wantCode(t, again, exitError)
			second := bulkLines(t, again)
			if len(second) != 56 {
				t.Fatalf("second run: %d JSON lines, want 56", len(second))
			}
			for i, res := range second {
				if res.Error == nil && (!res.Resumed || res.CompanyID != first[i].CompanyID || res.LinkURL == "") {
					t.Errorf("second run, row %d: %+v; want it reported as done before, with a fresh link", res.Row, res)
				}
			}
			after := h.sb.Requests()
			for route, n := range after {
				if strings.HasPrefix(route, "POST") && n != before[route] {
					t.Errorf("second run sent %s %d times; it should make nothing", route, n-before[route])
				}
			}
			if n := companyCount(t, h); n != 50 {
				t.Errorf("after the second run, %d companies, want 50", n)
			}
		})
	}
}

func TestBulkRemembersEveryInviteForStatus(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	path := filepath.Join(t.TempDir(), "f.csv")
	os.WriteFile(path, []byte("company,to,platform\nAcme Ltd,jane@firm.example,gbol\nBeta Co,bob@firm.example,\n"), 0o600)
	r := h.run("", "bulk", path, "--print", "mailto")
	wantCode(t, r, exitPending)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "mailto:jane@firm.example?") || !strings.HasPrefix(lines[1], "mailto:bob@firm.example?") {
		t.Fatalf("stdout should be one mailto: line per row, in order:\n%s", r.stdout)
	}
	st := h.run("", "status", "--json")
	wantCode(t, st, exitPending)
	for _, name := range []string{"Acme Ltd", "Beta Co"} {
		if !strings.Contains(st.stdout, name) {
			t.Errorf("status does not follow %s:\n%s", name, st.stdout)
		}
	}
}

// A business whose name Codat spells otherwise is made once, with the name
// as the file gives it kept in the description, as link and invite do.
func TestBulkKeepsTheTypedName(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{Strict: true})
	path := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(path, []byte("company,platform\nMüller  Bäckerei,gbol\nMUELLER BAECKEREI,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wantCode(t, h.run("", "bulk", path), exitPending)
	all, err := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Name != "Mueller Baeckerei" || all[0].Description != "Müller Bäckerei" {
		t.Errorf("companies %+v, want one named Mueller Baeckerei described as typed", all)
	}
}

func TestBulkRefusesAnUnusableFile(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	for _, tc := range []struct{ name, csv, want string }{
		{"no company column", "name,to\nAcme,a@b.example\n", "no company column"},
		{"empty", "", "the file is empty"},
		{"header only", "company\n", "no rows"},
		{"broken quotes", "company\n\"Acme\n", "not CSV"},
	} {
		path := filepath.Join(t.TempDir(), "f.csv")
		os.WriteFile(path, []byte(tc.csv), 0o600)
		r := h.run("", "bulk", path, "--json")
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%s: stderr %q, stdout %q; want %q and nothing on stdout", tc.name, r.stderr, r.stdout, tc.want)
		}
	}
	if n := companyCount(t, h); n != 0 {
		t.Errorf("%d companies made from unusable files", n)
	}
}

func TestBulkReadsStdin(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	r := h.run("company\nAcme Ltd\nacme ltd\n", "bulk", "-", "--json")
	wantCode(t, r, exitPending)
	res := bulkLines(t, r)
	if len(res) != 2 || res[0].CompanyID == "" || res[0].CompanyID != res[1].CompanyID || res[0].CompanyReused || !res[1].CompanyReused {
		t.Fatalf("got %+v; want two rows of one company, made by the first", res)
	}
}

// TestBulkInterruptedPicksUpWhereItStopped stops a run once 30 rows are
// done, as ctrl+c or SIGTERM would, and runs the file again: every row is
// done once, and no company twice.
func TestBulkInterruptedPicksUpWhereItStopped(t *testing.T) {
	t.Parallel()
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{Strict: strict})
			path, _ := portfolio(t)
			out := t.TempDir()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			d := h.direct("")
			opts := &bulkOptions{app: d.app, File: path, Out: out, Print: "eml", JSON: true, Parallel: 4,
				engineReady: func(e *bulk.Engine, _ *bulk.Pacer) {
					go func() {
						// Done counts the refused row too: wait for 30 done well.
						for p := e.Progress(); p.Done-p.Failed-p.Refused < 30; p = e.Progress() {
							time.Sleep(time.Millisecond)
						}
						cancel()
					}()
				}}
			err := runBulk(ctx, opts)
			first := bulkLines(t, d.result(err))
			wantCode(t, d.result(err), exitInterrupted)
			doneFirst := map[int]bool{}
			for _, res := range first {
				if res.Error == nil {
					doneFirst[res.Row] = true
				}
			}
			if len(doneFirst) < 30 || len(doneFirst) == 55 {
				t.Fatalf("the first run did %d rows; want it stopped after 30 and before the end", len(doneFirst))
			}
			r := h.run("", "bulk", path, "--json", "--out", out)
			second := bulkLines(t, r)
			if len(second) != 56 {
				t.Fatalf("second run: %d lines", len(second))
			}
			for _, res := range second {
				switch {
				case res.Status == bulk.StatusInvalid:
				case res.Error != nil:
					t.Errorf("row %d failed on the second run: %s", res.Row, *res.Error)
				case res.Resumed != doneFirst[res.Row]:
					t.Errorf("row %d: resumed=%v, done by the first run=%v: a row done twice or lost", res.Row, res.Resumed, doneFirst[res.Row])
				}
			}
			if n := companyCount(t, h); n != 50 {
				t.Errorf("%d companies, want 50", n)
			}
			if n := h.sb.Requests()["POST /companies"]; n != 50 {
				t.Errorf("%d company creates over both runs, want 50", n)
			}
		})
	}
}

// TestBulkNamesEveryRowByItsLineInTheFile: a person finds a row in the
// file by the line an editor numbers (the header is line 1, a quoted name
// over two lines starts where its quote opens, blank lines count), so the
// lines printed, the JSON, the results file and each invite's file name
// all name that line; and a refused row with shifted fields names its
// company as written.
func TestBulkNamesEveryRowByItsLineInTheFile(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	dir := t.TempDir()
	path := filepath.Join(dir, "f.csv")
	file := "company,to\n" + // line 1
		"\n" + // 2
		"\"Birch\n& Co\",acct@birch.example\n" + // 3 and 4
		"Shifted Ltd,x@y.example,extra\n" + // 5
		",\n" + // 6
		"Cedar Bakery,bake@cedar.example\n" // 7
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line    int
		company string
		eml     string
	}{{3, "Birch & Co", "line-0003-birch-co.eml"}, {5, "Shifted Ltd", ""}, {7, "Cedar Bakery", "line-0007-cedar-bakery.eml"}}

	out, results := filepath.Join(dir, "invites"), filepath.Join(dir, "results.csv")
	r := h.run("", "bulk", path, "--out", out, "--results", results)
	wantCode(t, r, exitError)
	printed := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(printed) != len(want) {
		t.Fatalf("printed %q, want %d lines", printed, len(want))
	}
	for i, w := range want {
		prefix := fmt.Sprintf("line %d: %s: ", w.line, w.company)
		if !strings.HasPrefix(printed[i], prefix) || (w.eml != "" && !strings.HasSuffix(printed[i], filepath.Join(out, w.eml))) {
			t.Errorf("printed %q, want it to start %q and end with its invite %s", printed[i], prefix, w.eml)
		}
	}
	csvText, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(csvText)), "\n")
	for i, w := range want {
		if i+1 >= len(rows) || !strings.HasPrefix(rows[i+1], fmt.Sprintf("%d,%d,", i+1, w.line)) {
			t.Errorf("results file:\n%s\nwant row %d to be line %d", csvText, i+1, w.line)
		}
	}

	again := h.run("", "bulk", path, "--json", "--out", out)
	for i, res := range bulkLines(t, again) {
		if res.Line != want[i].line {
			t.Errorf("JSON row %d: line %d, want %d", res.Row, res.Line, want[i].line)
		}
	}
}
