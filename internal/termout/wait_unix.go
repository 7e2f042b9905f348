//go:build unix && !darwin

package termout

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// waitWritable waits until the terminal can take more.
func waitWritable(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var perr error
	err = rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		for {
			_, perr = unix.Poll(fds, -1)
			if !errors.Is(perr, unix.EINTR) {
				break
			}
		}
		if perr == nil && fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 {
			perr = errTerminalGone
		}
	})
	if err != nil {
		return err
	}
	return perr
}

// errTerminalGone is a terminal that hung up while onboard waited to write.
var errTerminalGone = errors.New("terminal closed")
