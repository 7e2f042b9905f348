package cli

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/zalando/go-keyring"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/store"
)

// errSecretNotFound says no key is stored in that place.
var errSecretNotFound = errors.New("no key stored")

// secretStore keeps the Codat key somewhere outside onboard's files.
type secretStore interface {
	Get() (string, error) // errSecretNotFound when none is stored
	Set(secret string) error
	Delete() error // errSecretNotFound when none was stored
}

// The keyring entry the key is stored under.
const (
	keyringService = "onboard"
	keyringUser    = "codat-api-key"
	// keyringTimeout bounds every keyring call: on a Linux without a
	// desktop session the Secret Service can wait forever for an unlock.
	keyringTimeout = 3 * time.Second
)

// osKeyring is the OS keyring through go-keyring (macOS Keychain, Windows
// Credential Manager, the Secret Service on Linux), each call bounded by a
// timeout.
type osKeyring struct {
	service, user string
	timeout       time.Duration
}

func newOSKeyring() osKeyring {
	return osKeyring{service: keyringService, user: keyringUser, timeout: keyringTimeout}
}

// errKeyringTimeout is returned when the keyring did not answer in time.
var errKeyringTimeout = errors.New("the OS keyring did not answer within 3 seconds")

// withTimeout runs fn in a goroutine and gives up waiting after k.timeout;
// the goroutine is left to finish on its own, as go-keyring cannot be
// cancelled.
func (k osKeyring) withTimeout(fn func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := fn()
		done <- result{s, err}
	}()
	t := time.NewTimer(k.timeout)
	defer t.Stop()
	select {
	case r := <-done:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", errSecretNotFound
		}
		return r.s, r.err
	case <-t.C:
		return "", errKeyringTimeout
	}
}

func (k osKeyring) Get() (string, error) {
	return k.withTimeout(func() (string, error) { return keyring.Get(k.service, k.user) })
}

func (k osKeyring) Set(secret string) error {
	_, err := k.withTimeout(func() (string, error) { return "", keyring.Set(k.service, k.user, secret) })
	return err
}

func (k osKeyring) Delete() error {
	_, err := k.withTimeout(func() (string, error) { return "", keyring.Delete(k.service, k.user) })
	return err
}

// configDirEnv chooses the directory of the credentials file.
const configDirEnv = "ONBOARD_CONFIG_DIR"

// credentialsPath is the file a key is kept in when there is no OS keyring:
// $ONBOARD_CONFIG_DIR/credentials, else onboard/credentials in the user's
// configuration directory.
func credentialsPath(getenv func(string) string) (string, error) {
	if dir := getenv(configDirEnv); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("resolve %s=%s: %w", configDirEnv, dir, err)
		}
		return filepath.Join(abs, "credentials"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the configuration directory: %w; set %s", err, configDirEnv)
	}
	return filepath.Join(dir, "onboard", "credentials"), nil
}

// maxCredentialsSize caps the credentials file: it holds one comment line
// and one key of a few dozen characters, so 64 KiB is generous, and anything
// larger is not a file onboard wrote.
const maxCredentialsSize = 64 << 10

// readCredentialsFile returns the key kept in path (errSecretNotFound when
// there is none), and a warning when others can read the file.
//
// The file is opened as onboard's own (store.OpenPrivate): never through a
// link, never a FIFO or device, and at most maxCredentialsSize bytes.
func readCredentialsFile(path string) (secret, warning string, err error) {
	f, err := store.OpenPrivate(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", errSecretNotFound
	}
	if err != nil {
		return "", "", fmt.Errorf("read the stored key: %w", err)
	}
	defer f.Close()
	data, err := store.ReadPrivate(f, maxCredentialsSize)
	if err != nil {
		return "", "", fmt.Errorf("read the stored key: %w", err)
	}
	if info, statErr := f.Stat(); statErr == nil && runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		warning = assets.Text("auth.fileopen", assets.Vars{"Path": path, "Mode": info.Mode().Perm()})
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			return line, warning, nil
		}
	}
	return "", warning, errSecretNotFound
}

// writeCredentialsFile keeps secret in path, readable only by the user: it
// is written to a new 0600 file that then replaces the old one, so the mode
// holds even when an older file had a looser one.
//
// A link, FIFO or anything but a plain file in path's place is refused and
// left as it is, rather than replaced.
func writeCredentialsFile(path, secret string) error {
	if err := store.CheckPrivate(path); err != nil {
		return fmt.Errorf("store the key: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("store the key: create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".credentials-*")
	if err != nil {
		return fmt.Errorf("store the key in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("store the key: make %s private: %w", tmp.Name(), err)
	}
	if _, err := tmp.WriteString(assets.Text("auth.fileheader", nil) + "\n" + secret + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("store the key in %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("store the key in %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("store the key in %s: %w", path, err)
	}
	return nil
}

func newAuthCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: assets.Text("auth.short", nil),
		Long:  assets.Text("auth.long", nil),
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAuthLoginCmd(a), newAuthStatusCmd(a), newAuthLogoutCmd(a))
	return cmd
}

func newAuthLoginCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "login",
		Short:   assets.Text("login.short", nil),
		Example: assets.Text("login.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.authLogin(cmd.Context(), cmd.ErrOrStderr())
		},
	}
}

func (a *app) authLogin(ctx context.Context, stderr io.Writer) error {
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
			return "", fmt.Errorf("read the key from stdin: %w", err)
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

func newAuthStatusCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "status",
		Short:   assets.Text("authstatus.short", nil),
		Example: assets.Text("authstatus.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := a.authStatus(cmd.Context())
			out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
			if asJSON {
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
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object on stdout")
	return cmd
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

func newAuthLogoutCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: assets.Text("logout.short", nil),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stderr := cmd.ErrOrStderr()
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
				return fmt.Errorf("remove the stored key: %w", err)
			}
			if !removed {
				say(stderr, "logout.nothing", nil)
			}
			if env := credentialsFromEnv(a.sys.getenv); env.present() {
				say(stderr, "logout.envset", env.source)
			}
			return nil
		},
	}
}
