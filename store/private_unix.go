//go:build unix

package store

import (
	"os"
	"syscall"
)

// openNoFollow makes opening refuse a symbolic link (O_NOFOLLOW) instead of opening what it points to, and
// return at once on a FIFO with no writer (O_NONBLOCK) instead of waiting for one.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// setBlocking clears O_NONBLOCK on a plain file once it is known to be one, so reads and writes behave as
// usual.
func setBlocking(f *os.File) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var setErr error
	if err := conn.Control(func(fd uintptr) { setErr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return setErr
}
