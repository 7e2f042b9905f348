package share

import "testing"

func TestDetectEnv(t *testing.T) {
	tests := []struct {
		name string
		goos string
		vars map[string]string
		want Env
	}{
		{"bare linux console", "linux", nil, Env{}},
		{"linux desktop (X11)", "linux", map[string]string{"DISPLAY": ":0"}, Env{Display: true}},
		{"linux desktop (Wayland)", "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, Env{Display: true}},
		{"macOS", "darwin", nil, Env{Display: true}},
		{"Windows", "windows", nil, Env{Display: true}},
		{"ssh via SSH_TTY", "linux", map[string]string{"SSH_TTY": "/dev/pts/3"}, Env{SSH: true}},
		{"ssh via SSH_CONNECTION", "linux", map[string]string{"SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22"}, Env{SSH: true}},
		{"ssh via SSH_CLIENT", "linux", map[string]string{"SSH_CLIENT": "192.0.2.1 50000 22"}, Env{SSH: true}},
		{"ssh into a mac", "darwin", map[string]string{"SSH_TTY": "/dev/ttys001"}, Env{SSH: true, Display: true}},
		{"ssh with X forwarding", "linux", map[string]string{"SSH_CLIENT": "x", "DISPLAY": "localhost:10.0"}, Env{SSH: true, Display: true}},
		{"tmux", "linux", map[string]string{"TMUX": "/tmp/tmux-1000/default,123,0"}, Env{Tmux: true}},
		{"screen", "linux", map[string]string{"STY": "1234.pts-0.host"}, Env{Screen: true}},
		{"WSL by distro name", "linux", map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}, Env{WSL: true, Display: true}},
		{"WSL by interop socket", "linux", map[string]string{"WSL_INTEROP": "/run/WSL/1_interop"}, Env{WSL: true, Display: true}},
		{"tmux over ssh", "linux", map[string]string{"SSH_TTY": "/dev/pts/1", "TMUX": "x"}, Env{SSH: true, Tmux: true}},
		{"empty values count as unset", "linux", map[string]string{"SSH_TTY": "", "TMUX": "", "DISPLAY": ""}, Env{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := detectEnv(tt.goos, func(k string) string { return tt.vars[k] })
			if got != tt.want {
				t.Errorf("detectEnv = %+v, want %+v", got, tt.want)
			}
		})
	}
}
