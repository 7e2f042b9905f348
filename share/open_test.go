package share

import (
	"errors"
	"strings"
	"testing"
)

func TestCanOpen(t *testing.T) {
	tests := []struct {
		name       string
		env        Env
		want       bool
		wantReason string
	}{
		{"desktop", Env{Display: true}, true, ""},
		{"WSL", Env{WSL: true, Display: true}, true, ""},
		{"ssh", Env{SSH: true, Display: true}, false, "You're connected over SSH, so a browser would open on the remote machine."},
		{"ssh without display", Env{SSH: true}, false, "You're connected over SSH, so a browser would open on the remote machine."},
		{"no display", Env{}, false, "There's no graphical desktop here, so there is no browser to open."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := CanOpen(tt.env)
			if got != tt.want || reason != tt.wantReason {
				t.Errorf("CanOpen = %v %q, want %v %q", got, reason, tt.want, tt.wantReason)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	launcherFailed := errors.New("exec: \"xdg-open\": executable file not found in $PATH")
	mailto := "mailto:jane@firm.com?subject=Acme%26Co&body=a%0D%0Ab"
	tests := []struct {
		name       string
		url        string
		env        Env
		openerErr  error
		wantOpened bool
		wantErr    string // "" = no error
		wantCannot bool   // errors.Is(err, ErrCannotOpen)
	}{
		{"https on a desktop", link, Env{Display: true}, nil, true, "", false},
		{"mailto keeps its fields", mailto, Env{Display: true}, nil, true, "", false},
		{"sandbox http", "http://127.0.0.1:4010/company/x", Env{Display: true}, nil, true, "", false},
		{"over ssh", link, Env{SSH: true, Display: true}, nil, false, "over SSH", true},
		{"no display", link, Env{}, nil, false, "no graphical desktop", true},
		{"launcher fails", link, Env{Display: true}, launcherFailed, true, "open https link", false},
		{"file URL", "file:///etc/passwd", Env{Display: true}, nil, false, "only https, http and mailto", false},
		{"javascript", "javascript:alert(1)", Env{Display: true}, nil, false, "only https, http and mailto", false},
		{"option-like", "--help", Env{Display: true}, nil, false, "only https, http and mailto", false},
		{"space", link + " x", Env{Display: true}, nil, false, "spaces or control", false},
		{"newline", link + "\nx", Env{Display: true}, nil, false, "spaces or control", false},
		{"no host", "https:///x", Env{Display: true}, nil, false, "no host", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opened []string
			err := Open(tt.url, tt.env, func(u string) error { opened = append(opened, u); return tt.openerErr })
			if (len(opened) > 0) != tt.wantOpened {
				t.Errorf("launcher called with %q, want called: %v", opened, tt.wantOpened)
			}
			if tt.wantOpened && opened[0] != tt.url {
				t.Errorf("launcher got %q, want %q unchanged", opened[0], tt.url)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Open: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Open error = %v, want one mentioning %q", err, tt.wantErr)
			}
			if errors.Is(err, ErrCannotOpen) != tt.wantCannot {
				t.Errorf("errors.Is(%v, ErrCannotOpen) = %v, want %v", err, !tt.wantCannot, tt.wantCannot)
			}
			if tt.openerErr != nil && !errors.Is(err, tt.openerErr) {
				t.Errorf("Open error %v does not wrap the launcher's", err)
			}
		})
	}
}
