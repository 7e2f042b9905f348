package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"time"
)

// UnmarshalClean decodes JSON from Codat that did not come through the
// client (a webhook's body) the way the client decodes its answers: every
// string it holds sanitized for display.
func UnmarshalClean(data []byte, v any) error { return unmarshalClean(data, v) }

// unmarshalClean decodes JSON into v and then sanitizes every string it
// holds (struct fields, slice elements, map keys and values, values behind
// interfaces), so nothing decoded from Codat can draw on a terminal.
func unmarshalClean(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	sanitizeStrings(reflect.ValueOf(v))
	return nil
}

var timePtrType = reflect.TypeFor[*Time]()

// sanitizeStrings walks v and replaces each string with Sanitize(string).
// It also turns a *Time holding the zero time (Codat's "" date) into nil, so
// "absent" has one spelling downstream.
func sanitizeStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Type() == timePtrType && v.Elem().Interface().(Time).IsZero() {
			if v.CanSet() {
				v.SetZero()
			}
			return
		}
		sanitizeStrings(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		inner := v.Elem()
		if !v.CanSet() {
			sanitizeStrings(inner) // maps and slices are still reachable
			return
		}
		cp := reflect.New(inner.Type()).Elem()
		cp.Set(inner)
		sanitizeStrings(cp)
		v.Set(cp)
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				sanitizeStrings(f)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			sanitizeStrings(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		for _, k := range v.MapKeys() {
			val := v.MapIndex(k)
			cleanKey := reflect.New(k.Type()).Elem()
			cleanKey.Set(k)
			sanitizeStrings(cleanKey)
			cleanVal := reflect.New(val.Type()).Elem()
			cleanVal.Set(val)
			sanitizeStrings(cleanVal)
			if !cleanKey.Equal(k) {
				v.SetMapIndex(k, reflect.Value{})
			}
			v.SetMapIndex(cleanKey, cleanVal)
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); !isCleanText(s) {
				v.SetString(Sanitize(s))
			}
		}
	}
}

// timeLayouts are the shapes Codat's dates arrive in: with a Z, an offset
// or no zone at all, with any number of fractional digits, or date only.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// UnmarshalJSON accepts Codat's date variants. A date without a zone is taken
// as UTC. null, "" and text that is not a date decode as the zero time rather
// than failing the whole answer: a date is only ever shown.
func (t *Time) UnmarshalJSON(data []byte) error {
	t.Time = time.Time{}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return nil // null, a number or anything else: no usable date
	}
	t.Time = parseTime(s)
	return nil
}

func parseTime(s string) time.Time {
	for _, layout := range timeLayouts {
		if tm, err := time.Parse(layout, s); err == nil {
			return tm
		}
	}
	return time.Time{}
}

// looseString decodes a JSON string, number, boolean or null into text.
// Codat documents canBeRetried and statusCode as strings but has sent numbers.
type looseString string

func (s *looseString) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0, string(data) == "null":
		*s = ""
	case data[0] == '"':
		var str string
		if err := json.Unmarshal(data, &str); err != nil {
			return err
		}
		*s = looseString(str)
	case string(data) == "true", string(data) == "false":
		*s = looseString(data)
	default:
		if _, err := strconv.ParseFloat(string(data), 64); err != nil {
			return ErrWantStringOrNumber
		}
		*s = looseString(data)
	}
	return nil
}

// UnmarshalJSON accepts statusCode as a string (the contract) or a number.
func (ce *ConnectionError) UnmarshalJSON(data []byte) error {
	type plain ConnectionError
	var aux struct {
		plain
		StatusCode looseString `json:"statusCode"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*ce = ConnectionError(aux.plain)
	ce.StatusCode = string(aux.StatusCode)
	return nil
}

// ErrWantStringOrNumber: a field Codat may send as a string or a number
// held something else.
var ErrWantStringOrNumber = errors.New("decode: want string/number")

// page is Codat's paging envelope around every list.
type page[T any] struct {
	Results      []T `json:"results"`
	PageNumber   int `json:"pageNumber"`
	PageSize     int `json:"pageSize"`
	TotalResults int `json:"totalResults"`
	Links        struct {
		Next *struct {
			Href string `json:"href"`
		} `json:"next"`
	} `json:"_links"`
}
