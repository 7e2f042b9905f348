//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package store

import "os"

// lockFile falls back to a lock file created exclusively, where flock is not available.
func lockFile(path string) (unlock func(), err error) {
	return lockByCreating(path)
}

// syncDir flushes a directory's entries to disk, best effort.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
