package oascheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxDepth bounds $ref chains and schema nesting, so a schema that refers to
// itself without consuming any data cannot loop forever.
const maxDepth = 64

// validationKeywords are the JSON Schema / OpenAPI keywords the validator
// enforces. nullable is the OpenAPI 3.0 spelling that the Codat contract still
// uses alongside 3.1's type lists.
var validationKeywords = map[string]bool{
	"$ref": true, "type": true, "nullable": true, "enum": true, "const": true,
	"allOf": true, "anyOf": true, "oneOf": true,
	"properties": true, "required": true, "additionalProperties": true,
	"propertyNames": true, "minProperties": true, "maxProperties": true,
	"items": true, "minItems": true, "maxItems": true,
	"minLength": true, "maxLength": true, "pattern": true, "format": true,
	"minimum": true, "maximum": true,
}

// annotationKeywords describe a schema without constraining values. Keys
// starting with "x-" are vendor extensions and are annotations too.
var annotationKeywords = map[string]bool{
	"title": true, "description": true, "example": true, "examples": true,
	"default": true, "deprecated": true, "readOnly": true, "writeOnly": true,
	"definitions": true, "$defs": true, "$comment": true, "externalDocs": true,
}

// A Problem is one way a document breaks the contract.
type Problem struct {
	Path    string // JSON path of the offending value, e.g. "$.results[3].status"
	Message string
}

// String formats the problem as "path: message".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// Error reports every problem found in one document.
type Error struct {
	Subject  string // what was checked, e.g. "GET /companies/{companyId} (get-company) 200 response"
	Problems []Problem
}

// Error lists the subject and each problem on its own line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Subject)
	if len(e.Problems) == 1 {
		b.WriteString(": ")
		b.WriteString(e.Problems[0].String())
		return b.String()
	}
	fmt.Fprintf(&b, ": %d problems", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// ValidateSchema checks a JSON document against the schema the local reference
// points to, e.g. "#/components/schemas/Connection". The returned error is an
// *Error listing every problem.
func (s *Spec) ValidateSchema(ref string, doc []byte) error {
	schema, err := s.resolve(ref)
	if err != nil {
		return fmt.Errorf("validate against %s: %w", ref, err)
	}
	value, err := decodeJSON(doc)
	if err != nil {
		return &Error{Subject: ref, Problems: []Problem{{Path: "$", Message: err.Error()}}}
	}
	if problems := s.check(schema, value, "$"); len(problems) > 0 {
		return &Error{Subject: ref, Problems: problems}
	}
	return nil
}

// check validates an already decoded value and returns its problems.
func (s *Spec) check(schema, value any, path string) []Problem {
	v := validator{spec: s}
	v.check(schema, value, path, 0)
	return v.problems
}

// decodeJSON decodes exactly one JSON value into plain values, numbers as float64.
func decodeJSON(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	var value any
	if err := dec.Decode(&value); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("not JSON: data after the first value")
	}
	return value, nil
}

type validator struct {
	spec     *Spec
	problems []Problem
}

func (v *validator) fail(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// check validates value against schema, appending a problem for each broken
// constraint. Keywords that do not apply to the value's type are ignored, as
// JSON Schema prescribes.
func (v *validator) check(schema, value any, path string, depth int) {
	if depth > maxDepth {
		v.fail(path, "schema nesting deeper than %d (a $ref loop?)", maxDepth)
		return
	}
	sc, ok := schema.(map[string]any)
	if !ok {
		if b, isBool := schema.(bool); isBool {
			if !b {
				v.fail(path, "no value is allowed here")
			}
			return
		}
		v.fail(path, "schema is %s, not an object", kind(schema))
		return
	}
	if value == nil && sc["nullable"] == true {
		return
	}
	for _, key := range sortedKeys(sc) {
		if !validationKeywords[key] && !annotationKeywords[key] && !strings.HasPrefix(key, "x-") {
			v.fail(path, "schema keyword %q is not supported by this checker", key)
		}
	}
	if ref, ok := sc["$ref"].(string); ok {
		target, err := v.spec.resolve(ref)
		if err != nil {
			v.fail(path, "%v", err)
		} else {
			v.check(target, value, path, depth+1)
		}
	}
	for _, sub := range list(sc["allOf"]) {
		v.check(sub, value, path, depth+1)
	}
	if alts := list(sc["anyOf"]); alts != nil && v.matching(alts, value, path, depth) == 0 {
		v.fail(path, "%s matches none of the anyOf schemas", render(value))
	}
	if alts := list(sc["oneOf"]); alts != nil {
		if n := v.matching(alts, value, path, depth); n != 1 {
			v.fail(path, "%s matches %d of the oneOf schemas, want exactly 1", render(value), n)
		}
	}
	if t, ok := sc["type"]; ok && !hasType(t, value) {
		if value == nil {
			v.fail(path, "got null, want %s", typeList(t))
		} else {
			v.fail(path, "got %s %s, want %s", kind(value), render(value), typeList(t))
		}
		return // the remaining keywords would only repeat the mismatch
	}
	if enum, ok := sc["enum"].([]any); ok && !contains(enum, value) {
		v.fail(path, "%s is not one of %s", render(value), renderAll(enum))
	}
	if c, ok := sc["const"]; ok && !reflect.DeepEqual(c, value) {
		v.fail(path, "%s is not %s", render(value), render(c))
	}
	switch val := value.(type) {
	case string:
		v.checkString(sc, val, path)
	case float64:
		v.checkNumber(sc, val, path)
	case []any:
		v.checkArray(sc, val, path, depth)
	case map[string]any:
		v.checkObject(sc, val, path, depth)
	}
}

// matching counts the alternatives value satisfies.
func (v *validator) matching(alts []any, value any, path string, depth int) int {
	n := 0
	for _, alt := range alts {
		trial := validator{spec: v.spec}
		trial.check(alt, value, path, depth+1)
		if len(trial.problems) == 0 {
			n++
		}
	}
	return n
}

func (v *validator) checkString(sc map[string]any, s, path string) {
	n := utf8.RuneCountInString(s)
	if lo, ok := sc["minLength"].(float64); ok && float64(n) < lo {
		v.fail(path, "%s is shorter than %v characters", render(s), lo)
	}
	if hi, ok := sc["maxLength"].(float64); ok && float64(n) > hi {
		v.fail(path, "%s is longer than %v characters", render(s), hi)
	}
	if pattern, ok := sc["pattern"].(string); ok {
		re, err := v.spec.regexp(pattern)
		switch {
		case err != nil:
			v.fail(path, "pattern %q does not compile: %v", pattern, err)
		case !re.MatchString(s):
			v.fail(path, "%s does not match pattern %q", render(s), pattern)
		}
	}
	if format, ok := sc["format"].(string); ok && !formatOK(format, s) {
		v.fail(path, "%s is not a valid %s", render(s), format)
	}
}

func (v *validator) checkNumber(sc map[string]any, f float64, path string) {
	if lo, ok := sc["minimum"].(float64); ok && f < lo {
		v.fail(path, "%v is less than the minimum %v", f, lo)
	}
	if hi, ok := sc["maximum"].(float64); ok && f > hi {
		v.fail(path, "%v is greater than the maximum %v", f, hi)
	}
	if format, _ := sc["format"].(string); format == "int32" && (f < math.MinInt32 || f > math.MaxInt32) {
		v.fail(path, "%v does not fit in int32", f)
	}
}

func (v *validator) checkArray(sc map[string]any, items []any, path string, depth int) {
	if lo, ok := sc["minItems"].(float64); ok && float64(len(items)) < lo {
		v.fail(path, "%d items, want at least %v", len(items), lo)
	}
	if hi, ok := sc["maxItems"].(float64); ok && float64(len(items)) > hi {
		v.fail(path, "%d items, want at most %v", len(items), hi)
	}
	if itemSchema, ok := sc["items"]; ok {
		for i, item := range items {
			v.check(itemSchema, item, path+"["+strconv.Itoa(i)+"]", depth+1)
		}
	}
}

func (v *validator) checkObject(sc map[string]any, obj map[string]any, path string, depth int) {
	for _, name := range list(sc["required"]) {
		if key, _ := name.(string); key != "" {
			if _, ok := obj[key]; !ok {
				v.fail(member(path, key), "required property is missing")
			}
		}
	}
	if lo, ok := sc["minProperties"].(float64); ok && float64(len(obj)) < lo {
		v.fail(path, "%d properties, want at least %v", len(obj), lo)
	}
	if hi, ok := sc["maxProperties"].(float64); ok && float64(len(obj)) > hi {
		v.fail(path, "%d properties, want at most %v", len(obj), hi)
	}
	props, _ := sc["properties"].(map[string]any)
	extra, hasExtra := sc["additionalProperties"]
	names, hasNames := sc["propertyNames"]
	for _, key := range sortedKeys(obj) {
		at := member(path, key)
		if hasNames {
			v.check(names, key, at+" (property name)", depth+1)
		}
		if propSchema, ok := props[key]; ok {
			v.check(propSchema, obj[key], at, depth+1)
			continue
		}
		if !hasExtra {
			continue
		}
		if allowed, ok := extra.(bool); ok && !allowed {
			v.fail(at, "property is not allowed (additionalProperties is false)")
			continue
		}
		v.check(extra, obj[key], at, depth+1)
	}
}
