package ui

import (
	"time"

	"github.com/onboardcli/onboard/share"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/webhook"
)

// CodatAPI is what the screens need of Codat: what the IO steps need.
// *api.Client satisfies it, and tests may use a fake.
type CodatAPI = steps.Codat

// Deps are the outside world the TUI talks to.
type Deps struct {
	API CodatAPI
	// Webhooks delivers verified webhook events; nil means poll.
	Webhooks <-chan webhook.Event
	// Refusals is raised when a delivery fails its signature check.
	Refusals *webhook.Refusals
	// Ready, when set, delivers once the outcome of the checks the shell
	// runs while the first screen shows (ready.go); its Webhooks then stand
	// for the field above.
	Ready <-chan Ready
	Env   share.Env
	// Clipboard writes the OS clipboard (atotto/clipboard in production).
	Clipboard func(string) error
	// Browser opens a URL (github.com/cli/browser in production).
	Browser func(string) error
	// SaveDir is where .eml files are saved.
	SaveDir string
	// Store remembers what was handed on; nil remembers nothing.
	Store PendingStore
	// FromName prefills the invite's sender.
	FromName string
	// LinkHost is the host the invite tells the recipient to expect.
	LinkHost string
	// Demo is true on the built-in sandbox.
	Demo bool
	// SandboxLinks is true when links are a sandbox's stand-in pages on this
	// computer (the demo, or `onboard sandbox`): plain http, test data.
	SandboxLinks bool
	// LinkNote, when set, is said under a link: how to reach the demo's
	// pages from another computer (already worded, from assets).
	LinkNote string
	// Timeout bounds each API call.
	Timeout time.Duration
	// PollStart is the first wait between checks when polling; 0 means
	// the api's default.
	PollStart time.Duration
}
