// Package watch tells when a followed backup file has changed and settled
// (package follow does the sync). It is apart so that otptray-cli, which
// reads the file once, links no file watching.
package watch

import (
	"context"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token/transfer"
)

// Watcher reads a followed file when it has changed and settled.
type Watcher struct {
	Path string
	// Read reads and decodes the file (follow.Read with the store).
	Read func(path string) (*transfer.Result, error)
	// Settle is how long the file must go unchanged before it is read;
	// 0 means 1 s. A sync client writes a file in pieces or replaces it
	// by a rename, which shows as several events.
	Settle time.Duration
	// Retries is how many more reads a failing file gets before the
	// failure is reported; 0 means 4. Backoff is the wait before the first
	// retry, doubled each time; 0 means Settle.
	Retries int
	Backoff time.Duration
}

// Event is the outcome of reading the file: a good read, or an error that
// lasted through the retries.
type Event struct {
	Result *transfer.Result
	Err    error
}

// Run reads the file once at start and again after every change, until ctx
// ends. It watches the file's folder, not the file: a file replaced by a
// rename is a new file, which a watch on the old one would not see.
func (w *Watcher) Run(ctx context.Context, out func(Event)) error {
	settle := w.Settle
	if settle <= 0 {
		settle = time.Second
	}
	retries := w.Retries
	if retries <= 0 {
		retries = 4
	}
	backoff := w.Backoff
	if backoff <= 0 {
		backoff = settle
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return msg.New("follow.watch", err, "Path", w.Path)
	}
	defer fw.Close()
	dir := filepath.Dir(w.Path)
	if err := fw.Add(dir); err != nil {
		return msg.New("follow.watch", err, "Path", dir)
	}
	name := filepath.Clean(w.Path)

	timer := time.NewTimer(0) // the first read at once
	defer timer.Stop()
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if filepath.Clean(ev.Name) != name || ev.Op == fsnotify.Chmod {
				continue
			}
			// A change starts the count again: the file is read once it
			// has been still for settle, and a new version gets fresh
			// retries.
			failures = 0
			timer.Reset(settle)
		case _, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			// Events were lost (the kernel's queue overflowed), so the
			// file may have changed: read it again once things are quiet.
			timer.Reset(settle)
		case <-timer.C:
			res, err := w.Read(w.Path)
			if err == nil {
				failures = 0
				out(Event{Result: res})
				continue
			}
			if failures < retries {
				timer.Reset(backoff << failures)
				failures++
				continue
			}
			failures = 0
			out(Event{Err: err})
		}
	}
}
