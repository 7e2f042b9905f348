package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

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
var errKeyringTimeout = assets.Error("key.keyringtimeout")

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
		return "", fmt.Errorf("%s: %w; %s", assets.Text("key.noconfigdir", nil), err, assets.Text("key.setconfigdir", configDirEnv))
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
		return "", "", fmt.Errorf("%s: %w", assets.Text("key.cantreadstored", nil), err)
	}
	defer f.Close()
	data, err := store.ReadPrivate(f, maxCredentialsSize)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", assets.Text("key.cantreadstored", nil), err)
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
		return fmt.Errorf("%s: %w", assets.Text("key.cantstore", dir), err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("store the key: make %s private: %w", tmp.Name(), err)
	}
	if _, err := tmp.WriteString(assets.Text("auth.fileheader", nil) + "\n" + secret + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", assets.Text("key.cantstore", path), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", assets.Text("key.cantstore", path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", assets.Text("key.cantstore", path), err)
	}
	return nil
}
