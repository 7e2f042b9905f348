package cli

import (
	"context"
	"strings"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/webhook"
)

// webhookView is one of the account's webhook endpoints, as doctor shows it.
type webhookView struct {
	ID         string   `json:"id"`
	URL        string   `json:"url"`
	Disabled   bool     `json:"disabled"`
	EventTypes []string `json:"event_types"` // empty: every event
	// Matches says this endpoint sends to --webhook-url: the one whose
	// signing secret CODAT_WEBHOOK_SECRET must be.
	Matches bool `json:"matches_webhook_url"`
	// Missing are the events the wait listens for that it does not send.
	Missing []string `json:"missing_events"`
}

// webhookReport is what doctor finds of the webhook set-up.
type webhookReport struct {
	URL       string        `json:"webhook_url"`        // --webhook-url, "" if not given
	SecretSet bool          `json:"webhook_secret_set"` // CODAT_WEBHOOK_SECRET is set
	SecretOK  bool          `json:"webhook_secret_ok"`  // and has the form of a signing secret
	Listed    bool          `json:"webhooks_listed"`    // GET /webhooks answered
	Endpoints []webhookView `json:"webhooks"`
	// PortalPage is, on a sandbox, its stand-in Portal page that shows each
	// endpoint's signing secret (opened with the token `onboard sandbox`
	// printed); "" against Codat.
	PortalPage string `json:"sandbox_portal_page,omitempty"`
	// LastRefusal is the last delivery that failed its signature check for
	// this API, as a wait kept it.
	LastRefusal *refusalRecord `json:"last_refusal,omitempty"`
}

// webhookCheck lists the account's endpoints and says which one sends to
// the configured URL. Codat's API never shows an endpoint's secret, so
// whether CODAT_WEBHOOK_SECRET is the right one only the Portal can say; what
// doctor can check is that one is set and has the right form.
func (b *backend) webhookCheck(ctx context.Context, publicURL, refusalFile string) (webhookReport, error) {
	rep := webhookReport{URL: publicURL, SecretSet: b.secret != "", Endpoints: []webhookView{}}
	if rep.SecretSet {
		_, err := webhook.NewVerifier(b.secret)
		rep.SecretOK = err == nil
	}
	if b.isSandbox() {
		rep.PortalPage = strings.TrimSuffix(b.baseURL, "/") + sandbox.PortalPath
	}
	if refusalFile != "" {
		if rec, found, err := readRefusal(refusalFile); err == nil && found && normalURL(rec.BaseURL) == normalURL(b.baseURL) {
			rep.LastRefusal = &rec
		}
	}
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	consumers, err := b.client.ListWebhookConsumers(cctx)
	if err != nil {
		return rep, err
	}
	rep.Listed = true
	match, found := matchingConsumer(consumers, publicURL)
	for _, c := range consumers {
		v := webhookView{ID: c.ID, URL: c.URL, Disabled: c.Disabled, EventTypes: c.EventTypes, Missing: []string{}}
		if v.EventTypes == nil {
			v.EventTypes = []string{}
		}
		v.Matches = publicURL != "" && found && c.ID == match.ID
		if len(c.EventTypes) > 0 {
			for _, want := range watchedEvents {
				if !containsFold(c.EventTypes, want) {
					v.Missing = append(v.Missing, want)
				}
			}
		}
		rep.Endpoints = append(rep.Endpoints, v)
	}
	return rep, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// lines says the webhook set-up: each endpoint, which one matches the URL,
// and whether a secret is set for it.
func (w webhookReport) lines() []string {
	var l []string
	add := func(name string, data any) { l = append(l, assets.Text(name, data)) }
	if !w.Listed {
		return w.refusalLines("")
	}
	if len(w.Endpoints) == 0 {
		add("doctor.webhooksnone", w.PortalPage)
	}
	var matched *webhookView
	for _, e := range w.Endpoints {
		add("doctor.webhook", e)
		if e.Matches {
			matched = &e
		}
	}
	switch {
	case w.URL == "":
		add("doctor.webhooknourl", nil)
	case matched == nil:
		add("doctor.webhooknomatch", assets.Vars{"URL": w.URL, "Portal": w.PortalPage})
	}
	switch {
	case !w.SecretSet:
		add("doctor.webhooknosecret", w.PortalPage)
	case !w.SecretOK:
		add("doctor.webhookbadsecret", w.PortalPage)
	case matched != nil:
		add("doctor.webhooksecret", nil)
	}
	copied := ""
	if matched != nil {
		add("doctor.webhookcopy", w.copyVars(matched.ID, matched.URL))
		copied = matched.ID
	}
	return append(l, w.refusalLines(copied)...)
}

// refusalLines says the last refused delivery and, unless it was said
// already (copied), whose secret to copy.
func (w webhookReport) refusalLines(copied string) []string {
	r := w.LastRefusal
	if r == nil {
		return nil
	}
	l := []string{assets.Text("doctor.webhookrefused", assets.Vars{
		"At": r.At.Local().Format(time.DateTime), "Count": r.Count, "ID": r.EndpointID, "URL": r.EndpointURL, "Own": r.OwnEndpoint})}
	if r.OwnEndpoint {
		return append(l, assets.Text("doctor.webhookownrefused", w.PortalPage))
	}
	if r.EndpointID != "" && r.EndpointID != copied {
		l = append(l, assets.Text("doctor.webhookcopy", w.copyVars(r.EndpointID, r.EndpointURL)))
	}
	return l
}

// copyVars names where an endpoint's signing secret is shown: the Codat
// Portal, or a sandbox's stand-in page.
func (w webhookReport) copyVars(id, url string) assets.Vars {
	return assets.Vars{"ID": id, "URL": url, "Portal": w.PortalPage}
}
