package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
)

// The connection, data status and integration endpoints.

func (s *Server) listConnections(w http.ResponseWriter, r *http.Request) {
	lr, ok := s.parseList(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	c, _ := s.companyLocked(w, r)
	if c == nil {
		s.mu.Unlock()
		return
	}
	items := make([]connectionJSON, 0, len(c.Connections))
	for _, con := range c.Connections {
		items = append(items, s.connectionJSONLocked(c, con))
	}
	s.mu.Unlock()
	listOf(s, w, lr, "/companies/"+url.PathEscape(c.ID)+"/connections", items, knownConnectionField, "DataConnection", nil)
}

func (s *Server) createConnection(w http.ResponseWriter, r *http.Request) {
	var body struct {
		PlatformKey string `json:"platformKey"`
	}
	if !s.decodeBody(w, r, &body, "CreateDataConnection", refused) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.companyLocked(w, r)
	if c == nil {
		return
	}
	con, status, msg := s.createConnectionLocked(c, body.PlatformKey)
	if con == nil {
		s.writeError(w, status, servicePublic, msg, nil)
		return
	}
	writeJSON(w, http.StatusOK, s.connectionJSONLocked(c, con))
}

func (s *Server) getConnection(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, _ := s.connectionLocked(w, r)
	if con == nil {
		return
	}
	writeJSON(w, http.StatusOK, s.connectionJSONLocked(c, con))
}

// unlinkConnection is PATCH {"status":"Unlinked"}, which Codat allows only
// on a Linked connection.
func (s *Server) unlinkConnection(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Status *string `json:"status"`
	}
	if !s.decodeBody(w, r, &body, "UpdateConnectionStatus", refused) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, _ := s.connectionLocked(w, r)
	if con == nil {
		return
	}
	if body.Status == nil || *body.Status != statusUnlinked {
		s.writeError(w, refused, servicePublic, "Error processing request - not valid.",
			[]validationItemJSON{{ItemID: "status", Message: "status must be Unlinked.", ValidatorName: "UpdateConnectionStatus"}})
		return
	}
	if con.Status != statusLinked {
		s.writeError(w, refused, servicePublic,
			fmt.Sprintf("Data connection %s cannot be unlinked because its status is %s; only Linked connections can be unlinked.", con.ID, con.Status), nil)
		return
	}
	if err := s.mutateLocked(func() {
		con.Status = statusUnlinked
		s.emitConnectionLocked("connection.disconnected", c, con)
	}); err != nil {
		s.stateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.connectionJSONLocked(c, con))
}

func (s *Server) deleteConnection(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, i := s.connectionLocked(w, r)
	if con == nil {
		return
	}
	if err := s.mutateLocked(func() {
		s.emitConnectionLocked("connection.deleted", c, con)
		c.Connections = append(c.Connections[:i:i], c.Connections[i+1:]...)
	}); err != nil {
		s.stateError(w, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) getDataStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.companyLocked(w, r)
	if c == nil {
		return
	}
	writeJSON(w, http.StatusOK, s.dataStatusLocked(c))
}

// Integrations.

func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request) {
	lr, ok := s.parseList(w, r)
	if !ok {
		return
	}
	if s.opts.Strict {
		lr.query = "" // answered as if unfiltered; the docs say querying may not work here
	}
	items := make([]integrationJSON, 0, len(catalogue))
	for i := range catalogue {
		items = append(items, catalogue[i].toJSON())
	}
	listOf(s, w, lr, "/integrations", items, knownIntegrationField, "Integration", nil)
}

func (s *Server) integrationOr404(w http.ResponseWriter, r *http.Request) *integration {
	key := r.PathValue("platformKey")
	p, ok := findIntegration(key)
	if !ok {
		s.writeError(w, http.StatusNotFound, servicePublic, "No integration was found with platform key "+key, nil)
		return nil
	}
	return p
}

func (s *Server) getIntegration(w http.ResponseWriter, r *http.Request) {
	if p := s.integrationOr404(w, r); p != nil {
		writeJSON(w, http.StatusOK, p.toJSON())
	}
}

func (s *Server) getBranding(w http.ResponseWriter, r *http.Request) {
	if p := s.integrationOr404(w, r); p != nil {
		writeJSON(w, http.StatusOK, p.branding())
	}
}
