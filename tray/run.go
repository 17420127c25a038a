package tray

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"fyne.io/systray"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/icons"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/tray/desktop"
)

// Options are what cmd/otptray passes in.
type Options struct {
	Version string
	// RegisterHotkey registers a global hotkey. It comes from package
	// desktop/hotkey, which only the program may import (it needs a
	// display as soon as it is linked in).
	RegisterHotkey func(h desktop.Hotkey, fn func()) (unregister func(), err error)
}

// Run runs the tray program until the user quits. It returns nil at once
// when another instance is running (after telling it), and an error when the
// program cannot run at all (no clipboard, no desktop session).
func Run(opts Options) error {
	if err := checkSessionBus(); err != nil {
		return err
	}
	dir, err := token.DefaultDir()
	if err != nil {
		return err
	}
	store := token.Open(dir, token.SystemKeyring{})

	primary, reopened, release, err := desktop.Single(dir)
	if err != nil {
		return err
	}
	if !primary {
		return nil
	}
	defer release()

	clip, err := desktop.NewClipboard()
	if err != nil {
		return err
	}
	defer clip.Close()

	app := &App{Store: store, Version: opts.Version, Sys: &osSystem{clip: clip, register: opts.RegisterHotkey}}
	_, portable := token.PortableDir()
	app.KeepAutostartOff = portable || desktop.InstallerChoseAutostart()
	cfg := ClockConfig(opts.Version, os.Getenv)
	app.MeasureClock = func(ctx context.Context) (clocksync.Result, error) { return clocksync.Measure(ctx, cfg) }
	app.setupFeatures(opts.Version, os.Getenv)
	app.UI = newTrayUI(func(key string) { app.Send(Event{Kind: Click, Key: key}) })
	// Secrets are read here, before the tray starts: the tray answers the
	// desktop's first request for the menu only once onReady returns.
	app.Start(time.Now())
	app.FirstRun(time.Now())

	go func() {
		for range reopened {
			app.Send(Event{Kind: Reopened})
		}
	}()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		app.Send(Event{Kind: Click, Key: KeyQuit})
	}()

	// A left click either copies (our handler) or, with no handler, opens
	// the menu: systray decides that once, when it starts.
	if app.LeftClickCopies() {
		systray.SetOnTapped(func() { app.Send(Event{Kind: Tapped}) })
	}
	loopDone := make(chan struct{})
	systray.Run(func() {
		systray.SetTemplateIcon(icons.Tray(false), icons.Tray(darkTaskbar()))
		if runtime.GOOS != "darwin" {
			// The name of the icon for the desktop (on macOS the title
			// would be shown as text beside the icon instead).
			systray.SetTitle(desktop.AppName)
		}
		app.Refresh(time.Now())
		go func() {
			defer close(loopDone)
			app.Loop()
		}()
	}, func() {
		select {
		case <-loopDone:
		case <-time.After(2 * time.Second):
			fmt.Fprintln(os.Stderr, "otptray: the refresh loop did not stop")
		}
	})
	return nil
}

// osSystem is System on the real desktop.
type osSystem struct {
	clip     *desktop.Clipboard
	register func(desktop.Hotkey, func()) (func(), error)
}

func (s *osSystem) Copy(text string, clearAfter time.Duration) error {
	return s.clip.Copy(text, clearAfter)
}

func (s *osSystem) Notify(title, body string) error { return desktop.Notify(title, body) }

func (s *osSystem) OpenURL(u string) error { return desktop.OpenURL(u) }

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
		return nil, i18n.E("desktop.hotkey.register", nil, "Hotkey", h.Label())
	}
	return s.register(h, fn)
}

// ClockConfig is where "Sync clock" asks for the time: the defaults, or
// the servers in OTPTRAY_NTP_SERVERS (comma-separated; "off" for none) and
// the HTTPS page in OTPTRAY_TIME_URL ("off" for none), as otptray-cli's
// time command reads them, for networks that block the public servers.
func ClockConfig(version string, getenv func(string) string) clocksync.Config {
	cfg := clocksync.Config{UserAgent: "otptray/" + version}
	if servers := strings.TrimSpace(getenv("OTPTRAY_NTP_SERVERS")); servers != "" {
		cfg.NTPServers = []string{}
		for _, s := range strings.Split(servers, ",") {
			if s = strings.TrimSpace(s); s != "" && s != "off" {
				cfg.NTPServers = append(cfg.NTPServers, s)
			}
		}
	}
	switch u := strings.TrimSpace(getenv("OTPTRAY_TIME_URL")); u {
	case "":
	case "off":
		cfg.HTTPSURL = "-"
	default:
		cfg.HTTPSURL = u
	}
	return cfg
}
