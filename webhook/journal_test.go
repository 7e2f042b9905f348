package webhook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestReplayToANewReceiverIsNotActedOn delivers a signed event to one
// receiver, closes it as onboard ends, starts another on the same state
// directory (a new onboard, within the five minutes a signature is good
// for), and replays the delivery: answered so Svix stops, but not acted on.
func TestReplayToANewReceiverIsNotActedOn(t *testing.T) {
	seen := filepath.Join(t.TempDir(), "state", "webhook-ids.json")
	first, err := NewReceiver(ReceiverConfig{Secret: svixVectorSecret, Now: fixedClock(receiverNow), SeenFile: seen})
	if err != nil {
		t.Fatal(err)
	}
	if rec := serveOnce(t, first.Handler(), signedRequest(t, DefaultPath, "msg_1", connectedBody("ev-1"))); rec.Code != 204 {
		t.Fatalf("first delivery: %d", rec.Code)
	}
	if ev := <-first.Events(); ev.ID != "ev-1" {
		t.Fatalf("first receiver got %+v", ev)
	}
	first.Close()

	// Two minutes later, well inside the signature's tolerance.
	second := newTestReceiver(t, ReceiverConfig{Now: fixedClock(receiverNow.Add(2 * time.Minute)), SeenFile: seen})
	rec := serveOnce(t, second.Handler(), signedRequest(t, DefaultPath, "msg_1", connectedBody("ev-1")))
	if rec.Code != 204 {
		t.Errorf("replay answered %d, want 204 so Svix stops retrying", rec.Code)
	}
	select {
	case ev := <-second.Events():
		t.Fatalf("the replay was acted on: %+v", ev)
	default:
	}
	if st := second.Stats(); st.Duplicates != 1 || st.Delivered != 0 {
		t.Errorf("stats %+v, want one duplicate and nothing delivered", st)
	}
	// A new message still goes through.
	serveOnce(t, second.Handler(), signedRequest(t, DefaultPath, "msg_2", connectedBody("ev-2")))
	if ev := <-second.Events(); ev.ID != "ev-2" {
		t.Errorf("a new message after the replay: %+v", ev)
	}
	if info, err := os.Stat(seen); err != nil || runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("journal: %v, mode %v; want a 0600 file", err, info)
	}
}

// TestJournalForgetsWhatIsPastTheTolerance checks the file holds only ids
// whose signature is still good, and leaves no temporary file behind.
func TestJournalForgetsWhatIsPastTheTolerance(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "webhook-ids.json")
	j, err := openWebhookJournal(path, receiverNow)
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		id    string
		sent  time.Time
		now   time.Time
		fresh bool
	}{
		{"old", receiverNow, receiverNow, true},
		{"old", receiverNow, receiverNow.Add(time.Minute), false},
		{"new", receiverNow.Add(6 * time.Minute), receiverNow.Add(6 * time.Minute), true},
	} {
		fresh, err := j.record(t.Context(), tc.id, tc.sent.Unix(), tc.now)
		if err != nil || fresh != tc.fresh {
			t.Fatalf("record %d (%s): fresh %v err %v, want fresh %v", i, tc.id, fresh, err, tc.fresh)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f journalFile
	if err := json.Unmarshal(data, &f); err != nil || len(f.Seen) != 1 || f.Seen[0].ID != "new" {
		t.Errorf("journal %s (%v), want only the id still within the tolerance", data, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "webhook-ids.json" && e.Name() != "webhook-ids.json.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestAReceiverThatCannotRememberDoesNotStart refuses a journal it cannot
// write, rather than accept replays.
func TestAReceiverThatCannotRememberDoesNotStart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewReceiver(ReceiverConfig{Secret: svixVectorSecret, SeenFile: filepath.Join(file, "webhook-ids.json")}); err == nil {
		t.Fatal("a receiver started with a journal it cannot write")
	}
}
