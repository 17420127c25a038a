package tray

import (
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"fyne.io/systray"

	"github.com/otptray/otptray/icons"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
)

// appName is the program's name as the desktop shows it.
const appName = desktop.AppName

// Options are what cmd/otptray passes in.
type Options struct {
	Version string
	// RegisterHotkey registers a global hotkey. It comes from package
	// desktop/hotkey, which only the program may import (it needs a
	// display as soon as it is linked in).
	RegisterHotkey func(h desktop.Hotkey, fn func()) (unregister func(), err error)
}

// stopWait bounds how long the tray's exit waits for the App's stop: on
// Windows the session ends soon after the tray's window is told.
const stopWait = 3 * time.Second

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

	primary, messages, release, err := desktop.Single(dir)
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

	app := &App{Store: store, Version: opts.Version, Sys: newOSSystem(clip, opts, os.Getenv)}
	_, portable := token.PortableDir()
	app.KeepAutostartOff = portable || desktop.InstallerChoseAutostart()
	app.UpdateFeed = os.Getenv("OTPTRAY_UPDATE_FEED")
	app.UI = newTrayUI(func(key string) { app.send(event{kind: evClick, key: key}) })
	// Secrets are read here, before the tray starts: the tray answers the
	// desktop's first request for the menu only once onReady returns.
	app.Start(time.Now())
	app.FirstRun(time.Now())

	go func() {
		for range messages {
			app.send(event{kind: evReopened})
		}
	}()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		if _, ok := <-signals; ok {
			app.requestQuit()
		}
	}()

	runTray(app)
	return nil
}

// runTray shows the tray and runs the App's loop until a quit, whichever
// way it comes, has run the App's stop.
func runTray(app *App) {
	// A left click either copies (our handler) or, with no handler, opens
	// the menu: systray decides that once, when it starts.
	if app.leftClickCopies() {
		systray.SetOnTapped(func() { app.send(event{kind: evTapped}) })
	}
	looping := make(chan struct{})
	systray.Run(func() {
		systray.SetTemplateIcon(icons.Tray(false), icons.Tray(darkTaskbar()))
		if runtime.GOOS != "darwin" {
			// The name of the icon for the desktop (on macOS the title
			// would be shown as text beside the icon instead).
			systray.SetTitle(appName)
		}
		app.Refresh(time.Now())
		close(looping)
		go func() {
			app.Loop()
			// After stop: systray.Quit calls the exit callback below,
			// which finds stop done, and systray.Run returns.
			systray.Quit()
		}()
	}, func() {
		// Here also when the desktop ends the tray itself (Windows:
		// WM_ENDSESSION at log off or shutdown), which calls this directly:
		// ask the loop to stop and wait for it, since the process may end
		// as soon as this returns.
		app.requestQuit()
		select {
		case <-looping:
			app.waitStopped(stopWait)
		default:
			// The loop never started; nothing else owns the App.
			app.stop()
		}
	})
}

// waitStopped waits until stop has run, at most d.
func (a *App) waitStopped(d time.Duration) {
	select {
	case <-a.loop.stopped:
	case <-time.After(d):
		logf("the refresh loop did not stop")
	}
}
