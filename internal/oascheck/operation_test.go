package oascheck

import (
	"net/url"
	"strings"
	"testing"
)

const (
	companyID    = "0b6a4b7e-2f4e-4c1a-9a55-3f1f0d2c9e11"
	connectionID = "ee2eb431-c0fa-4dc9-93fa-d29781c12bcd"
)

func TestValidateResponseCodat(t *testing.T) {
	s := LoadForTest(t)
	company := `{"id":"` + companyID + `","name":"Acme","redirect":"https://link.codat.io/company/` + companyID + `",
		"created":"2026-11-22T10:00:00Z","dataConnections":[]}`
	notFound := `{"statusCode":404,"service":"ClientsApi","error":"No company was found with ID ` + companyID + `",
		"correlationId":"0a40c2f31fc8f992fb88b0853e4166f3","canBeRetried":"Unknown","detailedErrorCode":0}`
	connections := `{"results":[` + withField(t, validConnection, "status", `"Connected"`) + `],"pageNumber":1,"pageSize":100,
		"totalResults":1,"_links":{"self":{"href":"/companies"},"current":{"href":"/companies?page=1"}}}`
	tests := []struct {
		name   string
		method string
		path   string
		status int
		body   string
		want   string
	}{
		{"get company", "GET", "/companies/" + companyID, 200, company, ""},
		{"get company 404", "GET", "/companies/" + companyID, 404, notFound, ""},
		{"get company 401 needs the error body", "GET", "/companies/" + companyID, 401, "",
			"GET /companies/{companyId} (get-company) 401 response: $: body is empty"},
		{"query string in the path is ignored", "GET", "/companies/" + companyID + "?x=1", 200, company, ""},
		{"undeclared status", "GET", "/companies/" + companyID, 418, notFound,
			"status: 418 is not declared (the contract has 200, 401, 402, 403, 404, 429, 500, 503)"},
		{"list companies needs a body", "GET", "/companies", 200, "", "$: body is empty"},
		{"list connections item", "GET", "/companies/" + companyID + "/connections", 200, connections,
			`GET /companies/{companyId}/connections (list-connections) 200 response: $.results[0].status: "Connected" is not one of`},
		{"unlink answers a connection", "PATCH", "/companies/" + companyID + "/connections/" + connectionID, 200,
			withField(t, validConnection, "status", `"Unlinked"`), ""},
		{"delete company 204 empty", "DELETE", "/companies/" + companyID, 204, "", ""},
		{"delete company 204 with a body", "DELETE", "/companies/" + companyID, 204, "{}",
			"the contract declares no body, got 2 bytes"},
		{"delete company 200 is not the contract", "DELETE", "/companies/" + companyID, 200, "",
			"200 is not declared"},
		{"delete connection 200 without content", "DELETE", "/companies/" + companyID + "/connections/" + connectionID, 200, "", ""},
		{"create webhook consumer is 201", "POST", "/webhooks", 200, `{"id":"` + companyID + `","url":"https://example.com/h"}`,
			"200 is not declared"},
		{"branding", "GET", "/integrations/gbol/branding", 200,
			`{"logo":{"full":{"image":{"src":"https://static.codat.io/x.png","alt":"Xero"}}},"button":{},"sourceId":"` + companyID + `"}`, ""},
		{"unknown path", "GET", "/companies/" + companyID + "/nothing", 200, "{}", "no path in the contract matches"},
		{"unknown method", "PUT", "/webhooks", 200, "{}", "method not in the contract (it has GET /webhooks, POST /webhooks)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ValidateResponse(tt.method, tt.path, tt.status, []byte(tt.body))
			wantErr(t, err, tt.want)
		})
	}
}

func TestValidateRequestCodat(t *testing.T) {
	s := LoadForTest(t)
	companyPath := "/companies/" + companyID
	tests := []struct {
		name   string
		method string
		path   string
		query  url.Values
		body   string
		want   string
	}{
		{"list companies with every declared parameter", "GET", "/companies",
			url.Values{"page": {"2"}, "pageSize": {"100"}, "query": {"name~Acme"}, "orderBy": {"-created"}, "tags": {"uid=cust_1"}}, "", ""},
		{"undeclared query parameter", "GET", "/companies", url.Values{"search": {"Acme"}}, "",
			"GET /companies (list-companies) request: query.search: query parameter is not declared (the contract has page, pageSize, query, orderBy, tags)"},
		{"tags only on companies", "GET", companyPath + "/connections", url.Values{"tags": {"uid=1"}}, "",
			"query.tags: query parameter is not declared"},
		{"page minimum", "GET", "/companies", url.Values{"page": {"0"}}, "", "query.page: 0 is less than the minimum 1"},
		{"page is a number", "GET", "/companies", url.Values{"page": {"two"}}, "", `query.page: got string "two", want integer`},
		{"page size maximum", "GET", "/integrations", url.Values{"pageSize": {"5001"}}, "", "query.pageSize: 5001 is greater than the maximum 5000"},
		{"data status takes no query", "GET", companyPath + "/dataStatus", url.Values{"page": {"1"}}, "",
			"query.page: query parameter is not declared (the contract has none)"},
		{"company id must be a uuid", "GET", "/companies/acme", nil, "", `path.companyId: "acme" is not a valid uuid`},
		{"platform key pattern", "GET", "/integrations/XERO", nil, "", `path.platformKey: "XERO" does not match pattern "[a-z]{4}"`},
		{"platform key length", "GET", "/integrations/xeroo/branding", nil, "", `path.platformKey: "xeroo" is longer than 4 characters`},
		{"create company", "POST", "/companies", nil, `{"name":"Acme Ltd","description":"x","tags":{"uid":"cust_1"}}`, ""},
		{"create company without name", "POST", "/companies", nil, `{"description":"x"}`, "$.name: required property is missing"},
		{"create company body is optional in the contract", "POST", "/companies", nil, "", ""},
		{"update company with only tags", "PATCH", companyPath, nil, `{"tags":{"region":"uk"}}`, ""},
		{"update company bad name", "PATCH", companyPath, nil, `{"name":"Acme [UK]"}`, "$.name: \"Acme [UK]\" does not match pattern"},
		{"create connection", "POST", companyPath + "/connections", nil, `{"platformKey":"mqjo"}`, ""},
		{"create connection bad key", "POST", companyPath + "/connections", nil, `{"platformKey":"MQJ"}`,
			`$.platformKey: "MQJ" is shorter than 4 characters`},
		{"unlink", "PATCH", companyPath + "/connections/" + connectionID, nil, `{"status":"Unlinked"}`, ""},
		{"unlink extra field", "PATCH", companyPath + "/connections/" + connectionID, nil, `{"status":"Unlinked","reason":"x"}`,
			"$.reason: property is not allowed (additionalProperties is false)"},
		{"get with a body", "GET", companyPath, nil, `{}`, "$: the contract declares no request body"},
		{"webhook consumer", "POST", "/webhooks", nil, `{"url":"https://example.com/h","eventTypes":["connection.connected"],"companyTags":["uid:1"]}`, ""},
		{"webhook consumer url", "POST", "/webhooks", nil, `{"url":"example.com/h"}`, `$.url: "example.com/h" is not a valid uri`},
		{"delete webhook consumer id", "DELETE", "/webhooks/1", nil, "", `path.webhookId: "1" is not a valid uuid`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ValidateRequest(tt.method, tt.path, tt.query, []byte(tt.body))
			wantErr(t, err, tt.want)
		})
	}
}

func TestOperationID(t *testing.T) {
	s := LoadForTest(t)
	tests := []struct{ method, path, want string }{
		{"GET", "/companies", "list-companies"},
		{"get", "/companies/" + companyID, "get-company"},
		{"PATCH", "/companies/" + companyID + "/connections/" + connectionID, "unlink-connection"},
		{"GET", "/integrations/gbol/branding", "get-integrations-branding"},
		{"POST", "/webhooks/integrationKeys/zapier", "rotate-zapier-key"},
		{"DELETE", "/webhooks/" + companyID, "delete-webhook-consumer"},
		{"GET", "/companies/" + companyID + "/data/history", "list-pull-operations"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			got, err := s.OperationID(tt.method, tt.path)
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := s.OperationID("GET", "/nothing"); err == nil {
		t.Fatal("an unknown path named an operation")
	}
}

// wantErr checks err against want: empty means no error, otherwise a substring.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("want valid, got %v", err)
	case want != "" && err == nil:
		t.Fatalf("want an error containing %q, got none", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("want an error containing %q, got %v", want, err)
	}
}
