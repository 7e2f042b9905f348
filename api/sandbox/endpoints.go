package sandbox

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Webhook endpoints (Codat's "consumers"). As in Codat, each has its own
// signing secret, made when the endpoint is made and shown only in the
// Portal: the API's WebhookConsumer carries no secret, so a client that
// makes a consumer through the API cannot learn how its deliveries are
// signed. AddEndpoint, Endpoints, EndpointSecret and the /portal/webhooks
// page stand in for the Portal.

// Endpoint is a webhook endpoint as the Portal shows it.
type Endpoint struct {
	ID     string
	URL    string
	Events []string // the event types it receives; none means every type
	Secret string   // whsec_…: signs every delivery to this endpoint
}

// newEndpointSecret makes a signing secret the way Svix does: whsec_ and
// the base64 of 24 random bytes.
func newEndpointSecret() string {
	return "whsec_" + base64.StdEncoding.EncodeToString(randomBytes(24))
}

// AddEndpoint makes a webhook endpoint as someone would in Codat's Portal,
// receiving every event for every company when events is empty, and returns
// it with its signing secret.
func (s *Server) AddEndpoint(endpointURL string, events []string) (Endpoint, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if errs := s.consumerProblemsLocked(endpointURL, nil); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Message
		}
		return Endpoint{}, errors.New("sandbox: add endpoint: " + strings.Join(msgs, " "))
	}
	c := &consumer{ID: newUUID(), URL: endpointURL, EventTypes: slices.Clone(events), Secret: newEndpointSecret()}
	if err := s.mutateLocked(func() { s.st.Consumers = append(s.st.Consumers, c) }); err != nil {
		return Endpoint{}, fmt.Errorf("sandbox: add endpoint: %w", err)
	}
	s.endpointMadeLocked(c)
	return endpointOf(c), nil
}

func (s *Server) endpointMadeLocked(c *consumer) {
	if s.opts.EndpointMade != nil {
		s.opts.EndpointMade(endpointOf(c))
	}
}

// EndpointSecret is the signing secret of the endpoint with this id, as the
// Portal shows it; ok is false when there is no such endpoint.
func (s *Server) EndpointSecret(id string) (secret string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.st.Consumers {
		if c.ID == id {
			return c.Secret, true
		}
	}
	return "", false
}

// Endpoints lists every webhook endpoint, however it was made, with its
// signing secret, in the order they were made.
func (s *Server) Endpoints() []Endpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Endpoint, 0, len(s.st.Consumers))
	for _, c := range s.st.Consumers {
		out = append(out, endpointOf(c))
	}
	return out
}

func endpointOf(c *consumer) Endpoint {
	return Endpoint{ID: c.ID, URL: c.URL, Events: slices.Clone(c.EventTypes), Secret: c.Secret}
}

// consumerProblemsLocked checks a new consumer against Codat's rules.
func (s *Server) consumerProblemsLocked(rawURL string, companyTags []string) []validationItemJSON {
	var errs []validationItemJSON
	add := func(msg string) {
		errs = append(errs, validationItemJSON{ItemID: "WebhookConsumer", Message: msg, ValidatorName: "CreateWebhookConsumer"})
	}
	if u, err := url.Parse(rawURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("url must be an absolute http or https URL.")
	}
	if len(companyTags) > 10 {
		add("companyTags can have at most 10 entries.")
	}
	for _, t := range companyTags {
		if k, _, ok := strings.Cut(t, ":"); !ok || k == "" || len([]rune(t)) > 128 {
			add(fmt.Sprintf("Company tag %q must be tagKey:tagValue and at most 128 characters.", t))
		}
	}
	if len(s.st.Consumers) >= maxConsumers {
		add(fmt.Sprintf("You can have at most %d webhook consumers; delete one first.", maxConsumers))
	}
	return errs
}

// consumerJSON is what the API shows of a consumer: never its secret.
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
	if !s.decodeBody(w, r, &body, "CreateWebhookConsumer", http.StatusBadRequest) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if errs := s.consumerProblemsLocked(body.URL, body.CompanyTags); len(errs) > 0 {
		s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.", errs)
		return
	}
	c := &consumer{
		ID: newUUID(), URL: body.URL, EventTypes: body.EventTypes, CompanyTags: body.CompanyTags,
		Secret: newEndpointSecret(),
	}
	if body.Disabled != nil {
		c.Disabled = *body.Disabled
	}
	if err := s.mutateLocked(func() { s.st.Consumers = append(s.st.Consumers, c) }); err != nil {
		s.stateError(w, err)
		return
	}
	s.endpointMadeLocked(c)
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
