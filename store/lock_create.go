package store

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"time"
)

// How the fallback lock waits. A holder keeps the lock for a few milliseconds, so one older than
// staleLockAge was left by a process that died; lockWaitLimit is longer, so such a lock is broken before
// anyone gives up.
const (
	staleLockAge  = 15 * time.Second
	lockWaitLimit = 30 * time.Second
)

// lockByCreating takes a lock by creating path exclusively (O_EXCL), for systems without flock. Unlike
// flock, it outlives a crashed holder, so a lock file older than staleLockAge is removed and taken over.
func lockByCreating(path string) (unlock func(), err error) {
	deadline := time.Now().Add(lockWaitLimit)
	delay := time.Millisecond
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, _ = f.WriteString(strconv.Itoa(os.Getpid()) + "\n") // for a person wondering who holds it
			_ = f.Close()
			return func() { _ = os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if info, statErr := os.Lstat(path); statErr == nil && time.Since(info.ModTime()) > staleLockAge {
			_ = os.Remove(path)
			continue
		}
		if time.Now().After(deadline) {
			return nil, &LockHeldError{Path: path, Waited: lockWaitLimit}
		}
		time.Sleep(delay)
		delay = min(2*delay, 50*time.Millisecond)
	}
}
