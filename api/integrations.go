package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// ListIntegrations returns the platforms Codat can connect to, all of them
// or those of one source type ("" for every type), optionally only those
// enabled for this Codat account.
func (c *Client) ListIntegrations(ctx context.Context, sourceType SourceType, enabledOnly bool) ([]Integration, error) {
	var terms []string
	if sourceType != "" {
		terms = append(terms, "sourceType="+string(sourceType))
	}
	if enabledOnly {
		terms = append(terms, "enabled=true")
	}
	q := url.Values{}
	if len(terms) > 0 {
		q.Set("query", strings.Join(terms, "&&"))
	}
	return listAll[Integration](ctx, c, call{
		op: OpListIntegrations, method: http.MethodGet, endpoint: "/integrations", path: "/integrations", query: q,
	}, true)
}

// GetIntegration returns one platform by its key, e.g. "gbol".
func (c *Client) GetIntegration(ctx context.Context, key string) (Integration, error) {
	const op = OpGetIntegration
	seg, err := pathSegment(op, FieldPlatformKey, key)
	if err != nil {
		return Integration{}, err
	}
	var in Integration
	err = c.do(ctx, call{op: op, method: http.MethodGet, endpoint: "/integrations/{key}", path: "/integrations/" + seg}, &in)
	return in, err
}

// GetBranding returns a platform's logos and buttons. Codat asks clients to
// cache branding rather than fetch it for every view.
func (c *Client) GetBranding(ctx context.Context, key string) (Branding, error) {
	const op = OpGetBranding
	seg, err := pathSegment(op, FieldPlatformKey, key)
	if err != nil {
		return Branding{}, err
	}
	var b Branding
	err = c.do(ctx, call{op: op, method: http.MethodGet, endpoint: "/integrations/{key}/branding", path: "/integrations/" + seg + "/branding"}, &b)
	return b, err
}

// DataStatus returns the state of each data type Codat holds for the
// company, keyed by data type (e.g. "invoices"). Types Codat reports as null
// are left out.
func (c *Client) DataStatus(ctx context.Context, companyID string) (map[string]DataStatus, error) {
	const op = OpGetDataStatus
	seg, err := pathSegment(op, FieldCompanyID, companyID)
	if err != nil {
		return nil, err
	}
	var raw map[string]*DataStatus
	err = c.do(ctx, call{op: op, method: http.MethodGet, endpoint: "/companies/{id}/dataStatus", path: "/companies/" + seg + "/dataStatus"}, &raw)
	if err != nil {
		return nil, err
	}
	out := make(map[string]DataStatus, len(raw))
	for k, v := range raw {
		if v != nil {
			out[k] = *v
		}
	}
	return out, nil
}
