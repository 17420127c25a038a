package tray

import (
	"github.com/godbus/dbus/v5"

	"github.com/otptray/otptray/internal/msg"
)

// checkSessionBus: the tray icon and its menu are published on the D-Bus
// session bus (StatusNotifierItem), and the tray library panics without one,
// so say so plainly before starting it.
func checkSessionBus() error {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return msg.New("tray.err.no_session_bus", nil, "Detail", err.Error())
	}
	return conn.Close()
}
