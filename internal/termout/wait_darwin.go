//go:build darwin

package termout

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// waitWritable waits until the terminal can take more. macOS's poll does
// not work on terminals; select does.
func waitWritable(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	err = rc.Control(func(fd uintptr) {
		for {
			var w unix.FdSet
			w.Set(int(fd))
			_, serr = unix.Select(int(fd)+1, nil, &w, nil, nil)
			if !errors.Is(serr, unix.EINTR) {
				break
			}
		}
	})
	if err != nil {
		return err
	}
	return serr
}
