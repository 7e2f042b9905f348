package explain

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/store"
)

// The list of onboardings reports typed errors; these are the words a person reads about them.

func TestStoreErrorsReadWell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onboardings.json")
	st, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	entry := store.Entry{CompanyID: "c-1", BaseURL: "https://api.codat.io", Category: "accounting", Path: store.PathDelegate}
	upsert := func(change func(*store.Entry)) error {
		e := entry
		change(&e)
		_, err := st.Upsert(e)
		return err
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no company", upsert(func(e *store.Entry) { e.CompanyID = " " }), "remember onboarding: company id is empty"},
		{"no base", upsert(func(e *store.Entry) { e.BaseURL = "" }), "remember onboarding: base URL is empty"},
		{"unknown category", upsert(func(e *store.Entry) { e.Category = "payroll" }),
			`remember onboarding: category "payroll" is not one of accounting, banking, commerce`},
		{"unknown path", upsert(func(e *store.Entry) { e.Path = "email" }),
			`remember onboarding: path "email" is neither "authorize" nor "delegate"`},
		{"every problem at once", upsert(func(e *store.Entry) { *e = store.Entry{} }),
			`remember onboarding: company id is empty; base URL is empty; category "" is not one of accounting, banking, commerce; path "" is neither "authorize" nor "delegate"`},
		{"update of an unknown id", st.Update("gone", func(*store.Entry) {}),
			"update onboarding gone: no remembered onboarding with this id"},
		{"forget of an unknown id", st.Forget("gone"), "forget onboarding gone: no remembered onboarding with this id"},
		{"no LocalAppData", &store.StateDirError{Var: "LOCALAPPDATA"},
			"find where to remember onboardings: %LocalAppData% is not set; set ONBOARD_STATE_DIR to a directory"},
		{"an empty home", &store.StateDirError{},
			"find where to remember onboardings: no home directory (it is empty); set ONBOARD_STATE_DIR to a directory"},
		{"a lock held too long", &store.LockHeldError{Path: "/s/onboardings.json.lock", Waited: 30 * time.Second},
			"lock /s/onboardings.json.lock: another onboard has held it for 30s; if none is running, delete it"},
		{"a copy that cannot be kept", &store.BackupError{Path: "/s/onboardings.json", Err: store.ErrNotRegular},
			"keep a copy of /s/onboardings.json before updating its format: not a regular file"},
		{"a list that cannot be encoded", &store.EncodeError{Err: errors.New("json: unsupported value")},
			"encode the list of onboardings: json: unsupported value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Explain(tt.err, clock); got != tt.want {
				t.Errorf("error %v reads\n%q, want\n%q", tt.err, got, tt.want)
			}
		})
	}
}

func TestNoHomeReadsWell(t *testing.T) {
	t.Setenv(store.StateDirEnv, "")
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "")
	if _, err := os.UserHomeDir(); err == nil {
		t.Skip("this system finds a home directory without $HOME")
	}
	_, err := store.DefaultPath()
	got := Explain(err, clock)
	for _, want := range []string{"find where to remember onboardings: no home directory (", "); set ONBOARD_STATE_DIR to a directory"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestNewerListReadsWell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onboardings.json")
	if err := os.WriteFile(path, []byte(`{"version":99,"entries":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Forget("x")
	want := "forget onboarding x: " + path + " was written by a newer onboard (file version 99; this one knows version 2)"
	if got := Explain(err, clock); !errors.Is(err, store.ErrNewerVersion) || !strings.HasPrefix(got, want) {
		t.Errorf("%v reads %q, want it to start %q", err, got, want)
	}
}
