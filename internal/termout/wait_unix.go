//go:build unix && !darwin

package termout

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// waitWritable waits until the terminal can take more.
func waitWritable(f *os.File) error {
	return onFd(f, func(fd int) error {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		for {
			_, err := unix.Poll(fds, -1)
			if errors.Is(err, unix.EINTR) {
				continue
			}
			if err == nil && fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 {
				return errTerminalGone
			}
			return err
		}
	})
}

// errTerminalGone is a terminal that hung up while onboard waited to write.
var errTerminalGone = errors.New("terminal closed")
