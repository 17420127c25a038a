package desktop

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"golang.design/x/clipboard"
)

// Clipboard copies codes to the system clipboard and takes them off again
// after a while, unless the user has copied something else meanwhile.
type Clipboard struct {
	mu      sync.Mutex
	gen     uint64        // counts the Copy calls; a pending clear belongs to one
	pending *pendingClear // the clear of the last Copy, or nil

	// Set by tests: afterFunc schedules the clears (time.AfterFunc when
	// nil), cleared learns what each scheduled clear did.
	afterFunc func(time.Duration, func()) stopper
	cleared   func(ClearResult)
}

// stopper is the part of *time.Timer that Clipboard uses.
type stopper interface{ Stop() bool }

// pendingClear is the scheduled clear of one copied text.
type pendingClear struct {
	gen     uint64
	text    string
	changed <-chan struct{} // closes when another program takes the clipboard
	timer   stopper
	// once says the clipboard serves text one paste only (AfterFirstPaste
	// where the system can count pastes): changed then also closes once
	// it has been pasted.
	once bool
}

// CopyOption changes how Copy puts text on the clipboard.
type CopyOption int

const (
	// AfterFirstPaste takes the text off the clipboard once a program has
	// pasted it, where the clipboard's owner answers each paste itself
	// (X11 and Wayland: ClearsAfterPaste). Elsewhere it does nothing, and
	// the clearing after a delay is what takes the text off.
	AfterFirstPaste CopyOption = iota + 1
)

// ClearsAfterPaste says whether AfterFirstPaste does anything here.
const ClearsAfterPaste = clearsAfterPaste

// ClearResult says what a scheduled clear did.
type ClearResult int

const (
	// Cleared: the clipboard still held our text and is now empty.
	Cleared ClearResult = iota
	// Replaced: another program had put something else on the clipboard,
	// which is left alone.
	Replaced
	// ClearFailed: the clipboard could not be read or written.
	ClearFailed
)

// writeRetry is how long a write keeps trying while another program holds
// the clipboard open (Windows lets one program open it at a time).
const writeRetry = 500 * time.Millisecond

// opTimeout bounds one clipboard operation.
const opTimeout = 5 * time.Second

// NewClipboard connects to the system clipboard; the error says why it
// cannot (on Linux: no X display or Wayland session).
func NewClipboard() (*Clipboard, error) {
	if err := clipboard.Init(); err != nil {
		return nil, msg.New("desktop.clipboard.init", err)
	}
	return &Clipboard{}, nil
}

// Copy puts text on the clipboard. If clearAfter > 0 it empties the
// clipboard after that delay, but only if the clipboard still holds text
// from this Copy: not if another program has taken the clipboard over, nor
// if its content differs. A new Copy cancels the pending clear of the
// previous one.
//
// The text is marked so that clipboard history and cloud clipboard leave it
// out where the platform has such a mark (see clipboardItems).
//
// With AfterFirstPaste the clipboard serves the text once: a paste asks
// for one of the text's formats (after the list of them, which is free),
// so one serve is one paste. A clipboard manager that reads the text, or
// the hint that marks it secret, as it changes spends that serve as a
// paste would. This program's own reads would too: while such a copy holds
// the clipboard, Read, ClearIf and the clear answer from the text copied.
func (c *Clipboard) Copy(text string, clearAfter time.Duration, opts ...CopyOption) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if c.pending != nil {
		c.pending.timer.Stop()
		c.pending = nil
	}
	var limit []clipboard.Option
	if slices.Contains(opts, AfterFirstPaste) {
		limit = pasteLimit()
	}
	changed, err := write(clipboardItems(text), limit...)
	if err != nil {
		return msg.New("desktop.clipboard.write", err)
	}
	once := len(limit) > 0
	if clearAfter > 0 || once {
		p := &pendingClear{gen: c.gen, text: text, changed: changed, once: once, timer: noTimer{}}
		if clearAfter > 0 {
			after := c.afterFunc
			if after == nil {
				after = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }
			}
			p.timer = after(clearAfter, func() { c.clear(p) })
		}
		c.pending = p
	}
	return nil
}

// noTimer is the timer of a copy that is not cleared after a delay (only
// after its paste): kept as pending so that reads do not spend its serve.
type noTimer struct{}

func (noTimer) Stop() bool { return false }

// servedOnce returns the text of a copy that serves one paste and still
// holds the clipboard. Reading the clipboard would spend its serve; while
// it holds the clipboard, its text is what the clipboard holds (on X11 and
// Wayland the loss of the clipboard is an event, not polled, so changed
// closes when it happens).
func (c *Clipboard) servedOnce() (string, bool) {
	p := c.pending
	if p == nil || !p.once {
		return "", false
	}
	select {
	case <-p.changed:
		return "", false
	default:
		return p.text, true
	}
}

// clear empties the clipboard if p is still the latest Copy and the
// clipboard still holds its text.
func (c *Clipboard) clear(p *pendingClear) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending != p || c.gen != p.gen {
		return // a later Copy or Close took over
	}
	c.pending = nil
	result := c.clearLocked(p)
	if c.cleared != nil {
		c.cleared(result)
	}
}

func (c *Clipboard) clearLocked(p *pendingClear) ClearResult {
	select {
	case <-p.changed:
		return Replaced
	default:
	}
	// The signal can lag (Windows polls for it once a second): compare;
	// a copy served once is not read (servedOnce), it still holds the
	// clipboard here.
	if !p.once {
		now, err := readText()
		if err != nil {
			return ClearFailed
		}
		if now != p.text {
			return Replaced
		}
	}
	if _, err := write([]clipboard.Item{{Format: clipboard.FmtText, Bytes: []byte{}}}); err != nil {
		return ClearFailed
	}
	return Cleared
}

// ClearIf empties the clipboard if it holds exactly text: used after text
// someone else put there (a pasted otpauth link, which carries a secret)
// has been taken in. A pending clear of our own Copy is cancelled only when
// the clipboard is emptied.
func (c *Clipboard) ClearIf(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	now, ours := c.servedOnce()
	if !ours {
		var err error
		if now, err = readText(); err != nil {
			return msg.New("desktop.clipboard.read", err)
		}
	}
	if now != text {
		return nil
	}
	if _, err := write([]clipboard.Item{{Format: clipboard.FmtText, Bytes: []byte{}}}); err != nil {
		return msg.New("desktop.clipboard.write", err)
	}
	c.gen++
	if c.pending != nil {
		c.pending.timer.Stop()
		c.pending = nil
	}
	return nil
}

// Close cancels the pending clear and, if the clipboard still holds the
// text it was for, empties the clipboard now: on Windows and macOS the
// clipboard keeps a copy after the program exits.
func (c *Clipboard) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pending
	if p == nil {
		return nil
	}
	p.timer.Stop()
	c.pending = nil
	c.gen++
	if c.clearLocked(p) == ClearFailed {
		return msg.New("desktop.clipboard.write", errors.New("clear failed"))
	}
	return nil
}

// Read returns the text on the clipboard, "" when it holds no text.
func (c *Clipboard) Read() (string, error) {
	c.mu.Lock()
	s, ours := c.servedOnce()
	c.mu.Unlock()
	if ours {
		return s, nil
	}
	s, err := readText()
	if err != nil {
		return "", msg.New("desktop.clipboard.read", err)
	}
	return s, nil
}

func readText() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	b, err := clipboard.Read(ctx, clipboard.FmtText)
	if errors.Is(err, clipboard.ErrNoData) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// write puts items on the clipboard, retrying for writeRetry while the
// clipboard is unavailable (held open by another program).
func write(items []clipboard.Item, extra ...clipboard.Option) (<-chan struct{}, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	opts := make([]clipboard.Option, 0, len(items)+len(extra))
	for _, it := range items {
		opts = append(opts, it)
	}
	opts = append(opts, extra...)
	deadline := time.Now().Add(writeRetry)
	for {
		changed, err := clipboard.WriteAll(ctx, opts...)
		if err == nil || !errors.Is(err, clipboard.ErrUnavailable) || time.Now().After(deadline) {
			return changed, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// String names the result, for test failures and logs.
func (r ClearResult) String() string {
	switch r {
	case Cleared:
		return "Cleared"
	case Replaced:
		return "Replaced"
	case ClearFailed:
		return "ClearFailed"
	}
	return "ClearResult(?)"
}
