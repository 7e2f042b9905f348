//go:build !unix

package termout

import (
	"errors"
	"os"
)

// waitWritable cannot wait here: the write counts as failed, and the
// screen is drawn again.
func waitWritable(*os.File) error { return errors.ErrUnsupported }
