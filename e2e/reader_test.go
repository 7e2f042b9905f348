package e2e

import (
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestConsentNamesWhoReads: before anything is shared, the consent screen
// names the Codat client that will read the data, and what it reads on first
// link, as Codat's profile and sync settings say. Where the settings are
// refused (the strict profile), it still names the client.
func TestConsentNamesWhoReads(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		strict bool
		want   []string
	}{
		{false, []string{"Demo Capital Ltd will be able to read invoices, bills,", "going back 24 months"}},
		{true, []string{"Demo Capital Ltd will be able to read the platform's data"}},
	} {
		t.Run(map[bool]string{false: "default", true: "strict"}[tc.strict], func(t *testing.T) {
			t.Parallel()
			c := startSandbox(t, sandbox.Options{Strict: tc.strict})
			tt := startTTY(t, c.env(t), 100, 30)
			tt.toConsent("Reader Co")
			tt.WaitFor(step, tc.want...)
		})
	}
}
