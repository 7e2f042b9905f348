// Package guard keeps onboard processes on one computer from making the
// same company, or the same connection, twice when they run at once: each
// find-or-create holds a lock named after what it would make, in the state
// directory. The locks are advisory file locks (flock), which the system
// releases when a process ends, however it ends, so none is ever left stale.
// Two computers can still race: the uid tag and the client's looking again
// after an unclear answer narrow that, nothing here closes it.
package guard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/internal/filelock"
)

// DefaultWait bounds the wait for a lock another onboard holds. A holder
// keeps it for a search and a create, a few seconds even when Codat is slow
// or rate limited; a minute and a half leaves room for its retries.
const DefaultWait = 90 * time.Second

// Locks are the locks in one state directory.
type Locks struct {
	dir  string        // the state directory; the locks live in dir/locks
	wait time.Duration // how long to wait for a lock before giving up
	err  error         // why there is no state directory, when there is none
}

// NewLocks returns the locks kept in the state directory dir; wait bounds
// each wait (DefaultWait when 0). The directory is made when first needed.
func NewLocks(dir string, wait time.Duration) *Locks {
	if wait <= 0 {
		wait = DefaultWait
	}
	return &Locks{dir: dir, wait: wait}
}

// NoLocks stands for the locks of a state directory that could not be found
// (err says why): every lock is refused with err, since making a thing
// unguarded is what the locks are there to prevent.
func NoLocks(err error) *Locks { return &Locks{err: err} }

// Company takes the lock for making a company of this name: names that are
// the same company name (flow.CompanyKey) share it. unlock must be
// called on every path; a name Codat would reduce to nothing takes no lock.
func (l *Locks) Company(ctx context.Context, name string) (unlock func(), err error) {
	h, err := l.company(ctx, name)
	if err != nil {
		return nil, err
	}
	return h.unlock, nil
}

func (l *Locks) company(ctx context.Context, name string) (*held, error) {
	key := flow.CompanyKey(name)
	if key == "" {
		return &held{unlock: func() {}}, nil
	}
	cleaned, _ := flow.CodatName(name)
	return l.hold(ctx, "company", key, assets.Text("guard.company", cleaned))
}

// Connection takes the lock for making a connection from the company to
// the platform with this key.
func (l *Locks) Connection(ctx context.Context, companyID, platformKey string) (unlock func(), err error) {
	h, err := l.connection(ctx, companyID, platformKey)
	if err != nil {
		return nil, err
	}
	return h.unlock, nil
}

func (l *Locks) connection(ctx context.Context, companyID, platformKey string) (*held, error) {
	key := strings.TrimSpace(companyID) + "\x00" + strings.ToLower(strings.TrimSpace(platformKey))
	return l.hold(ctx, "connection", key, assets.Text("guard.connection", strings.TrimSpace(platformKey)))
}

// hold locks the file named after kind and a hash of key, trying until the
// lock is free, ctx is done or l.wait has passed. what names the thing the
// lock guards, for the error a person reads. The held file records when
// something was last made under the lock (see made.go).
func (l *Locks) hold(ctx context.Context, kind, key, what string) (*held, error) {
	if l.err != nil {
		return nil, l.err
	}
	dir := filepath.Join(l.dir, "locks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("%s: %w", assets.Text("guard.nodir", dir), err)
	}
	sum := sha256.Sum256([]byte(key))
	path := filepath.Join(dir, kind+"-"+hex.EncodeToString(sum[:16])+".lock")
	f, unlock, err := filelock.LockFile(ctx, path, l.wait)
	switch {
	case errors.Is(err, filelock.ErrBusy):
		return nil, errors.New(assets.Text("guard.busy", assets.Vars{"What": what, "Waited": l.wait.Round(time.Second).String()}))
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return nil, fmt.Errorf("%s: %w", assets.Text("guard.waiting", what), err)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", assets.Text("guard.nodir", dir), err)
	}
	return &held{file: f, unlock: unlock}, nil
}
