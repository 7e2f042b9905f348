package steps

import (
	"testing"

	"github.com/onboardcli/onboard/internal/prose"
)

// TestNoProse: the steps report typed errors, which package explain words;
// no string in their code is a sentence for a person.
func TestNoProse(t *testing.T) { prose.NoProse(t, ".", 10) }
