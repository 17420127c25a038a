//go:build !windows && !darwin

package desktop

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"

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

// TestXGBLogWithoutAuthorityLines: connecting without an X authority file
// logs nothing, while xgb's other lines (real faults) are still written.
//
// It runs in a process of its own: xgb.Logger is a global, and a connection
// TestCheckDisplay gave up on may still be reading it.
func TestXGBLogWithoutAuthorityLines(t *testing.T) {
	if os.Getenv("OTPTRAY_TEST_XGB_LOG") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestXGBLogWithoutAuthorityLines$", "-test.count=1")
		cmd.Env = append(os.Environ(), "OTPTRAY_TEST_XGB_LOG=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	old := xgb.Logger
	t.Cleanup(func() { xgb.Logger = old })
	var logged bytes.Buffer
	xgb.Logger = withoutAuthorityLines(&logged)

	// A server that hangs up after the client's first bytes: the
	// authority lookup, and its log, come before them.
	socket := filepath.Join(t.TempDir(), "x")
	l, err := net.Listen("unix", socket+":0")
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
			c.Read(make([]byte, 64))
			c.Close()
		}
	}()
	t.Setenv("XAUTHORITY", filepath.Join(t.TempDir(), "none"))
	if conn, err := xgb.NewConnDisplay(socket + ":0"); err == nil {
		conn.Close()
		t.Fatal("connected to a server that hung up")
	}
	if logged.Len() != 0 {
		t.Errorf("xgb logged %q while connecting without an authority file", logged.String())
	}
	xgb.Logger.Printf("A read error is unrecoverable: %s", "EOF")
	if !strings.Contains(logged.String(), "XGB: ") || !strings.Contains(logged.String(), "A read error is unrecoverable: EOF\n") {
		t.Errorf("xgb's other lines are not logged: %q", logged.String())
	}
}
