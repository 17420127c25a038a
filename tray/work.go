package tray

import (
	"context"
	"sync"
	"time"
)

// The loop and its one result path. Work that may be slow runs on a worker;
// when it is done, the worker sends the loop a function that applies the
// result to the app (on the loop's goroutine, like every app method).
//
// Two kinds of work: effects (a notification, a write of the tokens file,
// opening a page, reading the keyring or the clipboard), which run in order
// on one queue each so that, say, two settings clicks are saved in the
// order they were made; and tasks (a clock check, an update check, creating
// a VIP credential, a screen scan), each on its own goroutine.

// eventKind says what happened.
type eventKind int

const (
	evClick      eventKind = iota // a menu entry, key says which
	evTapped                      // a left click on the icon
	evHotkey                      // the global hotkey
	evReopened                    // someone started the program again
	evDone                        // work beside the loop finished; apply takes its result
	evTypeHotkey                  // the type hotkey
	evTokenCopy                   // a token's copy hotkey, key is its ID
	evTokenType                   // a token's type hotkey, key is its ID

	evNoticeAction // a button of one of our notices, key is the action's (copynotice.go)
)

// event is something the loop reacts to besides time passing.
type event struct {
	kind   eventKind
	key    string              // the entry clicked, for evClick
	apply  func(now time.Time) // for evDone; nil when there is nothing to apply
	effect bool                // evDone of an effect (see loopState.effects)
	notice uint32              // the notice's ID, for evNoticeAction
}

// loopState is the loop's plumbing.
type loopState struct {
	events chan event
	// done closes when the loop has stopped: a worker that finishes later
	// gives its result up instead of waiting for a loop that is gone.
	done     chan struct{}
	doneOnce sync.Once
	// quit closes when the program is asked to end (quit.go).
	quit     chan struct{}
	quitOnce sync.Once
	// stopped closes once stop has run.
	stopped  chan struct{}
	stopOnce sync.Once

	effects int // effects queued and not yet applied
	// Queues of effects that run in order: notifications; reads and
	// writes of the tokens file (with the keyring writes of an import);
	// keyring reads tried again, which may wait for a locked keyring;
	// everything else (opening pages and files, reading the clipboard).
	notifier, writer, keyring, other *queue
}

// eventQueue is how many clicks and results wait for the loop; a click
// beyond it is dropped, as a repeated click would be (workers wait).
const eventQueue = 64

func (l *loopState) init() {
	if l.events != nil {
		return
	}
	l.events = make(chan event, eventQueue)
	l.done = make(chan struct{})
	l.quit = make(chan struct{})
	l.stopped = make(chan struct{})
	l.notifier, l.writer, l.keyring, l.other = newQueue(), newQueue(), newQueue(), newQueue()
}

func (l *loopState) closeDone() { l.doneOnce.Do(func() { close(l.done) }) }

// context is a context that ends when the loop stops (or cancel is
// called), for a worker whose work is useless once no loop takes it.
func (l *loopState) context() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	done := l.done
	go func() {
		select {
		case <-done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// send delivers an event from a D-Bus or hotkey callback without blocking
// it: if the queue is full the event is dropped. Any goroutine may call it.
func (a *app) send(ev event) {
	select {
	case a.loop.events <- ev:
	default:
	}
}

// deliver hands a worker's result to the loop, waiting while the queue is
// full, and gives up (false) once the loop has stopped.
func (l *loopState) deliver(ev event) bool {
	select {
	case l.events <- ev:
		return true
	case <-l.done:
		return false
	}
}

// task runs job on its own goroutine; the function it returns is applied
// on the loop.
func (a *app) task(job func() func(now time.Time)) {
	l := &a.loop
	go func() { l.deliver(event{kind: evDone, apply: job()}) }()
}

// effect runs job on q after the jobs queued before it; the function it
// returns (may be nil) is applied on the loop.
func (a *app) effect(q *queue, job func() func(now time.Time)) {
	l := &a.loop
	l.effects++
	q.push(func() { l.deliver(event{kind: evDone, apply: job(), effect: true}) })
}

// handleEvent reacts to one event at instant now.
func (a *app) handleEvent(ev event, now time.Time) {
	switch ev.kind {
	case evClick:
		if act := a.actions[ev.key]; act != nil {
			a.do(act, now)
		}
	case evTapped:
		if a.leftClickCopies() {
			a.copyDefault(now)
		}
	case evHotkey:
		a.forWindow(a.copyToken)
	case evTypeHotkey:
		a.forWindow(a.typeToken)
	case evTokenCopy:
		a.copyToken(ev.key, now)
	case evTokenType:
		a.typeToken(ev.key, now)
	case evNoticeAction:
		a.noticeAction(ev.notice, ev.key, now)
	case evReopened:
		a.notify(appName, a.loc.T("tray.toast.running"))
	case evDone:
		if ev.effect {
			a.loop.effects--
		}
		if ev.apply != nil {
			ev.apply(now)
		}
	}
}

// wakeSlack is added to each wait so that the wall clock has surely passed
// the instant of the change when the loop looks.
const wakeSlack = time.Millisecond

// Loop refreshes the menu whenever something visible changes and handles
// events, until the program is asked to quit; then it runs stop and
// returns. The first refresh must have happened (in the tray's ready
// callback).
func (a *app) Loop() {
	defer a.loop.closeDone()
	timer := time.NewTimer(time.Until(a.next(time.Now())) + wakeSlack)
	defer timer.Stop()
	for {
		select {
		case <-a.loop.quit:
		case <-timer.C:
		case ev := <-a.loop.events:
			a.handleEvent(ev, time.Now())
		}
		if a.quitRequested() {
			// Workers that finish from now on drop their results rather
			// than wait for a loop that no longer reads them.
			a.loop.closeDone()
			a.stop()
			return
		}
		now := time.Now()
		a.Refresh(now)
		// Sleeping at most MaxSleep and reading the wall clock each time
		// is what puts the right code back after a suspend or a clock jump.
		timer.Reset(a.next(now).Sub(time.Now()) + wakeSlack)
	}
}

// queue runs functions one after another on its own goroutine, started
// with the first. push never blocks: the loop must not wait for a slow
// notification server or a locked file.
type queue struct {
	mu      sync.Mutex
	jobs    []func()
	running bool
}

func newQueue() *queue { return &queue{} }

func (q *queue) push(job func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs = append(q.jobs, job)
	if !q.running {
		q.running = true
		go q.run()
	}
}

func (q *queue) run() {
	for {
		q.mu.Lock()
		if len(q.jobs) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		job := q.jobs[0]
		q.jobs[0] = nil
		q.jobs = q.jobs[1:]
		q.mu.Unlock()
		job()
	}
}

// wait waits until the queue is empty and idle, at most d; false if it is
// not by then.
func (q *queue) wait(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		q.mu.Lock()
		idle := !q.running && len(q.jobs) == 0
		q.mu.Unlock()
		if idle {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
