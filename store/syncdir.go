//go:build !windows

package store

import "os"

// syncDir flushes a directory's entries to disk so that a rename in it survives a power cut. It is best
// effort: the rename has already happened, and some file systems cannot sync a directory.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
