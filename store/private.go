package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/onboardcli/onboard/assets"
)

// onboard's own files on this computer (the list of onboardings and its lock, the debug log, the stored key)
// are opened only through OpenPrivate and read only through ReadPrivate, so they cannot be turned against
// their owner. A symbolic link put in their place would have onboard read, make private or append to the
// file it points to; a FIFO would hang onboard while it holds the lock, and a device such as /dev/zero or a
// huge file would run it out of memory. Such a file is refused, never followed, waited on or read whole, and
// it is left exactly as it is: the error says which file and why.

// The refusals wrap ErrLink, ErrNotRegular or ErrTooLarge (errors.go).

// CheckPrivate reports, from the directory entry alone, whether path can be one of onboard's own files: it
// is missing, or a plain file. A link, FIFO, device or directory is refused, with an error that says so.
func CheckPrivate(path string) error {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	}
	return refusal(path, info)
}

// OpenPrivate opens path, one of onboard's own files, with flag and, when it is created, perm. It never
// follows a symbolic link in path's last element and never blocks opening a FIFO; whatever it opens that is
// not a plain file is closed again and refused.
func OpenPrivate(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if err := CheckPrivate(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, flag|openNoFollow, perm)
	if err != nil {
		// Replaced by a link or a FIFO since the check: the open failed for that (ELOOP, ENXIO).
		if info, lerr := os.Lstat(path); lerr == nil {
			if refused := refusal(path, info); refused != nil {
				return nil, refused
			}
		}
		return nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = refusal(path, info)
	}
	if err == nil {
		err = setBlocking(f)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// ReadPrivate returns what f, opened by OpenPrivate, holds, refusing without reading it a file of more than
// limit bytes. A file that grows while it is read is refused too.
func ReadPrivate(f *os.File, limit int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, tooLargeError(f.Name(), info.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLargeError(f.Name(), int64(len(data)), limit)
	}
	return data, nil
}

// refusal explains why the file described by info cannot be one of onboard's own, or is nil for a plain
// file.
func refusal(path string, info fs.FileInfo) error {
	mode := info.Mode()
	switch {
	case mode.IsRegular():
		return nil
	case mode&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			target = "?"
		}
		return explain("store.filelink", assets.Vars{"Path": path, "Target": target}, ErrLink)
	}
	kind := "other"
	switch {
	case mode.IsDir():
		kind = "dir"
	case mode&fs.ModeNamedPipe != 0:
		kind = "pipe"
	case mode&fs.ModeDevice != 0:
		kind = "device"
	case mode&fs.ModeSocket != 0:
		kind = "socket"
	}
	return explain("store.filekind", assets.Vars{"Path": path, "Kind": kind}, ErrNotRegular)
}

func tooLargeError(path string, size, limit int64) error {
	return explain("store.filesize", assets.Vars{"Path": path, "Size": size, "Limit": limit},
		fmt.Errorf("%w: %d bytes, over %d", ErrTooLarge, size, limit))
}

// WriteAtomic replaces path, one of onboard's own files, with data (0600), so that a reader or a crash sees
// the old content or the new, never a mix. Other packages' files in the state directory (a bulk run's
// journal) are written through it.
func WriteAtomic(path string, data []byte) error {
	if err := CheckPrivate(path); err != nil {
		return err
	}
	return writeAtomic(path, data, true)
}
