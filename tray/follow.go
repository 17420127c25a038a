package tray

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token/follow"
	"github.com/otptray/otptray/token/follow/watch"
	"github.com/otptray/otptray/token/transfer"
	"github.com/otptray/otptray/tray/menu"
)

// Following a backup file: the tray watches the file the setting names
// (token/follow/watch) and brings every good read into the store
// (token/follow). The setting is read with the tokens file, so a change by
// otptray-cli follow is picked up without a restart.

// followState is what the tray keeps of it.
type followState struct {
	watching string    // the file watched, "" none
	cancel   func()    // stops the watcher
	gen      int       // counts watchers: results of a stopped one are dropped
	err      error     // why the file stays unreadable, nil after a good read
	reading  bool      // a file from the clipboard is being read
	read     time.Time // the last good read of the file watched
	// settle, when set, replaces the watcher's wait (tests).
	settle time.Duration
}

// followTick starts, replaces or stops the watcher when the setting
// changed.
func (a *app) followTick() {
	want := ""
	if f := a.settings().Follow; f != nil {
		want = f.File
	}
	if want == a.fol.watching {
		return
	}
	if a.fol.cancel != nil {
		a.fol.cancel()
		a.fol.cancel = nil
	}
	a.fol.watching, a.fol.err, a.fol.read = want, nil, time.Time{}
	a.fol.gen++
	if want == "" {
		return
	}
	gen, store, l := a.fol.gen, a.Store, &a.loop
	ctx, cancel := context.WithCancel(context.Background())
	a.fol.cancel = cancel
	w := &watch.Watcher{
		Path:   want,
		Read:   func(path string) (*transfer.Result, error) { return follow.ReadContext(ctx, store, path) },
		Settle: a.fol.settle,
	}
	go func() {
		select {
		case <-l.done:
		case <-ctx.Done():
		}
		cancel()
	}()
	go func() {
		err := w.Run(ctx, func(ev watch.Event) {
			if !l.deliver(event{kind: evDone, apply: func(now time.Time) { a.followRead(gen, ev, now) }}) {
				clearResult(ev.Result)
			}
		})
		if err != nil {
			l.deliver(event{kind: evDone, apply: func(time.Time) { a.followFailed(gen, err) }})
		}
	}()
}

func clearResult(res *transfer.Result) {
	if res == nil {
		return
	}
	for i := range res.Tokens {
		clear(res.Tokens[i].Secret)
	}
}

// followFailed reports a read that failed through the retries, or a
// watcher that could not start: once, until a good read.
func (a *app) followFailed(gen int, err error) {
	if gen != a.fol.gen {
		return
	}
	first := a.fol.err == nil
	a.fol.err = err
	if first {
		a.notify(a.loc.T("follow.tray.title"), a.loc.T("follow.tray.broken", "File", filepath.Base(a.fol.watching), "Detail", a.loc.Err(err)))
	}
}

// followRead brings a good read of the watched file into the store, on
// the writer queue.
func (a *app) followRead(gen int, ev watch.Event, at time.Time) {
	if gen != a.fol.gen {
		clearResult(ev.Result)
		return
	}
	if ev.Err != nil {
		a.followFailed(gen, ev.Err)
		return
	}
	store, path := a.Store, a.fol.watching
	a.effect(a.loop.writer, func() func(time.Time) {
		r, err := follow.Apply(store, path, ev.Result, at)
		clearResult(ev.Result)
		return func(now time.Time) {
			if gen != a.fol.gen || errors.Is(err, follow.ErrNotFollowed) {
				return
			}
			if err != nil {
				a.followFailed(gen, err)
				return
			}
			a.fol.err, a.fol.read = nil, at
			if r.Changed() {
				a.notify(a.loc.T("follow.tray.title"), a.followReport(path, r))
			}
			a.reload(now)
		}
	})
}

// followReport is the notification of what a read changed.
func (a *app) followReport(path string, r follow.Report) string {
	lines := []string{a.loc.T("follow.tray.changed", "File", filepath.Base(path),
		"Added", len(r.Added), "Renamed", r.Renamed, "Updated", r.Updated+r.Adopted)}
	if len(r.Added) > 0 {
		names := r.Added[:min(len(r.Added), maxNames)]
		lines = append(lines, a.loc.T("traytransfer.add.names", "Names", strings.Join(names, a.loc.T("traytransfer.names_sep"))))
	}
	if r.NewGone > 0 {
		lines = append(lines, a.loc.T("follow.tray.gone", "Count", r.NewGone))
	}
	return strings.Join(lines, "\n")
}

// doFollow acts on a click on one of the entries of following a file.
func (a *app) doFollow(act menu.Follow) {
	switch act.Do {
	case menu.FollowStart:
		a.followFromClipboard()
	case menu.FollowStop:
		store := a.Store
		a.effect(a.loop.writer, func() func(time.Time) {
			n, err := follow.Stop(store)
			return func(now time.Time) {
				if err != nil {
					a.notify(a.loc.T("follow.tray.title"), a.loc.Err(err))
				} else {
					a.notify(a.loc.T("follow.tray.title"), a.loc.T("follow.tray.stopped", "Count", n))
				}
				a.reload(now)
			}
		})
	case menu.FollowPrune:
		store := a.Store
		a.effect(a.loop.writer, func() func(time.Time) {
			removed, err := follow.Prune(store, prefs.ForgetToken)
			return func(now time.Time) {
				if err != nil {
					a.notify(a.loc.T("follow.tray.title"), a.loc.Err(err))
				} else {
					a.notify(a.loc.T("follow.tray.title"), a.loc.T("follow.tray.pruned", "Count", len(removed)))
				}
				a.reload(now)
			}
		})
	}
}

// followFromClipboard follows the file whose path is on the clipboard (a
// file copied in the file manager, or its path as text): the tray has no
// file dialog. The file is read before the setting changes, so a file that
// is not a backup changes nothing.
func (a *app) followFromClipboard() {
	if a.fol.reading || !a.canTransfer() {
		return
	}
	a.fol.reading = true
	sys := a.Sys
	a.effect(a.loop.other, func() func(time.Time) {
		text, err := sys.ReadClipboard()
		if err == nil {
			var path string
			path, err = clipboardPath(text)
			if err == nil {
				return func(time.Time) { a.followStart(path) }
			}
		}
		return func(time.Time) {
			a.fol.reading = false
			a.notify(a.loc.T("follow.tray.title"), a.loc.Err(err))
		}
	})
}

// followStart reads the file and starts following it, on the writer queue
// (off the loop: its key derivation may take seconds, bounded by
// transfer.WorkLimit, and is abandoned when the tray ends).
func (a *app) followStart(path string) {
	store, l := a.Store, &a.loop
	a.effect(a.loop.writer, func() func(time.Time) {
		ctx, cancel := l.context()
		defer cancel()
		at := time.Now()
		res, err := follow.ReadContext(ctx, store, path)
		var r follow.Report
		if err == nil {
			err = follow.Start(store, path)
		}
		if err == nil {
			r, err = follow.Apply(store, path, res, at)
		}
		clearResult(res)
		return func(now time.Time) { a.followStartDone(path, r, err, now) }
	})
}

// followStartDone tells how starting to follow path went.
func (a *app) followStartDone(path string, r follow.Report, err error, now time.Time) {
	a.fol.reading = false
	title := a.loc.T("follow.tray.title")
	if err != nil {
		a.notify(title, a.loc.Err(msg.New("follow.tray.start_failed", err, "File", filepath.Base(path))))
		return
	}
	a.notify(title, a.loc.T("follow.tray.started", "File", filepath.Base(path))+"\n"+a.followReport(path, r))
	a.reload(now)
}

// clipboardPath is the file the clipboard names: its first line, a path
// or a file:// URI (what file managers put there for a copied file).
func clipboardPath(text string) (string, error) {
	line := ""
	for l := range strings.Lines(text) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") && l != "copy" && l != "cut" {
			line = l
			break
		}
	}
	line = strings.Trim(line, `"'`)
	if strings.HasPrefix(strings.ToLower(line), "file:") {
		u, err := url.Parse(line)
		if err != nil || (u.Host != "" && u.Host != "localhost") {
			return "", msg.New("follow.tray.no_path", nil)
		}
		line = u.Path
		// file:///C:/x is C:\x where paths have volume names.
		if rest := strings.TrimPrefix(line, "/"); filepath.VolumeName(rest) != "" {
			line = rest
		}
		line = filepath.FromSlash(line)
	}
	if line == "" || !filepath.IsAbs(line) {
		return "", msg.New("follow.tray.no_path", nil)
	}
	fi, err := os.Stat(line)
	if err != nil {
		return "", msg.New("follow.open", err, "Path", line)
	}
	if !fi.Mode().IsRegular() {
		return "", msg.New("follow.tray.not_file", nil, "Path", line)
	}
	return filepath.Clean(line), nil
}
