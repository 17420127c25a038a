package e2e

import (
	"bytes"
	"encoding/binary"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// monitorOutput is dbus-monitor's output as seen in a headless session:
// the monitor's own NameAcquired and NameLost, a call from beeep, a call
// whose strings span lines and hold quotes, and a call of another method.
const monitorOutput = `signal time=1795594688.331925 sender=org.freedesktop.DBus -> destination=:1.0 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired
   string ":1.0"
signal time=1795594688.331999 sender=org.freedesktop.DBus -> destination=:1.0 serial=4 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameLost
   string ":1.0"
method call time=1795594688.658061 sender=:1.2 -> destination=org.freedesktop.Notifications serial=22 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify
   string "DefaultAppName"
   uint32 0
   string ""
   string "Hello summary"
   string "body text 123 456"
   array [
   ]
   array [
      dict entry(
         string "urgency"
         variant             byte 1
      )
   ]
   int32 5000
method call time=1795594754.928705 sender=:1.1 -> destination=org.freedesktop.Notifications serial=2 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify
   string "otptray"
   uint32 7
   string "icon"
   string "Say "hi""
   string "line1
line2 "x"
   indented
"
   array [
      string "a"
      string "b"
   ]
   array [
      dict entry(
         string "k"
         variant             string "v"
      )
   ]
   int32 -1
method call time=1795594755.000000 sender=:1.1 -> destination=org.freedesktop.Notifications serial=3 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=GetServerInformation
`

func TestParseMonitor(t *testing.T) {
	var got []Notification
	ready := 0
	parseMonitor(strings.NewReader(monitorOutput), func() { ready++ }, func(n Notification) { got = append(got, n) })
	want := []Notification{
		{AppName: "DefaultAppName", Summary: "Hello summary", Body: "body text 123 456"},
		{AppName: "otptray", ReplacesID: 7, Summary: `Say "hi"`, Body: "line1\nline2 \"x\"\n   indented\n", Actions: []string{"a", "b"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notifications:\n got %+v\nwant %+v", got, want)
	}
	if ready != 1 {
		t.Errorf("ready called %d times, want 1", ready)
	}
}

// A notification must be reported as soon as its last line is printed, not
// when the next message arrives: Wait would otherwise miss the last one.
func TestParseMonitorEmitsWithoutNextMessage(t *testing.T) {
	r, w := io.Pipe()
	got := make(chan Notification, 1)
	go parseMonitor(r, nil, func(n Notification) { got <- n })
	defer w.Close()
	first := monitorOutput[:strings.Index(monitorOutput, "   int32 5000\n")+len("   int32 5000\n")]
	if _, err := io.WriteString(w, first); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-got:
		if n.Summary != "Hello summary" {
			t.Errorf("summary %q", n.Summary)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no notification before the next message")
	}
}

func TestMonitorString(t *testing.T) {
	for arg, want := range map[string]string{
		`string "abc"`:    "abc",
		`string ""`:       "",
		`string "a"b"`:    `a"b`,
		`string "`:        "",
		`uint32 0`:        "",
		"string \"a\nb\"": "a\nb",
	} {
		if got := monitorString(arg); got != want {
			t.Errorf("monitorString(%q) = %q, want %q", arg, got, want)
		}
	}
}

// fyneLayout mirrors how fyne.io/systray builds its menu: each child is a
// variant holding a pointer to the same (ia{sv}av) structure.
type fyneLayout = struct {
	V0 int32
	V1 map[string]dbus.Variant
	V2 []dbus.Variant
}

func TestConvertLayout(t *testing.T) {
	item := func(id int32, props map[string]dbus.Variant, children ...*fyneLayout) *fyneLayout {
		l := &fyneLayout{V0: id, V1: props, V2: []dbus.Variant{}}
		for _, c := range children {
			l.V2 = append(l.V2, dbus.MakeVariant(c))
		}
		return l
	}
	v := dbus.MakeVariant
	root := item(0, map[string]dbus.Variant{"children-display": v("submenu")},
		item(1, map[string]dbus.Variant{"label": v("Code 123 456"), "enabled": v(true), "toggle-type": v(""), "toggle-state": v(0)}),
		item(2, map[string]dbus.Variant{"label": v("Disabled"), "enabled": v(false)}),
		item(3, map[string]dbus.Variant{"type": v("separator")}),
		item(4, map[string]dbus.Variant{"label": v("Start at login"), "toggle-type": v("checkmark"), "toggle-state": v(1)}),
		item(5, map[string]dbus.Variant{"label": v("More"), "children-display": v("submenu")},
			item(6, map[string]dbus.Variant{"label": v("Child")})),
		item(7, map[string]dbus.Variant{"label": v("Hidden"), "visible": v(false)}),
	)

	// Through the wire format, as GetLayout's answer arrives.
	msg := &dbus.Message{
		Type: dbus.TypeMethodReply,
		Headers: map[dbus.HeaderField]dbus.Variant{
			dbus.FieldReplySerial: v(uint32(1)),
			dbus.FieldSignature:   v(dbus.SignatureOf(uint32(0), *root)),
		},
		Body: []any{uint32(9), *root},
	}
	var buf bytes.Buffer
	if err := msg.EncodeTo(&buf, binary.LittleEndian); err != nil {
		t.Fatal(err)
	}
	decoded, err := dbus.DecodeMessage(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var (
		revision uint32
		layout   dbusLayout
	)
	if err := dbus.Store(decoded.Body, &revision, &layout); err != nil {
		t.Fatal(err)
	}

	got, err := convertLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	want := Item{ID: 0, Enabled: true, Visible: true, Children: []Item{
		{ID: 1, Label: "Code 123 456", Enabled: true, Visible: true},
		{ID: 2, Label: "Disabled", Visible: true},
		{ID: 3, Enabled: true, Visible: true, Separator: true},
		{ID: 4, Label: "Start at login", Enabled: true, Visible: true, Checked: true},
		{ID: 5, Label: "More", Enabled: true, Visible: true, Children: []Item{
			{ID: 6, Label: "Child", Enabled: true, Visible: true},
		}},
		{ID: 7, Label: "Hidden", Enabled: true, Visible: false},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("layout:%s\nwant:%s", got, want)
	}
	if labels, want := got.Labels(), []string{"Code 123 456", "Disabled", "---", "Start at login", "More"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("Labels() = %q, want %q", labels, want)
	}
	if it, ok := got.Find(func(it Item) bool { return it.Label == "Child" }); !ok || it.ID != 6 {
		t.Errorf("Find(Child) = %v, %v", it, ok)
	}

	bad := dbusLayout{ID: 1, Props: map[string]dbus.Variant{"label": v(42)}}
	if _, err := convertLayout(bad); err == nil || !strings.Contains(err.Error(), "label") {
		t.Errorf("label of the wrong type: err = %v", err)
	}
}

func TestCutShort(t *testing.T) {
	v := dbus.MakeVariant
	sub := map[string]dbus.Variant{"label": v("Settings"), "children-display": v("submenu")}
	leaf := func(id int32) dbusLayout {
		return dbusLayout{ID: id, Props: map[string]dbus.Variant{"label": v("Item")}, Children: []dbus.Variant{}}
	}
	with := func(id int32, props map[string]dbus.Variant, children ...dbusLayout) dbusLayout {
		l := dbusLayout{ID: id, Props: props, Children: []dbus.Variant{}}
		for _, c := range children {
			l.Children = append(l.Children, v(c))
		}
		return l
	}
	root := map[string]dbus.Variant{"children-display": v("submenu")}
	for _, tt := range []struct {
		name   string
		layout dbusLayout
		want   bool
	}{
		{"whole", with(0, root, leaf(1), with(2, sub, leaf(3))), false},
		{"submenu without its entries", with(0, root, leaf(1), with(2, sub)), true},
		{"nested submenu without its entries", with(0, root, with(2, sub, with(3, sub))), true},
		{"menu reset, nothing added yet", with(0, map[string]dbus.Variant{}), false},
		{"root marked, entries not sent", with(0, root), true},
	} {
		if got := cutShort(tt.layout); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestInCI(t *testing.T) {
	for value, want := range map[string]bool{"": false, "false": false, "0": false, "true": true, "1": true, "TRUE": true} {
		t.Setenv("CI", value)
		if got := inCI(); got != want {
			t.Errorf("CI=%q: inCI() = %v, want %v", value, got, want)
		}
	}
}

// TestSessionTools checks the helpers that need no program under test
// against the real session: the clipboard and notifications.
func TestSessionTools(t *testing.T) {
	Require(t)

	SetClipboard(t, "123456")
	if got := Clipboard(t); got != "123456" {
		t.Errorf("clipboard holds %q, want 123456", got)
	}

	w := WatchNotifications(t)
	call := sessionBus(t).Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications").Call(
		"org.freedesktop.Notifications.Notify", 0, "otptray-e2e", uint32(0), "", "Copied", "Code 123 456\nsecond line",
		[]string{}, map[string]dbus.Variant{}, int32(1000))
	if call.Err != nil {
		t.Fatalf("Notify: %v", call.Err)
	}
	n := w.Wait(t, "123 456", 5*time.Second)
	if want := (Notification{AppName: "otptray-e2e", Summary: "Copied", Body: "Code 123 456\nsecond line"}); !reflect.DeepEqual(n, want) {
		t.Errorf("notification %+v, want %+v", n, want)
	}
}
