package tray

import (
	"time"

	"github.com/otptray/otptray/prefs"
)

// trayHint says where a new user finds the tray icon, for the notification
// of the first start: the desktops that tuck new icons away get one.
type trayHint int

const (
	noTrayHint    trayHint = iota
	hintWindows10          // may be behind the ^ arrow, as chosen in the taskbar settings
	hintWindows11          // new icons go behind the ^ arrow
)

// windows11Build is the first build number of Windows 11 (21H2): Windows 11
// still reports major version 10.
const windows11Build = 22000

// windowsTrayHint is the hint for the Windows build number.
func windowsTrayHint(build uint32) trayHint {
	if build >= windows11Build {
		return hintWindows11
	}
	return hintWindows10
}

// messageID is the catalogue ID of the hint's text, "" for none.
func (h trayHint) messageID() string {
	switch h {
	case hintWindows10:
		return "firstrun.hint.windows10"
	case hintWindows11:
		return "firstrun.hint.windows11"
	}
	return ""
}

// hintState is the first-run hint within this run.
type hintState struct {
	due  bool // this run is the first: the hint is owed even before the file says so
	sent bool // tried in this run (once: a failure waits for the next start)
}

// owesTrayHint is FirstRun's part: a new user on a desktop with a hint is
// owed it until one was delivered. Users from before the hint existed
// (FirstRunDone without TrayHint) found their icon long ago.
func (a *app) owesTrayHint() {
	if a.TrayHint.messageID() == "" {
		return
	}
	a.hint.due = true
	a.savePrefs(func(p *prefs.Prefs) {
		if p.TrayHint == "" {
			p.TrayHint = prefs.TrayHintDue
		}
	})
}

// trayHintTick sends the first-run hint once the tray shows (its balloon
// needs the icon), on the notification queue. It is marked shown only when
// the notification was delivered: else the next start tries again.
func (a *app) trayHintTick() {
	id := a.TrayHint.messageID()
	if id == "" || a.hint.sent || a.keys.data == nil || a.keys.loading {
		return
	}
	switch a.prefs().TrayHint {
	case prefs.TrayHintShown:
		return
	case prefs.TrayHintDue:
	default:
		if !a.hint.due {
			return
		}
	}
	a.hint.sent = true
	title, body, sys := a.loc.T("firstrun.hint.title"), a.loc.T(id), a.Sys
	a.effect(a.loop.notifier, func() func(time.Time) {
		err := sys.Notify(title, body)
		return func(time.Time) {
			if err != nil {
				logf("first-run hint not shown (tried again at the next start): %v", err)
				return
			}
			a.savePrefs(func(p *prefs.Prefs) { p.TrayHint = prefs.TrayHintShown })
		}
	})
}
