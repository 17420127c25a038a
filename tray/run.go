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

// stopWait bounds how long the tray's exit waits for the app's stop: on
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
	crashes, stopWatch := watchCrashes(dir, opts.Version)
	defer stopWatch()

	clip, err := desktop.NewClipboard()
	if err != nil {
		return err
	}
	defer clip.Close()

	sys := newOSSystem(clip, opts, os.Getenv)
	a := &app{Store: store, Version: opts.Version, Sys: sys}
	sys.notices = desktop.NewNotices(func(id uint32, key string) {
		a.send(event{kind: evNoticeAction, key: key, notice: id})
	})
	sys.notices.Fallback = func(err error) { logf("notification shown without its buttons: %v", err) }
	defer sys.notices.Close()
	_, portable := token.PortableDir()
	a.KeepAutostartOff = portable || desktop.InstallerChoseAutostart()
	a.SourceTreeBuild = runningFromSourceTree()
	a.UpdateFeed = os.Getenv("OTPTRAY_UPDATE_FEED")
	a.TrayHint = osTrayHint()
	a.LanguageOverride = os.Getenv("OTPTRAY_LANG")
	a.UI = newTrayUI(func(key string) { a.send(event{kind: evClick, key: key}) })
	// Secrets are read here, before the tray starts: the tray answers the
	// desktop's first request for the menu only once onReady returns.
	a.Start(time.Now())
	a.FirstRun(time.Now())
	a.noteUnknownLanguage()
	a.noteCrash(crashes)

	go func() {
		for m := range messages {
			a.onMessage(m)
		}
	}()
	defer quitOnSignals(a)()

	runTray(a)
	return nil
}

// quitOnSignals makes SIGINT and SIGTERM (a log out on Linux, a service
// manager) quit the app as the Quit entry does; the function it returns
// stops that.
func quitOnSignals(a *app) (stop func()) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-signals:
			a.requestQuit()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(signals)
		close(done)
	}
}

// runTray shows the tray and runs the app's loop until a quit, whichever
// way it comes, has run the app's stop.
func runTray(a *app) {
	// A left click either copies (our handler) or, with no handler, opens
	// the menu: systray decides that once, when it starts.
	if a.leftClickCopies() {
		systray.SetOnTapped(func() { a.send(event{kind: evTapped}) })
	}
	looping := make(chan struct{})
	systray.Run(func() {
		// One icon for light and dark panels (its teal badge reads on
		// both); macOS takes the template instead and tints it for the
		// menu bar, like its own status items.
		systray.SetTemplateIcon(icons.Template(), icons.Tray())
		if runtime.GOOS != "darwin" {
			// The name of the icon for the desktop (on macOS the title
			// would be shown as text beside the icon instead).
			systray.SetTitle(appName)
		}
		a.Refresh(time.Now())
		close(looping)
		go func() {
			a.Loop()
			// After stop: systray.Quit calls the exit callback below,
			// which finds stop done, and systray.Run returns.
			systray.Quit()
		}()
	}, func() { a.trayExit(looping) })
}

// trayExit is systray's exit callback. It runs after the loop's own
// systray.Quit, and also when the desktop ends the tray itself (Windows:
// WM_ENDSESSION at log off or shutdown calls it directly, from the window's
// thread): it asks the loop to stop and waits for its stop, since the
// process may end as soon as this returns. looping is closed once the loop
// runs.
func (a *app) trayExit(looping <-chan struct{}) {
	a.requestQuit()
	select {
	case <-looping:
	default:
		// The loop never started; nothing else owns the app.
		a.stop()
		return
	}
	select {
	case <-a.loop.stopped:
	case <-time.After(stopWait):
		logf("the refresh loop did not stop")
	}
}
