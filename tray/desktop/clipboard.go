package desktop

import (
	"context"
	"errors"
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
}

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
func (c *Clipboard) Copy(text string, clearAfter time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if c.pending != nil {
		c.pending.timer.Stop()
		c.pending = nil
	}
	changed, err := write(clipboardItems(text))
	if err != nil {
		return msg.New("desktop.clipboard.write", err)
	}
	if clearAfter > 0 {
		p := &pendingClear{gen: c.gen, text: text, changed: changed}
		after := c.afterFunc
		if after == nil {
			after = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }
		}
		p.timer = after(clearAfter, func() { c.clear(p) })
		c.pending = p
	}
	return nil
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
	// The signal can lag (Windows polls for it once a second): compare.
	now, err := readText()
	if err != nil {
		return ClearFailed
	}
	if now != p.text {
		return Replaced
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
	now, err := readText()
	if err != nil {
		return msg.New("desktop.clipboard.read", err)
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
func write(items []clipboard.Item) (<-chan struct{}, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	opts := make([]clipboard.Option, len(items))
	for i, it := range items {
		opts[i] = it
	}
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
