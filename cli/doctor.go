package cli

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/share"
)

// doctorReport is `onboard doctor --json`: what onboard detects about the
// place it runs in. The field names are a contract: add, never rename.
type doctorReport struct {
	SSH           bool   `json:"ssh"`
	Tmux          bool   `json:"tmux"`
	Screen        bool   `json:"screen"`
	WSL           bool   `json:"wsl"`
	Display       bool   `json:"display"`
	Clipboard     string `json:"clipboard"`      // native, osc52, osc52-tmux, osc52-screen
	ClipboardTool string `json:"clipboard_tool"` // the native tool found, "" if none
	// ClipboardCheck is what trying that route showed: answered, no-display,
	// failed, unchecked, or terminal (OSC 52, which no terminal confirms).
	ClipboardCheck string   `json:"clipboard_check"`
	ClipboardSaid  string   `json:"clipboard_said,omitempty"` // what the tool said when it failed, or the variable it lacks
	BrowserOpens   bool     `json:"browser_opens"`
	BrowserOpener  string   `json:"browser_opener"` // $BROWSER, xdg-open, open, ...; "" if none
	ColorProfile   string   `json:"color_profile"`  // TrueColor, ANSI256, ANSI, Ascii or NoTTY
	NoColor        bool     `json:"no_color"`
	Accessible     bool     `json:"accessible"`
	Credentials    string   `json:"credentials_file"` // where `auth login` keeps a key without a keyring
	StateFile      string   `json:"state_file"`       // the list of onboardings
	DebugLog       string   `json:"debug_log"`        // where --debug writes
	KeySource      string   `json:"key_source"`       // CODAT_API_KEY, CODAT_AUTH_HEADER, keyring, file or "" (demo)
	KeyLocation    string   `json:"key_location"`
	BaseURL        string   `json:"base_url"`
	Demo           bool     `json:"demo"`
	CodatOK        bool     `json:"codat_ok"` // Codat answered a call made with the key
	Codat          string   `json:"codat"`    // what that call showed, in a sentence
	Notes          []string `json:"notes"`    // problems reading a stored key
	// Webhooks is the account's webhook set-up, when Codat accepted the key.
	Webhooks *webhookReport `json:"webhook_setup,omitempty"`
}

// doctorOptions is what `onboard doctor` was asked to do.
type doctorOptions struct {
	app  *app
	JSON bool
}

func newDoctorCmd(a *app, runF func(*doctorOptions) error) *cobra.Command {
	opts := &doctorOptions{app: a}
	cmd := command("doctor", opts, runF, runDoctor)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, assets.Text("flag.json", nil))
	return cmd
}

// runDoctor prints what onboard detects about where it runs; when Codat
// refuses the key, the report is printed all the same and the exit code
// says so.
func runDoctor(ctx context.Context, opts *doctorOptions) error {
	out := opts.app.sys.stdout
	rep, err := opts.app.doctor(ctx)
	if opts.JSON {
		if jerr := writeJSON(out, rep); jerr != nil {
			return jerr
		}
	} else {
		for _, line := range rep.lines() {
			fmt.Fprintln(out, line)
		}
	}
	if err != nil {
		return withCode(exitCode(err), nil)
	}
	return nil
}

func (a *app) doctor(ctx context.Context) (doctorReport, error) {
	getenv := a.sys.getenv
	env := share.DetectEnv(getenv)
	rep := doctorReport{SSH: env.SSH, Tmux: env.Tmux, Screen: env.Screen, WSL: env.WSL, Display: env.Display,
		NoColor: getenv("NO_COLOR") != "", Accessible: accessibleMode(a.flags.accessible, getenv), Notes: []string{}}

	a.clipboardReport(ctx, &rep, env, runtime.GOOS)
	rep.BrowserOpens, _ = share.CanOpen(env)
	rep.BrowserOpener = browserOpener(getenv, env)
	if rep.BrowserOpener == "" {
		rep.BrowserOpens = false
	}
	var environ []string
	for _, k := range []string{"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM_PROGRAM", "TMUX"} {
		if v := getenv(k); v != "" {
			environ = append(environ, k+"="+v)
		}
	}
	rep.ColorProfile = colorprofile.Detect(a.sys.stderr, environ).String()

	if p, err := credentialsPath(getenv); err == nil {
		rep.Credentials = p
	} else {
		rep.Notes = append(rep.Notes, a.explain(err))
	}
	if p, err := storePath(getenv); err == nil {
		rep.StateFile, rep.DebugLog = p, filepath.Join(filepath.Dir(p), debugFileName)
	} else {
		rep.Notes = append(rep.Notes, a.explain(err))
	}

	creds, notes := resolveCredentials(a.sys)
	rep.Notes = append(rep.Notes, notes...)
	rep.KeySource, rep.KeyLocation = creds.source, creds.where
	if !creds.present() {
		rep.Demo = true
		rep.CodatOK = true
		rep.Codat = assets.Text("doctor.sandbox", nil)
		return rep, nil
	}
	b, err := a.connectWith(creds)
	if err != nil {
		rep.Codat = a.explain(err)
		return rep, err
	}
	defer b.close()
	rep.BaseURL = b.baseURL
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := b.checkKey(cctx); err != nil {
		rep.Codat = a.explain(err)
		return rep, err
	}
	rep.CodatOK = true
	rep.Codat = assets.Text("doctor.accepted", b.baseURL)
	refusalFile := ""
	if dir, err := stateDir(getenv); err == nil {
		refusalFile = filepath.Join(dir, webhookRefusalsFile)
	}
	hooks, err := b.webhookCheck(ctx, a.flags.webhookURL, refusalFile)
	if err != nil {
		rep.Notes = append(rep.Notes, assets.Text("doctor.webhooksunread", a.explain(err)))
	}
	rep.Webhooks = &hooks
	return rep, nil
}

// lines says the report one fact per line, each with why it matters: the
// doctor.* blocks of assets/commands.tmpl, each given the whole report.
func (r doctorReport) lines() []string {
	var l []string
	add := func(name string, data any) { l = append(l, assets.Text(name, data)) }
	add("doctor.ssh", r)
	add("doctor.tmux", r)
	add("doctor.wsl", r)
	switch {
	case r.SSH:
		add("doctor.clipssh", r)
	case r.ClipboardTool == "":
		add("doctor.clipnone", r)
	case r.ClipboardCheck == clipAnswered:
		add("doctor.clipanswered", r)
	case r.ClipboardCheck == clipNoDisplay:
		add("doctor.clipnodisplay", r)
	case r.ClipboardCheck == clipFailed:
		add("doctor.clipfailed", r)
	default:
		add("doctor.clipunchecked", r)
	}
	add("doctor.browser", r)
	add("doctor.colours", r)
	add("doctor.accessible", r)
	add("doctor.credentials", r)
	add("doctor.statefile", r)
	add("doctor.debuglog", r)
	if r.KeySource == "" {
		add("doctor.nokey", nil)
	} else {
		add("key.from", r.KeyLocation)
	}
	for _, n := range r.Notes {
		add("doctor.note", n)
	}
	if r.Demo {
		add("doctor.codat", r.Codat)
	} else {
		add("doctor.codat", strings.TrimSuffix(r.Codat, "."))
	}
	if r.Webhooks != nil {
		l = append(l, r.Webhooks.lines()...)
	}
	return l
}

// browserOpener names what github.com/cli/browser would run, or "".
func browserOpener(getenv func(string) string, env share.Env) string {
	if b := getenv("BROWSER"); b != "" {
		return "$BROWSER (" + b + ")"
	}
	switch runtime.GOOS {
	case "darwin":
		return "open"
	case "windows":
		return "the Windows shell"
	}
	candidates := []string{"xdg-open", "x-www-browser", "www-browser"}
	if env.WSL {
		candidates = append([]string{"wslview"}, candidates...)
	}
	for _, tool := range candidates {
		if _, err := exec.LookPath(tool); err == nil {
			return tool
		}
	}
	return ""
}
