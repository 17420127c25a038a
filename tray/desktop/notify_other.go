//go:build !windows && !darwin

package desktop

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/gen2brain/beeep"
	"github.com/godbus/dbus/v5"
)

func init() { beeep.AppName = AppName }

// notifyTimeout bounds the wait for the notification server's first answer,
// so a hung server cannot hold up the tray.
const notifyTimeout = 10 * time.Second

// notify shows the notification through beeep, which sends it over the
// D-Bus session bus. When that fails, beeep falls back to notify-send or
// kdialog with the text as an argument, which would put a code in the
// process list; so the server is asked first (GetCapabilities) and, when it
// does not answer, the notification fails instead of reaching beeep.
func notify(title, body string) error {
	conn, err := dbus.SessionBus()
	if err != nil {
		return err
	}
	caps, err := capabilities(conn)
	if err != nil {
		return err
	}
	// A server with body-markup reads the body as markup: a token name
	// such as "AT&T" or "<b>Bank</b>" must come out as written.
	if slices.Contains(caps, "body-markup") {
		body = escapeMarkup(body)
	}
	return beeep.Notify(title, body, notifyIcon())
}

// capabilities asks the notification server what it supports (Desktop
// Notifications Specification 1.2); an error means there is no server.
func capabilities(conn *dbus.Conn) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	var caps []string
	obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	err := obj.CallWithContext(ctx, "org.freedesktop.Notifications.GetCapabilities", 0).Store(&caps)
	return caps, err
}

// escapeMarkup makes s plain text in the markup of the Desktop
// Notifications Specification (a subset of XML). Not xml.EscapeText: it
// writes quotes and line breaks as numeric references, which GNOME Shell
// shows as written (it re-escapes every "&" but those of &amp; &quot;
// &apos; &lt; &gt;).
var escapeMarkup = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
