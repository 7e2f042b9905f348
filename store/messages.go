package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The words a person reads about the store: notices and the errors that ask them to do something.

func damagedNotice(path, aside string, reason error, keptKnown bool) Notice {
	then := "a new, empty list was started"
	if keptKnown {
		then = "onboard carried on with the list as it last read it"
	}
	return Notice{Message: fmt.Sprintf(
		"The list of onboardings at %s could not be used: %v. It was moved to %s, so nothing in it is lost, and %s.",
		path, reason, aside, then)}
}

func newerNotice(path string, version, shown int) Notice {
	shows := fmt.Sprintf("onboard shows the %d onboardings it could read", shown)
	if shown == 0 {
		shows = "onboard cannot show what it holds"
	}
	return Notice{Message: fmt.Sprintf(
		"The list of onboardings at %s was written by a newer onboard (file version %d; this one knows version %d). "+
			"%s, and will not change the file. Update onboard to remember new onboardings.",
		path, version, fileVersion, shows)}
}

func migratedNotice(path string, from int, backup string) Notice {
	return Notice{Message: fmt.Sprintf(
		"The list of onboardings at %s was updated from file version %d to %d. The previous file is kept as %s.",
		path, from, fileVersion, backup)}
}

func permissionFixedNotice(path string, mode fs.FileMode) Notice {
	return Notice{Message: fmt.Sprintf(
		"The list of onboardings at %s could be read by other people on this computer (mode %04o). "+
			"onboard made it private to you (mode 0600).",
		path, mode)}
}

func permissionUnfixedNotice(path string, mode fs.FileMode, err error) Notice {
	return Notice{Message: fmt.Sprintf(
		"The list of onboardings at %s can be read by other people on this computer (mode %04o), "+
			"and onboard could not change that (%v). Run: chmod 600 %s",
		path, mode, err, path)}
}

// newerVersionError refuses a change to a file written by a newer onboard.
func newerVersionError(path string, version int) error {
	return fmt.Errorf("%s was %w (file version %d; this one knows version %d), so it is left unchanged: "+
		"update onboard, or set %s to keep a separate list", path, ErrNewerVersion, version, fileVersion, StateDirEnv)
}

// dirError explains why the list's directory cannot be used, and what to do about it.
func dirError(path string, err error) error {
	dir := filepath.Dir(path)
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("onboard cannot write to %s, where it remembers onboardings: %w; "+
			"give yourself access (chmod u+rwx %s) or set %s to a directory you can write", dir, err, dir, StateDirEnv)
	}
	if errors.Is(err, fs.ErrExist) || isNotDir(err) {
		return fmt.Errorf("onboard cannot use %s to remember onboardings: %w; "+
			"something that is not a directory is in the way: move it, or set %s to a directory you can write",
			dir, err, StateDirEnv)
	}
	return fmt.Errorf("onboard cannot use %s to remember onboardings: %w; "+
		"check that it is a directory you can write, or set %s to one", dir, err, StateDirEnv)
}

// isNotDir reports whether err says a path component is a file, not a directory.
func isNotDir(err error) bool {
	var pathErr *os.PathError
	if !errors.As(err, &pathErr) {
		return false
	}
	info, statErr := os.Stat(pathErr.Path)
	return statErr == nil && !info.IsDir()
}
