//go:build !linux

package store

import "testing"

// runAsNobody is Linux-only; elsewhere root's permission tests skip.
func runAsNobody(*testing.T) bool { return false }
