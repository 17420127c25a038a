package typing

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/typing/template"
)

// fakeDesktop is the window in front: win until switchAt (when not zero),
// another window from then on.
type fakeDesktop struct {
	clock    *fakeClock
	switchAt time.Time
	err      error
	looks    int
}

func (d *fakeDesktop) current() (foreground.Window, error) {
	d.looks++
	if d.err != nil {
		return foreground.Window{}, d.err
	}
	if !d.switchAt.IsZero() && !d.clock.t.Before(d.switchAt) {
		return foreground.Window{Title: "Other", ID: 2}, nil
	}
	return foreground.Window{Title: "Bank", ID: 1}, nil
}

// vipPlan is the registration form {id}{tab}{code}{tab}{wait}{code} of a
// 30 s token at start (5 s into its period), expanded as the tray does.
func vipPlan(t *testing.T) ([]template.Action, time.Time) {
	t.Helper()
	steps, err := template.Parse("{id}{tab}{code}{tab}{wait}{code}")
	if err != nil {
		t.Fatal(err)
	}
	codeAt := func(at time.Time) (string, time.Time) {
		n := at.Unix() / 30
		return map[int64]string{n: "code" + time.Unix(n*30, 0).UTC().Format("0405")}[n], time.Unix((n+1)*30, 0)
	}
	plan, err := template.Expand(steps, codeAt, "VSST12345678", start, template.DefaultMinLeft)
	if err != nil {
		t.Fatal(err)
	}
	_, boundary := codeAt(start)
	return plan, boundary
}

type runFixture struct {
	kb      *Keyboard
	f       *fakeKeyboard
	c       *fakeClock
	desk    *fakeDesktop
	waiting []time.Time
}

func newRun() *runFixture {
	kb, f, c := newFake(0, 0)
	return &runFixture{kb: kb, f: f, c: c, desk: &fakeDesktop{clock: c}}
}

func (r *runFixture) run(ctx context.Context, plan []template.Action) (int, error) {
	return r.kb.Run(ctx, plan, RunOptions{
		Waiting:    func(until time.Time) { r.waiting = append(r.waiting, until) },
		Now:        r.c.now,
		Sleep:      func(_ context.Context, d time.Duration) { r.c.sleep(d) },
		Foreground: r.desk.current,
	})
}

func TestRunVIPFormWaitsExactlyForTheBoundary(t *testing.T) {
	plan, boundary := vipPlan(t)
	r := newRun()
	done, err := r.run(context.Background(), plan)
	if err != nil || done != len(plan) {
		t.Fatalf("Run = %d, %v; want %d, nil", done, err, len(plan))
	}
	want := []string{"VSST12345678", "{tab}", "code0400", "{tab}", "code0430"}
	if !reflect.DeepEqual(r.f.typed, want) {
		t.Errorf("typed %q, want %q", r.f.typed, want)
	}
	if got := r.f.typedAt[4]; !got.Equal(boundary) {
		t.Errorf("second code typed at %v, want exactly the boundary %v", got, boundary)
	}
	for i := range 4 {
		if !r.f.typedAt[i].Equal(start) {
			t.Errorf("action %d typed at %v, want at once (%v)", i, r.f.typedAt[i], start)
		}
	}
	if !reflect.DeepEqual(r.waiting, []time.Time{boundary}) {
		t.Errorf("Waiting called with %v, want [%v]", r.waiting, boundary)
	}
	if r.desk.looks < 2 || r.f.keyLooks < 2 {
		t.Errorf("the wait looked %d times at the window, %d at the keys; want it to poll", r.desk.looks, r.f.keyLooks)
	}
}

// cancelled checks that err is Run's cancellation with catalogue ID id.
func cancelled(t *testing.T, err error, id string) {
	t.Helper()
	var m *msg.Error
	if !errors.Is(err, ErrCancelled) || !errors.As(err, &m) || m.ID != id {
		t.Fatalf("err = %v, want %s wrapping ErrCancelled", err, id)
	}
}

func TestRunCancelledDuringTheWait(t *testing.T) {
	wantTyped := []string{"VSST12345678", "{tab}", "code0400", "{tab}"}
	tests := []struct {
		name  string
		setup func(r *runFixture, ctx context.CancelFunc)
		id    string
	}{
		{"focus change", func(r *runFixture, _ context.CancelFunc) { r.desk.switchAt = start.Add(10 * time.Second) }, "typing.run.focus"},
		{"key press", func(r *runFixture, _ context.CancelFunc) { r.f.keyDownAt = start.Add(12 * time.Second) }, "typing.run.key"},
		{"context cancelled", nil, "typing.run.stopped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, _ := vipPlan(t)
			r := newRun()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.setup != nil {
				tt.setup(r, cancel)
			} else {
				at := start.Add(7 * time.Second)
				sleep := r.c.sleep
				done, err := r.kb.Run(ctx, plan, RunOptions{
					Now:        r.c.now,
					Foreground: r.desk.current,
					Sleep: func(_ context.Context, d time.Duration) {
						sleep(d)
						if !r.c.t.Before(at) {
							cancel()
						}
					},
				})
				checkCancelled(t, r, done, err, tt.id, wantTyped)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want it to wrap context.Canceled", err)
				}
				return
			}
			done, err := r.run(ctx, plan)
			checkCancelled(t, r, done, err, tt.id, wantTyped)
		})
	}
}

func checkCancelled(t *testing.T, r *runFixture, done int, err error, id string, wantTyped []string) {
	t.Helper()
	cancelled(t, err, id)
	if done != len(wantTyped) {
		t.Errorf("done = %d, want %d (the actions before the wait)", done, len(wantTyped))
	}
	if !reflect.DeepEqual(r.f.typed, wantTyped) {
		t.Errorf("typed %q, want %q and nothing after the cancel", r.f.typed, wantTyped)
	}
}

func TestRunFocusLostWhenTheWindowCannotBeSeen(t *testing.T) {
	plan, _ := vipPlan(t)
	r := newRun()
	looks := 0
	done, err := r.kb.Run(context.Background(), plan, RunOptions{
		Now:   r.c.now,
		Sleep: func(_ context.Context, d time.Duration) { r.c.sleep(d) },
		Foreground: func() (foreground.Window, error) {
			looks++
			if looks > 3 {
				return foreground.Window{}, errors.New("no active window")
			}
			return foreground.Window{ID: 1}, nil
		},
	})
	cancelled(t, err, "typing.run.focus")
	if done != 4 || len(r.f.typed) != 4 {
		t.Errorf("done = %d, typed %q; want the 4 actions before the wait", done, r.f.typed)
	}
}

func TestRunWithoutWaitsNeverPolls(t *testing.T) {
	steps, err := template.Parse("{code}{enter}")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := template.Expand(steps, func(time.Time) (string, time.Time) { return "123456", start.Add(20 * time.Second) }, "", start, template.DefaultMinLeft)
	if err != nil {
		t.Fatal(err)
	}
	r := newRun()
	r.desk.err = errors.New("no desktop to ask")
	done, err := r.run(context.Background(), plan)
	if err != nil || done != 2 {
		t.Fatalf("Run = %d, %v; want 2, nil", done, err)
	}
	// The keys are looked at once before each action, to wait out held keys.
	if r.desk.looks != 0 || r.f.keyLooks != 2 || r.c.sleeps != 0 || len(r.waiting) != 0 {
		t.Errorf("looked %d times at the window, %d at the keys, slept %d times, Waiting %v; want none, 2, none, none",
			r.desk.looks, r.f.keyLooks, r.c.sleeps, r.waiting)
	}
	if !reflect.DeepEqual(r.f.typed, []string{"123456", "{enter}"}) {
		t.Errorf("typed %q", r.f.typed)
	}
}

func TestRunRefusesWhenTheWindowCannotBeSeenAtTheStart(t *testing.T) {
	plan, _ := vipPlan(t)
	r := newRun()
	r.desk.err = errors.New("no desktop to ask")
	done, err := r.run(context.Background(), plan)
	var m *msg.Error
	if !errors.As(err, &m) || m.ID != "typing.run.window" || done != 0 || len(r.f.typed) != 0 {
		t.Fatalf("Run = %d, %v, typed %q; want typing.run.window and nothing typed", done, err, r.f.typed)
	}
}

func TestRunWaitsWithoutKeysWhereTheyCannotBeRead(t *testing.T) {
	plan, boundary := vipPlan(t)
	r := newRun()
	r.f.keysErr = errNoKeyState
	done, err := r.run(context.Background(), plan)
	if err != nil || done != len(plan) || !r.f.typedAt[4].Equal(boundary) {
		t.Fatalf("Run = %d, %v; want the whole plan, the last at %v", done, err, boundary)
	}
	if r.f.keyLooks != 1 {
		t.Errorf("looked %d times at the keys, want once (then no more)", r.f.keyLooks)
	}
}

func TestRunKeyReadError(t *testing.T) {
	plan, _ := vipPlan(t)
	r := newRun()
	r.f.keysErr = errors.New("connection lost")
	done, err := r.run(context.Background(), plan)
	var m *msg.Error
	if !errors.As(err, &m) || m.ID != "typing.modifiers.read" || errors.Is(err, ErrCancelled) || done != 0 {
		t.Fatalf("Run = %d, %v; want typing.modifiers.read, not a cancellation", done, err)
	}
}

// TestRunAPlanThatBeginsWithAWait: the hotkey's keys, still down when a
// plan begins with a wait (a code about to expire), are waited out and do
// not count as a key pressed during the wait.
func TestRunAPlanThatBeginsWithAWait(t *testing.T) {
	boundary := start.Add(2 * time.Second)
	plan := []template.Action{{Kind: template.WaitUntil, Until: boundary}, {Kind: template.TypeText, Text: "654321"}}
	r := newRun()
	r.f.keyDownAt, r.f.keyUpAt = start, start.Add(80*time.Millisecond)
	done, err := r.run(context.Background(), plan)
	if err != nil || done != 2 {
		t.Fatalf("Run = %d, %v; want the whole plan", done, err)
	}
	if len(r.f.typedAt) != 1 || r.f.typedAt[0].Before(boundary) {
		t.Errorf("typed at %v, want at %v", r.f.typedAt, boundary)
	}

	// A key pressed after they were let go still cancels it.
	r = newRun()
	r.f.keyDownAt = start.Add(time.Second)
	if _, err := r.run(context.Background(), plan); !errors.Is(err, ErrCancelled) || len(r.f.typed) != 0 {
		t.Errorf("a key pressed during the wait: %v, typed %q; want cancelled, nothing typed", err, r.f.typed)
	}
}
