package transfer

import (
	"bytes"
	"context"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/scrypt"

	"github.com/otptray/otptray/internal/msg"
)

// aegisWithSlots is the encrypted Aegis fixture with its password slot
// copied count times, each with scrypt parameters n, r, p.
func aegisWithSlots(t *testing.T, count, n, r, p int) []byte {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal(readFixture(t, "aegis-encrypted.json"), &f); err != nil {
		t.Fatal(err)
	}
	header := f["header"].(map[string]any)
	var pwSlot map[string]any
	for _, s := range header["slots"].([]any) {
		if s := s.(map[string]any); s["type"].(float64) == aegisSlotPassword {
			pwSlot = s
		}
	}
	slots := []any{}
	for i := range count {
		s := map[string]any{}
		for k, v := range pwSlot {
			s[k] = v
		}
		s["uuid"] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		s["n"], s["r"], s["p"] = n, r, p
		slots = append(slots, s)
	}
	header["slots"] = slots
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// andOTPWithIterations is an encrypted andOTP backup asking for it
// PBKDF2 iterations (its body is not a real ciphertext: it must be refused
// before it is opened).
func andOTPWithIterations(it uint32) []byte {
	b := make([]byte, andOTPHeader+64)
	binary.BigEndian.PutUint32(b, it)
	for i := 4; i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	return b
}

// kdbxWithParams is a KDBX 4 fixture with the UInt64 values of its KDF
// parameters (a variant dictionary: type 0x05, key length, key, value
// length 8, value) set to params.
func kdbxWithParams(t *testing.T, name string, params map[string]uint64) []byte {
	t.Helper()
	data := readFixture(t, name)
	for k, v := range params {
		entry := append([]byte{0x05, byte(len(k)), 0, 0, 0}, k...)
		entry = append(entry, 8, 0, 0, 0)
		i := bytes.Index(data, entry)
		if i < 0 {
			t.Fatalf("%s: no KDF parameter %s", name, k)
		}
		binary.LittleEndian.PutUint64(data[i+len(entry):], v)
	}
	return data
}

// refusedBeforeWork decodes data with decode and checks the refusal: a
// *WorkError, shown as the catalogue message id, with no key derived and
// no password asked.
func refusedBeforeWork(t *testing.T, id string, decode func(pw func() ([]byte, error), w *work) (*Result, error)) *WorkError {
	t.Helper()
	asked := 0
	pw := func() ([]byte, error) { asked++; return []byte(fixturePassword), nil }
	w := newWork(context.Background())
	res, err := decode(pw, w)
	var we *WorkError
	if !errors.As(err, &we) {
		t.Fatalf("got %v, %v; want a *WorkError", res, err)
	}
	var m *msg.Error
	if !errors.As(err, &m) || m.ID != id || !m.Plain {
		t.Errorf("message %+v, want the plain %s", m, id)
	}
	if w.derived != 0 {
		t.Errorf("%d key derivations ran before the refusal", w.derived)
	}
	if asked != 0 {
		t.Errorf("the password was asked for %d times before the refusal", asked)
	}
	return we
}

func TestWorkBudgetRefusesCostlyFiles(t *testing.T) {
	t.Run("aegis, slots at scrypt's bounds", func(t *testing.T) {
		// 8 slots of 256 MiB, p = 16: each about half a minute.
		data := aegisWithSlots(t, 8, 1<<18, 8, 16)
		we := refusedBeforeWork(t, "hostile13.work.slots", func(pw func() ([]byte, error), w *work) (*Result, error) { return decodeAegis(data, pw, w) })
		if we.Slots != 8 || we.MaxSlots != MaxPasswordSlots {
			t.Errorf("slots %d of %d, want 8 of %d", we.Slots, we.MaxSlots, MaxPasswordSlots)
		}
	})
	t.Run("aegis, one slot too costly", func(t *testing.T) {
		data := aegisWithSlots(t, 1, 1<<18, 8, 16)
		we := refusedBeforeWork(t, "hostile13.work.cost", func(pw func() ([]byte, error), w *work) (*Result, error) { return decodeAegis(data, pw, w) })
		if we.KDF != "scrypt" || we.Limit != WorkLimit || we.Asked <= WorkLimit {
			t.Errorf("%+v", we)
		}
	})
	t.Run("aegis, slots that fit one by one but not together", func(t *testing.T) {
		one := scryptCost(1<<16, 8, 3).est
		if one > WorkLimit || MaxPasswordSlots*one <= WorkLimit {
			t.Fatalf("pick other parameters: one slot %v, limit %v", one, WorkLimit)
		}
		data := aegisWithSlots(t, MaxPasswordSlots, 1<<16, 8, 3)
		we := refusedBeforeWork(t, "hostile13.work.cost", func(pw func() ([]byte, error), w *work) (*Result, error) { return decodeAegis(data, pw, w) })
		if we.Asked != MaxPasswordSlots*one {
			t.Errorf("asked %v, want %v", we.Asked, MaxPasswordSlots*one)
		}
	})
	t.Run("andotp, millions of rounds", func(t *testing.T) {
		data := andOTPWithIterations(andOTPMaxIterations)
		if Detect(data) != FormatAndOTP {
			t.Fatal("not detected as andOTP")
		}
		we := refusedBeforeWork(t, "hostile13.work.cost", func(pw func() ([]byte, error), w *work) (*Result, error) {
			return decodeAndOTPEncrypted(data, pw, w)
		})
		if we.KDF != "pbkdf2-sha1" {
			t.Errorf("KDF %q", we.KDF)
		}
	})
	t.Run("freeotp, millions of rounds", func(t *testing.T) {
		data := []byte(strings.Replace(string(readFixture(t, "freeotp-backup.xml")), "mIterations&quot;:100000", fmt.Sprintf("mIterations&quot;:%d", freeOTPMaxIterations), 1))
		if !strings.Contains(string(data), fmt.Sprint(freeOTPMaxIterations)) {
			t.Fatal("the fixture's iterations are written otherwise")
		}
		refusedBeforeWork(t, "hostile13.work.cost", func(pw func() ([]byte, error), w *work) (*Result, error) { return decodeFreeOTP(data, pw, w) })
	})
	// The KDBX fixtures with their KDF parameters rewritten in the header
	// (whose HMAC, checked after the derivation, then fails).
	t.Run("kdbx, AES-KDF at its bound", func(t *testing.T) {
		data := kdbxWithParams(t, "kdbx4-aeskdf.kdbx", map[string]uint64{"R": kdbxMaxAESRounds})
		refusedBeforeWork(t, "hostile13.work.cost", func(pw func() ([]byte, error), w *work) (*Result, error) { return decodeKDBX(data, pw, w) })
	})
	t.Run("kdbx, Argon2 at its bound", func(t *testing.T) {
		data := kdbxWithParams(t, "kdbx4-argon2id.kdbx", map[string]uint64{"I": kdbxMaxArgonWork / kdbxMaxArgonMemMiB, "M": kdbxMaxArgonMemMiB << 20})
		refusedBeforeWork(t, "hostile13.work.cost", func(pw func() ([]byte, error), w *work) (*Result, error) { return decodeKDBX(data, pw, w) })
	})
	t.Run("through Decode", func(t *testing.T) {
		_, err := Decode(aegisWithSlots(t, 2, 1<<18, 8, 16), Options{Password: func() ([]byte, error) {
			t.Error("password asked")
			return nil, errors.New("no")
		}})
		if we := (*WorkError)(nil); !errors.As(err, &we) {
			t.Errorf("Decode: %v, want a *WorkError", err)
		}
	})
}

// The files the apps write fit in the budget, each with one derivation.
func TestWorkBudgetKeepsNormalFiles(t *testing.T) {
	for _, tt := range []struct {
		name   string
		decode func(data []byte, pw func() ([]byte, error), w *work) (*Result, error)
	}{
		{"aegis-encrypted.json", decodeAegis},
		{"2fas-encrypted.2fas", decodeTwoFAS},
		{"andotp-encrypted.json.aes", decodeAndOTPEncrypted},
		{"kdbx4-argon2d.kdbx", decodeKDBX},
		{"kdbx3.kdbx", decodeKDBX},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWork(context.Background())
			res, err := tt.decode(readFixture(t, tt.name), func() ([]byte, error) { return []byte(fixturePassword), nil }, w)
			if err != nil || len(res.Tokens) == 0 {
				t.Fatalf("%v, %v", res, err)
			}
			if w.derived != 1 || w.spent <= 0 || w.spent > WorkLimit {
				t.Errorf("%d derivations, %v spent", w.derived, w.spent)
			}
		})
	}
	// The defaults of the apps, as estimated: well inside the budget.
	for name, c := range map[string]kdfCost{
		"aegis":             scryptCost(aegisScryptN, aegisScryptR, aegisScryptP),
		"andotp":            pbkdf2Cost("sha1", 160_000),
		"bitwarden pbkdf2":  pbkdf2Cost("sha256", 600_000),
		"bitwarden argon2":  argon2Cost(64*1024, 3, 4),
		"keepassxc argon2d": argon2Cost(64*1024, 10, 2),
		"authpro":           argon2Cost(authProArgonMemory, authProArgonTime, authProArgonThreads),
	} {
		if c.est > WorkLimit/2 {
			t.Errorf("%s: %v, too close to the limit %v", name, c.est, WorkLimit)
		}
	}
}

func TestDecodeContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := newWork(ctx)
	_, err := decodeAegis(readFixture(t, "aegis-encrypted.json"), func() ([]byte, error) { return []byte(fixturePassword), nil }, w)
	var m *msg.Error
	if !errors.As(err, &m) || m.ID != "hostile13.work.cancelled" || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancelled message", err)
	}
	if w.derived != 0 {
		t.Errorf("%d derivations ran", w.derived)
	}
	// AES-KDF stops within its rounds.
	k := &kdbxKDF{uuid: kdfAES, salt: make([]byte, 32), rounds: kdbxMaxAESRounds}
	if _, err := k.derive(make([]byte, 32), w); !errors.Is(err, context.Canceled) {
		t.Errorf("AES-KDF: %v", err)
	}
}

func TestWorkCostSaturates(t *testing.T) {
	w := newWork(context.Background())
	huge := argon2Cost(1<<62, 1<<62, 1)
	err := w.check(huge, huge)
	var we *WorkError
	if !errors.As(err, &we) || we.Asked <= WorkLimit {
		t.Fatalf("%v", err)
	}
	if s := seconds(we.Asked); s <= 0 {
		t.Errorf("seconds %d", s)
	}
}

// BenchmarkKDFUnit measures one unit of each KDF's work (ns/unit), the
// figures the estimates of work.go are about twice of.
func BenchmarkKDFUnit(b *testing.B) {
	pw, salt := []byte("password"), []byte("saltsaltsaltsalt")
	for _, bm := range []struct {
		name  string
		units float64
		run   func()
	}{
		{"scrypt", 32768 * 8, func() { _, _ = scrypt.Key(pw, salt, 32768, 8, 1, 32) }},
		{"pbkdf2-sha1", 100_000, func() { _, _ = pbkdf2.Key(sha1.New, string(pw), salt, 100_000, 32) }},
		{"pbkdf2-sha256", 100_000, func() { _, _ = pbkdf2.Key(sha256.New, string(pw), salt, 100_000, 32) }},
		{"pbkdf2-sha512", 100_000, func() { _, _ = pbkdf2.Key(sha512.New, string(pw), salt, 100_000, 32) }},
		{"argon2", 64 * 1024, func() { argon2.IDKey(pw, salt, 1, 64*1024, 1, 32) }},
		{"aes-kdf", 1 << 20, func() {
			k := &kdbxKDF{uuid: kdfAES, salt: make([]byte, 32), rounds: 1 << 20}
			_, _ = k.derive(make([]byte, 32), newWork(context.Background()))
		}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				bm.run()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/bm.units, "ns/unit")
		})
	}
}
