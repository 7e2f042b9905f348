package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// The store's errors are typed and terse; package explain words them for a person from the store.* blocks of
// assets/store.tmpl. Errors that the store words itself (messages.go) wrap these, so errors.Is and errors.As
// still find them.

var (
	// ErrNewerVersion is returned by changes refused because the file was written by a newer onboard.
	ErrNewerVersion = errors.New("store: newer version")
	// ErrNotFound is returned when no remembered onboarding has the given ID.
	ErrNotFound = errors.New("store: unknown id")
	// ErrLink is wrapped by the refusal of a file that is a symbolic link.
	ErrLink = errors.New("symbolic link")
	// ErrNotRegular is wrapped by the refusal of something that is not a plain file (a FIFO, a device, a
	// directory, a socket).
	ErrNotRegular = errors.New("not regular")
	// ErrTooLarge is wrapped by the refusal of a file larger than its reader's cap.
	ErrTooLarge = errors.New("too large")
)

// OpenError is why Open could not open the list.
type OpenError struct{ Err error }

func (e *OpenError) Error() string { return "open list: " + e.Err.Error() }
func (e *OpenError) Unwrap() error { return e.Err }

// Change is what a change to the list was doing.
type Change string

// The changes to the list.
const (
	ChangeRemember Change = "remember"
	ChangeUpdate   Change = "update"
	ChangeForget   Change = "forget"
)

// ChangeError is why a change to the list failed; ID is the onboarding's, empty when remembering a new one.
type ChangeError struct {
	Change Change
	ID     string
	Err    error
}

func (e *ChangeError) Error() string {
	return strings.TrimSpace(string(e.Change)+" "+e.ID) + ": " + e.Err.Error()
}
func (e *ChangeError) Unwrap() error { return e.Err }

// BackupError is why the copy kept before a file is updated to the current format could not be written.
type BackupError struct {
	Path string
	Err  error
}

func (e *BackupError) Error() string { return "back up " + e.Path + ": " + e.Err.Error() }
func (e *BackupError) Unwrap() error { return e.Err }

// EncodeError is why the list could not be turned into JSON.
type EncodeError struct{ Err error }

func (e *EncodeError) Error() string { return "encode list: " + e.Err.Error() }
func (e *EncodeError) Unwrap() error { return e.Err }

// LockHeldError says the lock file was held longer than anyone waits for it.
type LockHeldError struct {
	Path   string
	Waited time.Duration
}

func (e *LockHeldError) Error() string { return fmt.Sprintf("lock %s: held over %s", e.Path, e.Waited) }

// StateDirError says the platform's place for the list cannot be found: Var, the environment variable it
// comes from, is unset, or (Var empty) there is no home directory, for the reason Err (nil: it is empty).
type StateDirError struct {
	Var string
	Err error
}

func (e *StateDirError) Error() string {
	switch {
	case e.Var != "":
		return "state dir: " + e.Var + " unset"
	case e.Err != nil:
		return "state dir: home: " + e.Err.Error()
	}
	return "state dir: home: empty"
}
func (e *StateDirError) Unwrap() error { return e.Err }

// The fields an entry may have wrong, by their JSON names.
const (
	FieldCompanyID = "company_id"
	FieldBaseURL   = "base_url"
	FieldCategory  = "category"
	FieldPath      = "path"
)

// EntryProblem is one field of an entry the store does not keep: empty, or (Allowed not empty) Value is
// none of Allowed.
type EntryProblem struct {
	Field   string
	Value   string
	Allowed []string
}

// InvalidEntryError refuses an entry with the problems listed.
type InvalidEntryError struct{ Problems []EntryProblem }

func (e *InvalidEntryError) Error() string {
	fields := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		fields[i] = fmt.Sprintf("%s=%q", p.Field, p.Value)
	}
	return "invalid entry: " + strings.Join(fields, " ")
}
