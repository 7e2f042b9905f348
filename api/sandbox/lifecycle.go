package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Read timing: each data type waits in Queued briefly, then Fetching, and
// the types complete one after another, so a full accounting read takes
// about four seconds of (possibly simulated) time.
const (
	readQueuedFor   = 500 * time.Millisecond
	readFirstDone   = 1500 * time.Millisecond
	readStaggerStep = 250 * time.Millisecond
)

// Errors from the Link actions, shown to a presenter or a test.
var (
	ErrNotFound        = errors.New("company or connection not found")
	ErrAlreadyLinked   = errors.New("connection is already linked")
	ErrAccountingTaken = errors.New("company already has a linked accounting connection")
)

// pendingEvent is a webhook event waiting for its change to be saved.
type pendingEvent struct {
	eventType string
	tags      map[string]string
	body      []byte
}

// mutateLocked applies a change, saves it, and only then lets the webhook
// events the change raised go out. If the save fails the change is undone,
// so memory, disk and the events everyone saw agree.
func (s *Server) mutateLocked(change func()) error {
	var snapshot []byte
	if s.opts.StateFile != "" {
		var err error
		if snapshot, err = json.Marshal(s.st); err != nil {
			return fmt.Errorf("snapshot state: %w", err)
		}
	}
	s.pending = s.pending[:0]
	change()
	if err := s.saveLocked(); err != nil {
		var restored state
		if json.Unmarshal(snapshot, &restored) == nil {
			s.st = &restored
		}
		s.pending = s.pending[:0]
		return err
	}
	for _, ev := range s.pending {
		s.dispatchLocked(ev)
	}
	s.pending = s.pending[:0]
	return nil
}

// emitLocked queues a webhook event; it goes out when the change is saved.
func (s *Server) emitLocked(eventType string, c *company, payload any) {
	body, err := json.Marshal(eventJSON{
		ID:            newUUID(),
		EventType:     eventType,
		GeneratedDate: fmtTime(s.now()),
		Payload:       payload,
	})
	if err != nil {
		return // the payload types always encode
	}
	s.pending = append(s.pending, pendingEvent{eventType: eventType, tags: copyTags(c.Tags), body: body})
}

func (s *Server) emitConnectionLocked(eventType string, c *company, con *connection) {
	s.emitLocked(eventType, c, connectionEventPayload{
		ReferenceCompany: s.companyRefLocked(c),
		Connection:       s.connectionJSONLocked(c, con),
	})
}

// createConnectionLocked adds a PendingAuth connection. Like Codat, it
// creates a new connection even when one for the same platform is already
// pending; it refuses a second accounting connection while one is Linked,
// since Codat allows one active accounting connection per company. The
// operation declares no 400: a missing key names no integration (404), and
// what is not allowed is refused (403).
func (s *Server) createConnectionLocked(c *company, key string) (*connection, int, string) {
	if key == "" {
		return nil, http.StatusNotFound, "No integration was found: platformKey is required."
	}
	p, ok := findIntegration(key)
	if !ok {
		return nil, http.StatusNotFound, "No integration was found with platform key " + key
	}
	if !p.Enabled {
		return nil, refused, fmt.Sprintf("Integration %s (%s) is not enabled for this client. Enable it in Settings > Integrations.", p.Name, p.Key)
	}
	if other := linkedAccounting(c); p.SourceType == "Accounting" && other != nil {
		op, _ := findIntegration(other.PlatformKey)
		return nil, refused, fmt.Sprintf(
			"Company %s already has an active accounting connection (%s, %s). A company can have only one; unlink or delete it first.",
			c.ID, op.Name, other.ID)
	}
	con := &connection{ID: newUUID(), PlatformKey: key, Status: statusPendingAuth, Created: s.now()}
	if err := s.mutateLocked(func() {
		c.Connections = append(c.Connections, con)
		s.emitConnectionLocked("connection.created", c, con)
	}); err != nil {
		return nil, http.StatusInternalServerError, "There is a problem with our server. Please try again later. (" + err.Error() + ")"
	}
	return con, http.StatusOK, ""
}

// linkedAccounting is the company's Linked accounting connection, if any.
func linkedAccounting(c *company) *connection {
	for _, con := range c.Connections {
		if p, _ := findIntegration(con.PlatformKey); con.Status == statusLinked && p.SourceType == "Accounting" {
			return con
		}
	}
	return nil
}

// Authorize does what clicking Authorize on the Link page does: the
// connection becomes Linked (connection.connected, or connection.reconnected
// for one that was Unlinked or Deauthorized, keeping its id) and a data read
// starts.
func (s *Server) Authorize(companyID, connectionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, err := s.lookupLocked(companyID, connectionID)
	if err != nil {
		return err
	}
	return s.authorizeLocked(c, con)
}

func (s *Server) authorizeLocked(c *company, con *connection) error {
	if con.Status == statusLinked {
		return ErrAlreadyLinked
	}
	p, _ := findIntegration(con.PlatformKey)
	if other := linkedAccounting(c); p.SourceType == "Accounting" && other != nil && other != con {
		return ErrAccountingTaken
	}
	event := "connection.connected"
	if con.Status == statusUnlinked || con.Status == statusDeauthorized {
		event = "connection.reconnected"
	}
	return s.mutateLocked(func() {
		now := s.now()
		con.Status = statusLinked
		for i := range con.Errors {
			if con.Errors[i].Status == "Active" {
				con.Errors[i].Status = "Resolved"
				con.Errors[i].ResolvedOn = &now
			}
		}
		s.emitConnectionLocked(event, c, con)
		read := &dataRead{Started: now, SyncIDs: map[string]string{}}
		for _, dt := range p.DataTypes {
			read.SyncIDs[dt] = newUUID()
		}
		con.Reads = append(con.Reads, read)
	})
}

// Cancel does what clicking Cancel on the Link page does: the connection
// stays PendingAuth with a "User cancelled" error, and connection.failed is
// sent.
func (s *Server) Cancel(companyID, connectionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, err := s.lookupLocked(companyID, connectionID)
	if err != nil {
		return err
	}
	return s.cancelLocked(c, con)
}

func (s *Server) cancelLocked(c *company, con *connection) error {
	if con.Status == statusLinked {
		return ErrAlreadyLinked
	}
	return s.mutateLocked(func() {
		con.Errors = append(con.Errors, connError{
			StatusCode: "403", StatusText: "User cancelled linking", ErrorMessage: "User cancelled",
			ErroredOn: s.now(), Status: "Active",
		})
		s.emitConnectionLocked("connection.failed", c, con)
	})
}

// Deauthorize simulates the platform revoking access: a Linked connection
// becomes Deauthorized with a 401 error, and connection.disconnected is sent.
func (s *Server) Deauthorize(companyID, connectionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, err := s.lookupLocked(companyID, connectionID)
	if err != nil {
		return err
	}
	if con.Status != statusLinked {
		return fmt.Errorf("deauthorize connection %s: status is %s, not Linked", con.ID, con.Status)
	}
	return s.deauthorizeLocked(c, con)
}

func (s *Server) deauthorizeLocked(c *company, con *connection) error {
	return s.mutateLocked(func() {
		con.Status = statusDeauthorized
		con.Errors = append(con.Errors, connError{
			StatusCode: "401", StatusText: "Unauthorized", ErrorMessage: "The platform revoked access to this connection.",
			ErroredOn: s.now(), Status: "Active",
		})
		s.emitConnectionLocked("connection.disconnected", c, con)
	})
}

// cancelled reports whether the latest attempt to link con was cancelled on
// its sign-in page and nobody has linked it since.
func cancelled(con *connection) bool {
	for i := len(con.Errors) - 1; i >= 0; i-- {
		if e := con.Errors[i]; e.Status == "Active" {
			return e.StatusCode == "403"
		}
	}
	return false
}

func (s *Server) lookupLocked(companyID, connectionID string) (*company, *connection, error) {
	c, _ := s.findCompanyLocked(companyID)
	if c == nil {
		return nil, nil, fmt.Errorf("company %s: %w", companyID, ErrNotFound)
	}
	con, _ := findConnection(c, connectionID)
	if con == nil {
		return nil, nil, fmt.Errorf("connection %s: %w", connectionID, ErrNotFound)
	}
	return c, con, nil
}

// readStatus is the status of data type number i of a read at time now.
func readStatus(r *dataRead, i int, now time.Time) (status string, done time.Time) {
	done = r.Started.Add(readFirstDone + time.Duration(i)*readStaggerStep)
	switch elapsed := now.Sub(r.Started); {
	case elapsed < readQueuedFor:
		return "Queued", done
	case now.Before(done):
		return "Fetching", done
	}
	return "Complete", done
}

// readDone reports when the whole read finished, if it has.
func readDone(r *dataRead, p *integration, now time.Time) (time.Time, bool) {
	_, done := readStatus(r, len(p.DataTypes)-1, now)
	return done, !now.Before(done)
}

// advanceLocked carries out what the clock has made due: AutoLink,
// DeauthorizeAfter, and finished reads (lastSync and the read.completed
// webhooks).
func (s *Server) advanceLocked() {
	if s.closed {
		return
	}
	now := s.now()
	type due struct {
		c   *company
		con *connection
	}
	var autoLink, deauth, reads []due
	for _, c := range s.st.Companies {
		for _, con := range c.Connections {
			// Every authorization starts a read, so the latest read says
			// when the connection was last linked.
			if n := len(con.Reads); s.opts.DeauthorizeAfter > 0 && con.Status == statusLinked && n > 0 &&
				!now.Before(con.Reads[n-1].Started.Add(s.opts.DeauthorizeAfter)) {
				deauth = append(deauth, due{c, con})
			}
			// A connection someone cancelled waits for a person to try again.
			if s.opts.AutoLink > 0 && con.Status == statusPendingAuth && !cancelled(con) &&
				!now.Before(con.Created.Add(s.opts.AutoLink)) {
				autoLink = append(autoLink, due{c, con})
			}
			if n := len(con.Reads); n > 0 && !con.Reads[n-1].Reported {
				p, _ := findIntegration(con.PlatformKey)
				if _, ok := readDone(con.Reads[n-1], p, now); ok {
					reads = append(reads, due{c, con})
				}
			}
		}
	}
	for _, d := range autoLink {
		_ = s.authorizeLocked(d.c, d.con) // refused only by the one-accounting rule; it stays pending then
	}
	for _, d := range deauth {
		_ = s.deauthorizeLocked(d.c, d.con) // a failed save is retried on the next tick
	}
	if len(reads) == 0 {
		return
	}
	_ = s.mutateLocked(func() { // a failed save is retried on the next tick
		for _, d := range reads {
			s.finishReadLocked(d.c, d.con)
		}
	})
}

// finishReadLocked records a completed read and raises read.completed.initial
// (every read here follows an authorization) and read.completed.
func (s *Server) finishReadLocked(c *company, con *connection) {
	p, _ := findIntegration(con.PlatformKey)
	read := con.Reads[len(con.Reads)-1]
	done, _ := readDone(read, p, s.now())
	read.Reported = true
	con.LastSync = &done
	if c.LastSync == nil || c.LastSync.Before(done) {
		c.LastSync = &done
	}
	summaries := make([]readSummaryJSON, 0, len(p.DataTypes))
	for _, dt := range p.DataTypes {
		summaries = append(summaries, readSummaryJSON{
			ConnectionID: con.ID, DataType: dt, RecordsModified: true, Status: "Complete", Issues: []any{},
		})
	}
	payload := readEventPayload{
		ReferenceCompany: s.companyRefLocked(c),
		ModifiedFromDate: fmtTime(read.Started),
		DataTypes:        summaries,
	}
	s.emitLocked("read.completed.initial", c, payload)
	s.emitLocked("read.completed", c, payload)
}

// dataStatusLocked is the company's data status: for every data type any of
// its connections has read, the state of the latest read and the last
// successful one (and in the strict profile, the rest: see strict.go).
func (s *Server) dataStatusLocked(c *company) map[string]*dataStatusJSON {
	now := s.now()
	out := map[string]*dataStatusJSON{}
	latest := map[string]time.Time{}
	for _, con := range c.Connections {
		p, _ := findIntegration(con.PlatformKey)
		for i, dt := range p.DataTypes {
			var ds dataStatusJSON
			var started time.Time
			for _, read := range con.Reads {
				if s.opts.Strict && now.Before(read.Started.Add(strictReadPickup)) {
					continue // not picked up yet: the last read still shows
				}
				status, done := readStatus(read, i, now)
				ds.DataType, ds.CurrentStatus, ds.LatestSyncID = dt, status, read.SyncIDs[dt]
				started = read.Started
				if status == "Complete" {
					ds.LastSuccessfulSync = fmtTime(done)
					ds.LatestSuccessfulSyncID = read.SyncIDs[dt]
				}
			}
			if ds.DataType == "" {
				continue
			}
			if prev, ok := latest[dt]; ok && prev.After(started) {
				continue // another connection read this type more recently
			}
			latest[dt] = started
			out[dt] = &ds
		}
	}
	if s.opts.Strict {
		return s.strictDataStatusLocked(c, out)
	}
	return out
}
