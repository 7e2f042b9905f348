//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package store

// lockFile falls back to a lock file created exclusively, where flock is not available.
func lockFile(path string) (unlock func(), err error) {
	return lockByCreating(path)
}
