package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/assets"
)

func newAuthCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: assets.Text("auth.short", nil),
		Long:  assets.Text("auth.long", nil),
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAuthLoginCmd(a, nil), newAuthStatusCmd(a, nil), newAuthLogoutCmd(a, nil))
	return cmd
}

// authLoginOptions is what `onboard auth login` was asked to do: the key
// comes from stdin, or a prompt on a terminal.
type authLoginOptions struct {
	app *app
}

func newAuthLoginCmd(a *app, runF func(*authLoginOptions) error) *cobra.Command {
	opts := &authLoginOptions{app: a}
	return &cobra.Command{
		Use:     "login",
		Short:   assets.Text("login.short", nil),
		Example: assets.Text("login.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runAuthLogin(cmd.Context(), opts)
		},
	}
}

// runAuthLogin reads a key, checks it with Codat, and stores it for the
// API host it is for: in the OS keyring, else in a private file.
func runAuthLogin(ctx context.Context, opts *authLoginOptions) error {
	a := opts.app
	stderr := a.sys.stderr
	if env := credentialsFromEnv(a.sys.getenv); env.present() {
		return errors.New(assets.Text("login.envset", env.source))
	}
	secret, err := a.readKey(ctx, stderr)
	if err != nil {
		return err
	}
	creds := keyCredentials(secret, "", assets.Text("key.given", nil))
	b, err := a.connectWith(creds)
	if err != nil {
		return err
	}
	defer b.close()
	switch err := b.checkKey(ctx); {
	case err == nil:
		say(stderr, "key.accepted", b.baseURL)
	case exitCode(err) == exitAuth:
		return withCode(exitAuth, errors.New(assets.Text("login.rejected", b.baseURL)))
	default:
		say(stderr, "login.uncheckable", a.explain(err))
	}

	path, err := credentialsPath(a.sys.getenv)
	if err != nil {
		return err
	}
	origin, err := apiOrigin(b.baseURL)
	if err != nil {
		return err
	}
	say(stderr, "login.boundto", origin)
	value := storedValue(origin, secret)
	if a.sys.keyring != nil {
		kerr := a.sys.keyring.Set(value)
		if kerr == nil {
			// A key left in the file from before would only confuse.
			if rmErr := os.Remove(path); rmErr == nil {
				say(stderr, "login.removedfile", path)
			}
			say(stderr, "login.keyring", nil)
			return nil
		}
		say(stderr, "login.nokeyring", a.explain(kerr))
	}
	if err := writeCredentialsFile(path, value); err != nil {
		return err
	}
	say(stderr, "login.file", path)
	return nil
}

// readKey takes the key from stdin when it is not a terminal, otherwise
// from a prompt that does not echo what is typed.
func (a *app) readKey(ctx context.Context, stderr io.Writer) (string, error) {
	var raw []byte
	if a.sys.stdinTTY {
		if !a.sys.stderrTTY || a.sys.readPassword == nil {
			return "", usage("login.notty", nil)
		}
		fmt.Fprint(stderr, assets.Text("login.prompt", nil))
		line, err := a.sys.readPassword(ctx)
		fmt.Fprintln(stderr)
		if errors.Is(err, context.Canceled) {
			say(stderr, "login.interrupted", nil)
			return "", withCode(exitInterrupted, nil)
		}
		if err != nil {
			return "", fmt.Errorf("read the key: %w", err)
		}
		raw = line
	} else {
		data, err := io.ReadAll(io.LimitReader(a.sys.stdin, 64<<10))
		if err != nil {
			return "", fmt.Errorf("%s: %w", assets.Text("key.cantread", nil), err)
		}
		raw = data
	}
	secret := strings.TrimSpace(string(raw))
	if secret == "" {
		return "", usage("login.nokey", nil)
	}
	if strings.ContainsAny(secret, "\r\n") {
		return "", usage("login.multiline", nil)
	}
	return secret, nil
}

// authReport is `onboard auth status --json`.
type authReport struct {
	Source   string `json:"source"`   // CODAT_API_KEY, CODAT_AUTH_HEADER, keyring, file or "" (none)
	Location string `json:"location"` // the variable, "the OS keyring" or the file's path
	BaseURL  string `json:"base_url"`
	// Host is where the key may be sent: the API host a stored key was
	// stored for, or CODAT_BASE_URL's for a key from the environment.
	Host     string `json:"host"`
	Accepted bool   `json:"accepted"` // Codat answered a call made with the key
	Message  string `json:"message"`
	// Shadowed lists stored keys that are not used because the environment wins.
	Shadowed []string `json:"shadowed,omitempty"`
}

// authStatusOptions is what `onboard auth status` was asked to do.
type authStatusOptions struct {
	app  *app
	JSON bool
}

func newAuthStatusCmd(a *app, runF func(*authStatusOptions) error) *cobra.Command {
	opts := &authStatusOptions{app: a}
	cmd := &cobra.Command{
		Use:     "status",
		Short:   assets.Text("authstatus.short", nil),
		Example: assets.Text("authstatus.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runAuthStatus(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, assets.Text("flag.json", nil))
	return cmd
}

// runAuthStatus says which key is used, where it may be sent, and whether
// Codat accepts it; a missing or refused key exits 4.
func runAuthStatus(ctx context.Context, opts *authStatusOptions) error {
	a := opts.app
	rep, err := a.authStatus(ctx)
	out, errw := a.sys.stdout, a.sys.stderr
	if opts.JSON {
		if jerr := writeJSON(out, rep); jerr != nil {
			return jerr
		}
	} else {
		if rep.Location != "" {
			say(errw, "key.from", rep.Location)
			say(errw, "authstatus.host", assets.Vars{"Host": rep.Host, "Stored": rep.Source == sourceKeyring || rep.Source == sourceFile})
		}
		for _, s := range rep.Shadowed {
			say(errw, "authstatus.shadowed", s)
		}
		fmt.Fprintln(errw, rep.Message)
	}
	if err != nil {
		return withCode(exitCode(err), nil)
	}
	return nil
}

func (a *app) authStatus(ctx context.Context) (authReport, error) {
	creds, notes := resolveCredentials(a.sys)
	rep := authReport{Source: creds.source, Location: creds.where, Host: cmp.Or(creds.host, configuredOrigin(a.sys.getenv))}
	if creds.source != "" && strings.HasPrefix(creds.source, "CODAT_") {
		rep.Shadowed = a.storedKeyPlaces()
	}
	if !creds.present() {
		rep.Message = assets.Text("authstatus.nokey", strings.Join(notes, "; "))
		return rep, withCode(exitAuth, errors.New(rep.Message))
	}
	b, err := a.connectWith(creds)
	if err != nil {
		rep.Message = a.explain(err)
		return rep, err
	}
	defer b.close()
	rep.BaseURL = b.baseURL
	if err := b.checkKey(ctx); err != nil {
		rep.Message = a.explain(err)
		return rep, err
	}
	rep.Accepted = true
	rep.Message = assets.Text("key.accepted", b.baseURL)
	return rep, nil
}

// storedKeyPlaces lists where a key is stored, for saying what the
// environment overrides.
func (a *app) storedKeyPlaces() []string {
	var places []string
	if a.sys.keyring != nil {
		if s, err := a.sys.keyring.Get(); err == nil && s != "" {
			places = append(places, assets.Text("key.keyring", nil))
		}
	}
	if path, err := credentialsPath(a.sys.getenv); err == nil {
		if _, _, err := readCredentialsFile(path); err == nil {
			places = append(places, path)
		}
	}
	return places
}

// authLogoutOptions is what `onboard auth logout` was asked to do.
type authLogoutOptions struct {
	app *app
}

func newAuthLogoutCmd(a *app, runF func(*authLogoutOptions) error) *cobra.Command {
	opts := &authLogoutOptions{app: a}
	return &cobra.Command{
		Use:   "logout",
		Short: assets.Text("logout.short", nil),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runAuthLogout(cmd.Context(), opts)
		},
	}
}

// runAuthLogout removes the stored key from the keyring and the file, and
// says when the environment still sets one.
func runAuthLogout(_ context.Context, opts *authLogoutOptions) error {
	a := opts.app
	stderr := a.sys.stderr
	removed := false
	if a.sys.keyring != nil {
		switch err := a.sys.keyring.Delete(); {
		case err == nil:
			removed = true
			say(stderr, "logout.keyring", nil)
		case !errors.Is(err, errSecretNotFound):
			say(stderr, "logout.nokeyring", a.explain(err))
		}
	}
	path, err := credentialsPath(a.sys.getenv)
	if err != nil {
		return err
	}
	switch err := os.Remove(path); {
	case err == nil:
		removed = true
		say(stderr, "logout.file", path)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", assets.Text("key.cantremove", nil), err)
	}
	if !removed {
		say(stderr, "logout.nothing", nil)
	}
	if env := credentialsFromEnv(a.sys.getenv); env.present() {
		say(stderr, "logout.envset", env.source)
	}
	return nil
}
