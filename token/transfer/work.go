package transfer

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// The key-derivation work of one import is bounded. Each format accepts KDF
// parameters up to generous bounds of its own, but a file may ask for many
// derivations (an Aegis vault lists any number of password slots), so a
// crafted file could keep an import busy for hours. Before each
// derivation its cost is estimated from its parameters; an import whose
// derivations together would exceed WorkLimit is refused with a
// *WorkError before the costly one runs, and a file that lists more than
// MaxPasswordSlots password slots has only that many tried.

// WorkLimit is the most key-derivation work one import may do, as the time
// a slow computer would take for it. The files the apps write take a small
// part of it: an Aegis slot about 0.2 s, andOTP or Bitwarden at their
// defaults well under a second.
const WorkLimit = 3 * time.Second

// MaxPasswordSlots is how many password slots (Aegis) or keys (the
// Authenticator extension) of one file are tried; the apps write one.
const MaxPasswordSlots = 4

// Estimated time of one unit of work of each KDF on a slow computer: about
// twice what BenchmarkKDFUnit measures on a 2-core server, so that the
// estimates err towards refusing.
const (
	scryptUnit     = 700 * time.Nanosecond  // one of N·r·p (scrypt's ROMix on 128·r bytes, p times)
	pbkdf2SHA1Unit = 750 * time.Nanosecond  // one PBKDF2 iteration with HMAC-SHA-1
	pbkdf2SHA2Unit = 750 * time.Nanosecond  // with HMAC-SHA-256 (as slow as SHA-1 without SHA extensions)
	pbkdf2SHA5Unit = 1050 * time.Nanosecond // with HMAC-SHA-512
	argon2Unit     = 2500 * time.Nanosecond // one KiB of memory filled once, one lane
	aesKDFUnit     = 40 * time.Nanosecond   // one AES-KDF round (two AES blocks)
)

// kdfCost is one key derivation: which KDF and its estimated time.
type kdfCost struct {
	kdf string
	est time.Duration
}

// units is n units of unit, saturating instead of overflowing.
func units(n float64, unit time.Duration) time.Duration {
	d := n * float64(unit)
	if d >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(d)
}

func scryptCost(n, r, p int) kdfCost {
	return kdfCost{"scrypt", units(float64(n)*float64(r)*float64(p), scryptUnit)}
}

// pbkdf2Cost is PBKDF2 with the HMAC of hash ("sha1", "sha256", "sha512").
func pbkdf2Cost(hash string, iterations int) kdfCost {
	unit := pbkdf2SHA1Unit
	switch hash {
	case "sha256":
		unit = pbkdf2SHA2Unit
	case "sha512":
		unit = pbkdf2SHA5Unit
	}
	return kdfCost{"pbkdf2-" + hash, units(float64(max(iterations, 0)), unit)}
}

// argon2Cost is Argon2 over memKiB KiB, passes times, in lanes lanes: the
// lanes run at once, on the two cores a slow computer has at least.
func argon2Cost(memKiB, passes uint64, lanes int) kdfCost {
	return kdfCost{"argon2", units(float64(memKiB)*float64(passes)/float64(min(max(lanes, 1), 2)), argon2Unit)}
}

func aesKDFCost(rounds uint64) kdfCost {
	return kdfCost{"aes-kdf", units(float64(rounds), aesKDFUnit)}
}

// WorkError is a file refused because opening it would take more
// key-derivation work than one import may do: a damaged or crafted file,
// or one made with settings far beyond what the apps use.
type WorkError struct {
	KDF   string        // the costliest derivation asked for (scrypt, pbkdf2-sha1, argon2, aes-kdf)
	Asked time.Duration // the estimated time of the work, on a slow computer
	Limit time.Duration // WorkLimit
	// Slots is how many password slots the file lists, when more than
	// MaxPasswordSlots of them would have to be tried.
	Slots, MaxSlots int
}

func (e *WorkError) Error() string {
	if e.Slots > 0 {
		return fmt.Sprintf("key derivation: %d password slots, at most %d are tried", e.Slots, e.MaxSlots)
	}
	return fmt.Sprintf("key derivation: %s would take about %v, more than the %v one import may take", e.KDF, e.Asked.Round(time.Second/10), e.Limit)
}

// Unwrap is the catalogue message that tells the user.
func (e *WorkError) Unwrap() error {
	if e.Slots > 0 {
		return msg.NewPlain("hostile13.work.slots", nil, "Slots", e.Slots, "Max", e.MaxSlots)
	}
	return msg.NewPlain("hostile13.work.cost", nil, "Seconds", seconds(e.Asked), "Limit", seconds(e.Limit))
}

// seconds is d in whole seconds for a message, at least 1, with a huge
// estimate shown as a huge number rather than wrapped round.
func seconds(d time.Duration) int64 { return max(int64(math.Ceil(d.Seconds())), 1) }

// work is the key derivation done so far in one decode.
type work struct {
	ctx   context.Context
	spent time.Duration
	// derived counts the derivations run, for tests that check a file is
	// refused before any runs.
	derived int
}

func newWork(ctx context.Context) *work {
	if ctx == nil {
		ctx = context.Background()
	}
	return &work{ctx: ctx}
}

// check says whether the derivations costs would fit in what is left of
// the budget, without running or counting them. A cancelled decode stops
// here too.
func (w *work) check(costs ...kdfCost) error {
	if err := w.ctx.Err(); err != nil {
		return msg.New("hostile13.work.cancelled", err)
	}
	total := w.spent
	worst := kdfCost{}
	for _, c := range costs {
		if c.est > math.MaxInt64-total {
			total = math.MaxInt64
		} else {
			total += c.est
		}
		if c.est > worst.est {
			worst = c
		}
	}
	if total > WorkLimit {
		return &WorkError{KDF: worst.kdf, Asked: total, Limit: WorkLimit}
	}
	return nil
}

// checkSlots refuses a file that lists more password slots than are tried.
func (w *work) checkSlots(n int) error {
	if n > MaxPasswordSlots {
		return &WorkError{Slots: n, MaxSlots: MaxPasswordSlots}
	}
	return nil
}

// derive runs one derivation of cost c when it fits in the budget.
func derive[T any](w *work, c kdfCost, f func() (T, error)) (T, error) {
	if err := w.check(c); err != nil {
		var zero T
		return zero, err
	}
	w.spent += c.est
	w.derived++
	return f()
}

// cancelled is the error of a decode whose context ended mid-derivation
// (AES-KDF's rounds, which are ours to interrupt), or nil.
func (w *work) cancelled() error {
	if err := w.ctx.Err(); err != nil {
		return msg.New("hostile13.work.cancelled", err)
	}
	return nil
}
