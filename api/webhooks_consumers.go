package api

import (
	"context"
	"net/http"
	"strings"
)

// ListWebhookConsumers returns the endpoints subscribed to Codat's events.
func (c *Client) ListWebhookConsumers(ctx context.Context) ([]WebhookConsumer, error) {
	return listAll[WebhookConsumer](ctx, c, call{
		op: OpListWebhookConsumers, method: http.MethodGet, endpoint: "/webhooks", path: "/webhooks",
	}, false)
}

// CreateWebhookConsumer subscribes an endpoint to events. Its signing secret
// is shown only in the Codat Portal.
func (c *Client) CreateWebhookConsumer(ctx context.Context, w WebhookConsumer) (WebhookConsumer, error) {
	const op = OpCreateWebhookConsumer
	if strings.TrimSpace(w.URL) == "" {
		return WebhookConsumer{}, &OpError{op, ErrMissing{FieldEndpointURL}}
	}
	w.ID = ""
	var out WebhookConsumer
	err := c.do(ctx, call{op: op, method: http.MethodPost, endpoint: "/webhooks", path: "/webhooks", body: w}, &out)
	return out, err
}

// DeleteWebhookConsumer unsubscribes an endpoint.
func (c *Client) DeleteWebhookConsumer(ctx context.Context, id string) error {
	const op = OpDeleteWebhookConsumer
	seg, err := pathSegment(op, FieldWebhookID, id)
	if err != nil {
		return err
	}
	return c.do(ctx, call{op: op, method: http.MethodDelete, endpoint: "/webhooks/{id}", path: "/webhooks/" + seg, goneIsDone: true}, nil)
}
