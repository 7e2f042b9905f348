package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api"
)

// hostile is text a hand-edited or damaged list might hold: a clipboard write (OSC 52), a hidden link
// (OSC 8), a screen clear, a carriage return, a bidi override, a one-rune CSI (C1) and a line separator,
// around words that must still show.
const hostile = "Acme\x1b]52;c;ZXZpbA==\x07 \x1b]8;;https://evil.example/\x1b\\Ltd\x1b]8;;\x1b\\\x1b[2J\r\u202e\u009b31m\u2028"

// unsafeRune returns the first rune of s that could change how a terminal draws, and whether there is one.
func unsafeRune(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c, r == 0x2028, r == 0x2029:
			return r, true
		}
	}
	return 0, false
}

// hostileEntry is an entry whose every string field, found by reflection so that a field added later is
// covered too, holds its name and the hostile text; keepValid restores the fields a change must have right.
func hostileEntry(keepValid bool) Entry {
	e := delegated("c-hostile", day0)
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String {
			f.SetString(v.Type().Field(i).Name + " " + hostile)
		}
	}
	if keepValid {
		e.ID, e.Category, e.Path, e.BaseURL = "", "accounting", PathDelegate, codatBase
	}
	return e
}

// checkClean fails the test for every string field of e that could still draw, or lost its words.
func checkClean(t *testing.T, how string, e Entry) {
	t.Helper()
	v := reflect.ValueOf(e)
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.String {
			continue
		}
		name := v.Type().Field(i).Name
		if r, bad := unsafeRune(f.String()); bad {
			t.Errorf("%s: %s still holds %U: %q", how, name, r, f.String())
		}
		if strings.Contains(f.String(), hostile[:4]) && !strings.Contains(f.String(), "Acme Ltd") {
			t.Errorf("%s: %s lost its words: %q", how, name, f.String())
		}
	}
}

func TestEveryStringReadBackIsClean(t *testing.T) {
	t.Parallel()
	raw := hostileEntry(false)
	for _, tc := range []struct {
		name    string
		version int
	}{
		{"current version", fileVersion},
		{"newer version", fileVersion + 1}, // shown, never changed: cleaned all the same
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := statePath(t)
			data, err := json.Marshal(map[string]any{"version": tc.version, "entries": []Entry{raw}})
			if err != nil {
				t.Fatal(err)
			}
			writeRaw(t, path, data, 0o600)
			s, _ := mustOpen(t, path)
			list := s.List()
			if len(list) != 1 {
				t.Fatalf("List() = %d entries, want 1", len(list))
			}
			checkClean(t, "read back", list[0])
			if got, want := list[0].CompanyName, api.Sanitize(raw.CompanyName); got != want {
				t.Errorf("company name %q, want %q", got, want)
			}
		})
	}
}

func TestEveryStringRememberedIsClean(t *testing.T) {
	t.Parallel()
	s, _ := mustOpen(t, statePath(t))
	stored := mustUpsert(t, s, hostileEntry(true))
	checkClean(t, "Upsert", stored)
	checkClean(t, "List after Upsert", s.List()[0])
	if err := s.Update(stored.ID, func(e *Entry) { e.Status = hostile }); err != nil {
		t.Fatal(err)
	}
	checkClean(t, "List after Update", s.List()[0])
}
