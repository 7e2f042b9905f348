package api

import (
	"context"
	"reflect"
	"testing"
)

func TestWebhookConsumerOperations(t *testing.T) {
	runOpCases(t, []opCase{
		{
			name: "list consumers", status: 200, respond: codatFixture(t, "webhook_consumers.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListWebhookConsumers(ctx) },
			method: "GET", path: "/webhooks",
			check: func(t *testing.T, got any) {
				ws := got.([]WebhookConsumer)
				want := []WebhookConsumer{
					{ID: "w-1", URL: "https://hooks.example.com/codat", EventTypes: []string{"connection.connected", "read.completed.initial"}, CompanyTags: []string{"region:uk"}},
					{ID: "w-2", URL: "https://hooks.example.com/old", Disabled: true},
				}
				if !reflect.DeepEqual(ws, want) {
					t.Fatalf("got %+v", ws)
				}
			},
		},
		{
			name: "create consumer answers 201", status: 201,
			respond: []byte(`{"id":"w-9","url":"https://hooks.example.com/codat","eventTypes":["connection.connected"],"disabled":false}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateWebhookConsumer(ctx, WebhookConsumer{ID: "ignored", URL: "https://hooks.example.com/codat", EventTypes: []string{"connection.connected"}, CompanyTags: []string{"uid:u1"}})
			},
			method: "POST", path: "/webhooks",
			body: `{"url":"https://hooks.example.com/codat","eventTypes":["connection.connected"],"companyTags":["uid:u1"]}`,
			check: func(t *testing.T, got any) {
				if w := got.(WebhookConsumer); w.ID != "w-9" || w.Disabled {
					t.Fatalf("got %+v", w)
				}
			},
		},
		{
			name: "delete consumer", status: 204,
			call:   func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteWebhookConsumer(ctx, "w-9") },
			method: "DELETE", path: "/webhooks/w-9",
		},
	})
}
