package bulk

import (
	"encoding/csv"
	"io"
	"strconv"
	"sync"
)

// Statuses of rows that did not reach Codat's own connection statuses
// (PendingAuth, Linked, ...).
const (
	StatusInvalid = "Invalid" // refused by Check: nothing was done
	StatusFailed  = "Failed"  // Codat or the disk failed it; the next run tries again
	StatusNotDone = "NotDone" // the run was stopped before it
	StatusLinked  = "Linked"
)

// Result is one row's outcome: `onboard bulk --json` prints one per row, in
// file order. The field names are a contract: add fields, never rename or
// remove them.
type Result struct {
	Row           int     `json:"row"`
	Line          int     `json:"line"`
	CompanyID     string  `json:"company_id"`
	CompanyName   string  `json:"company_name"`
	CompanyReused bool    `json:"company_reused"`
	LinkURL       string  `json:"link_url"`
	ConnectionID  string  `json:"connection_id"`
	PlatformKey   string  `json:"platform_key"`
	Status        string  `json:"status"`
	Invite        *string `json:"invite"` // the .eml written; null when none
	Mailto        string  `json:"mailto,omitempty"`
	// Resumed: the row was finished by an earlier run over the same file;
	// this one only read its current state.
	Resumed bool    `json:"resumed"`
	Error   *string `json:"error"`
}

// Failed reports whether the row ended in an error.
func (r Result) Failed() bool { return r.Error != nil }

// Tally counts a run's rows by how they ended.
type Tally struct {
	Linked, Pending, Failed, Invalid, NotDone, Resumed int
}

// Add counts one result.
func (t *Tally) Add(r Result) {
	switch {
	case r.Status == StatusInvalid:
		t.Invalid++
	case r.Status == StatusNotDone:
		t.NotDone++
	case r.Failed():
		t.Failed++
	case r.Status == StatusLinked:
		t.Linked++
	default:
		t.Pending++
	}
	if r.Resumed {
		t.Resumed++
	}
}

// ordered hands results on in row order, holding back those that finish
// before an earlier row.
type ordered struct {
	mu   sync.Mutex
	next int // the index of the row to hand on next
	held map[int]Result
	emit func(Result)
}

func newOrdered(emit func(Result)) *ordered {
	return &ordered{held: map[int]Result{}, emit: emit}
}

// put takes the result of the row at index i (0-based, file order).
func (o *ordered) put(i int, r Result) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.held[i] = r
	for {
		r, ok := o.held[o.next]
		if !ok {
			return
		}
		delete(o.held, o.next)
		o.next++
		if o.emit != nil {
			o.emit(r)
		}
	}
}

// CSVWriter writes results as CSV, a header first.
type CSVWriter struct{ w *csv.Writer }

// csvHeader names the results file's columns, as the JSON does.
var csvHeader = []string{"row", "line", "company_id", "company_name", "company_reused", "link_url", "connection_id",
	"platform_key", "status", "invite", "resumed", "error"}

// NewCSVWriter starts a results file on w.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return nil, err
	}
	return &CSVWriter{cw}, nil
}

// Write adds one result.
func (c *CSVWriter) Write(r Result) error {
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	return c.w.Write([]string{
		strconv.Itoa(r.Row), strconv.Itoa(r.Line), r.CompanyID, csvSafe(r.CompanyName), strconv.FormatBool(r.CompanyReused),
		r.LinkURL, r.ConnectionID, r.PlatformKey, r.Status, deref(r.Invite), strconv.FormatBool(r.Resumed), csvSafe(deref(r.Error)),
	})
}

// Flush writes what is buffered and says whether writing failed.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// csvSafe keeps a spreadsheet from reading a value as a formula: a cell
// starting with = + - @ is prefixed with an apostrophe (OWASP's advice for
// CSV injection). Company names may start with any of them.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
