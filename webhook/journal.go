package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/onboardcli/onboard/internal/filelock"
)

// A verifier remembers the message ids it accepted only while its process
// lives, so a signed delivery replayed to the next onboard within the
// timestamp tolerance would be acted on again. The journal keeps them in a
// small file instead: each accepted id with the timestamp it was signed
// with, pruned once that timestamp is past the tolerance (a replay of it
// then fails the timestamp check), rewritten atomically under a file lock so
// onboards running at once share it.

// journalLockWait bounds the wait for another onboard writing the journal.
const journalLockWait = 5 * time.Second

// webhookJournal is the file of accepted webhook message ids.
type webhookJournal struct{ path string }

type journalFile struct {
	Version int            `json:"version"`
	Seen    []journalEntry `json:"seen"`
}

type journalEntry struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"` // the message's webhook-timestamp, Unix seconds
}

// openWebhookJournal checks that the journal at path can be read and
// written, creating it (and its directory, private to the user) when
// missing, so a receiver that cannot remember refuses to start rather than
// accept replays.
func openWebhookJournal(path string, now time.Time) (*webhookJournal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("webhook journal: %w", err)
	}
	j := &webhookJournal{path: path}
	ctx, cancel := context.WithTimeout(context.Background(), journalLockWait)
	defer cancel()
	if err := j.update(ctx, now, func([]journalEntry) ([]journalEntry, bool) { return nil, false }); err != nil {
		return nil, err
	}
	return j, nil
}

// record adds id, signed at sent, and reports whether it is new: false when
// an onboard on this computer accepted it before.
func (j *webhookJournal) record(ctx context.Context, id string, sent int64, now time.Time) (fresh bool, err error) {
	err = j.update(ctx, now, func(seen []journalEntry) ([]journalEntry, bool) {
		if slices.ContainsFunc(seen, func(e journalEntry) bool { return e.ID == id }) {
			return nil, false
		}
		fresh = true
		return []journalEntry{{ID: id, Timestamp: sent}}, true
	})
	return fresh, err
}

// update reads the journal under its lock, prunes what is past the
// tolerance, lets add say what to append, and writes the result back
// atomically (always, so pruning happens even when nothing is added).
func (j *webhookJournal) update(ctx context.Context, now time.Time, add func([]journalEntry) ([]journalEntry, bool)) error {
	unlock, err := filelock.Lock(ctx, j.path+".lock", journalLockWait)
	if err != nil {
		return fmt.Errorf("webhook journal: lock %s: %w", j.path, err)
	}
	defer unlock()
	seen, err := j.read()
	if err != nil {
		return err
	}
	oldest := now.Unix() - int64(webhookTolerance/time.Second)
	seen = slices.DeleteFunc(seen, func(e journalEntry) bool { return e.Timestamp < oldest })
	if more, ok := add(seen); ok {
		seen = append(seen, more...)
	}
	if n := len(seen) - webhookSeenLimit; n > 0 {
		seen = seen[n:]
	}
	return j.write(seen)
}

// read returns the journal's entries; a missing file is an empty journal,
// and so is a damaged one (it only ever holds the last five minutes).
func (j *webhookJournal) read() ([]journalEntry, error) {
	data, err := os.ReadFile(j.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("webhook journal: %w", err)
	}
	var f journalFile
	if json.Unmarshal(data, &f) != nil || f.Version != 1 {
		return nil, nil
	}
	return f.Seen, nil
}

// write replaces the journal with seen: a new 0600 file renamed over the
// old one, so a reader never sees half of it.
func (j *webhookJournal) write(seen []journalEntry) error {
	data, err := json.Marshal(journalFile{Version: 1, Seen: append([]journalEntry{}, seen...)})
	if err != nil {
		return fmt.Errorf("webhook journal: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(j.path), ".webhook-ids-*")
	if err != nil {
		return fmt.Errorf("webhook journal: %w", err)
	}
	defer os.Remove(tmp.Name()) // nothing left to remove after the rename
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), j.path)
	}
	if err != nil {
		return fmt.Errorf("webhook journal: %w", err)
	}
	return nil
}
