package flow

import (
	"strings"
)

// Category is the kind of platform a person connects.
type Category string

// The categories offered.
const (
	Accounting Category = "accounting"
	Banking    Category = "banking"
	Commerce   Category = "commerce"
)

// categoryTable is the one list of categories: the order they are offered
// in and Codat's sourceType for each. Adding a category is a row here plus
// its words in assets/screens.tmpl ("category.NAME" and "category.NAME.title").
var categoryTable = []struct {
	Category   Category
	SourceType string
}{
	{Accounting, "Accounting"},
	{Banking, "Banking"},
	{Commerce, "Commerce"},
}

// Categories lists the categories in display order.
var Categories = func() []Category {
	out := make([]Category, len(categoryTable))
	for i, row := range categoryTable {
		out[i] = row.Category
	}
	return out
}()

// SourceType is Codat's sourceType for the category ("Accounting", ...), or
// "" for a category onboard does not offer.
func (c Category) SourceType() string {
	for _, row := range categoryTable {
		if row.Category == c {
			return row.SourceType
		}
	}
	return ""
}

// Known reports whether c is one of the categories offered.
func (c Category) Known() bool { return c.SourceType() != "" }

// CategoryOf maps Codat's sourceType ("Accounting", "Banking", ...) to a
// category; other source types map to "".
func CategoryOf(sourceType string) Category {
	for _, row := range categoryTable {
		if strings.EqualFold(row.SourceType, sourceType) {
			return row.Category
		}
	}
	return ""
}

// ParseCategory reads a category as a person or a file names it
// ("accounting", "Banking"); "" and false when it is none of them.
func ParseCategory(s string) (Category, bool) {
	c := CategoryOf(strings.TrimSpace(s))
	return c, c != ""
}

// sandboxPlatforms are Codat's test platforms: no real business's data.
var sandboxPlatforms = map[string]bool{"mqjo": true, "ndsk": true, "aiwb": true, "xcwv": true, "yzth": true, "lrhd": true}

// IsSandboxPlatform reports whether a platform serves made-up data.
func IsSandboxPlatform(key, name string) bool {
	return sandboxPlatforms[strings.ToLower(key)] || strings.Contains(strings.ToLower(name), "sandbox")
}

// The category step: choose what to connect.

func category(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case CategoryChosen:
		s.Notice = nil
		if e.Category == Accounting {
			if conn, ok := s.Company.LinkedIn(Accounting); ok {
				s.Notice = &Notice{Key: "category.onlyone", Data: conn.PlatformName, Bad: true}
				return s, nil
			}
		}
		s.Step = StepPlatform
		if s.Category == e.Category && len(s.Platforms) > 0 {
			return s, nil
		}
		s.Category = e.Category
		s.Platforms = nil
		switch {
		case s.CatalogueLoaded:
			s.Platforms = InCategory(s.Catalogue, e.Category)
			return s, nil
		case s.CatalogueLoading:
			s.Busy = busyFor(LoadPlatforms(e)) // the list fetched ahead answers
			return s, nil
		}
		eff := LoadPlatforms(e)
		s.Busy = busyFor(eff)
		return s, []Effect{eff}
	case UnlinkRequested:
		return unlink(s, e)
	case ConnectionChanged:
		return connectionChanged(s, e)
	}
	return s, nil
}
