package e2e

import (
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	tt := startTTY(t, baseEnv(t), 100, 30, "demo")
	s := tt.WaitFor(10*time.Second, "Company")
	t.Logf("screen:\n%s", s)
	tt.Type("Acme")
	s = tt.WaitFor(5*time.Second, "Create a new company")
	t.Logf("screen:\n%s", s)
	start := time.Now()
	tt.Send(keyCtrlC)
	t.Logf("code %d after %s", tt.Wait(5*time.Second), time.Since(start))
	t.Logf("tail %q", tail(tt.Output(), 300))
	t.Logf("head %q", tt.Output()[:400])
}
