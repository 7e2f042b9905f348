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
	return onFd(f, func(fd int) error {
		for {
			var w unix.FdSet
			w.Set(fd)
			_, err := unix.Select(fd+1, nil, &w, nil, nil)
			if !errors.Is(err, unix.EINTR) {
				return err
			}
		}
	})
}
