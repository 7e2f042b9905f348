package sandbox

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// anyRoute in a knob applies it to every route.
const anyRoute = "*"

// knob holds the faults queued for one route.
type knob struct {
	fail       int
	failStatus int
	drop       int
	truncate   int
	latency    time.Duration

	actThenFail       int
	actThenFailStatus int // 0: hold the answer until the client gives up
	actLate           int
	actLateDelay      time.Duration
	ignore            int
}

func (s *Server) knobLocked(route string) *knob {
	k := s.knobs[route]
	if k == nil {
		k = &knob{}
		s.knobs[route] = k
	}
	return k
}

// FailNext makes the next n requests to route (a template such as
// "POST /companies", or "*" for any) fail with status and Codat's error
// body, without reaching the endpoint.
func (s *Server) FailNext(route string, n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.knobLocked(route)
	k.fail, k.failStatus = n, status
}

// SetLatency delays every request to route by d; 0 removes the delay.
func (s *Server) SetLatency(route string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobLocked(route).latency = d
}

// DropNext makes the next n requests to route close the connection without
// any response, before the endpoint runs.
func (s *Server) DropNext(route string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobLocked(route).drop = n
}

// TruncateNext makes the next n requests to route run normally but send only
// the first half of their JSON body (with a matching Content-Length), as if
// the response were cut off: the change the request asked for still happens.
func (s *Server) TruncateNext(route string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobLocked(route).truncate = n
}

// ActThenFailNext makes the next n requests to route run normally, then
// answer status with Codat's error body instead of the endpoint's answer (a
// 429 or 503 with Retry-After: 1), as when a gateway in front of Codat turns
// the answer away after the work was done. With status 0 the answer is held
// back until the client gives up, as when the client's timeout is shorter
// than Codat's answer.
func (s *Server) ActThenFailNext(route string, n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.knobLocked(route)
	k.actThenFail, k.actThenFailStatus = n, status
}

// ActLateNext makes the next n requests to route wait delay and then run
// whether or not the client is still waiting, as when Codat finishes a
// create after the caller's timeout.
func (s *Server) ActLateNext(route string, n int, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.knobLocked(route)
	k.actLate, k.actLateDelay = n, delay
}

// IgnoreNext makes the next n requests to route change nothing and answer
// 200 with the resource as it stands (what a GET of the same path answers),
// as when Codat accepts an unlink or a delete and does not carry it out.
func (s *Server) IgnoreNext(route string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobLocked(route).ignore = n
}

// FaultsLeft reports how many failures, drops, cut-off bodies and late or
// refused answers set with FailNext, DropNext, TruncateNext, ActThenFailNext,
// ActLateNext and IgnoreNext on route are still to be served, so a test can tell that
// its fault really happened.
func (s *Server) FaultsLeft(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.knobs[route]
	if k == nil {
		return 0
	}
	return k.fail + k.drop + k.truncate + k.actThenFail + k.actLate + k.ignore
}

// latencyLocked is the delay for a route: its own, else the one for any route.
func (s *Server) latencyLocked(route string) time.Duration {
	if k := s.knobs[route]; k != nil && k.latency > 0 {
		return k.latency
	}
	if k := s.knobs[anyRoute]; k != nil {
		return k.latency
	}
	return 0
}

// takeKnobLocked uses up one of the faults counter selects, preferring the
// route's own knob to the one for any route, and returns the knob it used.
func (s *Server) takeKnobLocked(route string, counter func(*knob) *int) *knob {
	for _, name := range []string{route, anyRoute} {
		if name == "" {
			continue
		}
		if k := s.knobs[name]; k != nil && *counter(k) > 0 {
			*counter(k)--
			return k
		}
	}
	return nil
}

func (s *Server) takeLocked(route string, counter func(*knob) *int) bool {
	return s.takeKnobLocked(route, counter) != nil
}

// rateWindow counts one key's requests in the current period.
type rateWindow struct {
	start time.Time
	count int
}

// dailyQuota is Codat's allowance per day for each active connected company
// and one more: 1,000 × (1 + ACCs).
const dailyQuota = 1000

// windowLocked is the key's current quota period and its limit: RateLimit
// requests a minute when set; else, in the strict profile, Codat's daily
// quota, resetting at midnight UTC; else none (nil).
func (s *Server) windowLocked(now time.Time) (win *rateWindow, limit int, reset time.Time) {
	key := s.st.APIKey
	win = s.windows[key]
	switch {
	case s.opts.RateLimit > 0:
		if win == nil || now.Sub(win.start) >= time.Minute || now.Before(win.start) {
			win = &rateWindow{start: now}
		}
		limit, reset = s.opts.RateLimit, win.start.Add(time.Minute)
	case s.opts.Strict:
		day := now.UTC().Truncate(24 * time.Hour)
		if win == nil || !win.start.Equal(day) {
			win = &rateWindow{start: day}
		}
		limit, reset = dailyQuota*(1+s.activeCompaniesLocked()), day.Add(24*time.Hour)
	default:
		return nil, 0, time.Time{}
	}
	s.windows[key] = win
	return win, limit, reset
}

// activeCompaniesLocked counts the companies with a Linked connection,
// Codat's "active connected companies".
func (s *Server) activeCompaniesLocked() int {
	n := 0
	for _, c := range s.st.Companies {
		for _, con := range c.Connections {
			if con.Status == statusLinked {
				n++
				break
			}
		}
	}
	return n
}

// admit applies the quota for the (already authorized) key when count is
// set, sets the rate limit headers Codat sends on every response, and
// answers 429 with Retry-After itself when the quota is used up. Without
// count it only sets the headers, for answers that use up nothing.
func (s *Server) admit(w http.ResponseWriter, count bool) bool {
	s.mu.Lock()
	now := s.now()
	win, limit, reset := s.windowLocked(now)
	if win == nil {
		s.mu.Unlock()
		return true
	}
	allowed := win.count < limit
	if allowed && count {
		win.count++
	}
	remaining := max(limit-win.count, 0)
	s.mu.Unlock()

	h := w.Header()
	h.Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
	h.Set("X-Rate-Limit-Remaining", strconv.Itoa(remaining))
	h.Set("X-Rate-Limit-Reset", reset.UTC().Format(time.RFC3339))
	if allowed || !count {
		return true
	}
	wait := int(math.Ceil(reset.Sub(now).Seconds()))
	if wait < 1 {
		wait = 1
	}
	h.Set("Retry-After", strconv.Itoa(wait))
	s.writeError(w, http.StatusTooManyRequests, servicePublic,
		"You have made too many requests in a given amount of time; please retry later.", nil)
	return false
}
