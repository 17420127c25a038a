package typing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/typing/template"
)

// ErrCancelled is the cause of every error by which Run stops before the
// end of a plan because the user (or the caller) wanted it to stop: test
// it with errors.Is. The *msg.Error around it says why.
var ErrCancelled = errors.New("typing cancelled")

// errNoKeyState is what anyDown returns where the system cannot tell
// which keys are down; Run then waits without looking at the keys.
var errNoKeyState = errors.New("the keys' state cannot be read here")

// WaitPoll is how often Run looks at the window in front and the keys
// during a wait: short enough that a key press, which lasts about 100 ms,
// is seen.
const WaitPoll = 20 * time.Millisecond

// RunOptions are Run's clock, its view of the desktop and its progress
// report. Every field may be left zero.
type RunOptions struct {
	// Waiting is called when a wait starts, with the instant it ends: the
	// tray counts the wait down in a notification.
	Waiting func(until time.Time)

	// Now and Sleep are the clock; time.Now and a timer when nil. Sleep
	// returns after d or when ctx ends, whichever is first.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration)
	// Foreground returns the window in front; foreground.Current when nil.
	Foreground func() (foreground.Window, error)
	// Poll is how often a wait looks for a focus change or a key; WaitPoll
	// when 0.
	Poll time.Duration
}

// Run performs plan's actions in order: it types the texts and keys and,
// at each WaitUntil, waits until that instant. A wait is cancelled, and
// nothing more is typed, when the window in front is no longer the one
// that was in front when Run began, when the user presses a key, or when
// ctx ends; the error then wraps ErrCancelled. done is how many actions
// were performed, so the caller can say what was typed already.
//
// A plan without waits looks neither at the window nor at the keys.
func (k *Keyboard) Run(ctx context.Context, plan []template.Action, opts RunOptions) (done int, err error) {
	opts = opts.withDefaults()
	var start foreground.Window
	if hasWait(plan) {
		if start, err = opts.Foreground(); err != nil {
			return 0, msg.New("typing.run.window", err)
		}
	}
	for i, a := range plan {
		if err := ctx.Err(); err != nil {
			return i, msg.New("typing.run.stopped", fmt.Errorf("%w: %w", ErrCancelled, err))
		}
		switch a.Kind {
		case template.TypeText:
			err = k.Type(a.Text)
		case template.PressTab:
			err = k.Press(KeyTab)
		case template.PressEnter:
			err = k.Press(KeyEnter)
		case template.WaitUntil:
			err = k.wait(ctx, a.Until, start, opts)
		default:
			err = fmt.Errorf("unknown action %d", a.Kind)
		}
		if err != nil {
			return i, err
		}
	}
	return len(plan), nil
}

// wait sleeps until until, looking every opts.Poll whether the window in
// front is still start and whether a key is down.
func (k *Keyboard) wait(ctx context.Context, until time.Time, start foreground.Window, opts RunOptions) error {
	// The keys of the hotkey that started the plan may still be down when
	// it begins with a wait: a key counts as pressed during the wait only
	// once they are let go.
	if err := k.waitReleased(); err != nil {
		return err
	}
	if opts.Waiting != nil {
		opts.Waiting(until)
	}
	for {
		if err := ctx.Err(); err != nil {
			return msg.New("typing.run.stopped", fmt.Errorf("%w: %w", ErrCancelled, err))
		}
		// A failing look counts as a change: the window typed into can no
		// longer be seen to have the focus.
		if w, err := opts.Foreground(); err != nil {
			return msg.New("typing.run.focus", fmt.Errorf("%w: %w", ErrCancelled, err))
		} else if !foreground.Same(w, start) {
			return msg.New("typing.run.focus", ErrCancelled)
		}
		if !k.noKeyState {
			down, err := k.kb.anyDown()
			switch {
			case errors.Is(err, errNoKeyState):
				k.noKeyState = true
			case err != nil:
				return msg.New("typing.modifiers.read", err)
			case down:
				return msg.New("typing.run.key", ErrCancelled)
			}
		}
		left := until.Sub(opts.Now())
		if left <= 0 {
			return nil
		}
		opts.Sleep(ctx, min(left, opts.Poll))
	}
}

func hasWait(plan []template.Action) bool {
	for _, a := range plan {
		if a.Kind == template.WaitUntil {
			return true
		}
	}
	return false
}

func (o RunOptions) withDefaults() RunOptions {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Foreground == nil {
		o.Foreground = foreground.Current
	}
	if o.Poll <= 0 {
		o.Poll = WaitPoll
	}
	return o
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
