package oascheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// knownWrongExamples are examples in the Codat contract that break its own
// schemas. They are reported upstream quirks, not checker bugs, so they are
// skipped by name rather than by loosening the validator.
var knownWrongExamples = map[string]string{
	// sourceId and sourceType values are swapped, and featureType/featureState
	// are lower case (see api-notes §4 "Spec quirks").
	"#/components/schemas/Integration examples[0]": "sourceId/sourceType swapped, lower-case feature enums",
	// Placeholder values ("string") where the schema has enums.
	"#/components/schemas/DataStatus examples[0]": `placeholder "string" for dataType and currentStatus`,
}

// specExample is one example value the contract carries, with the schema it
// illustrates.
type specExample struct {
	where  string
	schema any
	value  any
}

// collectExamples gathers the examples of every JSON request and response body
// and every component schema.
func collectExamples(t *testing.T, s *Spec) []specExample {
	t.Helper()
	var out []specExample
	fromMedia := func(where string, content any) {
		media, _ := content.(map[string]any)["application/json"].(map[string]any)
		if media == nil {
			return
		}
		examples, _ := media["examples"].(map[string]any)
		for _, name := range slices.Sorted(maps.Keys(examples)) {
			ex, err := s.deref(examples[name])
			if err != nil {
				t.Fatalf("%s example %q: %v", where, name, err)
			}
			out = append(out, specExample{where + " example " + name, media["schema"], ex["value"]})
		}
	}
	for _, r := range s.routes {
		opName := r.method + " " + r.template
		if raw, ok := r.op["requestBody"]; ok {
			body, err := s.deref(raw)
			if err != nil {
				t.Fatal(err)
			}
			fromMedia(opName+" request", body["content"])
		}
		responses, _ := r.op["responses"].(map[string]any)
		for _, code := range slices.Sorted(maps.Keys(responses)) {
			resp, err := s.deref(responses[code])
			if err != nil {
				t.Fatal(err)
			}
			if content, ok := resp["content"]; ok {
				fromMedia(opName+" "+code, content)
			}
		}
	}
	schemas := s.root["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		sc := schemas[name].(map[string]any)
		where := "#/components/schemas/" + name
		if ex, ok := sc["example"]; ok {
			out = append(out, specExample{where + " example", sc, ex})
		}
		for i, ex := range list(sc["examples"]) {
			out = append(out, specExample{fmt.Sprintf("%s examples[%d]", where, i), sc, ex})
		}
	}
	return out
}

func TestSpecExamplesValidate(t *testing.T) {
	s := LoadForTest(t)
	examples := collectExamples(t, s)
	checked := map[string]bool{}
	for _, ex := range examples {
		t.Run(ex.where, func(t *testing.T) {
			if reason, ok := knownWrongExamples[ex.where]; ok {
				if len(s.check(ex.schema, ex.value, "$")) == 0 {
					t.Fatalf("listed as known-wrong (%s) but now validates: drop it from the list", reason)
				}
				t.Skipf("known-wrong example in the contract: %s", reason)
			}
			checked[ex.where] = true
			if problems := s.check(ex.schema, ex.value, "$"); len(problems) > 0 {
				t.Errorf("%v", problems)
			}
		})
	}
	// The examples that matter most to onboard must be among those checked, so
	// this test cannot pass by finding nothing.
	for _, want := range []string{
		"#/components/schemas/Company examples[0]",
		"#/components/schemas/Connection example",
		"GET /companies 200 example List of Companies",
		"GET /companies/{companyId} 200 example Subsidiary multi-entity company",
		"POST /companies 200 example With a tag",
		"GET /companies/{companyId}/connections 200 example Connections",
		"GET /companies/{companyId}/dataStatus 200 example Example",
		"GET /companies/{companyId} 404 example Company not found",
		"POST /webhooks 201 example Subscribe consumer to one or more event types",
		"#/components/schemas/Branding examples[0]",
	} {
		if !checked[want] {
			t.Errorf("example %q was not checked", want)
		}
	}
}

// TestEveryRefResolves walks the whole contract so that a reference the
// checker cannot follow (escaping, pointers into paths or parameters) shows up
// here rather than as a confusing failure in someone's traffic test.
func TestEveryRefResolves(t *testing.T) {
	s := LoadForTest(t)
	n := 0
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				n++
				if _, err := s.resolve(ref); err != nil {
					t.Errorf("%s: %v", at, err)
				}
			}
			for k, c := range v {
				walk(c, at+"/"+k)
			}
		case []any:
			for i, c := range v {
				walk(c, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(s.root, "#")
	if n < 500 {
		t.Fatalf("found only %d references; the contract has hundreds", n)
	}
}

// TestEveryKeywordUnderstood fails when the contract starts using a schema
// keyword the validator would otherwise have to refuse at run time.
func TestEveryKeywordUnderstood(t *testing.T) {
	s := LoadForTest(t)
	var walkSchema func(v any, at string)
	walkSchema = func(v any, at string) {
		sc, ok := v.(map[string]any)
		if !ok {
			return
		}
		for k := range sc {
			if !validationKeywords[k] && !annotationKeywords[k] && !strings.HasPrefix(k, "x-") {
				t.Errorf("%s: keyword %q is not understood", at, k)
			}
		}
		for _, k := range []string{"properties", "definitions", "$defs"} {
			m, _ := sc[k].(map[string]any)
			for name, sub := range m {
				walkSchema(sub, at+"/"+k+"/"+name)
			}
		}
		for _, k := range []string{"items", "additionalProperties", "propertyNames"} {
			walkSchema(sc[k], at+"/"+k)
		}
		for _, k := range []string{"allOf", "anyOf", "oneOf"} {
			for i, sub := range list(sc[k]) {
				walkSchema(sub, fmt.Sprintf("%s/%s/%d", at, k, i))
			}
		}
	}
	schemas := s.root["components"].(map[string]any)["schemas"].(map[string]any)
	for name, sc := range schemas {
		walkSchema(sc, "#/components/schemas/"+name)
	}
	// Inline schemas under operations, parameters and media types.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				if k == "schema" {
					walkSchema(c, at+"/schema")
					continue
				}
				walk(c, at+"/"+k)
			}
		case []any:
			for i, c := range v {
				walk(c, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(s.root["paths"], "#/paths")
	walk(s.root["webhooks"], "#/webhooks")
	walk(s.root["components"].(map[string]any)["parameters"], "#/components/parameters")
	walk(s.root["components"].(map[string]any)["responses"], "#/components/responses")
}

const validConnection = `{
	"id": "ee2eb431-c0fa-4dc9-93fa-d29781c12bcd",
	"integrationId": "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
	"integrationKey": "mqjo",
	"sourceId": "bdd831ce-eebd-4896-89a7-20e5ee8989ee",
	"sourceType": "Accounting",
	"platformName": "Codat Sandbox",
	"linkUrl": "https://link-api.codat.io/companies/86bd88cb-44ab-4dfb-b32f-87b19b14287f/connections/ee2eb431-c0fa-4dc9-93fa-d29781c12bcd/start",
	"status": "PendingAuth",
	"lastSync": null,
	"created": "2026-10-27T09:53:29Z",
	"dataConnectionErrors": [{"statusCode": "403", "status": null, "resolvedOnUtc": null}],
	"connectionInfo": null
}`

// withField returns doc (a JSON object) with key set to raw JSON, or removed
// when raw is empty.
func withField(t *testing.T, doc, key, raw string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	if raw == "" {
		delete(m, key)
	} else {
		m[key] = json.RawMessage(raw)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestValidateSchema(t *testing.T) {
	s := LoadForTest(t)
	company := `{"id":"ab12c58d-a678-4ebf-a159-ae99e1807bd0","name":"Technicalium",
		"redirect":"https://link.codat.io/company/ab12c58d-a678-4ebf-a159-ae99e1807bd0",
		"created":"2026-11-10T10:45:18Z","tags":{"uid":"cust_123"},"dataConnections":[]}`
	elevenTags := `{"a":"1","b":"1","c":"1","d":"1","e":"1","f":"1","g":"1","h":"1","i":"1","j":"1","k":"1"}`

	tests := []struct {
		name   string
		schema string
		doc    string
		want   []string // one per expected problem, see matchProblems; none means valid
	}{
		{"connection valid", "Connection", validConnection, nil},
		{"connection without integrationKey is valid", "Connection", withField(t, validConnection, "integrationKey", ""), nil},
		{"connection missing required status", "Connection", withField(t, validConnection, "status", ""),
			[]string{"$.status: required property is missing"}},
		{"connection status not in enum", "Connection", withField(t, validConnection, "status", `"Foo"`),
			[]string{`$.status: "Foo" is not one of ["PendingAuth","Linked","Unlinked","Deauthorized"]`}},
		{"connection extra property", "Connection", withField(t, validConnection, "platform", `""`),
			[]string{"$.platform: property is not allowed (additionalProperties is false)"}},
		{"connection wrong type", "Connection", withField(t, validConnection, "integrationId", `42`),
			[]string{"$.integrationId: got integer 42, want string"}},
		{"connection created is not nullable", "Connection", withField(t, validConnection, "created", `null`),
			[]string{"$.created: got null, want string"}},
		{"connection id through a parameter schema ref", "Connection", withField(t, validConnection, "id", `"42"`),
			[]string{`$.id: "42" is not a valid uuid`}},
		{"connection error statusCode is a string", "Connection",
			withField(t, validConnection, "dataConnectionErrors", `[{"statusCode":403,"status":"Gone"}]`),
			[]string{"$.dataConnectionErrors[0].statusCode: got integer 403, want string",
				`$.dataConnectionErrors[0].status: "Gone" is not one of ["Active","Resolved"]`}},
		{"connection linkUrl is a uri", "Connection", withField(t, validConnection, "linkUrl", `"/start"`),
			[]string{`$.linkUrl: "/start" is not a valid uri`}},
		{"company valid", "Company", company, nil},
		{"company nested connection through allOf and refs", "Company",
			withField(t, company, "dataConnections", "["+withField(t, validConnection, "sourceType", `"Bank"`)+"]"),
			[]string{`$.dataConnections[0].sourceType: "Bank" is not one of`}},
		{"company id through an escaped path ref", "Company", withField(t, company, "id", `"nope"`),
			[]string{`$.id: "nope" is not a valid uuid`}},
		{"company missing redirect", "Company", withField(t, company, "redirect", ""),
			[]string{"$.redirect: required property is missing"}},
		{"company null description allowed by nullable", "Company", withField(t, company, "description", `null`), nil},
		{"company too many tags", "Company", withField(t, company, "tags", elevenTags),
			[]string{"$.tags: 11 properties, want at most 10"}},
		{"company tag name too long", "Company", withField(t, company, "tags", `{"abcdefghijklmnopqrstuvwxyz01":"x"}`),
			[]string{`$.tags.abcdefghijklmnopqrstuvwxyz01 (property name): "abcdefghijklmnopqrstuvwxyz01" does not match pattern "^.{1,27}$"`}},
		{"company tag value too long", "Company", withField(t, company, "tags", `{"uid":"`+strings.Repeat("x", 101)+`"}`),
			[]string{`$.tags.uid: "xxx*… is longer than 100 characters`}},
		{"create company name with forbidden characters", "CompanyRequestBody", `{"name":"Acme (UK)"}`,
			[]string{`$.name: "Acme (UK)" does not match pattern`}},
		{"create company empty name", "CompanyRequestBody", `{"name":""}`,
			[]string{`$.name: "" is shorter than 1 characters`, `$.name: "" does not match pattern`}},
		{"companies page", "Companies", `{"results":[` + company + `],"pageNumber":1,"pageSize":100,"totalResults":1,
			"_links":{"self":{"href":"/companies"},"current":{"href":"/companies?page=1&pageSize=100"}}}`, nil},
		{"companies page deep problem and missing link", "Companies", `{"results":[` + company + `,` +
			withField(t, company, "dataConnections", "["+withField(t, validConnection, "status", `"linked"`)+"]") +
			`],"pageNumber":1,"pageSize":2001,"totalResults":2,"_links":{"self":{"href":"/companies"}}}`,
			[]string{`$.results[1].dataConnections[0].status: "linked" is not one of`,
				"$.pageSize: 2001 is greater than the maximum 2000",
				"$._links.current: required property is missing"}},
		{"error body canBeRetried is a string", "ErrorMessage",
			`{"statusCode":404,"service":"ClientsApi","error":"No company","canBeRetried":false,"validation":null}`,
			[]string{"$.canBeRetried: got boolean false, want string"}},
		{"webhook consumer too many company tags", "WebhookConsumer",
			`{"url":"https://example.com/hook","companyTags":["a","b","c","d","e","f","g","h","i","j","k"]}`,
			[]string{"$.companyTags: 11 items, want at most 10"}},
		{"data statuses keyed by data type", "DataStatuses",
			`{"invoices":{"dataType":"invoices","currentStatus":"Complete"},"commerce-orders":{"dataType":"commerce-orders"},"bills":null}`,
			[]string{`$["commerce-orders"].currentStatus: required property is missing`}},
		{"not JSON", "Company", `{"id":`, []string{"$: not JSON"}},
		{"trailing data", "Company", company + `{}`, []string{"$: not JSON: data after the first value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ValidateSchema("#/components/schemas/"+tt.schema, []byte(tt.doc))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var verr *Error
			if !errors.As(err, &verr) {
				t.Fatalf("want *Error, got %v", err)
			}
			matchProblems(t, verr, tt.want)
		})
	}
}

// matchProblems checks that err has exactly one problem per want entry, each
// entry matching a problem's "path: message" text; "*" in an entry stands for
// any text.
func matchProblems(t *testing.T, err *Error, want []string) {
	t.Helper()
	if len(err.Problems) != len(want) {
		t.Errorf("want %d problems, got %d:\n%v", len(want), len(err.Problems), err)
	}
	for _, w := range want {
		if !slices.ContainsFunc(err.Problems, func(p Problem) bool { return fragmentsMatch(p.String(), w) }) {
			t.Errorf("no problem matches %q:\n%v", w, err)
		}
	}
}

func fragmentsMatch(s, pattern string) bool {
	for _, frag := range strings.Split(pattern, "*") {
		i := strings.Index(s, frag)
		if i < 0 {
			return false
		}
		s = s[i+len(frag):]
	}
	return true
}

func TestValidateSchemaUnknownRef(t *testing.T) {
	s := LoadForTest(t)
	err := s.ValidateSchema("#/components/schemas/Nope", []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), `no "Nope"`) {
		t.Fatalf("want an unresolvable-ref error, got %v", err)
	}
}
