package webhook

import (
	"testing"

	"github.com/onboardcli/onboard/internal/prose"
)

// TestNoProse: webhook errors are typed, and package explain words them; no
// string in this package's code is a sentence for a person.
func TestNoProse(t *testing.T) { prose.NoProse(t, ".", 40) }
