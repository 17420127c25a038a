package watch

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

// aegis is a plain Aegis vault of tokens named by issuer.
func aegis(t *testing.T, issuers ...string) []byte {
	t.Helper()
	var toks []token.Token
	for _, is := range issuers {
		tk := token.Token{Issuer: is, Account: "me", Secret: []byte(is + "-secret")}
		if err := tk.Validate(); err != nil {
			t.Fatal(err)
		}
		toks = append(toks, tk)
	}
	b, err := transfer.EncodeAegis(toks, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// replace writes data to path as sync clients do: a temp file renamed over it.
func replace(t *testing.T, path string, data []byte) {
	t.Helper()
	tmp := path + ".part"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func read(path string) (*transfer.Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return transfer.Decode(b, transfer.Options{})
}

// next waits for the watcher's next event; the limit is far above the
// watcher's own waits and only stops a broken test.
func next(t *testing.T, events <-chan Event) Event {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(20 * time.Second):
		t.Fatal("no event from the watcher")
		return Event{}
	}
}

func TestWatcher(t *testing.T) {
	path := filepath.Join(t.TempDir(), "backup.json")
	one, two := aegis(t, "GitHub"), aegis(t, "GitHub", "Google")
	replace(t, path, one)
	var reads, failures atomic.Int32
	var finish atomic.Pointer[[]byte] // written by the read after a failure, as a sync client finishing
	w := &Watcher{
		Path:    path,
		Settle:  50 * time.Millisecond,
		Retries: 3,
		Backoff: 20 * time.Millisecond,
		Read: func(path string) (*transfer.Result, error) {
			reads.Add(1)
			res, err := read(path)
			if err != nil {
				failures.Add(1)
				if b := finish.Swap(nil); b != nil {
					replace(t, path, *b)
				}
			}
			return res, err
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan Event, 10)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(ev Event) { events <- ev }) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	if ev := next(t, events); ev.Err != nil || len(ev.Result.Tokens) != 1 {
		t.Fatalf("first read: %+v", ev)
	}

	// A half-written file, finished while the watcher waits to retry:
	// no error is reported, the whole file is.
	finish.Store(&two)
	if err := os.WriteFile(path, two[:len(two)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	ev := next(t, events)
	if ev.Err != nil || len(ev.Result.Tokens) != 2 {
		t.Fatalf("after the half file: %+v", ev)
	}
	if failures.Load() == 0 {
		t.Fatal("the half file was never read: the test proves nothing")
	}

	// A file that stays broken is reported once, after the retries.
	failures.Store(0)
	if err := os.WriteFile(path, []byte(`{"version": 1, "header":`), 0o600); err != nil {
		t.Fatal(err)
	}
	ev = next(t, events)
	if ev.Err == nil {
		t.Fatalf("a broken file: %+v", ev)
	}
	if n := failures.Load(); n != int32(w.Retries+1) {
		t.Fatalf("reported after %d reads, want %d", n, w.Retries+1)
	}
	select {
	case ev := <-events:
		t.Fatalf("reported again without a change: %+v", ev)
	case <-time.After(300 * time.Millisecond):
	}

	// A file replaced by a rename (as sync clients do) is seen.
	replace(t, path, one)
	if ev := next(t, events); ev.Err != nil || len(ev.Result.Tokens) != 1 {
		t.Fatalf("after a rename: %+v", ev)
	}
}
