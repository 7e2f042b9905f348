package store

import (
	"testing"

	"github.com/onboardcli/onboard/internal/prose"
)

// TestNoProse keeps sentences for a person out of this package's code: its errors are typed, package
// explain words them from assets, and its notices are rendered from assets/store.tmpl.
func TestNoProse(t *testing.T) { prose.NoProse(t, ".", 150) }
