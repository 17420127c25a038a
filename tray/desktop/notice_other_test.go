//go:build !windows && !darwin

package desktop

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

// Only a well-formed ActionInvoked reaches onAction: a signal of another
// name, path or shape is dropped, not a reason to panic.
func TestNoticeRelay(t *testing.T) {
	type invoked struct {
		id  uint32
		key string
	}
	var got []invoked
	n := NewNotices(func(id uint32, key string) { got = append(got, invoked{id, key}) })
	signals := make(chan *dbus.Signal, 8)
	for _, s := range []*dbus.Signal{
		{Path: notifyPath, Name: notifyIface + ".ActionInvoked", Body: []any{"7", "copy/a"}},
		{Path: notifyPath, Name: notifyIface + ".ActionInvoked", Body: []any{uint32(7)}},
		{Path: notifyPath, Name: notifyIface + ".NotificationClosed", Body: []any{uint32(7), uint32(2)}},
		{Path: "/elsewhere", Name: notifyIface + ".ActionInvoked", Body: []any{uint32(7), "copy/a"}},
		{Path: notifyPath, Name: notifyIface + ".ActionInvoked", Body: []any{uint32(7), "copy/a"}},
	} {
		signals <- s
	}
	close(signals)
	n.relay(signals)
	if len(got) != 1 || got[0] != (invoked{7, "copy/a"}) {
		t.Errorf("onAction got %+v, want only 7 copy/a", got)
	}
}
