package main

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/otptray/otptray/token"
)

// mainStart is when the main package was initialised: after the Go runtime
// and every imported package's init, just before main. What comes before it
// (exec, dynamic loading, runtime start) is "process start", measured from
// outside by comparing with a trivial program (see scripts/bench-cli).
var mainStart = time.Now()

// tracer prints how long each phase of a run took, on stderr, when
// OTPTRAY_TRACE=1. It prints names and durations only, never a value. A nil
// *tracer does nothing, so call sites need no checks.
type tracer struct {
	w      io.Writer
	phases []phaseTime
	gets   atomic.Int64 // keyring reads
	sets   atomic.Int64
	dels   atomic.Int64
}

type phaseTime struct {
	name string
	d    time.Duration
}

func newTracer(on bool, w io.Writer) *tracer {
	if !on {
		return nil
	}
	return &tracer{w: w}
}

// phase starts timing the named phase; call the result to end it.
func (t *tracer) phase(name string) func() {
	if t == nil {
		return func() {}
	}
	start := time.Now()
	return func() { t.phases = append(t.phases, phaseTime{name, time.Since(start)}) }
}

// done prints the phases and the keyring calls.
func (t *tracer) done() {
	if t == nil {
		return
	}
	var sum time.Duration
	for _, p := range t.phases {
		fmt.Fprintf(t.w, "trace: %s: %s\n", p.name, ms(p.d))
		sum += p.d
	}
	total := time.Since(mainStart)
	fmt.Fprintf(t.w, "trace: other: %s\n", ms(total-sum))
	fmt.Fprintf(t.w, "trace: main total: %s\n", ms(total))
	fmt.Fprintf(t.w, "trace: keyring calls: get %d set %d delete %d\n", t.gets.Load(), t.sets.Load(), t.dels.Load())
}

// ms formats d in milliseconds with microsecond precision, easy to parse.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
}

// keyring wraps kr to time and count its calls when tracing.
func (t *tracer) keyring(kr token.Keyring) token.Keyring {
	if t == nil {
		return kr
	}
	return tracedKeyring{kr, t}
}

type tracedKeyring struct {
	kr token.Keyring
	t  *tracer
}

func (k tracedKeyring) Get(id string) ([]byte, error) {
	k.t.gets.Add(1)
	defer k.t.phase("keyring fetch")()
	return k.kr.Get(id)
}

func (k tracedKeyring) Set(id string, secret []byte) error {
	k.t.sets.Add(1)
	defer k.t.phase("keyring store")()
	return k.kr.Set(id, secret)
}

func (k tracedKeyring) Delete(id string) error {
	k.t.dels.Add(1)
	defer k.t.phase("keyring delete")()
	return k.kr.Delete(id)
}
