//go:build !windows && !darwin

package desktop

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// notifyTimeout bounds the wait for the notification server's answer, so a
// hung server cannot hold up the tray.
const notifyTimeout = 10 * time.Second

// notifyExpire is how long the server shows the notification, in
// milliseconds.
const notifyExpire = 5000

// notify sends the notification over the D-Bus session bus only. A library
// would fall back to notify-send or kdialog with the text as an argument,
// which puts a code in the process list.
func notify(title, body string) error {
	conn, err := dbus.SessionBus()
	if err != nil {
		return err
	}
	return notifyOn(conn, title, body)
}

// notifyOn calls org.freedesktop.Notifications.Notify (Desktop
// Notifications Specification 1.2) on conn.
func notifyOn(conn *dbus.Conn, title, body string) error {
	icon, _ := notifyIcon().(string) // a path; the bytes have no D-Bus form here
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))} // normal
	obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	// A server with body-markup reads the body as markup: a token name
	// such as "AT&T" or "<b>Bank</b>" must come out as written.
	var caps []string
	if obj.CallWithContext(ctx, "org.freedesktop.Notifications.GetCapabilities", 0).Store(&caps) == nil &&
		slices.Contains(caps, "body-markup") {
		body = escapeMarkup(body)
	}
	call := obj.CallWithContext(ctx, "org.freedesktop.Notifications.Notify", 0,
		AppName, uint32(0), icon, title, body, []string{}, hints, int32(notifyExpire))
	return call.Err
}

// escapeMarkup makes s plain text in the markup of the Desktop
// Notifications Specification (a subset of XML).
var escapeMarkup = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
