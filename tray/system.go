package tray

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/token/vip"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/typing"
	"github.com/otptray/otptray/typing/template"
	"github.com/otptray/otptray/update"
)

// system is everything the app asks of the operating system and the
// network: Run wires it to package desktop and the real services, tests to
// fakes. The calls that may be slow (Notify, ReadClipboard, OpenURL,
// OpenFile, CaptureScreens and the network calls) are made on workers,
// never on the loop.
type system interface {
	// Can says which of the optional parts this system offers; the menu
	// leaves the others out, or says they are not available.
	Can() capabilities

	// Copy puts text on the clipboard; clearAfter 0: never clear.
	Copy(text string, clearAfter time.Duration, opts ...desktop.CopyOption) error
	// ClearCopied takes a code we copied off the clipboard now, if it is
	// still there (the program ends).
	ClearCopied() error
	// ReadClipboard returns the text on the clipboard, "" if it holds none.
	ReadClipboard() (string, error)
	// ClearClipboardIf empties the clipboard if it still holds text.
	ClearClipboardIf(text string) error
	// CaptureScreens takes a picture of every monitor.
	CaptureScreens() ([]image.Image, error)

	Notify(title, body string) error
	// ShowNotice shows a notice that may replace the one before and carry
	// buttons (desktop.Notices); it returns the notice's ID.
	ShowNotice(n desktop.Notice) (uint32, error)
	OpenURL(url string) error
	// OpenFile opens a file with the user's program for it.
	OpenFile(path string) error
	Autostart() bool
	SetAutostart(on bool) error
	// RegisterHotkey makes combo ("Win+Alt+O") call fn; fn may run on any
	// goroutine.
	RegisterHotkey(combo string, fn func()) (unregister func(), err error)
	// TypePlan types plan into the focused window (typing.Keyboard.Run);
	// waiting is called when a wait of the plan starts. done is how many
	// actions were performed. Where this system cannot type at all, the
	// error wraps errCannotType. It is called on a worker.
	// AwaitMenuGone returns once the window the user was in before the
	// menu opened has the keyboard again, or about a second has passed.
	AwaitMenuGone()
	// Foreground is the window that has the keyboard focus.
	Foreground() (foreground.Window, error)
	TypePlan(ctx context.Context, plan []template.Action, waiting func(until time.Time)) (done int, err error)

	// MeasureClock asks time servers how far the clock is off.
	MeasureClock(ctx context.Context) (clocksync.Result, error)
	// ProvisionVIP asks the VIP service for a new credential of the
	// default model.
	ProvisionVIP(ctx context.Context) (token.Token, vip.Info, error)
	// CheckUpdate asks the release feed at feedURL whether a newer
	// otptray exists.
	CheckUpdate(ctx context.Context, feedURL string) (update.Result, error)
}

// capabilities are the optional parts of a system.
type capabilities struct {
	ClockSync   bool // MeasureClock: "Sync clock"
	NewVIP      bool // ProvisionVIP: "New VIP credential…"
	UpdateCheck bool // CheckUpdate: "Check for updates"
	Transfer    bool // ReadClipboard, ClearClipboardIf, CaptureScreens, OpenFile: "Add token", "Show QR code"
}

// osSystem is system on the real desktop.
type osSystem struct {
	clip     *desktop.Clipboard
	notices  *desktop.Notices
	register func(desktop.Hotkey, func()) (func(), error)
	clock    clocksync.Config
	vip      vip.Config
	vipErr   error // why vip cannot be used (a bad OTPTRAY_VIP_URL)
	updates  update.Checker
	version  string
	getenv   func(string) string
}

func newOSSystem(clip *desktop.Clipboard, opts Options, getenv func(string) string) *osSystem {
	s := &osSystem{clip: clip, register: opts.RegisterHotkey, version: opts.Version, getenv: getenv}
	s.clock = clockConfig(opts.Version, getenv)
	s.vip, s.vipErr = vipConfig(opts.Version, getenv)
	return s
}

func (s *osSystem) Can() capabilities {
	return capabilities{ClockSync: true, NewVIP: true, UpdateCheck: true, Transfer: true}
}

func (s *osSystem) Copy(text string, clearAfter time.Duration, opts ...desktop.CopyOption) error {
	return s.clip.Copy(text, clearAfter, opts...)
}

func (s *osSystem) ClearCopied() error { return s.clip.Close() }

func (s *osSystem) ReadClipboard() (string, error) { return s.clip.Read() }

func (s *osSystem) ClearClipboardIf(text string) error { return s.clip.ClearIf(text) }

// menuCloseDelay is how long the capture waits after the click for the
// menu to be gone from the screen: it may cover the QR code.
const menuCloseDelay = 300 * time.Millisecond

// CaptureScreens runs on a task (see scanScreen), so the wait blocks
// nothing.
func (s *osSystem) CaptureScreens() ([]image.Image, error) {
	time.Sleep(menuCloseDelay)
	return desktop.CaptureScreens()
}

func (s *osSystem) Notify(title, body string) error { return desktop.Notify(title, body) }

// ShowNotice: without a notifier (set by Run) a notice is a plain
// notification.
func (s *osSystem) ShowNotice(n desktop.Notice) (uint32, error) {
	if s.notices == nil {
		return 0, desktop.Notify(n.Title, n.Body)
	}
	return s.notices.Show(n)
}

func (s *osSystem) OpenURL(u string) error { return desktop.OpenURL(u) }

func (s *osSystem) OpenFile(path string) error { return desktop.OpenFile(path) }

func (s *osSystem) Autostart() bool {
	on, err := desktop.AutostartEnabled()
	return err == nil && on
}

func (s *osSystem) SetAutostart(on bool) error {
	if !on {
		return desktop.DisableAutostart()
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return desktop.EnableAutostart(exe)
}

func (s *osSystem) RegisterHotkey(combo string, fn func()) (func(), error) {
	h, err := desktop.ParseHotkey(combo)
	if err != nil {
		return nil, err
	}
	if s.register == nil {
		return nil, msg.New("desktop.hotkey.register", nil, "Hotkey", h.Label())
	}
	return s.register(h, fn)
}

// menuFocusWait bounds the wait for the focus to leave our own window
// after a menu click.
const menuFocusWait = time.Second

// AwaitMenuGone: where the menu is our own window (Windows, where the
// notification area's menu belongs to the program and has the focus while
// it shows), it waits for the focus to move to another window, at most
// menuFocusWait; where the menu is drawn by another program (the panel on
// Linux, which leaves the focus where it was but holds the keyboard while
// the menu shows), it waits menuCloseDelay for the menu to be gone.
func (s *osSystem) AwaitMenuGone() {
	w, err := foreground.Current()
	if err != nil || !ownProgram(w.Program) {
		time.Sleep(menuCloseDelay)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), menuFocusWait)
	defer cancel()
	_ = foreground.WaitChange(ctx, w, typing.WaitPoll) // at the deadline, type anyway
}

// ownProgram reports whether program (a window's executable's base name)
// is this program.
func ownProgram(program string) bool {
	exe, err := os.Executable()
	return err == nil && program != "" && strings.EqualFold(filepath.Base(exe), program)
}

func (s *osSystem) Foreground() (foreground.Window, error) { return foreground.Current() }

// TypePlan opens the keyboard for each plan: typing is rare, and a
// connection kept open would outlive a restarted X server.
func (s *osSystem) TypePlan(ctx context.Context, plan []template.Action, waiting func(until time.Time)) (int, error) {
	if err := waylandTyping(s.getenv, foreground.Current); err != nil {
		return 0, err
	}
	kb, err := typing.New()
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errCannotType, err)
	}
	defer kb.Close()
	return kb.Run(ctx, plan, typing.RunOptions{Waiting: waiting})
}

func (s *osSystem) MeasureClock(ctx context.Context) (clocksync.Result, error) {
	return clocksync.Measure(ctx, s.clock)
}

func (s *osSystem) ProvisionVIP(ctx context.Context) (token.Token, vip.Info, error) {
	if s.vipErr != nil {
		return token.Token{}, vip.Info{}, s.vipErr
	}
	return vip.Provision(ctx, s.vip, vip.DefaultModel)
}

func (s *osSystem) CheckUpdate(ctx context.Context, feedURL string) (update.Result, error) {
	return s.updates.Check(ctx, feedURL, s.version)
}
