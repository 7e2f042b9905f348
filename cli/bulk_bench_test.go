package cli

import (
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/bulk"
	"github.com/onboardcli/onboard/internal/clock"
)

// benchBulk onboards rows businesses against a sandbox allowing limit
// requests a minute, on a virtual clock, and reports how close to the
// limit the run went, how many requests were refused, duplicates, and
// memory per row.
func benchBulk(b *testing.B, rows, limit int, faults bool) {
	for b.Loop() {
		b.StopTimer()
		clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
		sb, err := sandbox.Start(sandbox.Options{RateLimit: limit, Now: clk.Now})
		if err != nil {
			b.Fatal(err)
		}
		if faults {
			sb.FailNext("POST /companies", 5, http.StatusServiceUnavailable)
			sb.ActThenFailNext("POST /companies", 5, http.StatusBadGateway)
			sb.DropNext("GET /companies/{companyId}", 5)
		}
		dir := b.TempDir()
		var csv strings.Builder
		csv.WriteString("company\n")
		for i := range rows {
			fmt.Fprintf(&csv, "Bench %05d Ltd\n", i)
		}
		path := filepath.Join(dir, "portfolio.csv")
		if err := os.WriteFile(path, []byte(csv.String()), 0o600); err != nil {
			b.Fatal(err)
		}
		env := map[string]string{"CODAT_BASE_URL": sb.BaseURL(), "CODAT_API_KEY": sb.APIKey(), "ONBOARD_STATE_DIR": dir}
		var out, errOut syncBuffer
		a := &app{sys: system{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return env[k] }, now: time.Now}}
		var pacer *bulk.Pacer
		opts := &bulkOptions{app: a, File: path, Print: "eml", JSON: true, Parallel: 4, clock: clk,
			engineReady: func(_ *bulk.Engine, p *bulk.Pacer) { pacer = p }}
		start := clk.Now()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		err = runBulk(b.Context(), opts)
		b.StopTimer()
		runtime.ReadMemStats(&after)
		if code := exitCode(err); code != exitPending {
			b.Fatalf("exit %d: %v\n%s", code, err, errOut.String())
		}
		elapsed := clk.Now().Sub(start)
		s := pacer.Stats()
		// The fastest a quota of limit a minute allows: the last request
		// cannot go before the window it falls in opens.
		fastest := time.Duration(math.Ceil(float64(s.Sent)/float64(limit))-1) * time.Minute
		b.ReportMetric(float64(fastest)/float64(max(elapsed, time.Nanosecond))*100, "%limit")
		b.ReportMetric(float64(s.Sent)/elapsed.Minutes(), "req/min")
		b.ReportMetric(float64(s.Refused)/float64(s.Sent)*100, "%429")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(rows), "B/row")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(rows), "allocs/row")
		got := countCompanies(b, sb, clk)
		b.ReportMetric(float64(got-rows), "duplicates")
		if got != rows {
			b.Fatalf("%d companies for %d businesses", got, rows)
		}
		sb.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(rows), "ns/row")
}

// countCompanies counts the sandbox's companies once its rate limit
// window has passed, so the count is not refused.
func countCompanies(b *testing.B, sb *sandbox.Server, clk *clock.Virtual) int {
	_ = clk.SleepUntil(b.Context(), clk.Now().Add(2*time.Minute))
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		b.Fatal(err)
	}
	all, err := c.ListCompanies(b.Context(), api.ListCompaniesParams{PageSize: 2000})
	if err != nil {
		b.Fatal(err)
	}
	return len(all)
}

func BenchmarkBulk(b *testing.B) {
	b.Run("rows=1000 limit=600", func(b *testing.B) { benchBulk(b, 1000, 600, false) })
	b.Run("rows=1000 limit=600 faults", func(b *testing.B) { benchBulk(b, 1000, 600, true) })
	// Ten times the rows: memory per row stays flat (BENCHMARKS.md).
	b.Run("rows=10000 limit=600", func(b *testing.B) { benchBulk(b, 10000, 600, false) })
}
