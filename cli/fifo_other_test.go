//go:build !unix

package cli

import "testing"

func mkfifoOrSkip(t *testing.T, _ string) { t.Skip("no FIFOs on this system") }
