package oascheck

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Helpers that read JSON values and schema keywords, and render them for
// problem messages.

// hasType reports whether value is one of the JSON types t names (a string or
// a list of strings).
func hasType(t, value any) bool {
	for _, name := range typeNames(t) {
		switch name {
		case "null":
			if value == nil {
				return true
			}
		case "boolean":
			if _, ok := value.(bool); ok {
				return true
			}
		case "string":
			if _, ok := value.(string); ok {
				return true
			}
		case "number":
			if _, ok := value.(float64); ok {
				return true
			}
		case "integer":
			if f, ok := value.(float64); ok && f == math.Trunc(f) {
				return true
			}
		case "array":
			if _, ok := value.([]any); ok {
				return true
			}
		case "object":
			if _, ok := value.(map[string]any); ok {
				return true
			}
		}
	}
	return false
}

func typeNames(t any) []string {
	if s, ok := t.(string); ok {
		return []string{s}
	}
	var names []string
	for _, n := range list(t) {
		if s, ok := n.(string); ok {
			names = append(names, s)
		}
	}
	return names
}

func typeList(t any) string { return strings.Join(typeNames(t), " or ") }

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// formatOK checks the formats the contract uses, loosely: enough to catch a
// value of the wrong kind, not every corner of the RFCs. Unknown formats are
// annotations and always pass.
func formatOK(format, s string) bool {
	switch format {
	case "uuid":
		return uuidPattern.MatchString(s)
	case "uri":
		u, err := url.Parse(s)
		return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
	case "uri-reference":
		_, err := url.Parse(s)
		return err == nil
	case "date-time":
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
		return false
	case "date":
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	}
	return true
}

type regexpEntry struct {
	re  *regexp.Regexp
	err error
}

// regexp compiles a schema pattern once. Patterns are unanchored, as in JSON
// Schema.
func (s *Spec) regexp(pattern string) (*regexp.Regexp, error) {
	s.regexMu.Lock()
	defer s.regexMu.Unlock()
	e, ok := s.regexes[pattern]
	if !ok {
		re, err := regexp.Compile(pattern)
		e = &regexpEntry{re: re, err: err}
		s.regexes[pattern] = e
	}
	return e.re, e.err
}

// member extends a JSON path with an object key, bracketing keys that are
// not plain identifiers ($["commerce-orders"]).
func member(path, key string) string {
	for i, r := range key {
		if !(r == '_' || r == '$' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return path + "[" + strconv.Quote(key) + "]"
		}
	}
	if key == "" {
		return path + `[""]`
	}
	return path + "." + key
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func contains(values []any, v any) bool {
	for _, e := range values {
		if reflect.DeepEqual(e, v) {
			return true
		}
	}
	return false
}

// kind names a value's JSON type for messages.
func kind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if v == math.Trunc(v) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// render shows a value as compact JSON, shortened for messages.
func render(v any) string {
	const limit = 80
	out := renderAll(v)
	if len(out) <= limit {
		return out
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return out[:cut] + "…"
}

// renderAll shows a value as compact JSON in full.
func renderAll(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}
