package sandbox

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"time"
)

// afterFault is a fault served after the endpoint has acted: its answer is
// refused (status), held back until the client leaves (status 0 and no
// delay), or the work is done late (delay), whether the client waits or not.
type afterFault struct {
	act    bool
	status int
	delay  time.Duration
	ignore bool // answer what a GET would, and change nothing
}

// holdLimit bounds how long an answer is held back for a client that never
// gives up.
const holdLimit = 2 * time.Minute

// takeAfterFaultLocked uses up one ActThenFailNext or ActLateNext fault of
// route, if any.
func (s *Server) takeAfterFaultLocked(route string) afterFault {
	if k := s.takeKnobLocked(route, func(k *knob) *int { return &k.actThenFail }); k != nil {
		return afterFault{act: true, status: k.actThenFailStatus}
	}
	if k := s.takeKnobLocked(route, func(k *knob) *int { return &k.actLate }); k != nil {
		return afterFault{act: true, delay: k.actLateDelay}
	}
	if s.takeLocked(route, func(k *knob) *int { return &k.ignore }) {
		return afterFault{act: true, ignore: true}
	}
	return afterFault{}
}

// serveAfterFault runs the endpoint for r and then serves f.
func (s *Server) serveAfterFault(w http.ResponseWriter, r *http.Request, f afterFault) {
	if f.ignore {
		get := r.Clone(r.Context())
		get.Method, get.Body, get.ContentLength = http.MethodGet, http.NoBody, 0
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, get)
		if rec.Code != http.StatusOK {
			rec.Body.Reset()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(http.StatusOK)
		w.Write(rec.Body.Bytes()) //nolint:errcheck // the client may already be gone
		return
	}
	// The body is read now, while the client is surely there; the work may
	// happen after it has gone.
	body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	clientGone := r.Context().Done()
	r = r.Clone(context.WithoutCancel(r.Context()))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if f.delay > 0 {
		t := time.NewTimer(f.delay)
		<-t.C
	}
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, r)
	switch {
	case f.delay > 0:
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes()) //nolint:errcheck // the client has likely gone
	case f.status == 0:
		t := time.NewTimer(holdLimit)
		defer t.Stop()
		select {
		case <-clientGone:
		case <-t.C:
		}
	default:
		if f.status == http.StatusTooManyRequests || f.status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		s.writeError(w, f.status, servicePublic, injectedMessage(f.status), nil)
	}
}
