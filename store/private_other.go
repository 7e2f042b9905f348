//go:build !unix

package store

import "os"

// openNoFollow is empty where the system has no O_NOFOLLOW: CheckPrivate's look at the directory entry,
// and the check of what was opened, stand alone there.
const openNoFollow = 0

func setBlocking(*os.File) error { return nil }
