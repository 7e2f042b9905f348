package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestTimeDecodesCodatVariants(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339; "" for the zero time
	}{
		{`"2022-11-10T10:45:18.1950523Z"`, "2022-11-10T10:45:18.1950523Z"},
		{`"2022-01-01T12:30:00.000Z"`, "2022-01-01T12:30:00Z"},
		{`"2021-11-15T01:00:00"`, "2021-11-15T01:00:00Z"},
		{`"2021-11-15T01:00:00.5"`, "2021-11-15T01:00:00.5Z"},
		{`"2022-10-27T09:53:29+01:00"`, "2022-10-27T08:53:29Z"},
		{`"2022-10-27T09:53:29.12-0500"`, "2022-10-27T14:53:29.12Z"},
		{`"2022-10-27 09:53:29"`, "2022-10-27T09:53:29Z"},
		{`"2022-10-27"`, "2022-10-27T00:00:00Z"},
		{`null`, ""},
		{`""`, ""},
		{`"not a date"`, ""},
		{`1700000000`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got Time
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("error: %v", err)
			}
			if tt.want == "" {
				if !got.IsZero() {
					t.Fatalf("got %v, want the zero time", got)
				}
				return
			}
			if want := mustParseTime(t, tt.want); !got.Equal(want) {
				t.Fatalf("got %v, want %v", got.Time, want)
			}
		})
	}
}

func TestTimeRoundTrips(t *testing.T) {
	in := Time{mustParseTime(t, "2025-03-04T09:15:02.4410375Z")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Time
	if err := json.Unmarshal(b, &out); err != nil || !out.Equal(in.Time) {
		t.Fatalf("%s decoded to %v (%v)", b, out, err)
	}
}

func TestDecodingToleratesCodatQuirks(t *testing.T) {
	var co Company
	err := unmarshalClean([]byte(`{
		"id":"c","name":"N","description":null,"redirect":"https://link.codat.io/company/c",
		"lastSync":"","created":"2024-01-01T00:00:00","tags":null,"products":null,
		"unknownField":{"nested":[1,2]},"platform":"",
		"dataConnections":[{"id":"k","status":"Linked","sourceType":"Expense","lastSync":null,
			"dataConnectionErrors":[{"statusCode":403.0},{"statusCode":null},{"statusCode":"500","status":"Resolved"}]}]
	}`), &co)
	if err != nil {
		t.Fatal(err)
	}
	if co.LastSync != nil {
		t.Fatalf(`lastSync "" should decode as absent, got %v`, co.LastSync)
	}
	if co.Tags != nil || co.Products != nil || co.Description != "" {
		t.Fatalf("null fields: %+v", co)
	}
	conn := co.DataConnections[0]
	if conn.SourceType != "Expense" || conn.Status != Linked || conn.LastSync != nil {
		t.Fatalf("connection %+v", conn)
	}
	var codes []string
	for _, e := range conn.DataConnectionErrors {
		codes = append(codes, e.StatusCode)
	}
	if strings.Join(codes, ",") != "403.0,,500" || conn.DataConnectionErrors[2].Status != "Resolved" {
		t.Fatalf("status codes %q", codes)
	}
}

func TestErrorBodyFieldTypesVary(t *testing.T) {
	for _, body := range []string{
		`{"statusCode":404,"canBeRetried":"Unknown","error":"gone"}`,
		`{"statusCode":"404","canBeRetried":false,"error":"gone"}`,
		`{"statusCode":null,"canBeRetried":null,"error":"gone","validation":{"errors":null,"warnings":null}}`,
	} {
		var eb errorBody
		if err := unmarshalClean([]byte(body), &eb); err != nil || eb.Error != "gone" {
			t.Fatalf("%s: %+v, %v", body, eb, err)
		}
	}
}

// hostileEscapes is JSON string content carrying every trick a name could play on
// a terminal, plus a raw invalid byte, around the visible letters X and Y.
const hostileEscapes = `\u001b[31mX\u001b]52;c;ZWNobyBoaQ==\u0007\u001b]8;;https://evil.example\u001b\\\u009b2J\r\n\t\u202eY\u200b\u2066` + "\xff" + `\u0000\u00ad`

func hostileCompanyJSON() []byte {
	h := hostileEscapes
	return []byte(`{"id":"` + h + `","name":"` + h + `","description":"` + h + `","redirect":"` + h + `",
		"lastSync":"` + h + `","created":"2024-01-01T00:00:00Z","createdByUserName":"` + h + `",
		"products":["` + h + `"],"tags":{"` + h + `":"` + h + `"},
		"dataConnections":[{"id":"` + h + `","integrationId":"` + h + `","integrationKey":"` + h + `",
			"sourceId":"` + h + `","sourceType":"` + h + `","platformName":"` + h + `","linkUrl":"` + h + `",
			"status":"` + h + `","created":"` + h + `",
			"dataConnectionErrors":[{"statusCode":"` + h + `","statusText":"` + h + `","errorMessage":"` + h + `","status":"` + h + `"}]}]}`)
}

// walkStrings calls fn with every string in v, map keys included.
func walkStrings(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkStrings(v.Index(i), fn)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			walkStrings(iter.Key(), fn)
			walkStrings(iter.Value(), fn)
		}
	case reflect.String:
		fn(v.String())
	}
}

func assertEveryStringClean(t *testing.T, v any) int {
	t.Helper()
	n := 0
	walkStrings(reflect.ValueOf(v), func(s string) {
		n++
		if why, bad := unsafeForTerminal(s); bad {
			t.Errorf("decoded string %q keeps a %s", s, why)
		}
	})
	return n
}

func TestHostileStringsDoNotSurviveDecoding(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/companies":
			replyJSON(w, 200, []byte(`{"results":[`+string(hostileCompanyJSON())+`]}`))
		case "/companies/c/connections/k":
			replyJSON(w, 200, []byte(`{"id":"`+hostileEscapes+`","platformName":"`+hostileEscapes+`","dataConnectionErrors":[{"statusCode":"`+hostileEscapes+`"}]}`))
		case "/integrations":
			replyJSON(w, 200, []byte(`{"results":[{"key":"`+hostileEscapes+`","name":"`+hostileEscapes+`","logoUrl":"`+hostileEscapes+`",
				"datatypeFeatures":[{"datatype":"`+hostileEscapes+`","supportedFeatures":[{"featureType":"`+hostileEscapes+`","featureState":"`+hostileEscapes+`"}]}]}]}`))
		case "/integrations/k/branding":
			replyJSON(w, 200, []byte(`{"logo":{"full":{"image":{"src":"`+hostileEscapes+`","alt":"`+hostileEscapes+`"}}},"sourceId":"`+hostileEscapes+`"}`))
		case "/companies/c/dataStatus":
			replyJSON(w, 200, []byte(`{"`+hostileEscapes+`":{"dataType":"`+hostileEscapes+`","currentStatus":"`+hostileEscapes+`"}}`))
		case "/webhooks":
			replyJSON(w, 200, []byte(`{"results":[{"id":"`+hostileEscapes+`","url":"`+hostileEscapes+`","eventTypes":["`+hostileEscapes+`"],"companyTags":["`+hostileEscapes+`"]}]}`))
		default:
			replyJSON(w, 404, []byte(`{"error":"`+hostileEscapes+`","service":"`+hostileEscapes+`","correlationId":"`+hostileEscapes+`",
				"validation":{"errors":[{"message":"`+hostileEscapes+`"}]}}`))
		}
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	ctx := t.Context()

	cos, err := c.ListCompanies(ctx, ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if n := assertEveryStringClean(t, cos); n < 20 {
		t.Fatalf("only %d strings decoded; the fixture has more", n)
	}
	if name := cos[0].Name; !strings.Contains(name, "X") || !strings.Contains(name, "Y") {
		t.Fatalf("visible text lost: %q", name)
	}
	conn, err := c.GetConnection(ctx, "c", "k")
	if err != nil {
		t.Fatal(err)
	}
	assertEveryStringClean(t, conn)
	ins, err := c.ListIntegrations(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	assertEveryStringClean(t, ins)
	br, err := c.GetBranding(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	assertEveryStringClean(t, br)
	ds, err := c.DataStatus(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	if assertEveryStringClean(t, ds) != 5 {
		t.Fatalf("data status %+v", ds)
	}
	whs, err := c.ListWebhookConsumers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEveryStringClean(t, whs)

	_, err = c.GetCompany(ctx, "missing")
	var e *Error
	if !IsNotFound(err) || !errors.As(err, &e) {
		t.Fatalf("error %v", err)
	}
	assertEveryStringClean(t, *e)
	if why, bad := unsafeForTerminal(err.Error()); bad {
		t.Fatalf("error text %q keeps a %s", err.Error(), why)
	}
}

func TestSanitizeStringsReachesEveryShape(t *testing.T) {
	type inner struct{ S string }
	type holder struct {
		S      string
		P      *string
		Slice  []string
		Array  [2]string
		Map    map[string]inner
		Any    any
		Nested []map[string][]*inner
		Bytes  []byte
		hidden string
	}
	bad := "\x1b[2Ja\u202eb"
	p := bad
	v := holder{
		S: bad, P: &p, Slice: []string{bad}, Array: [2]string{bad, bad},
		Map:    map[string]inner{bad: {bad}},
		Any:    map[string]any{"k": []any{bad, map[string]any{bad: bad}}},
		Nested: []map[string][]*inner{{bad: {{bad}, nil}}},
		Bytes:  []byte(bad),
		hidden: bad,
	}
	sanitizeStrings(reflect.ValueOf(&v))
	if n := assertEveryStringClean(t, v); n != 13 {
		t.Fatalf("checked %d strings, want 13", n)
	}
	if string(v.Bytes) != bad || v.hidden != bad {
		t.Fatal("bytes and unexported fields are not text to sanitize")
	}
	if v.S != "ab" {
		t.Fatalf("S = %q", v.S)
	}
}

func FuzzDecodeCompany(f *testing.F) {
	f.Add(hostileCompanyJSON())
	f.Add([]byte(`{"id":"c","name":"Acme","created":"2024-01-01T00:00:00","dataConnections":[{"dataConnectionErrors":[{"statusCode":401}]}]}`))
	f.Add([]byte(`{"tags":{"\u202e":"\u009b"},"lastSync":null}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"name":"\xff\xfe\x1b[31m"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var co Company
		if err := unmarshalClean(data, &co); err != nil {
			return
		}
		assertEveryStringClean(t, co)
	})
}

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"results":[` + string(hostileCompanyJSON()) + `],"_links":{"next":{"href":"` + hostileEscapes + `"}}}`))
	f.Add([]byte(`{"results":null,"pageNumber":1,"pageSize":100,"totalResults":0,"_links":{"self":{"href":"/companies"}}}`))
	f.Add([]byte(`{"results":[{"id":"\u001b]52;c;?\u0007"}],"totalResults":"3"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p page[Company]
		if err := unmarshalClean(data, &p); err != nil {
			return
		}
		assertEveryStringClean(t, p)
		var c page[Connection]
		if err := unmarshalClean(data, &c); err == nil {
			assertEveryStringClean(t, c)
		}
	})
}

func TestUnreadableAnswersAreErrors(t *testing.T) {
	tests := []struct{ name, body string }{
		{"truncated JSON", `{"id":"c-1","name":"Acme`},
		{"empty body", ``},
		{"HTML page", `<html>Bad gateway</html>`},
		{"wrong shape", `{"name":["Acme"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, 200, []byte(tt.body))
			})
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			_, err := c.GetCompany(t.Context(), "c-1")
			var e *Error
			// Package explain words it: "Could not get company: Codat's
			// answer could not be read (…)".
			if !errors.As(err, &e) || e.Status != 200 || e.Op != OpGetCompany || e.Err == nil {
				t.Fatalf("error %#v", err)
			}
			if n := len(f.requests()); n != 1 {
				t.Fatalf("%d requests; an unreadable answer is not retried", n)
			}
		})
	}
}
