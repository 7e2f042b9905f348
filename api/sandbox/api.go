package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Connection statuses, from Codat's contract.
const (
	statusPendingAuth  = "PendingAuth"
	statusLinked       = "Linked"
	statusUnlinked     = "Unlinked"
	statusDeauthorized = "Deauthorized"
)

// Codat's limits on company tags.
const (
	maxTags        = 10
	maxTagKeyLen   = 27
	maxTagValueLen = 100
	maxConsumers   = 50
)

// Codat writes most times with seven fractional digits and some with none;
// the sandbox does the same, so clients are exercised on both.
const (
	timeFine   = "2006-01-02T15:04:05.0000000Z"
	timeSecond = "2006-01-02T15:04:05Z"
)

func fmtTime(t time.Time) string    { return t.UTC().Format(timeFine) }
func fmtTimeSec(t time.Time) string { return t.UTC().Format(timeSecond) }
func fmtTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return fmtTime(*t)
}

// cleanName removes the characters Codat's company name pattern forbids,
// as Codat does ("Company (Codat[1])" becomes "Company Codat1"), and trims
// the ends.
func cleanName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" \t\n\v\f\r-',&@.?!", r):
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// validateCompany checks a name (already cleaned) and tags, returning
// Codat-style validation items.
func validateCompany(name string, tags map[string]string, validator string) []validationItemJSON {
	var errs []validationItemJSON
	add := func(msg string) {
		errs = append(errs, validationItemJSON{ItemID: "Company", Message: msg, ValidatorName: validator})
	}
	if name == "" {
		add("Name must contain at least one letter, digit or one of - ' , & @ . ? ! (other characters are removed).")
	}
	if len(tags) > maxTags {
		add(fmt.Sprintf("A company can have at most %d tags.", maxTags))
	}
	for k, v := range tags {
		if n := len([]rune(k)); n < 1 || n > maxTagKeyLen {
			add(fmt.Sprintf("Tag key %q must be 1 to %d characters long.", k, maxTagKeyLen))
		}
		if len([]rune(v)) > maxTagValueLen {
			add(fmt.Sprintf("Tag %q has a value longer than %d characters.", k, maxTagValueLen))
		}
	}
	return errs
}

// companyLinkLocked is the company's Hosted Link, its redirect. The sandbox
// has no Portal, so the same page also stands in for links.portal in
// webhook payloads.
func (s *Server) companyLinkLocked(c *company) string {
	return s.linkBaseLocked() + "/company/" + c.ID
}

func (s *Server) companyJSONLocked(c *company) companyJSON {
	conns := make([]connectionJSON, 0, len(c.Connections))
	for _, con := range c.Connections {
		conns = append(conns, s.connectionJSONLocked(c, con))
	}
	return companyJSON{
		ID:                           c.ID,
		Name:                         c.Name,
		Description:                  c.Description,
		Redirect:                     s.companyLinkLocked(c),
		LastSync:                     fmtTimePtr(c.LastSync),
		Created:                      fmtTime(c.Created),
		Products:                     []string{},
		Tags:                         copyTags(c.Tags),
		ReferenceSubsidiaryCompanies: []companyRefJSON{},
		DataConnections:              conns,
	}
}

func (s *Server) companyRefLocked(c *company) companyRefJSON {
	return companyRefJSON{
		ID: c.ID, Name: c.Name, Description: c.Description,
		Links: companyLinksJSON{Portal: s.companyLinkLocked(c)},
		Tags:  copyTags(c.Tags),
	}
}

func (s *Server) connectionJSONLocked(c *company, con *connection) connectionJSON {
	p, _ := findIntegration(con.PlatformKey)
	out := connectionJSON{
		ID:             con.ID,
		IntegrationID:  p.integrationID(),
		IntegrationKey: p.Key,
		SourceID:       p.sourceID(),
		SourceType:     p.SourceType,
		PlatformName:   p.Name,
		LinkURL:        s.linkBaseLocked() + "/companies/" + c.ID + "/connections/" + con.ID + "/start",
		Status:         con.Status,
		LastSync:       fmtTimePtr(con.LastSync),
		Created:        fmtTimeSec(con.Created),
	}
	for _, e := range con.Errors {
		ej := connectionErrorJSON{
			StatusCode: e.StatusCode, StatusText: e.StatusText, ErrorMessage: e.ErrorMessage,
			ErroredOnUtc: fmtTime(e.ErroredOn), Status: e.Status, ResolvedOnUtc: fmtTimePtr(e.ResolvedOn),
		}
		out.DataConnectionErrors = append(out.DataConnectionErrors, ej)
	}
	return out
}

func copyTags(t map[string]string) map[string]string {
	out := make(map[string]string, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}

func (s *Server) findCompanyLocked(id string) (*company, int) {
	for i, c := range s.st.Companies {
		if c.ID == id {
			return c, i
		}
	}
	return nil, -1
}

func findConnection(c *company, id string) (*connection, int) {
	for i, con := range c.Connections {
		if con.ID == id {
			return con, i
		}
	}
	return nil, -1
}

// companyLocked finds the company the request's path names, answering 404
// itself when there is none. i is its index in the state.
func (s *Server) companyLocked(w http.ResponseWriter, r *http.Request) (c *company, i int) {
	id := r.PathValue("companyId")
	if c, i = s.findCompanyLocked(id); c == nil {
		s.writeError(w, http.StatusNotFound, serviceClients, "No company was found with ID "+id, nil)
	}
	return c, i
}

// connectionLocked finds the company and the connection the request's path
// names, answering 404 itself when either is missing. i is the connection's
// index in the company.
func (s *Server) connectionLocked(w http.ResponseWriter, r *http.Request) (c *company, con *connection, i int) {
	if c, _ = s.companyLocked(w, r); c == nil {
		return nil, nil, -1
	}
	id := r.PathValue("connectionId")
	if con, i = findConnection(c, id); con == nil {
		s.writeError(w, http.StatusNotFound, servicePublic, "Data connection "+id+" not found", nil)
		return nil, nil, -1
	}
	return c, con, i
}

func (s *Server) stateError(w http.ResponseWriter, err error) {
	s.writeError(w, http.StatusInternalServerError, servicePublic,
		"There is a problem with our server. Please try again later. ("+err.Error()+")", nil)
}

// --- companies ---

func (s *Server) listCompanies(w http.ResponseWriter, r *http.Request) {
	lr, ok := s.parseList(w, r)
	if !ok {
		return
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
	s.mu.Lock()
	items := make([]companyJSON, 0, len(s.st.Companies))
	for _, c := range s.st.Companies {
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
	c, ok := s.companyFromBody(w, r, "CreateCompany")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c.ID = newUUID()
	c.Created = s.now()
	err := s.mutateLocked(func() { s.st.Companies = append(s.st.Companies, c) })
	if err != nil {
		s.stateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.companyJSONLocked(c))
}

// companyFromBody reads and validates a create or replace body, answering
// 400 itself when it is not acceptable.
func (s *Server) companyFromBody(w http.ResponseWriter, r *http.Request, validator string) (*company, bool) {
	var body companyBody
	if !s.decodeBody(w, r, &body, validator) {
		return nil, false
	}
	var name string
	if body.Name != nil {
		name = cleanName(*body.Name)
	}
	if errs := validateCompany(name, body.Tags, validator); len(errs) > 0 {
		s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.", errs)
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
	repl, ok := s.companyFromBody(w, r, "UpdateCompany")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.companyLocked(w, r)
	if c == nil {
		return
	}
	if err := s.mutateLocked(func() {
		c.Name, c.Description, c.Tags = repl.Name, repl.Description, repl.Tags
	}); err != nil {
		s.stateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.companyJSONLocked(c))
}

// updateCompany is PATCH: fields that are absent or null stay as they are;
// tags, when given, replace the old ones ({} clears them).
func (s *Server) updateCompany(w http.ResponseWriter, r *http.Request) {
	var raw map[string]json.RawMessage
	if !s.decodeBody(w, r, &raw, "UpdateCompany") {
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
				s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.",
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
		s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.", errs)
		return
	}
	if err := s.mutateLocked(func() {
		c.Name, c.Tags = name, copyTags(tags)
		if upd.Description != nil {
			c.Description = *upd.Description
		}
	}); err != nil {
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
	if err := s.mutateLocked(func() {
		s.st.Companies = append(s.st.Companies[:i:i], s.st.Companies[i+1:]...)
	}); err != nil {
		s.stateError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// --- connections ---

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
	if !s.decodeBody(w, r, &body, "CreateDataConnection") {
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
	if !s.decodeBody(w, r, &body, "UpdateConnectionStatus") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, _ := s.connectionLocked(w, r)
	if con == nil {
		return
	}
	if body.Status == nil || *body.Status != statusUnlinked {
		s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.",
			[]validationItemJSON{{ItemID: "status", Message: "status must be Unlinked.", ValidatorName: "UpdateConnectionStatus"}})
		return
	}
	if con.Status != statusLinked {
		s.writeError(w, http.StatusBadRequest, servicePublic,
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

// --- integrations ---

func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request) {
	lr, ok := s.parseList(w, r)
	if !ok {
		return
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

// --- webhook consumers ---

func consumerJSON(c *consumer) webhookConsumerJSON {
	out := webhookConsumerJSON{ID: c.ID, URL: c.URL, Disabled: c.Disabled, EventTypes: c.EventTypes, CompanyTags: c.CompanyTags}
	if out.EventTypes == nil {
		out.EventTypes = []string{}
	}
	if out.CompanyTags == nil {
		out.CompanyTags = []string{}
	}
	return out
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := webhookConsumersJSON{Results: []webhookConsumerJSON{}}
	for _, c := range s.st.Consumers {
		out.Results = append(out.Results, consumerJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	var body struct {
		URL         string   `json:"url"`
		Disabled    *bool    `json:"disabled"`
		EventTypes  []string `json:"eventTypes"`
		CompanyTags []string `json:"companyTags"`
	}
	if !s.decodeBody(w, r, &body, "CreateWebhookConsumer") {
		return
	}
	var errs []validationItemJSON
	add := func(msg string) {
		errs = append(errs, validationItemJSON{ItemID: "WebhookConsumer", Message: msg, ValidatorName: "CreateWebhookConsumer"})
	}
	if u, err := url.Parse(body.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("url must be an absolute http or https URL.")
	}
	if len(body.CompanyTags) > 10 {
		add("companyTags can have at most 10 entries.")
	}
	for _, t := range body.CompanyTags {
		if k, _, ok := strings.Cut(t, ":"); !ok || k == "" || len([]rune(t)) > 128 {
			add(fmt.Sprintf("Company tag %q must be tagKey:tagValue and at most 128 characters.", t))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.st.Consumers) >= maxConsumers {
		add(fmt.Sprintf("You can have at most %d webhook consumers; delete one first.", maxConsumers))
	}
	if len(errs) > 0 {
		s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.", errs)
		return
	}
	c := &consumer{ID: newUUID(), URL: body.URL, EventTypes: body.EventTypes, CompanyTags: body.CompanyTags}
	if body.Disabled != nil {
		c.Disabled = *body.Disabled
	}
	if err := s.mutateLocked(func() { s.st.Consumers = append(s.st.Consumers, c) }); err != nil {
		s.stateError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, consumerJSON(c))
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("webhookId")
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, c := range s.st.Consumers {
		if c.ID == id {
			if err := s.mutateLocked(func() {
				s.st.Consumers = append(s.st.Consumers[:i:i], s.st.Consumers[i+1:]...)
			}); err != nil {
				s.stateError(w, err)
				return
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	s.writeError(w, http.StatusNotFound, servicePublic, "No webhook consumer was found with ID "+id, nil)
}
