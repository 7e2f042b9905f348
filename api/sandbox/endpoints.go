package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The webhook consumer endpoints.

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
