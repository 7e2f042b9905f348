package api

import (
	"testing"

	"github.com/onboardcli/onboard/internal/prose"
)

// TestNoProse keeps this package a plain client: no string in its code is a
// sentence for a person. Package explain words its typed errors.
func TestNoProse(t *testing.T) { prose.NoProse(t, ".", 100) }
