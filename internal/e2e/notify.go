package e2e

import (
	"bufio"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Notification is one org.freedesktop.Notifications.Notify call.
type Notification struct {
	AppName    string
	ReplacesID uint32
	Summary    string
	Body       string
	Actions    []string // keys and labels in turn, as sent
}

// NotifyWatcher records the notifications sent on the session bus from the
// moment WatchNotifications returns, with dbus-monitor.
type NotifyWatcher struct {
	mu     sync.Mutex
	seen   []Notification // not yet taken by Wait
	all    []Notification
	update chan struct{} // closed and replaced on each notification
}

// WatchNotifications starts dbus-monitor and returns once it listens; it
// stops when the test ends.
func WatchNotifications(t testing.TB) *NotifyWatcher {
	t.Helper()
	cmd := exec.Command("dbus-monitor", "--session",
		"interface='org.freedesktop.Notifications',member='Notify'")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("dbus-monitor: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-monitor: %v", err)
	}
	w := &NotifyWatcher{update: make(chan struct{})}
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		parseMonitor(stdout, func() { close(ready) }, w.add)
		io.Copy(io.Discard, stdout)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
		cmd.Wait()
	})
	select {
	case <-ready:
	case <-done:
		t.Fatal("dbus-monitor exited before it listened")
	case <-time.After(toolTimeout):
		t.Fatalf("dbus-monitor did not listen within %v", toolTimeout)
	}
	return w
}

func (w *NotifyWatcher) add(n Notification) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = append(w.seen, n)
	w.all = append(w.all, n)
	close(w.update)
	w.update = make(chan struct{})
}

// Wait returns the first notification not returned before whose summary or
// body contains substr, waiting up to timeout for it.
func (w *NotifyWatcher) Wait(t testing.TB, substr string, timeout time.Duration) Notification {
	t.Helper()
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		for i, n := range w.seen {
			if strings.Contains(n.Summary, substr) || strings.Contains(n.Body, substr) {
				w.seen = append(w.seen[:i:i], w.seen[i+1:]...)
				w.mu.Unlock()
				return n
			}
		}
		update := w.update
		all := len(w.all)
		w.mu.Unlock()
		select {
		case <-update:
		case <-deadline:
			t.Fatalf("no notification containing %q within %v (%d seen: %+v)", substr, timeout, all, w.All())
		}
	}
}

// All returns every notification seen so far, in order.
func (w *NotifyWatcher) All() []Notification {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Notification(nil), w.all...)
}

var (
	// monitorHeader starts each message that dbus-monitor prints.
	monitorHeader = regexp.MustCompile(`^(method call|method return|error|signal) time=\d+\.\d+ sender=`)
	// monitorArg starts each top-level argument: three spaces, a type.
	monitorArg = regexp.MustCompile(`^   (string "|(u?int(16|32|64)|byte|boolean|double|variant|object path|signature|file descriptor) |array \[|struct \{|dict entry\()`)
)

// notifyArgs is the number of arguments of Notify (app_name, replaces_id,
// app_icon, summary, body, actions, hints, expire_timeout).
const notifyArgs = 8

// parseMonitor reads dbus-monitor's text output from r: it calls ready once
// the monitor listens (its NameLost signal) and emit for each Notify call.
//
// dbus-monitor prints strings between quotes without escaping, so a string
// may span lines; a line that starts a new argument or message ends it. A
// string that itself contains such a line is misread.
func parseMonitor(r io.Reader, ready func(), emit func(Notification)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var (
		inNotify bool
		args     []string // top-level arguments of the Notify call, as printed
	)
	finish := func() {
		if inNotify && len(args) == notifyArgs {
			emit(Notification{
				AppName:    monitorString(args[0]),
				ReplacesID: monitorUint32(args[1]),
				Summary:    monitorString(args[3]),
				Body:       monitorString(args[4]),
				Actions:    monitorStrings(args[5]),
			})
		}
		inNotify, args = false, nil
	}
	for sc.Scan() {
		line := sc.Text()
		switch {
		case monitorHeader.MatchString(line):
			finish()
			if strings.Contains(line, "member=NameLost") && ready != nil {
				ready()
				ready = nil
			}
			inNotify = strings.HasPrefix(line, "method call ") &&
				strings.Contains(line, "interface=org.freedesktop.Notifications; member=Notify")
		case !inNotify:
		case monitorArg.MatchString(line):
			if len(args) == notifyArgs-1 {
				// The last argument is one line (int32 expire_timeout):
				// the call is complete without waiting for the next one.
				args = append(args, line[3:])
				finish()
				continue
			}
			args = append(args, line[3:])
		case len(args) > 0:
			args[len(args)-1] += "\n" + line
		}
	}
	finish()
}

// monitorString returns the value of a string argument as dbus-monitor
// prints it (string "..."), or "" if arg is not a string.
func monitorString(arg string) string {
	if !strings.HasPrefix(arg, `string "`) || !strings.HasSuffix(arg, `"`) || len(arg) < len(`string ""`) {
		return ""
	}
	return arg[len(`string "`) : len(arg)-1]
}

// monitorUint32 returns the value of a uint32 argument as dbus-monitor
// prints it (uint32 7), or 0.
func monitorUint32(arg string) uint32 {
	n, err := strconv.ParseUint(strings.TrimPrefix(arg, "uint32 "), 10, 32)
	if err != nil || !strings.HasPrefix(arg, "uint32 ") {
		return 0
	}
	return uint32(n)
}

// monitorStrings returns the elements of an array of strings as
// dbus-monitor prints it (array [, then one string "..." a line, then ]),
// nil for an empty one. An element with a line break is misread.
func monitorStrings(arg string) []string {
	lines := strings.Split(arg, "\n")
	if len(lines) < 2 || lines[0] != "array [" {
		return nil
	}
	var out []string
	for _, l := range lines[1:] {
		if l = strings.TrimLeft(l, " "); strings.HasPrefix(l, `string "`) {
			out = append(out, monitorString(l))
		}
	}
	return out
}
