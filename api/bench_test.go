package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Strings as Codat sends them, from the everyday to the hostile.
var sanitizeCases = []struct{ name, in string }{
	{"ascii-name", "Harbour Bakery Ltd"},
	{"accented-name", "Crème Brûlée Café & Söhne GmbH"},
	{"error-message", "The platform rejected the credentials: the user cancelled the authorization at the consent screen."},
	{"hostile-name", "Acme\x1b[31m Ltd\r\u202eevil\u202c\x07\x08\u009b2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x1b]52;c;ZXZpbA==\x07\x1b]2;title\x07"},
	{"hostile-4KiB", strings.Repeat("Ltd\x1b[2J\u202e\u200b\xff\t", 256)},
}

// BenchmarkSanitize measures Sanitize on clean text (the common case, which
// must not allocate) and on text full of escapes and controls.
func BenchmarkSanitize(b *testing.B) {
	for _, tc := range sanitizeCases {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.in)))
			var out string
			for b.Loop() {
				out = Sanitize(tc.in)
			}
			if !isCleanText(out) {
				b.Fatalf("Sanitize left unsafe text: %q", out)
			}
		})
	}
}

// companiesPage is a page of n companies as Codat lists them: every field
// the client decodes, a connection on most, and one hostile name in a
// hundred so the sanitizing walk has something to repair.
func companiesPage(n int) []byte {
	created := time.Date(2025, 6, 1, 9, 30, 0, 0, time.UTC)
	results := make([]map[string]any, n)
	for i := range results {
		id := fmt.Sprintf("3fa85f64-5717-4562-b3fc-%012d", i)
		name := fmt.Sprintf("Harbour Bakery %d Ltd", i)
		if i%100 == 0 {
			name = fmt.Sprintf("Harbour\x1b[31m Bakery %d\u202e Ltd", i)
		}
		co := map[string]any{
			"id": id, "name": name, "description": "Bakery and café, two sites",
			"redirect":          "https://link.codat.io/company/" + id,
			"created":           created.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
			"lastSync":          created.Add(48 * time.Hour).Format("2006-01-02T15:04:05.000"),
			"createdByUserName": "sam@acme.example",
			"products":          []string{"spend-insights", "lending"},
			"tags":              map[string]string{"uid": fmt.Sprintf("cust_%06d", i), "region": "uk"},
		}
		if i%4 != 0 {
			co["dataConnections"] = []map[string]any{{
				"id": fmt.Sprintf("51baa045-4836-4317-a42e-%012d", i), "integrationId": "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
				"integrationKey": "gbol", "sourceId": "8a156a5a-39cb-4f9d-856e-76ef9b9a9607", "sourceType": "Accounting",
				"platformName": "Xero", "status": "Linked",
				"linkUrl": "https://link-api.codat.io/companies/" + id + "/connections/51baa045/start",
				"created": created.Format(time.RFC3339Nano), "lastSync": created.Add(time.Hour).Format(time.RFC3339),
			}}
		}
		results[i] = co
	}
	body, err := json.Marshal(map[string]any{
		"results": results, "pageNumber": 1, "pageSize": n, "totalResults": n,
		"_links": map[string]any{"self": map[string]string{"href": "/companies"}, "current": map[string]string{"href": "/companies?page=1&pageSize=2000"}},
	})
	if err != nil {
		panic(err)
	}
	return body
}

// BenchmarkDecodeCompanies decodes a 2,000-company page: "client" is the
// whole path a list takes (request over loopback, read, decode, sanitize),
// "decode" the decode-and-sanitize step alone.
func BenchmarkDecodeCompanies(b *testing.B) {
	const n = 2000
	body := companiesPage(n)

	b.Run("client", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(body) //nolint:errcheck // the client reports a short answer
		}))
		b.Cleanup(srv.Close)
		c, err := New(Config{BaseURL: srv.URL, APIKey: testKey})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(c.hc.CloseIdleConnections)
		b.SetBytes(int64(len(body)))
		var got []Company
		for b.Loop() {
			if got, err = c.ListCompanies(b.Context(), ListCompaniesParams{PageSize: n}); err != nil {
				b.Fatal(err)
			}
		}
		checkDecodedPage(b, got, n)
		if calls := c.Calls().Total; calls != b.N {
			b.Fatalf("%d requests for %d lists, want one each", calls, b.N)
		}
	})

	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		var p page[Company]
		for b.Loop() {
			p = page[Company]{}
			if err := unmarshalClean(body, &p); err != nil {
				b.Fatal(err)
			}
		}
		checkDecodedPage(b, p.Results, n)
	})
}

func checkDecodedPage(b *testing.B, got []Company, n int) {
	b.Helper()
	if len(got) != n {
		b.Fatalf("decoded %d companies, want %d", len(got), n)
	}
	if name := got[100].Name; !isCleanText(name) || !strings.Contains(name, "Bakery 100") {
		b.Fatalf("hostile name decoded as %q", name)
	}
	if len(got[1].DataConnections) != 1 || got[1].Created.IsZero() {
		b.Fatalf("company decoded without its connection or date: %+v", got[1])
	}
}
