//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package filelock

import (
	"errors"
	"os"
	"syscall"
)

// openLockFile opens (creating) a lock file private to the user, refusing
// to follow a link planted in its place.
func openLockFile(path string) (*os.File, error) { return openFile(path, syscall.O_NOFOLLOW) }

// tryLock takes an exclusive flock on f without waiting; held is false when
// another open file holds it. The lock belongs to the open file, so
// goroutines of one process exclude each other too.
func tryLock(f *os.File) (held bool, err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case !errors.Is(err, syscall.EINTR):
			return false, err
		}
	}
}

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
