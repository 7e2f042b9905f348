//go:build !unix

package termout

import (
	"errors"
	"os"
)

// waitWritable cannot wait here: the write counts as lost, and the screen
// is drawn again.
func waitWritable(*os.File) error { return errors.ErrUnsupported }
