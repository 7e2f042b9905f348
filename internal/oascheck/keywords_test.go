package oascheck

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// thingsSpec exercises what the Codat contract does not: 3.1 type lists,
// const, anyOf/oneOf, boolean schemas, date formats, a server base path,
// status-class and default responses, and a required request body. These
// tests run even where the Codat contract is absent.
const thingsSpec = `
openapi: 3.1.0
servers:
  - url: https://api.example.test/v2/
paths:
  /things:
    get:
      operationId: list-things
      parameters:
        - name: limit
          in: query
          required: true
          schema: {type: integer, minimum: 1, maximum: 10}
        - name: verbose
          in: query
          schema: {type: boolean}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '4XX':
          description: Client error
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
        default:
          description: Anything else, no body
    post:
      operationId: create-thing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /things/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema: {type: string, format: uuid}
    get:
      operationId: get-thing
      responses:
        '200':
          description: OK
  /things/special:
    get:
      operationId: get-special-thing
      responses:
        '204':
          description: No content
components:
  schemas:
    Problem:
      type: object
      required: [error]
      properties:
        error: {type: string}
    Thing:
      type: object
      required: [kind]
      properties:
        kind: {const: thing}
        label: {type: [string, 'null']}
        size: {type: number, minimum: 0, maximum: 5}
        count: {type: integer, format: int32}
        when: {type: string, format: date-time}
        day: {type: string, format: date}
        amount: {oneOf: [{type: integer}, {type: number}]}
        tag: {anyOf: [{type: string, maxLength: 3}, {type: boolean}]}
        never: false
        meta: {type: object, minProperties: 1, additionalProperties: {type: integer}}
        list: {type: array, minItems: 1, items: {type: string}}
        odd: {type: string, discriminator: {propertyName: x}}
`

func thingsForTest(t *testing.T) *Spec {
	t.Helper()
	s, err := Parse([]byte(thingsSpec))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKeywords(t *testing.T) {
	s := thingsForTest(t)
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"minimal", `{"kind":"thing"}`, nil},
		{"everything valid", `{"kind":"thing","label":null,"size":2.5,"count":7,"when":"2026-11-22T10:00:00.123+01:00",
			"day":"2026-11-22","amount":2.5,"tag":true,"meta":{"a":1},"list":["x"]}`, nil},
		{"local date-time without zone", `{"kind":"thing","when":"2021-11-15T01:00:00"}`, nil},
		{"const", `{"kind":"other"}`, []string{`$.kind: "other" is not "thing"`}},
		{"type list", `{"kind":"thing","label":3}`, []string{"$.label: got integer 3, want string or null"}},
		{"number bounds", `{"kind":"thing","size":-1}`, []string{"$.size: -1 is less than the minimum 0"}},
		{"integer", `{"kind":"thing","count":1.5}`, []string{"$.count: got number 1.5, want integer"}},
		{"int32 range", `{"kind":"thing","count":3000000000}`, []string{"$.count: 3e+09 does not fit in int32"}},
		{"date-time", `{"kind":"thing","when":"yesterday"}`, []string{`$.when: "yesterday" is not a valid date-time`}},
		{"date", `{"kind":"thing","day":"22/11/2026"}`, []string{`$.day: "22/11/2026" is not a valid date`}},
		{"oneOf ambiguous", `{"kind":"thing","amount":3}`, []string{"$.amount: 3 matches 2 of the oneOf schemas, want exactly 1"}},
		{"oneOf none", `{"kind":"thing","amount":"3"}`, []string{`$.amount: "3" matches 0 of the oneOf schemas`}},
		{"anyOf none", `{"kind":"thing","tag":"long"}`, []string{`$.tag: "long" matches none of the anyOf schemas`}},
		{"false schema", `{"kind":"thing","never":1}`, []string{"$.never: no value is allowed here"}},
		{"additionalProperties schema", `{"kind":"thing","meta":{"a":"1"}}`, []string{`$.meta.a: got string "1", want integer`}},
		{"minProperties", `{"kind":"thing","meta":{}}`, []string{"$.meta: 0 properties, want at least 1"}},
		{"minItems and items", `{"kind":"thing","list":[]}`, []string{"$.list: 0 items, want at least 1"}},
		{"item path", `{"kind":"thing","list":["a",2]}`, []string{"$.list[1]: got integer 2, want string"}},
		{"top-level type", `[]`, []string{"$: got array [], want object"}},
		{"unsupported keyword is refused, not ignored", `{"kind":"thing","odd":"x"}`,
			[]string{`$.odd: schema keyword "discriminator" is not supported by this checker`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ValidateSchema("#/components/schemas/Thing", []byte(tt.doc))
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

func TestOperationsOnThings(t *testing.T) {
	s := thingsForTest(t)
	const id = "0b6a4b7e-2f4e-4c1a-9a55-3f1f0d2c9e11"
	tests := []struct {
		name string
		call func() error
		want string // substring of the error; empty means valid
	}{
		{"base path is required", func() error { return s.ValidateResponse("GET", "/things", 200, []byte(`{"kind":"thing"}`)) },
			`path is outside the API base path "/v2"`},
		{"exact status", func() error { return s.ValidateResponse("GET", "/v2/things", 200, []byte(`{"kind":"thing"}`)) }, ""},
		{"status class fallback", func() error { return s.ValidateResponse("GET", "/v2/things", 404, []byte(`{"error":"gone"}`)) }, ""},
		{"status class fallback validates", func() error { return s.ValidateResponse("GET", "/v2/things", 429, []byte(`{}`)) },
			"GET /things (list-things) 429 response: $.error: required property is missing"},
		{"default fallback", func() error { return s.ValidateResponse("GET", "/v2/things", 503, nil) }, ""},
		{"default without content takes no body", func() error { return s.ValidateResponse("GET", "/v2/things", 503, []byte(`{"x":1}`)) },
			"the contract declares no body, got 7 bytes"},
		{"no fallback", func() error { return s.ValidateResponse("GET", "/v2/things/special", 200, nil) },
			"GET /things/special (get-special-thing) 200 response: status: 200 is not declared (the contract has 204)"},
		{"literal segment wins over parameter", func() error { return s.ValidateResponse("GET", "/v2/things/special", 204, nil) }, ""},
		{"path parameter", func() error { return s.ValidateRequest("GET", "/v2/things/"+id, nil, nil) }, ""},
		{"path parameter schema", func() error { return s.ValidateRequest("GET", "/v2/things/42", nil, nil) },
			`path.id: "42" is not a valid uuid`},
		{"typed query parameters", func() error {
			return s.ValidateRequest("GET", "/v2/things", url.Values{"limit": {"3"}, "verbose": {"true"}}, nil)
		}, ""},
		{"required query parameter", func() error { return s.ValidateRequest("GET", "/v2/things", nil, nil) },
			"query.limit: required query parameter is missing"},
		{"query parameter bound", func() error { return s.ValidateRequest("GET", "/v2/things", url.Values{"limit": {"11"}}, nil) },
			"query.limit: 11 is greater than the maximum 10"},
		{"query parameter type", func() error {
			return s.ValidateRequest("GET", "/v2/things", url.Values{"limit": {"1"}, "verbose": {"yes"}}, nil)
		}, `query.verbose: got string "yes", want boolean`},
		{"required body", func() error { return s.ValidateRequest("POST", "/v2/things", nil, nil) },
			"POST /things (create-thing) request: $: body is empty, the contract declares application/json"},
		{"request body schema", func() error { return s.ValidateRequest("POST", "/v2/things", nil, []byte(`{"kind":1}`)) },
			"$.kind: 1 is not \"thing\""},
		{"unexpected request body", func() error { return s.ValidateRequest("GET", "/v2/things/"+id, nil, []byte(`{}`)) },
			"$: the contract declares no request body"},
		{"unknown method", func() error { return s.ValidateRequest("DELETE", "/v2/things", nil, nil) },
			"DELETE /v2/things: method not in the contract (it has GET /things, POST /things)"},
		{"unknown path", func() error { return s.ValidateRequest("GET", "/v2/widgets", nil, nil) },
			"GET /v2/widgets: no path in the contract matches"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.call(), tt.want)
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	badRef := filepath.Join(dir, "badref.yaml")
	for path, text := range map[string]string{
		good:   thingsSpec,
		bad:    "openapi: [unclosed",
		badRef: "paths:\n  /x:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/missing'\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		path string
		want string
	}{
		{good, ""},
		{bad, "parse OpenAPI spec"},
		{badRef, `GET /x: parameter: $ref "#/components/parameters/missing": no "components"`},
		{filepath.Join(dir, "missing.yaml"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			s, err := Load(tt.path)
			if tt.want == "" {
				if err != nil || s == nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error containing %q, got %v", tt.want, err)
			}
		})
	}
}
