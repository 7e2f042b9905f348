package cli

import (
	"testing"

	"github.com/onboardcli/onboard/internal/prose"
)

// TestNoProse: every sentence the commands give a person, flags' help
// included, is in assets/commands.tmpl, rendered with assets.Text.
func TestNoProse(t *testing.T) { prose.NoProse(t, ".", 200) }
