package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
)

// The company endpoints.

func (s *Server) listCompanies(w http.ResponseWriter, r *http.Request) {
	lr, ok := s.parseList(w, r)
	if !ok {
		return
	}
	if s.opts.Strict {
		if lr.hasTags {
			s.writeError(w, http.StatusBadRequest, serviceClients,
				"Error parsing query - Filtering companies by tags is not enabled for this client.", nil)
			return
		}
		lr.exact = []string{"name"}
	}
	var tagFilter *queryNode
	if strings.TrimSpace(lr.tags) != "" {
		n, err := parseQuery(lr.tags, func(string) bool { return true }, "Company")
		if err != nil {
			s.writeError(w, http.StatusBadRequest, serviceClients, err.Error(), nil)
			return
		}
		tagFilter = n
	}
	// A query that does not parse reads every company; listOf refuses it.
	q, _ := parseQuery(lr.query, knownCompanyField, "Company")
	if strings.TrimSpace(lr.query) == "" {
		q = nil
	}
	s.mu.Lock()
	found := s.candidatesLocked(q)
	items := make([]companyJSON, 0, len(found))
	for _, c := range found {
		items = append(items, s.companyJSONLocked(c))
	}
	s.mu.Unlock()
	var extra func(companyJSON) (bool, error)
	if tagFilter != nil {
		extra = func(c companyJSON) (bool, error) { return tagFilter.match(tagsLookup(c.Tags)) }
	}
	listOf(s, w, lr, "/companies", items, knownCompanyField, "Company", extra)
}

// companyBody is the body of a company create or replace.
type companyBody struct {
	Name        *string           `json:"name"`
	Description *string           `json:"description"`
	Tags        map[string]string `json:"tags"`
}

func (s *Server) createCompany(w http.ResponseWriter, r *http.Request) {
	c, ok := s.companyFromBody(w, r, "CreateCompany", http.StatusBadRequest)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c.ID = newUUID()
	c.Created = s.now()
	err := s.mutateLocked(func() { s.st.Companies = append(s.st.Companies, c) })
	s.companyChangedLocked(c, false)
	if err != nil {
		s.stateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.companyJSONLocked(c))
}

// companyFromBody reads and validates a create or replace body, answering
// status itself when it is not acceptable.
func (s *Server) companyFromBody(w http.ResponseWriter, r *http.Request, validator string, status int) (*company, bool) {
	var body companyBody
	if !s.decodeBody(w, r, &body, validator, status) {
		return nil, false
	}
	var name string
	if body.Name != nil {
		name = cleanName(*body.Name)
	}
	if errs := validateCompany(name, body.Tags, validator); len(errs) > 0 {
		s.writeError(w, status, servicePublic, "Error processing request - not valid.", errs)
		return nil, false
	}
	c := &company{Name: name, Tags: copyTags(body.Tags), Connections: []*connection{}}
	if body.Description != nil {
		c.Description = *body.Description
	}
	return c, true
}

func (s *Server) getCompany(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.companyLocked(w, r)
	if c == nil {
		return
	}
	writeJSON(w, http.StatusOK, s.companyJSONLocked(c))
}

func (s *Server) replaceCompany(w http.ResponseWriter, r *http.Request) {
	repl, ok := s.companyFromBody(w, r, "UpdateCompany", refused)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.companyLocked(w, r)
	if c == nil {
		return
	}
	err := s.mutateLocked(func() {
		c.Name, c.Description, c.Tags = repl.Name, repl.Description, repl.Tags
	})
	s.companyChangedLocked(c, false)
	if err != nil {
		s.stateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.companyJSONLocked(c))
}

// updateCompany is PATCH: fields that are absent or null stay as they are;
// tags, when given, replace the old ones ({} clears them).
func (s *Server) updateCompany(w http.ResponseWriter, r *http.Request) {
	var raw map[string]json.RawMessage
	if !s.decodeBody(w, r, &raw, "UpdateCompany", refused) {
		return
	}
	var upd struct {
		Name        *string
		Description *string
		Tags        *map[string]string
	}
	for field, dst := range map[string]any{"name": &upd.Name, "description": &upd.Description, "tags": &upd.Tags} {
		if v, ok := raw[field]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				s.writeError(w, refused, servicePublic, "Error processing request - not valid.",
					[]validationItemJSON{{ItemID: "Company", Message: field + " has the wrong type: " + err.Error(), ValidatorName: "UpdateCompany"}})
				return
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.companyLocked(w, r)
	if c == nil {
		return
	}
	name, tags := c.Name, c.Tags
	if upd.Name != nil {
		name = cleanName(*upd.Name)
	}
	if upd.Tags != nil && *upd.Tags != nil {
		tags = *upd.Tags
	}
	if errs := validateCompany(name, tags, "UpdateCompany"); len(errs) > 0 {
		s.writeError(w, refused, servicePublic, "Error processing request - not valid.", errs)
		return
	}
	err := s.mutateLocked(func() {
		c.Name, c.Tags = name, copyTags(tags)
		if upd.Description != nil {
			c.Description = *upd.Description
		}
	})
	s.companyChangedLocked(c, false)
	if err != nil {
		s.stateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.companyJSONLocked(c))
}

func (s *Server) deleteCompany(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, i := s.companyLocked(w, r)
	if c == nil {
		return
	}
	err := s.mutateLocked(func() {
		s.st.Companies = append(s.st.Companies[:i:i], s.st.Companies[i+1:]...)
	})
	s.companyChangedLocked(c, true)
	if err != nil {
		s.stateError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
