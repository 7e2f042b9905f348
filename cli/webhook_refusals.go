package cli

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/onboardcli/onboard/store"
	"github.com/onboardcli/onboard/webhook"
)

// The last delivery refused for its signature is kept in the state
// directory, so `doctor`, run later, can say what went wrong and which
// secret to copy. It holds when, how many, the endpoint and the API: never
// the secret or a delivery's body. The file is one of onboard's own
// (store.OpenPrivate, store.WriteAtomic): never followed through a link,
// read only when a plain file of a few kilobytes.
const (
	webhookRefusalsFile = "webhook-refusal.json"
	maxRefusalFileBytes = 16 << 10
	refusalFileVersion  = 1
)

// refusalRecord is the file's shape.
type refusalRecord struct {
	Version     int       `json:"version"`
	At          time.Time `json:"at"`
	Count       uint64    `json:"count"`  // refused in that session
	Reason      string    `json:"reason"` // "signature": the only one kept
	EndpointID  string    `json:"endpoint_id,omitempty"`
	EndpointURL string    `json:"endpoint_url,omitempty"`
	BaseURL     string    `json:"base_url"` // the API the endpoint belongs to
	// OwnEndpoint: the endpoint was the one onboard registered for that
	// session on a sandbox, which no Portal shows a secret of.
	OwnEndpoint bool `json:"own_endpoint,omitempty"`
}

func newRefusalRecord(r webhook.Refusal, baseURL string, own bool) refusalRecord {
	return refusalRecord{Version: refusalFileVersion, At: r.At.UTC(), Count: r.Count, Reason: "signature",
		EndpointID: r.EndpointID, EndpointURL: r.EndpointURL, BaseURL: baseURL, OwnEndpoint: own}
}

// writeRefusal replaces the record at path with rec.
func writeRefusal(path string, rec refusalRecord) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return store.WriteAtomic(path, data)
}

// readRefusal returns the record at path; found is false when there is
// none, or it is of a shape this onboard does not know.
func readRefusal(path string) (rec refusalRecord, found bool, err error) {
	f, err := store.OpenPrivate(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, err
	}
	defer f.Close()
	data, err := store.ReadPrivate(f, maxRefusalFileBytes)
	if err != nil {
		return rec, false, err
	}
	if json.Unmarshal(data, &rec) != nil || rec.Version != refusalFileVersion || rec.Count == 0 {
		return refusalRecord{}, false, nil
	}
	return rec, true, nil
}

// record keeps r in the state directory for doctor.
func (h *hooks) record(r webhook.Refusal) {
	if h.refusalFile == "" {
		return
	}
	if writeRefusal(h.refusalFile, newRefusalRecord(r, h.baseURL, h.ownEndpoint)) == nil {
		h.recorded.Store(r.Count)
	}
}

// listen starts passing rcv's events on, and watching for refusals, kept
// in the state directory (getenv nil: not kept).
func (b *backend) listen(h *hooks, getenv func(string) string) {
	h.now, h.baseURL, h.refusals = b.now, b.baseURL, webhook.NewRefusals()
	if getenv != nil {
		if dir, err := stateDir(getenv); err == nil {
			h.refusalFile = filepath.Join(dir, webhookRefusalsFile)
		}
	}
	h.done = make(chan struct{})
	go h.watchRefusals(h.rcv.BadSignatures(), h.done)
	h.events = h.guard(h.rcv.Events())
}

// watchRefusals notes each delivery refused for its signature until stop,
// keeping the first at once in the state directory (the rest when the
// session ends: a stream of forged requests does not rewrite the file).
func (h *hooks) watchRefusals(badSigned <-chan uint64, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case n := <-badSigned:
			r := webhook.Refusal{At: h.now(), Count: n, EndpointID: h.endpointID, EndpointURL: h.endpointURL}
			if h.recorded.Load() == 0 {
				h.record(r) // before the waits hear of it, so doctor knows as soon as they say it
			}
			h.refusals.Note(r)
		}
	}
}
