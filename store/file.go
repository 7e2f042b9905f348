package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// fileVersion is the version of the file's shape this onboard writes. Any change to the shape, even an added
// field, bumps it and adds a migration, so an older onboard never rewrites (and drops) what it does not know.
const fileVersion = 2

// migrations[v] turns a version v file into a version v+1 file.
var migrations = map[int]func([]byte) ([]byte, error){
	0: migrateV0,
	1: migrateV1,
}

// fileDoc is the file's shape.
type fileDoc struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

// migrateV0 wraps version 0, a bare array of entries, in the versioned document.
func migrateV0(data []byte) ([]byte, error) {
	var entries []json.RawMessage
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []json.RawMessage{}
	}
	return json.Marshal(struct {
		Version int               `json:"version"`
		Entries []json.RawMessage `json:"entries"`
	}{1, entries})
}

// migrateV1 replaces version 1's "sent_at", which claimed more than onboard can see, by "handed_on_at" and
// "handed_on": an invite then was at least prepared (printed, saved or copied); whether it was sent, only
// its sender knows.
func migrateV1(data []byte) ([]byte, error) {
	var raw struct {
		Entries json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	var entries []map[string]json.RawMessage
	if err := json.Unmarshal(raw.Entries, &entries); err != nil && len(raw.Entries) > 0 {
		// Not a list of entries: left as it is, for the reader to say so.
		return json.Marshal(struct {
			Version int             `json:"version"`
			Entries json.RawMessage `json:"entries"`
		}{2, raw.Entries})
	}
	if entries == nil {
		entries = []map[string]json.RawMessage{}
	}
	for _, e := range entries {
		sent, ok := e["sent_at"]
		if !ok {
			continue
		}
		delete(e, "sent_at")
		if _, has := e["handed_on_at"]; !has {
			e["handed_on_at"] = sent
		}
		if _, has := e["handed_on"]; !has {
			e["handed_on"] = json.RawMessage(`"prepared"`)
		}
	}
	return json.Marshal(struct {
		Version int                          `json:"version"`
		Entries []map[string]json.RawMessage `json:"entries"`
	}{2, entries})
}

// testHookBeforeRename, when set, runs after the new content is written to its temporary file and before
// that file replaces the list: tests use it to crash at the worst moment.
var testHookBeforeRename func()

// snapshot is the list as read from disk, with what a person should know about reading it.
type snapshot struct {
	entries []Entry
	newer   int  // the file's version when written by a newer onboard; 0 otherwise
	rewrite bool // migrated or repaired: the file should be written back
	notices []Notice
}

// readLocked reads the list at path; the caller holds the lock. A file that cannot be read or understood is
// moved aside and replaced by known (what this process last saw; nil when opening). It fails only when such a
// file cannot be moved aside, because writing over it would lose it.
func readLocked(path string, known []Entry, now time.Time) (snapshot, error) {
	removeStaleTemps(path)
	snap := snapshot{entries: known}

	f, err := OpenPrivate(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		snap.entries = nil
		return snap, nil
	}
	if refused(err) {
		return snapshot{}, err // not a file onboard wrote: left where it is, untouched
	}
	var data []byte
	if err == nil {
		if n, ok := makePrivate(f); ok {
			snap.notices = append(snap.notices, n)
		}
		data, err = ReadPrivate(f, maxListSize)
		_ = f.Close()
		if refused(err) {
			return snapshot{}, err
		}
	}
	var entries []Entry
	version := fileVersion
	if err == nil {
		entries, version, err = decode(data)
	}
	if err != nil {
		aside, moveErr := moveAside(path, now)
		if moveErr != nil {
			return snapshot{}, stuckError(path, err, moveErr)
		}
		snap.notices = append(snap.notices, damagedNotice(path, aside, err, known != nil))
		return snap, nil
	}

	snap.entries = entries
	switch {
	case version > fileVersion:
		snap.newer = version
		return snap, nil
	case version < fileVersion:
		backup := fmt.Sprintf("%s.v%d-backup", path, version)
		if _, err := os.Lstat(backup); errors.Is(err, fs.ErrNotExist) {
			if err := writeAtomic(backup, data, true); err != nil {
				return snapshot{}, &BackupError{Path: path, Err: err}
			}
		}
		snap.notices = append(snap.notices, migratedNotice(path, version, backup))
		snap.rewrite = true
	}
	if repairIDs(snap.entries) {
		snap.rewrite = true
	}
	sortNewestFirst(snap.entries)
	return snap, nil
}

// maxListSize caps the list's file. An onboarding takes about 600 bytes, so 8 MiB holds over ten thousand,
// more than anyone hands on from one computer, yet decoding it stays quick and small; a larger file was not
// written by onboard (a device, or something filling the file) and is refused rather than read into memory.
// The writer keeps to the same cap, so onboard never writes a list it would not read back.
const maxListSize = 8 << 20

// refused reports whether err is the refusal of a file that is not one onboard wrote.
func refused(err error) bool {
	return errors.Is(err, ErrLink) || errors.Is(err, ErrNotRegular) || errors.Is(err, ErrTooLarge)
}

// makePrivate makes the open list private to the user (0600) when others could read it, through the open
// file, so the file changed is the one being read and never one a link points to.
func makePrivate(f *os.File) (Notice, bool) {
	info, err := f.Stat()
	if err != nil || runtime.GOOS == "windows" || info.Mode().Perm()&0o077 == 0 {
		return Notice{}, false
	}
	if err := f.Chmod(0o600); err != nil {
		return permissionUnfixedNotice(f.Name(), info.Mode().Perm(), err), true
	}
	return permissionFixedNotice(f.Name(), info.Mode().Perm()), true
}

// decode reads a file of any known version, migrating it to the current one, and returns the version found.
// A file of a newer version is decoded as far as the current shape allows.
func decode(data []byte) ([]Entry, int, error) {
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) == 0 {
		return nil, fileVersion, nil
	}
	found, err := detectVersion(data)
	if err != nil {
		return nil, 0, err
	}
	if found > fileVersion {
		var doc fileDoc
		if json.Unmarshal(data, &doc) != nil {
			return nil, found, nil
		}
		return cleanEntries(doc.Entries), found, nil
	}
	for v := found; v < fileVersion; v++ {
		migrate, ok := migrations[v]
		if !ok {
			return nil, 0, unknownVersionError(found)
		}
		if data, err = migrate(data); err != nil {
			return nil, 0, notUpdatedError(v, err)
		}
	}
	var doc fileDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, 0, notAListError(err)
	}
	return cleanEntries(doc.Entries), found, nil
}

// cleanEntries makes every string read back from the file safe to draw. The file is ours, but anything can
// edit it, so it is cleaned here, once, where it comes in: the screens, every command and their JSON then
// only ever see clean values.
func cleanEntries(entries []Entry) []Entry {
	for i := range entries {
		entries[i].clean()
	}
	return entries
}

// detectVersion tells the version of a file: a bare array is version 0, later ones say it.
func detectVersion(data []byte) (int, error) {
	if !json.Valid(data) {
		return 0, notJSONError()
	}
	if data[0] == '[' {
		return 0, nil
	}
	var head struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return 0, notAListError(err)
	}
	if head.Version == nil {
		return 0, noVersionError()
	}
	if *head.Version < 1 {
		return 0, badVersionError(*head.Version)
	}
	return *head.Version, nil
}

// repairIDs gives a new ID to entries without one, or with one already taken (a file edited by hand), and
// reports whether it changed anything.
func repairIDs(entries []Entry) bool {
	seen := make(map[string]bool, len(entries))
	repaired := false
	for i := range entries {
		if entries[i].ID == "" || seen[entries[i].ID] {
			entries[i].ID = newID()
			repaired = true
		}
		seen[entries[i].ID] = true
	}
	return repaired
}

// writeLocked writes the list to path; the caller holds the lock.
func writeLocked(path string, entries []Entry, flush bool) error {
	if entries == nil {
		entries = []Entry{}
	}
	data, err := json.MarshalIndent(fileDoc{Version: fileVersion, Entries: entries}, "", "  ")
	if err != nil {
		return &EncodeError{Err: err}
	}
	if len(data) >= maxListSize {
		return listFullError(path, maxListSize)
	}
	return writeAtomic(path, append(data, '\n'), flush)
}

// writeAtomic replaces path with data so that a reader, or a crash, sees either the old content or the new,
// never a mix: write a temporary file in the same directory, flush it to disk (when flush is set), then
// rename it over path.
func writeAtomic(path string, data []byte, flush bool) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+"*")
	if err != nil {
		return dirError(path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if flush {
		if err = tmp.Sync(); err != nil {
			return fmt.Errorf("flush %s: %w", tmp.Name(), err)
		}
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err = os.Chmod(tmp.Name(), 0o600); err != nil {
		return fmt.Errorf("make %s private: %w", tmp.Name(), err)
	}
	if testHookBeforeRename != nil {
		testHookBeforeRename()
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	if flush {
		syncDir(filepath.Dir(path))
	}
	return nil
}

// tempPrefix starts the names of the temporary files that become path. They are hidden, and any left behind
// by a crash are removed by the next reader holding the lock.
func tempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// removeStaleTemps deletes temporary files left by a writer that crashed before its rename. The caller holds
// the lock, so no live writer owns one.
func removeStaleTemps(path string) {
	dirEntries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return
	}
	prefix := tempPrefix(path)
	for _, d := range dirEntries {
		if strings.HasPrefix(d.Name(), prefix) && d.Type().IsRegular() {
			_ = os.Remove(filepath.Join(filepath.Dir(path), d.Name()))
		}
	}
}

// moveAside renames a file that cannot be used to path + ".corrupt-<time>", never over an earlier one, and
// returns the new name.
func moveAside(path string, now time.Time) (string, error) {
	stamp := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	aside := stamp
	for n := 2; ; n++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = stamp + "-" + strconv.Itoa(n)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("move %s aside: %w", path, err)
	}
	_ = os.Chmod(aside, 0o600) // it may hold the same private details as the list
	return aside, nil
}

// prepareDir creates the list's directory, private to the user, when it is missing.
func prepareDir(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return dirError(path, err)
	}
	return nil
}

// probeWritable checks that files can be created in the list's directory, so that a problem shows when
// opening rather than when something is to be remembered.
func probeWritable(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+"*")
	if err != nil {
		return dirError(path, err)
	}
	_ = f.Close()
	_ = os.Remove(f.Name())
	return nil
}
