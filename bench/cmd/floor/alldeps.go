//go:build alldeps

package main

// Built with -tags alldeps, the floor links every package onboard links and
// runs their initializers, so the two programs start from the same binary
// weight and what is left between them is onboard's own work.
import _ "github.com/onboardcli/onboard/cli"
