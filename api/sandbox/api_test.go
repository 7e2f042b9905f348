package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestAuthorization(t *testing.T) {
	h := newHarness(t, Options{APIKey: "k3y-for-tests"})
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, header string
		want         int
	}{
		{"no header", "", 401},
		{"wrong key", "Basic " + b64("not-the-key"), 401},
		{"raw key without base64", "Basic k3y-for-tests", 401},
		{"user:password style (curl -u)", "Basic " + b64("k3y-for-tests:"), 401},
		{"bearer scheme", "Bearer " + b64("k3y-for-tests"), 401},
		{"base64 of the key", "Basic " + b64("k3y-for-tests"), 200},
		{"scheme in lower case", "basic " + b64("k3y-for-tests"), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, body := h.doAuth("GET", "/integrations", nil, tt.header)
			if got != tt.want {
				t.Fatalf("status %d, want %d: %s", got, tt.want, body)
			}
			if got == 401 {
				b := checkErrorBody(t, 401, body)
				if b["error"] != "Unauthorized" {
					t.Errorf("error = %v", b["error"])
				}
			}
		})
	}
	// Link pages are for browsers and need no key.
	if got, _, _ := h.doAuth("GET", "/link/company/nope", nil, ""); got != 404 {
		t.Errorf("link page without key: %d, want 404 page", got)
	}
}

func TestStatusCodes(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.createCompany("Status Co", nil)
	con := h.createConnection(c.ID, "mqjo")
	tests := []struct {
		method, path string
		body         any
		want         int
	}{
		{"GET", "/companies", nil, 200},
		{"GET", "/companies/" + c.ID, nil, 200},
		{"PATCH", "/companies/" + c.ID, map[string]string{"description": "d"}, 200},
		{"PUT", "/companies/" + c.ID, map[string]string{"name": "Status Co"}, 200},
		{"GET", "/companies/" + c.ID + "/connections", nil, 200},
		{"GET", "/companies/" + c.ID + "/connections/" + con.ID, nil, 200},
		{"PATCH", "/companies/" + c.ID + "/connections/" + con.ID, map[string]string{"status": "Unlinked"}, 403}, // not Linked; no 400 in the contract
		{"GET", "/companies/" + c.ID + "/dataStatus", nil, 200},
		{"GET", "/integrations", nil, 200},
		{"GET", "/integrations/gbol", nil, 200},
		{"GET", "/integrations/gbol/branding", nil, 200},
		{"GET", "/integrations/zzzz", nil, 404},
		{"GET", "/webhooks", nil, 200},
		{"POST", "/webhooks", map[string]any{"url": "http://127.0.0.1:9/hook"}, 201},
		{"DELETE", "/webhooks/00000000-0000-4000-8000-000000000000", nil, 404},
		{"GET", "/companies/00000000-0000-4000-8000-000000000000", nil, 404},
		{"GET", "/companies/" + c.ID + "/connections/00000000-0000-4000-8000-000000000000", nil, 404},
		{"POST", "/companies", "{not json", 400},
		{"GET", "/nowhere", nil, 404},
		{"DELETE", "/integrations", nil, 405},
		{"DELETE", "/companies/" + c.ID + "/connections/" + con.ID, nil, 200},
		{"DELETE", "/companies/" + c.ID, nil, 204},
		{"GET", "/companies/" + c.ID, nil, 404},
		{"DELETE", "/companies/" + c.ID, nil, 404},
	}
	for _, tt := range tests {
		got, _, body := h.do(tt.method, tt.path, tt.body)
		if got != tt.want {
			t.Errorf("%s %s: %d, want %d: %s", tt.method, tt.path, got, tt.want, body)
			continue
		}
		switch {
		case got >= 400:
			checkErrorBody(t, got, body)
		case got == 204 || tt.method == "DELETE":
			if len(body) != 0 {
				t.Errorf("%s %s: body %q, want none", tt.method, tt.path, body)
			}
		}
	}
	_, _, body := h.do("GET", "/companies/00000000-0000-4000-8000-000000000000", nil)
	if b := checkErrorBody(t, 404, body); b["error"] != "No company was found with ID 00000000-0000-4000-8000-000000000000" {
		t.Errorf("404 error text = %v", b["error"])
	}
}

func TestCompanyValidation(t *testing.T) {
	h := newHarness(t, Options{})
	tags := func(n, keyLen, valueLen int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("%0*d", keyLen, i)] = strings.Repeat("v", valueLen)
		}
		return m
	}
	tests := []struct {
		name     string
		body     map[string]any
		want     int
		wantName string
	}{
		{"forbidden characters stripped", map[string]any{"name": "Company (Codat[1])"}, 200, "Company Codat1"},
		{"allowed punctuation kept", map[string]any{"name": "O'Brien & Sons, Ltd. @Home?!"}, 200, "O'Brien & Sons, Ltd. @Home?!"},
		{"non-ASCII letters stripped", map[string]any{"name": "Café Zoë"}, 200, "Caf Zo"},
		{"nothing left after stripping", map[string]any{"name": "(【】)"}, 400, ""},
		{"missing name", map[string]any{"description": "x"}, 400, ""},
		{"ten tags", map[string]any{"name": "T", "tags": tags(10, 27, 100)}, 200, "T"},
		{"eleven tags", map[string]any{"name": "T", "tags": tags(11, 2, 1)}, 400, ""},
		{"tag key too long", map[string]any{"name": "T", "tags": tags(1, 28, 1)}, 400, ""},
		{"tag value too long", map[string]any{"name": "T", "tags": tags(1, 3, 101)}, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, body := h.do("POST", "/companies", tt.body)
			if got != tt.want {
				t.Fatalf("status %d, want %d: %s", got, tt.want, body)
			}
			if got == 400 {
				b := checkErrorBody(t, 400, body)
				v, _ := b["validation"].(map[string]any)
				if errs, _ := v["errors"].([]any); len(errs) == 0 {
					t.Errorf("400 without validation errors: %s", body)
				}
				return
			}
			var c companyJSON
			json.Unmarshal(body, &c)
			if c.Name != tt.wantName {
				t.Errorf("name = %q, want %q", c.Name, tt.wantName)
			}
			if c.Redirect != h.s.LinkBase()+"/company/"+c.ID {
				t.Errorf("redirect = %q", c.Redirect)
			}
		})
	}
}

func TestCompanyPatch(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.createCompany("Patch Co", map[string]string{"uid": "1"})
	var got companyJSON
	h.mustDo("PATCH", "/companies/"+c.ID, map[string]any{"description": "new"}, 200, &got)
	if got.Name != "Patch Co" || got.Description != "new" || got.Tags["uid"] != "1" {
		t.Errorf("absent fields changed: %+v", got)
	}
	h.mustDo("PATCH", "/companies/"+c.ID, `{"name":null,"tags":null}`, 200, &got)
	if got.Name != "Patch Co" || got.Tags["uid"] != "1" {
		t.Errorf("null fields changed: %+v", got)
	}
	var renamed companyJSON
	h.mustDo("PATCH", "/companies/"+c.ID, map[string]any{"name": "Renamed (2)", "tags": map[string]string{}}, 200, &renamed)
	if renamed.Name != "Renamed 2" || len(renamed.Tags) != 0 {
		t.Errorf("after rename and clearing tags: %+v", renamed)
	}
	if code, _, _ := h.do("PATCH", "/companies/"+c.ID, map[string]any{"name": "[]"}); code != 403 {
		t.Errorf("PATCH to an empty name: %d, want 403 (the contract has no 400 here)", code)
	}
}

func TestPaging(t *testing.T) {
	h := newHarness(t, Options{})
	for i := range 25 {
		h.createCompany(fmt.Sprintf("Paging %02d", i), nil)
	}
	type page = pageJSON[companyJSON]
	var p page
	h.mustDo("GET", "/companies?page=1&pageSize=10", nil, 200, &p)
	if p.TotalResults != 25 || p.PageNumber != 1 || p.PageSize != 10 || len(p.Results) != 10 {
		t.Fatalf("page 1: total %d number %d size %d results %d", p.TotalResults, p.PageNumber, p.PageSize, len(p.Results))
	}
	if p.Links.Self.Href != "/companies" || p.Links.Current.Href != "/companies?page=1&pageSize=10" {
		t.Errorf("links: %+v", p.Links)
	}
	if p.Links.Previous != nil || p.Links.Next == nil {
		t.Errorf("page 1 should have next and no previous: %+v", p.Links)
	}
	// Follow next links to the end, as a client would.
	seen := map[string]bool{}
	href := "/companies?pageSize=10"
	pages := 0
	for href != "" {
		var pg page
		h.mustDo("GET", href, nil, 200, &pg)
		pages++
		for _, c := range pg.Results {
			seen[c.ID] = true
		}
		href = ""
		if pg.Links.Next != nil {
			href = pg.Links.Next.Href
		}
		if pg.PageNumber == 3 && (len(pg.Results) != 5 || pg.Links.Previous == nil) {
			t.Errorf("last page: %d results, previous %v", len(pg.Results), pg.Links.Previous)
		}
	}
	if pages != 3 || len(seen) != 25 {
		t.Errorf("followed %d pages and saw %d companies, want 3 and 25", pages, len(seen))
	}
	var beyond page
	h.mustDo("GET", "/companies?page=9&pageSize=10", nil, 200, &beyond)
	if len(beyond.Results) != 0 || beyond.Results == nil || beyond.TotalResults != 25 {
		t.Errorf("page past the end: %+v", beyond)
	}
	var desc page
	h.mustDo("GET", "/companies?pageSize=3&orderBy=-name", nil, 200, &desc)
	if desc.Results[0].Name != "Paging 24" || !strings.Contains(desc.Links.Next.Href, "orderBy=-name") {
		t.Errorf("orderBy=-name: first %q, next %q", desc.Results[0].Name, desc.Links.Next.Href)
	}
	for _, bad := range []string{"page=0", "pageSize=0", "pageSize=5001", "page=x", "orderBy=nonsense"} {
		code, _, body := h.do("GET", "/companies?"+bad, nil)
		if code != 400 {
			t.Errorf("%s: %d, want 400", bad, code)
		} else {
			checkErrorBody(t, 400, body)
		}
	}
}

func TestQueryLanguage(t *testing.T) {
	h := newHarness(t, Options{})
	acme := h.createCompany("Acme Ltd", nil)
	h.createCompany("Acme Holdings", nil)
	h.createCompany("Bolt", nil)
	h.createConnection(acme.ID, "mqjo")

	tests := []struct {
		path  string
		query string
		want  int // results; -1 for a 400
	}{
		{"/companies", "name=acme ltd", 1},
		{"/companies", "name=Acme", 0},
		{"/companies", "name~CME", 2},
		{"/companies", "name!=Bolt", 2},
		{"/companies", "name~acme && name!=acme ltd", 1},
		{"/companies", "{name=Bolt || name=Acme Ltd}", 2},
		{"/companies", "dataConnections.status=PendingAuth", 1},
		{"/companies", "dataConnections.status!=PendingAuth", 2},
		{"/companies", "dataConnections.integrationKey=mqjo", 1},
		{"/integrations", "sourceType=accounting&&enabled=true", 11},
		{"/integrations", "sourceType=Accounting", 12},
		{"/integrations", "enabled=false", 2},
		{"/integrations", "key=gbol || key=qhyg", 2},
		{"/integrations", "isOfflineConnector=true", 1},
		{"/integrations", "name~sandbox", 3},
		{"/companies/" + acme.ID + "/connections", "status=PendingAuth", 1},
		{"/companies/" + acme.ID + "/connections", "status=Linked", 0},
		{"/companies", "name", -1},
		{"/companies", "name=", -1},
		{"/companies", "=Acme", -1},
		{"/companies", "name=Acme &&", -1},
		{"/companies", "{name=Acme", -1},
		{"/companies", "name==Acme", -1},
		{"/integrations", "enabled=maybe", -1},
		{"/integrations", "enabled~tr", -1},
		{"/companies", "colour=red", -1},
	}
	for _, tt := range tests {
		t.Run(tt.path+"?"+tt.query, func(t *testing.T) {
			code, _, body := h.do("GET", tt.path+"?query="+url.QueryEscape(tt.query), nil)
			if tt.want < 0 {
				if code != 400 {
					t.Fatalf("status %d, want 400: %s", code, body)
				}
				b := checkErrorBody(t, 400, body)
				if msg, _ := b["error"].(string); !strings.HasPrefix(msg, "Error parsing query - ") {
					t.Errorf("error = %q", msg)
				}
				return
			}
			if code != 200 {
				t.Fatalf("status %d: %s", code, body)
			}
			var p pageJSON[map[string]any]
			json.Unmarshal(body, &p)
			if p.TotalResults != tt.want || len(p.Results) != tt.want {
				t.Errorf("got %d results (total %d), want %d", len(p.Results), p.TotalResults, tt.want)
			}
		})
	}
	_, _, body := h.do("GET", "/companies?query="+url.QueryEscape("name"), nil)
	if b := checkErrorBody(t, 400, body); b["error"] != "Error parsing query - Malformed query." {
		t.Errorf("malformed query text = %v", b["error"])
	}
}

func TestTagsFilter(t *testing.T) {
	h := newHarness(t, Options{})
	h.createCompany("UK finance", map[string]string{"region": "uk", "team": "invoice-finance", "uid": "cust_123"})
	h.createCompany("UK other", map[string]string{"region": "uk", "team": "other"})
	h.createCompany("US", map[string]string{"region": "us"})
	h.createCompany("Untagged", nil)
	tests := []struct {
		tags string
		want []string
	}{
		{"uid=cust_123", []string{"UK finance"}},
		{"region=uk", []string{"UK finance", "UK other"}},
		{"region!=uk", []string{"US", "Untagged"}},
		{"region = uk && team = invoice-finance", []string{"UK finance"}},
		{"uid~cust", []string{"UK finance"}},
		{"region=fr", nil},
	}
	for _, tt := range tests {
		var p pageJSON[companyJSON]
		h.mustDo("GET", "/companies?tags="+url.QueryEscape(tt.tags), nil, 200, &p)
		var names []string
		for _, c := range p.Results {
			names = append(names, c.Name)
		}
		if strings.Join(names, ",") != strings.Join(tt.want, ",") || p.TotalResults != len(tt.want) {
			t.Errorf("tags=%s: got %v (total %d), want %v", tt.tags, names, p.TotalResults, tt.want)
		}
	}
	if code, _, _ := h.do("GET", "/companies?tags="+url.QueryEscape("region"), nil); code != 400 {
		t.Errorf("malformed tags filter: %d, want 400", code)
	}
}

func TestIntegrationCatalogue(t *testing.T) {
	h := newHarness(t, Options{})
	var p pageJSON[integrationJSON]
	h.mustDo("GET", "/integrations", nil, 200, &p)
	byKey := map[string]integrationJSON{}
	for _, in := range p.Results {
		byKey[in.Key] = in
	}
	want := map[string]string{
		"gbol": "Xero", "qhyg": "QuickBooks Online", "ndsk": "QuickBooks Online Sandbox", "tgff": "Sage Accounting",
		"knfz": "Sage Intacct", "akxx": "Oracle NetSuite", "fbrh": "FreeAgent", "trji": "Dynamics 365 Business Central",
		"rwuv": "Zoho Books", "pdvj": "MYOB Business", "mqjo": "Codat Sandbox", "pqsw": "QuickBooks Desktop",
		"suuo": "Plaid", "upvr": "TrueLayer", "fztf": "Shopify", "exgd": "Stripe", "zsth": "Square",
		"qkdj": "Amazon Seller Central", "ltpp": "WooCommerce", "aiwb": "Commerce Sandbox",
	}
	for key, name := range want {
		in, ok := byKey[key]
		if !ok || in.Name != name {
			t.Errorf("%s: got %+v, want name %q", key, in.Name, name)
			continue
		}
		if in.LogoURL != "https://static.codat.io/public/platforms/"+key+".png" || len(in.DatatypeFeatures) == 0 {
			t.Errorf("%s: logo %q, %d datatype features", key, in.LogoURL, len(in.DatatypeFeatures))
		}
	}
	if !byKey["mqjo"].Enabled || !byKey["aiwb"].Enabled || byKey["pdvj"].Enabled || !byKey["pqsw"].IsOfflineConnector {
		t.Error("sandboxes must be enabled, MYOB disabled, QuickBooks Desktop offline")
	}
	// IDs are stable across servers.
	h2 := newHarness(t, Options{})
	var again integrationJSON
	h2.mustDo("GET", "/integrations/gbol", nil, 200, &again)
	if again.IntegrationID != byKey["gbol"].IntegrationID || again.SourceID != byKey["gbol"].SourceID {
		t.Error("integration ids differ between two sandboxes")
	}
	var b brandingJSON
	h.mustDo("GET", "/integrations/qhyg/branding", nil, 200, &b)
	if b.Button.Default == nil || b.Logo.Full.Image.Src == "" || b.SourceID != byKey["qhyg"].SourceID {
		t.Errorf("QuickBooks branding: %+v", b)
	}
}

func TestWebhookConsumersAPI(t *testing.T) {
	h := newHarness(t, Options{})
	var created webhookConsumerJSON
	h.mustDo("POST", "/webhooks", map[string]any{"url": "https://example.com/hook", "eventTypes": []string{"connection.connected"}, "companyTags": []string{"region:uk"}}, 201, &created)
	var list webhookConsumersJSON
	h.mustDo("GET", "/webhooks", nil, 200, &list)
	if len(list.Results) != 1 || list.Results[0].ID != created.ID || list.Results[0].CompanyTags[0] != "region:uk" {
		t.Fatalf("list: %+v", list)
	}
	for _, bad := range []map[string]any{
		{"url": "not a url"},
		{"url": "ftp://example.com"},
		{"url": "https://example.com", "companyTags": []string{"no-colon"}},
	} {
		if code, _, body := h.do("POST", "/webhooks", bad); code != 400 {
			t.Errorf("%v: %d, want 400", bad, code)
		} else {
			checkErrorBody(t, 400, body)
		}
	}
	h.mustDo("DELETE", "/webhooks/"+created.ID, nil, 204, nil)
	h.mustDo("GET", "/webhooks", nil, 200, &list)
	if len(list.Results) != 0 {
		t.Errorf("after delete: %+v", list)
	}
}
