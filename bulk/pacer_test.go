package bulk

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/onboardcli/onboard/internal/clock"
)

// quotaServer is a transport with Codat's fixed-window quota: limit
// requests a minute, from the first request of each window, refusing the
// rest with 429 and Retry-After. Without a limit it sends no headers.
type quotaServer struct {
	clock    *clock.Virtual
	limit    int
	mu       sync.Mutex
	start    time.Time
	count    int
	served   int
	refused  int
	perStart map[time.Time]int
}

func (q *quotaServer) RoundTrip(*http.Request) (*http.Response, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody}
	if q.limit == 0 {
		q.served++
		return resp, nil
	}
	now := q.clock.Now()
	if q.start.IsZero() || now.Sub(q.start) >= time.Minute {
		q.start, q.count = now, 0
	}
	reset := q.start.Add(time.Minute)
	if q.count >= q.limit {
		q.refused++
		resp.StatusCode = 429
		resp.Header.Set("Retry-After", strconv.Itoa(int(reset.Sub(now).Seconds())+1))
	} else {
		q.count++
		q.served++
		q.perStart[q.start]++
	}
	resp.Header.Set("X-Rate-Limit-Limit", strconv.Itoa(q.limit))
	resp.Header.Set("X-Rate-Limit-Remaining", strconv.Itoa(q.limit-q.count))
	resp.Header.Set("X-Rate-Limit-Reset", reset.UTC().Format(time.RFC3339))
	return resp, nil
}

func TestPacerStaysUnderTheLimit(t *testing.T) {
	for _, tc := range []struct {
		name            string
		limit, requests int
		workers         int
	}{
		{"one window", 100, 80, 4},
		{"several windows", 60, 500, 8},
		{"one at a time", 30, 100, 1},
		{"no quota headers", 0, 200, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
			q := &quotaServer{clock: clk, limit: tc.limit, perStart: map[time.Time]int{}}
			p := NewPacer(q, clk)
			var wg sync.WaitGroup
			jobs := make(chan struct{})
			for range tc.workers {
				wg.Go(func() {
					for range jobs {
						req, _ := http.NewRequest("GET", "http://codat.invalid/", nil)
						if _, err := p.RoundTrip(req); err != nil {
							t.Error(err)
						}
					}
				})
			}
			start := clk.Now()
			for range tc.requests {
				jobs <- struct{}{}
			}
			close(jobs)
			wg.Wait()
			if q.refused != 0 {
				t.Errorf("%d requests refused with 429; the pacer should stay under the limit", q.refused)
			}
			if q.served != tc.requests {
				t.Errorf("served %d of %d", q.served, tc.requests)
			}
			if tc.limit == 0 {
				return
			}
			windows := (tc.requests + tc.limit - 1) / tc.limit
			fastest := time.Duration(windows-1) * time.Minute
			if took := clk.Now().Sub(start); took > fastest+time.Duration(windows)*2*time.Second {
				t.Errorf("took %v of the quota's time; the limit allows %v", took, fastest)
			}
			if s := p.Stats(); s.Sent != tc.requests || s.Limit != tc.limit {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

func TestPacerWaitsOutA429(t *testing.T) {
	clk := clock.NewVirtual(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	// Another program used the quota up: the first answer is a 429.
	q := &quotaServer{clock: clk, limit: 10, perStart: map[time.Time]int{}}
	q.start, q.count = clk.Now(), 10
	p := NewPacer(q, clk)
	for range 5 {
		req, _ := http.NewRequest("GET", "http://codat.invalid/", nil)
		resp, err := p.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if q.refused != 1 || q.served != 4 {
		t.Errorf("refused %d, served %d: want one 429, then the pacer waiting for the reset", q.refused, q.served)
	}
	if clk.Now().Sub(q.start) > 2*time.Second {
		t.Errorf("a new window opened at %v: the pacer should have waited the Retry-After", q.start)
	}
}
