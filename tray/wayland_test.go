package tray

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/msg"
)

func TestWaylandTyping(t *testing.T) {
	focused := func() (foreground.Window, error) { return foreground.Window{Title: "xterm", ID: 7}, nil }
	unknown := func() (foreground.Window, error) { return foreground.Window{}, msg.New("foreground.none", nil) }
	for _, tt := range []struct {
		name    string
		env     map[string]string
		focus   func() (foreground.Window, error)
		blocked bool
	}{
		{"X11", map[string]string{"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, unknown, false},
		{"no session type", map[string]string{"DISPLAY": ":0"}, unknown, false},
		{"Wayland, XWayland window in front", map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, focused, false},
		{"Wayland window in front", map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, unknown, true},
		{"WAYLAND_DISPLAY only", map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, unknown, true},
		{"session type only", map[string]string{"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, unknown, true},
		{"Wayland without XWayland", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, focused, true},
	} {
		err := waylandTyping(func(k string) string { return tt.env[k] }, tt.focus)
		var m *msg.Error
		if got := err != nil; got != tt.blocked || (got && (!errors.Is(err, errCannotType) || !errors.As(err, &m) || m.ID != "clipafter.wayland")) {
			t.Errorf("%s: %v, want blocked %v", tt.name, err, tt.blocked)
		}
	}
}

// TestWaylandCopiesInstead: the real system refuses to type in a Wayland
// session where X cannot see the window in front (no X display here), and
// the app copies the code and says so.
func TestWaylandCopiesInstead(t *testing.T) {
	env := map[string]string{"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
	real := newOSSystem(nil, Options{}, func(k string) string { return env[k] })
	_, err := real.TypePlan(t.Context(), nil, nil)
	var m *msg.Error
	if !errors.Is(err, errCannotType) || !errors.As(err, &m) || m.ID != "clipafter.wayland" {
		t.Fatalf("TypePlan in Wayland: %v, want the Wayland refusal", err)
	}

	h := newHarness(t, vipToken())
	h.sys.typeErr = err
	now := unix(vecBoundary - 10)
	h.start(now)
	h.typeAndFinish(t, "vip1", now, 1)
	if want := []copied{{vecCodeBefore, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("copied %v, want %v", h.sys.copied, want)
	}
	want := []toast{{"Typing the code", "VIP Access: the code was copied instead of typed, paste it into the field (typing is not possible here: the window in front is a Wayland window, and Wayland lets no other program type into it)."}}
	if !slices.Equal(h.sys.toasts, want) {
		t.Errorf("toasts %v, want %v", h.sys.toasts, want)
	}
}
