// Command startup measures how long programs take from process start to
// their first frame (or to the end of their output) in a real pseudo
// terminal, over many interleaved runs, and prints the median and 90th
// percentile of each next to the first case's (the floor).
//
// Each case is NAME=MARKER=COMMAND [ARG...]. With a MARKER the clock stops
// when the marker text first appears on the terminal (escape sequences
// stripped), then the program is sent ctrl+c. With an empty MARKER the clock
// stops when the program exits and its output is drained.
//
// The harness answers the terminal queries a real terminal answers (device
// attributes, background and foreground colour, cursor position), so no
// program waits out a query timeout that a person would never see.
//
//	startup -n 30 -size 80x24 \
//	  'floor=floor=./floor' 'onboard=Which=./onboard demo' 'help==./onboard --help'
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

type benchCase struct {
	name   string
	marker string
	argv   []string
	times  []time.Duration
	hwm    []int  // peak resident set (kB) when the clock stopped, marker cases only
	raw    string // the last run's output up to the stop
}

func main() {
	runs := flag.Int("n", 30, "measured runs of each case")
	warmup := flag.Int("warmup", 2, "unmeasured runs of each case first (page cache, sockets)")
	size := flag.String("size", "80x24", "terminal size COLSxROWS")
	timeout := flag.Duration("timeout", 20*time.Second, "give up on one run after this long")
	trace := flag.Bool("trace", false, "print each case's raw output of its last run (quoted) to stderr")
	flag.Parse()
	cols, rows, err := parseSize(*size)
	if err != nil {
		fail(err)
	}
	var cases []*benchCase
	for _, spec := range flag.Args() {
		c, err := parseCase(spec)
		if err != nil {
			fail(err)
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		fail(errors.New("no cases: give NAME=MARKER=COMMAND [ARG...]"))
	}
	ws := &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}
	// Interleave the cases so drift in the machine's load hits all alike.
	for i := range *warmup + *runs {
		for _, c := range cases {
			d, hwm, raw, err := runOnce(c, ws, *timeout)
			if err != nil {
				fail(fmt.Errorf("%s, run %d: %w", c.name, i+1, err))
			}
			c.raw = raw
			if i >= *warmup {
				c.times = append(c.times, d)
				if hwm > 0 {
					c.hwm = append(c.hwm, hwm)
				}
			}
		}
	}
	if *trace {
		for _, c := range cases {
			fmt.Fprintf(os.Stderr, "%s: %q\n\n", c.name, c.raw)
		}
	}
	report(os.Stdout, cases, *size)
}

func parseSize(s string) (cols, rows int, err error) {
	c, r, ok := strings.Cut(s, "x")
	cols, err1 := strconv.Atoi(c)
	rows, err2 := strconv.Atoi(r)
	if !ok || err1 != nil || err2 != nil || cols <= 0 || rows <= 0 {
		return 0, 0, fmt.Errorf("size %q is not COLSxROWS", s)
	}
	return cols, rows, nil
}

func parseCase(spec string) (*benchCase, error) {
	parts := strings.SplitN(spec, "=", 3)
	if len(parts) != 3 || parts[0] == "" || strings.TrimSpace(parts[2]) == "" {
		return nil, fmt.Errorf("case %q is not NAME=MARKER=COMMAND [ARG...]", spec)
	}
	return &benchCase{name: parts[0], marker: parts[1], argv: strings.Fields(parts[2])}, nil
}

// runOnce starts the program on a fresh pty and returns the time to its
// marker (or to its exit), its peak RSS at that moment, and its output.
func runOnce(c *benchCase, ws *pty.Winsize, timeout time.Duration) (time.Duration, int, string, error) {
	cmd := exec.Command(c.argv[0], c.argv[1:]...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	t := &terminal{marker: c.marker, seen: make(chan struct{}), drained: make(chan struct{})}
	start := time.Now()
	ptmx, err := pty.StartWithSize(cmd, ws)
	if err != nil {
		return 0, 0, "", err
	}
	defer ptmx.Close()
	go t.serve(ptmx, start)

	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(timeout)

	if c.marker != "" {
		select {
		case <-t.seen:
		case err := <-exited:
			return 0, 0, "", fmt.Errorf("exited before %q appeared (%v); it printed:\n%s", c.marker, err, t.text())
		case <-deadline:
			_ = cmd.Process.Kill()
			return 0, 0, "", fmt.Errorf("%q did not appear within %s; the screen had:\n%s", c.marker, timeout, t.text())
		}
		hwm := peakRSS(cmd.Process.Pid)
		// Leave the way a person would; kill only what does not listen.
		_, _ = ptmx.Write([]byte{3})
		select {
		case <-exited:
		case <-time.After(3 * time.Second):
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-exited
		}
		return t.at, hwm, t.raw(), nil
	}

	select {
	case err := <-exited:
		if err != nil {
			return 0, 0, "", fmt.Errorf("%v; it printed:\n%s", err, t.text())
		}
	case <-deadline:
		_ = cmd.Process.Kill()
		return 0, 0, "", fmt.Errorf("did not exit within %s", timeout)
	}
	// The output is complete when the pty reports the slave closed.
	select {
	case <-t.drained:
	case <-time.After(time.Second):
	}
	return t.lastOutput(start), 0, t.raw(), nil
}

// terminal reads what a program writes, answers its queries and notes when
// the marker first shows.
type terminal struct {
	marker  string
	seen    chan struct{}
	drained chan struct{}

	mu      sync.Mutex
	out     bytes.Buffer
	scanned int // bytes of out already searched for queries
	at      time.Duration
	last    time.Time
	found   bool
}

// Replies a typical xterm-compatible terminal on a dark background gives.
var replies = []struct{ query, reply string }{
	{"\x1b[c", "\x1b[?62;22c"},
	{"\x1b[0c", "\x1b[?62;22c"},
	{"\x1b]11;?\x07", "\x1b]11;rgb:1c1c/1c1c/1c1c\x07"},
	{"\x1b]11;?\x1b\\", "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\"},
	{"\x1b]10;?\x07", "\x1b]10;rgb:d0d0/d0d0/d0d0\x07"},
	{"\x1b]10;?\x1b\\", "\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\"},
	{"\x1b[6n", "\x1b[1;1R"},
}

func (t *terminal) serve(ptmx *os.File, start time.Time) {
	defer close(t.drained)
	buf := make([]byte, 32<<10)
	for {
		n, err := ptmx.Read(buf)
		if n > 0 {
			now := time.Now()
			t.mu.Lock()
			t.out.Write(buf[:n])
			t.last = now
			answer := t.pendingReplies()
			if !t.found && t.marker != "" && strings.Contains(ansi.Strip(t.out.String()), t.marker) {
				t.found, t.at = true, now.Sub(start)
				close(t.seen)
			}
			t.mu.Unlock()
			if answer != "" {
				_, _ = ptmx.WriteString(answer)
			}
		}
		if err != nil {
			return // EIO once the program and its children have closed the pty
		}
	}
}

// pendingReplies answers every query that arrived since the last call.
func (t *terminal) pendingReplies() string {
	data := t.out.Bytes()
	// Look back a little in case a query straddled two reads.
	from := max(0, t.scanned-16)
	var answer strings.Builder
	type hit struct {
		at    int
		reply string
	}
	var hits []hit
	for _, r := range replies {
		for i := from; ; {
			j := bytes.Index(data[i:], []byte(r.query))
			if j < 0 {
				break
			}
			if end := i + j + len(r.query); end > t.scanned {
				hits = append(hits, hit{i + j, r.reply})
			}
			i += j + len(r.query)
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.at - b.at })
	for _, h := range hits {
		answer.WriteString(h.reply)
	}
	t.scanned = len(data)
	return answer.String()
}

func (t *terminal) raw() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.out.String()
}

func (t *terminal) text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := ansi.Strip(t.out.String())
	if len(s) > 2000 {
		s = s[:2000] + "…"
	}
	return s
}

func (t *terminal) lastOutput(start time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last.IsZero() {
		return 0
	}
	return t.last.Sub(start)
}

// peakRSS reads VmHWM (kB) of a running process; 0 when unknown.
func peakRSS(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted)-1) + 0.5)
	return sorted[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func report(w io.Writer, cases []*benchCase, size string) {
	fmt.Fprintf(w, "%d runs each, %s pty, interleaved; the clock stops at the marker, or at the last output byte\n\n", len(cases[0].times), size)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "case\tstops at\tmedian\tp90\tmedian / "+cases[0].name+"\tp90 / "+cases[0].name+"\tpeak RSS then\t")
	var floorMed, floorP90 time.Duration
	for i, c := range cases {
		sorted := slices.Clone(c.times)
		slices.Sort(sorted)
		med, p90 := percentile(sorted, 0.5), percentile(sorted, 0.9)
		if i == 0 {
			floorMed, floorP90 = med, p90
		}
		stop := "exit"
		if c.marker != "" {
			stop = strconv.Quote(c.marker)
		}
		rss := "-"
		if len(c.hwm) > 0 {
			h := slices.Clone(c.hwm)
			slices.Sort(h)
			rss = fmt.Sprintf("%.1f MB", float64(h[len(h)/2])/1024)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2fx\t%.2fx\t%s\t\n", c.name, stop, ms(med), ms(p90),
			float64(med)/float64(floorMed), float64(p90)/float64(floorP90), rss)
	}
	tw.Flush()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "startup:", err)
	os.Exit(1)
}
