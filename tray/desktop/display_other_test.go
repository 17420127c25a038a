//go:build !windows && !darwin

package desktop

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/internal/msg"
)

// messageIDs lists the catalogue IDs along err's chain.
func messageIDs(err error) []string {
	var ids []string
	for err != nil {
		var m *msg.Error
		if !errors.As(err, &m) {
			break
		}
		ids = append(ids, m.ID)
		err = m.Cause
	}
	return ids
}

func TestCheckDisplay(t *testing.T) {
	// A server that takes the connection and never answers.
	silent := filepath.Join(t.TempDir(), "x")
	l, err := net.Listen("unix", silent+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"nothing", map[string]string{}, []string{"desktop.display.none"}},
		{"Wayland alone", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, []string{"desktop.display.wayland_only"}},
		{"no server", map[string]string{"DISPLAY": filepath.Join(t.TempDir(), "none") + ":0"}, []string{"desktop.display.unreachable"}},
		{"a bad name", map[string]string{"DISPLAY": "nonsense"}, []string{"desktop.display.unreachable"}},
		{"no answer", map[string]string{"DISPLAY": silent + ":0", "WAYLAND_DISPLAY": "wayland-0"},
			[]string{"desktop.display.unreachable", "desktop.display.no_answer"}},
	}
	for _, tt := range tests {
		err := checkDisplay(func(k string) string { return tt.env[k] }, 200*time.Millisecond)
		ids := messageIDs(err)
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%s: %v (messages %v), want messages %v", tt.name, err, ids, tt.want)
		}
	}
}

func TestCheckDisplayReachable(t *testing.T) {
	e2e.Require(t)
	if err := checkDisplay(os.Getenv, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}
