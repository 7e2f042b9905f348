package oascheck

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// route is one operation of the contract: a path template and a method.
type route struct {
	template string   // e.g. "/companies/{companyId}"
	segments []string // the template split on "/", without the leading empty segment
	method   string   // upper case
	id       string   // operationId, for messages
	params   []map[string]any
	op       map[string]any
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// buildRoutes indexes every operation under paths, with its parameters
// (path-level ones first, overridden by operation-level ones of the same name
// and location).
func (s *Spec) buildRoutes() error {
	paths, _ := s.root["paths"].(map[string]any)
	for template, raw := range paths {
		item, err := s.deref(raw)
		if err != nil {
			return fmt.Errorf("path %s: %w", template, err)
		}
		for _, m := range methods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			params, err := s.mergeParams(list(item["parameters"]), list(op["parameters"]))
			if err != nil {
				return fmt.Errorf("%s %s: %w", strings.ToUpper(m), template, err)
			}
			id, _ := op["operationId"].(string)
			s.routes = append(s.routes, route{
				template: template,
				segments: strings.Split(strings.TrimPrefix(template, "/"), "/"),
				method:   strings.ToUpper(m),
				id:       id,
				params:   params,
				op:       op,
			})
		}
	}
	slices.SortFunc(s.routes, func(a, b route) int {
		return cmp.Or(cmp.Compare(a.template, b.template), cmp.Compare(a.method, b.method))
	})
	return nil
}

func (s *Spec) mergeParams(pathLevel, opLevel []any) ([]map[string]any, error) {
	var params []map[string]any
	for _, raw := range slices.Concat(pathLevel, opLevel) {
		p, err := s.deref(raw)
		if err != nil {
			return nil, fmt.Errorf("parameter: %w", err)
		}
		params = slices.DeleteFunc(params, func(q map[string]any) bool {
			return q["name"] == p["name"] && q["in"] == p["in"]
		})
		params = append(params, p)
	}
	return params, nil
}

// find matches a concrete request path, which must start with the servers'
// base path, to an operation. It prefers templates with more literal segments
// (/things/special over /things/{id}) and returns the decoded path parameters.
func (s *Spec) find(method, path string) (*route, map[string]string, error) {
	path, _, _ = strings.Cut(path, "?")
	rest, ok := strings.CutPrefix(path, s.basePath)
	if !ok {
		return nil, nil, fmt.Errorf("%s %s: path is outside the API base path %q", method, path, s.basePath)
	}
	segments := strings.Split(strings.TrimPrefix(rest, "/"), "/")
	method = strings.ToUpper(method)

	var best *route
	var bestParams map[string]string
	bestLiterals := -1
	var allowed []string
	for i := range s.routes {
		r := &s.routes[i]
		params, literals, ok := r.match(segments)
		if !ok {
			continue
		}
		if r.method != method {
			allowed = append(allowed, r.method+" "+r.template)
			continue
		}
		if literals > bestLiterals {
			best, bestParams, bestLiterals = r, params, literals
		}
	}
	switch {
	case best != nil:
		return best, bestParams, nil
	case len(allowed) > 0:
		return nil, nil, fmt.Errorf("%s %s: method not in the contract (it has %s)", method, path, strings.Join(allowed, ", "))
	default:
		return nil, nil, fmt.Errorf("%s %s: no path in the contract matches", method, path)
	}
}

// match reports whether segments fit the template, the parameters it binds
// and how many literal segments matched.
func (r *route) match(segments []string) (map[string]string, int, bool) {
	if len(segments) != len(r.segments) {
		return nil, 0, false
	}
	params := map[string]string{}
	literals := 0
	for i, t := range r.segments {
		seg := segments[i]
		if decoded, err := url.PathUnescape(seg); err == nil {
			seg = decoded
		}
		if name, ok := strings.CutPrefix(t, "{"); ok && strings.HasSuffix(name, "}") {
			if seg == "" {
				return nil, 0, false
			}
			params[strings.TrimSuffix(name, "}")] = seg
			continue
		}
		if seg != t {
			return nil, 0, false
		}
		literals++
	}
	return params, literals, true
}

// OperationID names the operation that serves method and path (a real
// request path), e.g. "get-company" for GET /companies/0b6….
func (s *Spec) OperationID(method, path string) (string, error) {
	r, _, err := s.find(method, path)
	if err != nil {
		return "", fmt.Errorf("find operation: %w", err)
	}
	return r.id, nil
}

func (r *route) subject(what string) string {
	return fmt.Sprintf("%s %s (%s) %s", r.method, r.template, r.id, what)
}

// ValidateResponse checks a response against the operation that serves method
// and path (a real path such as /companies/0b6…/connections). The status is
// looked up exactly, then as its class ("4XX"), then as "default". A declared
// application/json body is required and validated; where the contract declares
// no content the body must be empty. Problems come back as an *Error.
func (s *Spec) ValidateResponse(method, path string, status int, body []byte) error {
	r, _, err := s.find(method, path)
	if err != nil {
		return fmt.Errorf("validate response: %w", err)
	}
	subject := r.subject(strconv.Itoa(status) + " response")
	responses, _ := r.op["responses"].(map[string]any)
	raw, ok := responses[strconv.Itoa(status)]
	if !ok {
		raw, ok = responses[strconv.Itoa(status/100)+"XX"]
	}
	if !ok {
		raw, ok = responses["default"]
	}
	if !ok {
		declared := slices.Sorted(maps.Keys(responses))
		return &Error{Subject: subject, Problems: []Problem{{Path: "status",
			Message: fmt.Sprintf("%d is not declared (the contract has %s)", status, strings.Join(declared, ", "))}}}
	}
	resp, err := s.deref(raw)
	if err != nil {
		return fmt.Errorf("validate response: %s: %w", subject, err)
	}
	content, _ := resp["content"].(map[string]any)
	if problems := s.checkBody(content, body, true); len(problems) > 0 {
		return &Error{Subject: subject, Problems: problems}
	}
	return nil
}

// ValidateRequest checks that the contract has an operation for method and
// path, that path parameters fit their schemas, that every query parameter is
// declared for the operation (path-level parameters count) and fits its
// schema, that required query parameters are present, and that the body is
// present when required and valid against the request schema. Problems come
// back as an *Error.
func (s *Spec) ValidateRequest(method, path string, query url.Values, body []byte) error {
	r, pathParams, err := s.find(method, path)
	if err != nil {
		return fmt.Errorf("validate request: %w", err)
	}
	var problems []Problem
	declared := map[string]map[string]any{}
	var names []string
	for _, p := range r.params {
		name, _ := p["name"].(string)
		switch p["in"] {
		case "path":
			problems = append(problems, s.checkParam(p["schema"], pathParams[name], "path."+name)...)
		case "query":
			declared[name] = p
			names = append(names, name)
			if _, sent := query[name]; !sent && p["required"] == true {
				problems = append(problems, Problem{Path: "query." + name, Message: "required query parameter is missing"})
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(query)) {
		p, ok := declared[name]
		if !ok {
			problems = append(problems, Problem{Path: "query." + name,
				Message: fmt.Sprintf("query parameter is not declared (the contract has %s)", orNone(names))})
			continue
		}
		for _, value := range query[name] {
			problems = append(problems, s.checkParam(p["schema"], value, "query."+name)...)
		}
	}

	if raw, ok := r.op["requestBody"]; ok {
		reqBody, err := s.deref(raw)
		if err != nil {
			return fmt.Errorf("validate request: %s: %w", r.subject("request"), err)
		}
		content, _ := reqBody["content"].(map[string]any)
		problems = append(problems, s.checkBody(content, body, reqBody["required"] == true)...)
	} else if len(bytes.TrimSpace(body)) > 0 {
		problems = append(problems, Problem{Path: "$", Message: "the contract declares no request body"})
	}
	if len(problems) > 0 {
		return &Error{Subject: r.subject("request"), Problems: problems}
	}
	return nil
}

// checkBody validates a body against a content map. An empty body passes only
// when no content is declared or the body is optional.
func (s *Spec) checkBody(content map[string]any, body []byte, required bool) []Problem {
	empty := len(bytes.TrimSpace(body)) == 0
	if len(content) == 0 {
		if !empty {
			return []Problem{{Path: "$", Message: fmt.Sprintf("the contract declares no body, got %d bytes", len(body))}}
		}
		return nil
	}
	media, ok := content["application/json"].(map[string]any)
	if !ok {
		return []Problem{{Path: "$", Message: "the contract declares no application/json body"}}
	}
	if empty {
		if required {
			return []Problem{{Path: "$", Message: "body is empty, the contract declares application/json"}}
		}
		return nil
	}
	value, err := decodeJSON(body)
	if err != nil {
		return []Problem{{Path: "$", Message: err.Error()}}
	}
	schema, ok := media["schema"]
	if !ok {
		return nil
	}
	return s.check(schema, value, "$")
}

// checkParam validates a parameter's text. Path and query values arrive as
// strings; when the schema wants a number or boolean, the text is read as one.
func (s *Spec) checkParam(schema any, raw, at string) []Problem {
	if schema == nil {
		return nil
	}
	problems := s.check(schema, raw, at)
	wantsOtherType := slices.ContainsFunc(problems, func(p Problem) bool {
		return strings.HasPrefix(p.Message, "got string ")
	})
	if !wantsOtherType {
		return problems
	}
	var typed any
	if f, err := strconv.ParseFloat(raw, 64); err == nil {
		typed = f
	} else if b, err := strconv.ParseBool(raw); err == nil {
		typed = b
	} else {
		return problems
	}
	return s.check(schema, typed, at)
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
