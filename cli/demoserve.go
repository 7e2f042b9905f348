package cli

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/assets"
)

// defaultDemoPort is where the journey's own sandbox serves its Hosted Link
// pages, so a tunnel or a bookmark made once keeps working.
const defaultDemoPort = 7878

// demoListen is where the demo's sandbox listens and what host its links
// name. The zero value is a free loopback port, for scripted commands.
type demoListen struct {
	// Host is the address to listen on; "" is loopback. An unspecified
	// address (0.0.0.0 or ::) listens everywhere and names the computer's
	// LAN address in links, so a phone on the same network can open them.
	Host string
	Port int
}

// demoServed is where the demo's sandbox ended up.
type demoServed struct {
	sb *sandbox.Server
	// apiURL is where onboard itself calls it: always this computer, so
	// the key never crosses the network in plain http.
	apiURL    string
	port      int
	wanted    int          // the port asked for
	fellBack  bool         // the port asked for was busy: a free one is used
	reachable bool         // links name an address other computers can reach
	pages     *http.Server // the pages on a specific address, beside loopback
}

// close stops the sandbox and what serves its pages.
func (d demoServed) close() {
	if d.pages != nil {
		_ = d.pages.Close()
	}
	d.sb.Close()
}

// startDemoSandbox listens as asked; a busy port falls back to a free one
// (said on errOut) rather than refusing the demo.
func startDemoSandbox(at demoListen, errOut io.Writer) (demoServed, error) {
	listenHost, linkHost := "127.0.0.1", "127.0.0.1"
	everywhere := false
	if at.Host != "" {
		linkHost = at.Host
		if ip := net.ParseIP(at.Host); ip != nil && ip.IsUnspecified() {
			lan, err := lanAddress()
			if err != nil {
				return demoServed{}, usage("demo.nolan", nil)
			}
			listenHost, linkHost, everywhere = at.Host, lan, true
		}
	}
	served := demoServed{wanted: at.Port}
	sb, err := sandbox.Start(sandbox.Options{Addr: net.JoinHostPort(listenHost, strconv.Itoa(at.Port))})
	if err != nil && at.Port != 0 && errors.Is(err, syscall.EADDRINUSE) {
		served.fellBack = true
		sb, err = sandbox.Start(sandbox.Options{Addr: net.JoinHostPort(listenHost, "0")})
	}
	if err != nil {
		return demoServed{}, fmt.Errorf("%s: %w", assets.Text("demo.cantstart", nil), err)
	}
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(sb.BaseURL(), "http://"))
	served.port, _ = strconv.Atoi(port)
	served.sb, served.apiURL = sb, "http://"+net.JoinHostPort("127.0.0.1", port)
	served.reachable = !isLoopbackHost(linkHost)
	if served.reachable && !everywhere {
		// A named address gets the pages beside loopback, on the same port.
		ln, err := net.Listen("tcp", net.JoinHostPort(linkHost, port))
		if err != nil {
			sb.Close()
			return demoServed{}, fmt.Errorf("%s: %w", assets.Text("demo.cantstart", nil), err)
		}
		served.pages = &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
		go served.pages.Serve(ln) //nolint:errcheck // ends with ErrServerClosed on close
	}
	sb.SetBaseURL("http://" + net.JoinHostPort(linkHost, port))
	if served.fellBack {
		say(errOut, "demo.portbusy", assets.Vars{"Wanted": at.Port, "Port": served.port})
	}
	return served, nil
}

// lanAddress is the first non-loopback IPv4 address of an interface that
// is up: what a phone on the same network would reach.
func lanAddress() (string, error) {
	ifaces, err := net.Interfaces()
	if err != nil {
		return "", err
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
				return n.IP.String(), nil
			}
		}
	}
	return "", errors.New("no LAN address")
}

// isLoopbackHost reports whether host names this computer only.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sshTunnel is the command that reaches the demo's pages on port from the
// computer someone is sitting at, when onboard runs over SSH; "" otherwise.
func sshTunnel(getenv func(string) string, port int) string {
	conn, tty := getenv("SSH_CONNECTION"), getenv("SSH_TTY")
	if conn == "" && tty == "" {
		return ""
	}
	host := ""
	if f := strings.Fields(conn); len(f) == 4 {
		host = f[2] // the address the client reached this computer on
	}
	if host == "" {
		host, _ = os.Hostname()
	}
	return fmt.Sprintf("ssh -L %d:localhost:%d %s", port, port, host)
}
