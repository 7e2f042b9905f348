// Package filelock takes advisory locks on files, shared by the processes of
// one user: flock where the system has it, LockFileEx on Windows. The
// system releases a lock when its process ends, however it ends, so none is
// ever left stale.
package filelock

import (
	"context"
	"errors"
	"os"
	"time"
)

// ErrBusy is returned by Lock when another holder kept the lock for the
// whole wait.
var ErrBusy = errors.New("file lock: held by another process")

// pollStart and pollMax pace the tries for a lock someone else holds.
const (
	pollStart = 5 * time.Millisecond
	pollMax   = 100 * time.Millisecond
)

// Lock takes the exclusive lock on path, creating the file (0600, never
// through a link where the system can tell) when missing. It tries until
// the lock is free, ctx is done (its error is returned) or wait has passed
// (ErrBusy). The returned function releases the lock; call it on every path.
func Lock(ctx context.Context, path string, wait time.Duration) (unlock func(), err error) {
	_, unlock, err = LockFile(ctx, path, wait)
	return unlock, err
}

// LockFile is Lock, and also gives the locked file: what the holder writes
// in it is read by the next holder. Read and write it only while holding
// the lock.
func LockFile(ctx context.Context, path string, wait time.Duration) (held *os.File, unlock func(), err error) {
	f, err := openLockFile(path)
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	delay := pollStart
	for {
		held, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		if held {
			return f, func() {
				unlockFile(f)
				f.Close()
			}, nil
		}
		left := wait - time.Since(start)
		if left <= 0 {
			f.Close()
			return nil, nil, ErrBusy
		}
		t := time.NewTimer(min(delay, left))
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, nil, ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, pollMax)
	}
}

// openFile is os.OpenFile for lock files: read-write, created 0600.
func openFile(path string, extra int) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|extra, 0o600)
}
