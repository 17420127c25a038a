//go:build !windows && !darwin

package desktop

import (
	"context"
	"slices"

	"github.com/godbus/dbus/v5"
)

// The notification server's names (Desktop Notifications Specification 1.2).
const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// noticeConn is our own connection to the session bus, so that the only
// signals it receives are those of its one match rule: ActionInvoked from
// the owner of the server's name. (beeep has no replaces_id and no actions;
// github.com/esiqveland/notify, under beeep, has both but reads the
// signals' bodies with unchecked type assertions and matches no sender, so
// any client on the bus could make it panic.)
type noticeConn struct {
	conn *dbus.Conn
}

// show sends the notice with Notify; the server says whether it takes
// actions and markup (GetCapabilities) each time, as another server may
// have taken its name since.
func (n *Notices) show(nt Notice) (uint32, error) {
	conn, err := n.connect()
	if err != nil {
		return 0, err
	}
	caps, err := capabilities(conn)
	if err != nil {
		n.dropIfClosed()
		return 0, err
	}
	body := nt.Body
	if slices.Contains(caps, "body-markup") {
		body = escapeMarkup(body)
	}
	actions := []string{}
	if slices.Contains(caps, "actions") {
		for _, a := range nt.Actions {
			actions = append(actions, a.Key, a.Label)
		}
	}
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))}
	expire := int32(-1) // the server's default
	if nt.Short {
		hints["transient"] = dbus.MakeVariant(true)
		expire = shortNoticeMillis
	}
	icon, _ := notifyIcon().(string) // a path; without one the server's default
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	var id uint32
	err = conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyIface+".Notify", 0,
		AppName, nt.Replaces, icon, nt.Title, body, actions, hints, expire).Store(&id)
	if err != nil {
		n.dropIfClosed()
		return 0, err
	}
	return id, nil
}

// connect opens the connection and listens for ActionInvoked, once.
func (n *Notices) connect() (*dbus.Conn, error) {
	if n.conn.conn != nil {
		return n.conn.conn, nil
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, err
	}
	err = conn.AddMatchSignal(dbus.WithMatchSender(notifyName), dbus.WithMatchObjectPath(notifyPath),
		dbus.WithMatchInterface(notifyIface), dbus.WithMatchMember("ActionInvoked"))
	if err != nil {
		conn.Close()
		return nil, err
	}
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	go n.relay(signals)
	n.conn.conn = conn
	return conn, nil
}

// relay passes each ActionInvoked(id, key) on to onAction until the
// connection closes (which closes signals).
func (n *Notices) relay(signals <-chan *dbus.Signal) {
	for s := range signals {
		if s.Path != notifyPath || s.Name != notifyIface+".ActionInvoked" || len(s.Body) != 2 {
			continue
		}
		id, ok1 := s.Body[0].(uint32)
		key, ok2 := s.Body[1].(string)
		if ok1 && ok2 && n.onAction != nil {
			n.onAction(id, key)
		}
	}
}

// dropIfClosed forgets a connection that the bus ended, so that the next
// Show connects again.
func (n *Notices) dropIfClosed() {
	if c := n.conn.conn; c != nil && !c.Connected() {
		c.Close()
		n.conn.conn = nil
	}
}

func (n *Notices) close() error {
	c := n.conn.conn
	n.conn.conn = nil
	if c == nil {
		return nil
	}
	return c.Close()
}
