package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/onboardcli/onboard/assets"
)

// The words a person reads about the store: notices and the errors that ask them to do something. They are
// the store.* blocks of assets/store.tmpl.

func damagedNotice(path, aside string, reason error, keptKnown bool) Notice {
	return Notice{Message: assets.Text("store.damaged",
		assets.Vars{"Path": path, "Reason": reason, "Aside": aside, "KeptKnown": keptKnown})}
}

func newerNotice(path string, version, shown int) Notice {
	return Notice{Message: assets.Text("store.newer",
		assets.Vars{"Path": path, "Version": version, "Known": fileVersion, "Shown": shown})}
}

func migratedNotice(path string, from int, backup string) Notice {
	return Notice{Message: assets.Text("store.migrated",
		assets.Vars{"Path": path, "From": from, "To": fileVersion, "Backup": backup})}
}

func permissionFixedNotice(path string, mode fs.FileMode) Notice {
	return Notice{Message: assets.Text("store.madeprivate", assets.Vars{"Path": path, "Mode": mode})}
}

func permissionUnfixedNotice(path string, mode fs.FileMode, err error) Notice {
	return Notice{Message: assets.Text("store.notprivate", assets.Vars{"Path": path, "Mode": mode, "Err": err})}
}

// personError is an error worded for a person that still matches, with errors.Is and errors.As, the error
// it explains.
type personError struct {
	msg string
	err error
}

func (e *personError) Error() string { return e.msg }
func (e *personError) Unwrap() error { return e.err }

// explain words err with the named block, which shows it as {{.Err}}.
func explain(name string, vars assets.Vars, err error) error {
	vars["Err"] = err
	return &personError{msg: assets.Text(name, vars), err: err}
}

// newerVersionError refuses a change to a file written by a newer onboard.
func newerVersionError(path string, version int) error {
	return explain("store.newererror",
		assets.Vars{"Path": path, "Version": version, "Known": fileVersion, "Env": StateDirEnv}, ErrNewerVersion)
}

// dirError explains why the list's directory cannot be used, and what to do about it.
func dirError(path string, err error) error {
	vars := assets.Vars{"Dir": filepath.Dir(path), "Env": StateDirEnv}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return explain("store.dirdenied", vars, err)
	case errors.Is(err, fs.ErrExist) || isNotDir(err):
		return explain("store.dirblocked", vars, err)
	}
	return explain("store.dirunusable", vars, err)
}

// listFullError refuses a change that would make the list larger than onboard reads back.
func listFullError(path string, limit int) error {
	return errors.New(assets.Text("store.listfull", assets.Vars{"Path": path, "Limit": limit, "Env": StateDirEnv}))
}

// stuckError says a damaged file can be neither read nor moved out of the way.
func stuckError(path string, reason, moveErr error) error {
	return explain("store.stuck", assets.Vars{"Path": path, "Reason": reason}, moveErr)
}

// Why a file could not be used, worded to follow "could not be used: " in a notice.

func unknownVersionError(version int) error {
	return errors.New(assets.Text("store.unknownversion", version))
}
func badVersionError(version int) error { return errors.New(assets.Text("store.badversion", version)) }
func notJSONError() error               { return assets.Error("store.notjson") }
func noVersionError() error             { return assets.Error("store.noversion") }
func notAListError(err error) error     { return explain("store.notalist", assets.Vars{}, err) }

func notUpdatedError(version int, err error) error {
	return explain("store.notupdated", assets.Vars{"Version": version}, err)
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
