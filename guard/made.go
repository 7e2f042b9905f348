package guard

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// A lock file records when its holder last made, or may have made, what
// the lock guards: the time a create under it ended, written while the lock
// is held. So a process that searched for a company before taking the lock
// knows whether its search is still the whole truth for this computer: if
// no create of the name ended since the search was sent, the search needs
// no repeating under the lock. A file this version never wrote into says
// nothing was made.

// held is a lock taken, with its file.
type held struct {
	file   *os.File // nil when nothing was locked (a name with no letters)
	unlock func()
}

// lastMade is when something was last made under the lock. ok is false when
// the record cannot be read: the caller must then assume it was just now.
func (h *held) lastMade() (at time.Time, ok bool) {
	if h == nil || h.file == nil {
		return time.Time{}, true
	}
	buf := make([]byte, 64)
	n, err := h.file.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return time.Time{}, false
	}
	text := strings.TrimSpace(string(buf[:n]))
	if text == "" {
		return time.Time{}, true
	}
	ns, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, ns), true
}

// madeSince reports whether something may have been made under the lock at
// or after t.
func (h *held) madeSince(t time.Time) bool {
	at, ok := h.lastMade()
	return !ok || !at.IsZero() && !at.Before(t)
}

// everMade reports whether anything may ever have been made under the lock.
func (h *held) everMade() bool {
	at, ok := h.lastMade()
	return !ok || !at.IsZero()
}

// markMade records that a create under the lock ended now. The record is
// written in place at a fixed width, never truncated first, so a failed
// write cannot leave an empty file that says nothing was made.
func (h *held) markMade() {
	if h == nil || h.file == nil {
		return
	}
	_, _ = h.file.WriteAt([]byte(fmt.Sprintf("%020d\n", time.Now().UnixNano())), 0)
}
