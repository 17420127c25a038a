package token

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// Seeds of RFC 4226 Appendix D and RFC 6238 Appendix B (the ASCII digits
// "1234567890" repeated to the hash's block-friendly key length).
var (
	rfcSeed20 = []byte("12345678901234567890")
	rfcSeed32 = []byte("12345678901234567890123456789012")
	rfcSeed64 = []byte("1234567890123456789012345678901234567890123456789012345678901234")
)

// rfc4226Truncated is the "Decimal" column of RFC 4226 Appendix D: the 31-bit
// value of the dynamic truncation for counters 0..9 with rfcSeed20. The
// 6-digit codes are these modulo 10^6; other tests derive 8-digit and Steam
// codes from them by hand.
var rfc4226Truncated = []uint32{
	1284755224, 1094287082, 137359152, 1726969429, 1640338314,
	868254676, 1918287922, 82162583, 673399871, 645520489,
}

func mustWindow(t *testing.T, tok Token, now time.Time, offset time.Duration) Window {
	t.Helper()
	w, err := tok.WindowAt(now, offset)
	if err != nil {
		t.Fatalf("WindowAt(%v, %v): %v", now, offset, err)
	}
	return w
}

func TestRFC4226HOTP(t *testing.T) {
	// RFC 4226 Appendix D, HOTP column.
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for c, code := range want {
		tok := Token{Kind: HOTP, Secret: rfcSeed20, Counter: uint64(c)}
		w := mustWindow(t, tok, time.Unix(0, 0), 0)
		if w.Code != code {
			t.Errorf("counter %d: code %s, want %s", c, w.Code, code)
		}
		if c+1 < len(want) && w.Next != want[c+1] {
			t.Errorf("counter %d: next %s, want %s", c, w.Next, want[c+1])
		}
	}
}

func TestRFC6238TOTP(t *testing.T) {
	// RFC 6238 Appendix B: every listed time, 8 digits, 30 s period.
	tests := []struct {
		unix int64
		alg  Algorithm
		code string
	}{
		{59, SHA1, "94287082"},
		{59, SHA256, "46119246"},
		{59, SHA512, "90693936"},
		{1111111109, SHA1, "07081804"},
		{1111111109, SHA256, "68084774"},
		{1111111109, SHA512, "25091201"},
		{1111111111, SHA1, "14050471"},
		{1111111111, SHA256, "67062674"},
		{1111111111, SHA512, "99943326"},
		{1234567890, SHA1, "89005924"},
		{1234567890, SHA256, "91819424"},
		{1234567890, SHA512, "93441116"},
		{2000000000, SHA1, "69279037"},
		{2000000000, SHA256, "90698825"},
		{2000000000, SHA512, "38618901"},
		{20000000000, SHA1, "65353130"},
		{20000000000, SHA256, "77737706"},
		{20000000000, SHA512, "47863826"},
	}
	seeds := map[Algorithm][]byte{SHA1: rfcSeed20, SHA256: rfcSeed32, SHA512: rfcSeed64}
	for _, tt := range tests {
		tok := Token{Kind: TOTP, Algorithm: tt.alg, Digits: 8, Period: 30, Secret: seeds[tt.alg]}
		w := mustWindow(t, tok, time.Unix(tt.unix, 0), 0)
		if w.Code != tt.code {
			t.Errorf("%s at %d: %s, want %s", tt.alg, tt.unix, w.Code, tt.code)
		}
		start := tt.unix - tt.unix%30
		if !w.From.Equal(time.Unix(start, 0)) || !w.Until.Equal(time.Unix(start+30, 0)) {
			t.Errorf("%s at %d: window %v..%v, want %d..%d", tt.alg, tt.unix, w.From.Unix(), w.Until.Unix(), start, start+30)
		}
	}
}

// VIP_PROTOCOL section 4, vectors C, D and F: codes of secrets that real VIP
// Access credentials were provisioned with.
func TestVIPVectors(t *testing.T) {
	t.Run("C TOTP", func(t *testing.T) {
		secret, err := ParseSecret("LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ")
		if err != nil {
			t.Fatal(err)
		}
		if h := hex.EncodeToString(secret); h != "5a716544d977675d22121f37c7763622f0135c69" {
			t.Fatal("vector C: base32 and hex forms of the secret disagree")
		}
		tok := Token{Kind: TOTP, Secret: secret, VIP: &VIP{CredentialID: "SYMC26070843"}}
		for _, tt := range []struct {
			unix int64
			code string
		}{{59, "486242"}, {1234567890, "993465"}, {2000000000, "594064"}} {
			if got := mustWindow(t, tok, time.Unix(tt.unix, 0), 0).Code; got != tt.code {
				t.Errorf("t=%d: %s, want %s", tt.unix, got, tt.code)
			}
		}
	})
	t.Run("D HOTP", func(t *testing.T) {
		secret, err := ParseSecret("TIJ42MRBVW6ZOUX4IVC3NETFWQKLB7TN")
		if err != nil {
			t.Fatal(err)
		}
		if h := hex.EncodeToString(secret); h != "9a13cd3221adbd9752fc4545b69265b414b0fe6d" {
			t.Fatal("vector D: base32 and hex forms of the secret disagree")
		}
		for c, code := range []string{"548860", "066060", "130148", "885959"} {
			tok := Token{Kind: HOTP, Secret: secret, Counter: uint64(c)}
			if got := mustWindow(t, tok, time.Time{}, 0).Code; got != code {
				t.Errorf("counter %d: %s, want %s", c, got, code)
			}
		}
	})
	t.Run("F TOTP", func(t *testing.T) {
		secret, err := ParseSecret("V6GAONYOKLLGFJVUYAVUOCSQZBETCGQ6")
		if err != nil {
			t.Fatal(err)
		}
		tok := Token{Kind: TOTP, Secret: secret}
		if got := mustWindow(t, tok, time.Unix(1567683640, 0), 0).Code; got != "398590" {
			t.Errorf("got %s, want 398590", got)
		}
	})
}

// steamCode encodes a truncated HOTP value as Steam Guard does: five
// characters of a 26-symbol alphabet without look-alikes, least significant
// first. Written from the description of the format, not from the library.
func steamCode(v uint32) string {
	const alphabet = "23456789BCDFGHJKMNPQRTVWXY"
	var b strings.Builder
	for range 5 {
		b.WriteByte(alphabet[v%26])
		v /= 26
	}
	return b.String()
}

func TestSteamCodes(t *testing.T) {
	// Hand check of the reference encoder on counter 0: 1284755224 in base 26,
	// least significant digit first, is 12, 12, 3, 11, 3 -> G G 5 F 5.
	if got := steamCode(1284755224); got != "GG5F5" {
		t.Fatalf("steamCode reference broken: %s", got)
	}
	tok := Token{Kind: Steam, Secret: rfcSeed20}
	for c, v := range rfc4226Truncated {
		// Counter c covers [30c, 30c+30); try both ends.
		for _, sec := range []int64{int64(30 * c), int64(30*c + 29)} {
			w := mustWindow(t, tok, time.Unix(sec, 0), 0)
			if w.Code != steamCode(v) {
				t.Errorf("t=%d: %s, want %s", sec, w.Code, steamCode(v))
			}
			if c+1 < len(rfc4226Truncated) && w.Next != steamCode(rfc4226Truncated[c+1]) {
				t.Errorf("t=%d: next %s, want %s", sec, w.Next, steamCode(rfc4226Truncated[c+1]))
			}
		}
	}
}

// code8 is the 8-digit TOTP code of rfcSeed20 for counter c (c < 10).
func code8(c int) string {
	return fmt.Sprintf("%08d", rfc4226Truncated[c]%100000000)
}

func TestWindowEdges(t *testing.T) {
	tok := Token{Kind: TOTP, Digits: 8, Secret: rfcSeed20}
	at := func(sec float64) time.Time {
		whole := math.Floor(sec)
		return time.Unix(int64(whole), int64(math.Round((sec-whole)*1e9)))
	}
	const ns = 1e-9
	tests := []struct {
		name        string
		now         time.Time
		offset      time.Duration
		counter     int
		from, until time.Time
		left        int
	}{
		{"before boundary", time.Unix(59, 999999999), 0, 1, at(30), at(60), 1},
		{"at boundary", time.Unix(60, 0), 0, 2, at(60), at(90), 30},
		{"half a second in", at(60.5), 0, 2, at(60), at(90), 30},
		{"one second in", time.Unix(61, 0), 0, 2, at(60), at(90), 29},
		{"one second before end", time.Unix(89, 0), 0, 2, at(60), at(90), 1},
		{"+0.6 s, just before", time.Unix(59, 399999999), 600 * time.Millisecond, 1, at(29.4), at(59.4), 1},
		{"+0.6 s, at", at(59.4), 600 * time.Millisecond, 2, at(59.4), at(89.4), 30},
		{"+0.6 s, whole second", time.Unix(60, 0), 600 * time.Millisecond, 2, at(59.4), at(89.4), 30},
		{"+0.6 s, 0.4 s left", time.Unix(89, 0), 600 * time.Millisecond, 2, at(59.4), at(89.4), 1},
		{"-29.9 s, just before", at(89.9 - ns), -29900 * time.Millisecond, 1, at(59.9), at(89.9), 1},
		{"-29.9 s, at", at(89.9), -29900 * time.Millisecond, 2, at(89.9), at(119.9), 30},
		{"-1 h, just before", time.Unix(3659, 999999999), -time.Hour, 1, at(3630), at(3660), 1},
		{"-1 h, at", time.Unix(3660, 0), -time.Hour, 2, at(3660), at(3690), 30},
		{"+1 h, at", time.Unix(60-3600+90, 0), time.Hour, 5, at(150 - 3600), at(180 - 3600), 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := mustWindow(t, tok, tt.now, tt.offset)
			if w.Code != code8(tt.counter) || w.Next != code8(tt.counter+1) {
				t.Errorf("code %s next %s, want %s %s (counter %d)", w.Code, w.Next, code8(tt.counter), code8(tt.counter+1), tt.counter)
			}
			if !w.From.Equal(tt.from) || !w.Until.Equal(tt.until) {
				t.Errorf("window %v .. %v, want %v .. %v", w.From.UnixNano(), w.Until.UnixNano(), tt.from.UnixNano(), tt.until.UnixNano())
			}
			if w.SecondsLeft != tt.left {
				t.Errorf("SecondsLeft %d, want %d", w.SecondsLeft, tt.left)
			}
		})
	}
}

// Next must be exactly the code shown once the window ends, whatever the
// offset and period.
func TestNextIsNextWindowsCode(t *testing.T) {
	offsets := []time.Duration{0, 600 * time.Millisecond, -29900 * time.Millisecond, -time.Hour, 3*time.Second + 1, -1}
	for _, alg := range []Algorithm{SHA1, SHA256, SHA512} {
		for _, period := range []int{30, 60, 7} {
			tok := Token{Kind: TOTP, Algorithm: alg, Period: period, Secret: rfcSeed64}
			for _, off := range offsets {
				for _, now := range []time.Time{time.Unix(1700000000, 0), time.Unix(1700000029, 999999999), time.Unix(59, 1)} {
					w := mustWindow(t, tok, now, off)
					later := mustWindow(t, tok, w.Until, off)
					if w.Next != later.Code {
						t.Errorf("%s/%d/%v/%v: next %s, code at Until %s", alg, period, off, now.UnixNano(), w.Next, later.Code)
					}
					if !later.From.Equal(w.Until) {
						t.Errorf("%s/%d/%v: windows do not touch: %v then %v", alg, period, off, w.Until, later.From)
					}
					if w.Until.Sub(w.From) != time.Duration(period)*time.Second {
						t.Errorf("%s/%d/%v: window %v long", alg, period, off, w.Until.Sub(w.From))
					}
					if now.Before(w.From) || !now.Before(w.Until) {
						t.Errorf("%s/%d/%v: %v outside its window %v..%v", alg, period, off, now, w.From, w.Until)
					}
				}
			}
		}
	}
}

func TestHOTPWindowKeepsCounter(t *testing.T) {
	tok := Token{Kind: HOTP, Secret: rfcSeed20, Counter: 4}
	for range 2 {
		w := mustWindow(t, tok, time.Unix(1700000000, 0), time.Hour)
		if w.Code != "338314" || w.Next != "254676" || w.Counter != 4 {
			t.Errorf("window %+v, want code 338314 next 254676 counter 4", w)
		}
		if !w.From.IsZero() || !w.Until.IsZero() || w.SecondsLeft != 0 {
			t.Errorf("HOTP window has a time: %v %v %d", w.From, w.Until, w.SecondsLeft)
		}
	}
	if tok.Counter != 4 {
		t.Errorf("counter moved to %d", tok.Counter)
	}
}

// A fractional offset moves the window off whole local seconds.
func TestWindowFractionalOffset(t *testing.T) {
	tok := Token{Kind: TOTP, Digits: 8, Secret: rfcSeed20}
	w, err := tok.WindowAt(time.Unix(59, 500000000), 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if w.Code != code8(2) || !w.From.Equal(time.Unix(59, 500000000)) {
		t.Errorf("clock window %s from %v, want %s from 59.5", w.Code, w.From.UnixNano(), code8(2))
	}
}

func TestOffsetFromSeconds(t *testing.T) {
	tests := []struct {
		in   float64
		want time.Duration
	}{
		{0, 0},
		{0.6, 600 * time.Millisecond},
		{-29.9, -29900 * time.Millisecond},
		{-3600, -time.Hour},
		{1e-9, 1},
		{math.NaN(), 0},
		{math.Inf(1), 0},
		{math.Inf(-1), 0},
		{1e12, 0}, // ~31700 years: no Duration holds it
		{-1e12, 0},
	}
	for _, tt := range tests {
		if got := OffsetFromSeconds(tt.in); got != tt.want {
			t.Errorf("OffsetFromSeconds(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPeriodStart(t *testing.T) {
	tests := []struct {
		t      time.Time
		period int
		want   int64
	}{
		{time.Unix(0, 0), 30, 0},
		{time.Unix(29, 999999999), 30, 0},
		{time.Unix(30, 0), 30, 30},
		{time.Unix(-1, 0), 30, -30},
		{time.Unix(-30, 0), 30, -30},
		{time.Unix(-31, 0), 30, -60},
		{time.Unix(-1, 999999999), 30, -30},
		{time.Unix(20000000000, 0), 30, 19999999980},
		{time.Unix(1700000000, 0), 3600, 1699999200},
		{time.Unix(1700000000, 0), 1, 1700000000},
	}
	for _, tt := range tests {
		if got := PeriodStart(tt.t, tt.period); got.Unix() != tt.want || got.Nanosecond() != 0 {
			t.Errorf("PeriodStart(%v, %d) = %v, want %d", tt.t.UnixNano(), tt.period, got.UnixNano(), tt.want)
		}
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"123456":   "123 456",
		"1234567":  "123 4567",
		"12345678": "1234 5678",
		"D5X8Y":    "D5X8Y",
		"":         "",
		"123":      "123",
	} {
		if got := Group(in); got != want {
			t.Errorf("Group(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   Token
		want Token  // after Normalize, when err is ""
		err  string // exact Error() text
	}{
		{"defaults", Token{Issuer: "Acme", Account: "me"},
			Token{Name: "Acme (me)", Issuer: "Acme", Account: "me", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30}, ""},
		{"hotp drops period", Token{Kind: HOTP, Period: 60, Counter: 3, Name: "x"},
			Token{Name: "x", Kind: HOTP, Algorithm: SHA1, Digits: 6, Counter: 3}, ""},
		{"totp drops counter", Token{Counter: 3, Name: "x"},
			Token{Name: "x", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30}, ""},
		{"steam 5 digits", Token{Kind: Steam, Algorithm: "sha-1", Name: "s"},
			Token{Name: "s", Kind: Steam, Algorithm: SHA1, Digits: 5, Period: 30}, ""},
		{"no names", Token{}, Token{Name: "Token", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30}, ""},
		{"name trimmed", Token{Name: " Mail\t"}, Token{Name: "Mail", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30}, ""},
		{"blank name", Token{Name: "  ", Issuer: "Acme"}, Token{Name: "Acme", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30}, ""},
		{"same issuer and account", Token{Issuer: "a@b", Account: "A@B"},
			Token{Name: "a@b", Issuer: "a@b", Account: "A@B", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30}, ""},
		{"digits 5", Token{Digits: 5}, Token{}, "digits must be between 6 and 8 (5 for Steam), not 5"},
		{"digits 9", Token{Digits: 9}, Token{}, "digits must be between 6 and 8 (5 for Steam), not 9"},
		{"digits -1", Token{Digits: -1}, Token{}, "digits must be between 6 and 8 (5 for Steam), not -1"},
		{"steam digits 6", Token{Kind: Steam, Digits: 6}, Token{}, "digits must be between 6 and 8 (5 for Steam), not 6"},
		{"period -1", Token{Period: -1}, Token{}, "period must be between 1 and 3600 seconds, not -1"},
		{"period 3601", Token{Period: 3601}, Token{}, "period must be between 1 and 3600 seconds, not 3601"},
		{"algorithm", Token{Algorithm: "MD5"}, Token{}, `unknown algorithm "MD5" (use SHA1, SHA256 or SHA512)`},
		{"kind", Token{Kind: "motp"}, Token{}, `unknown token type "motp" (use totp, hotp or steam)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			err := got.Normalize()
			if tt.err != "" {
				if err == nil || inEnglish(err) != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				var te *msg.Error
				if !errors.As(err, &te) {
					t.Errorf("error is %T, not *msg.Error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.want.Name || got.Kind != tt.want.Kind || got.Algorithm != tt.want.Algorithm ||
				got.Digits != tt.want.Digits || got.Period != tt.want.Period || got.Counter != tt.want.Counter {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestWindowNeedsSecret(t *testing.T) {
	for _, k := range []Kind{TOTP, HOTP, Steam} {
		_, err := Token{Kind: k}.WindowAt(time.Unix(0, 0), 0)
		if err == nil || inEnglish(err) != "the token has no secret" {
			t.Errorf("%s: %v", k, err)
		}
	}
	// A bad token is refused, not divided by zero.
	if _, err := (Token{Period: -5, Secret: rfcSeed20}).WindowAt(time.Unix(0, 0), 0); err == nil {
		t.Error("period -5 accepted")
	}
}

func TestParseAlgorithm(t *testing.T) {
	for in, want := range map[string]Algorithm{
		"": SHA1, "sha1": SHA1, "SHA-1": SHA1, "HmacSHA1": SHA1, "HMAC-SHA-256": SHA256,
		" sha256 ": SHA256, "SHA512": SHA512, "sha-512": SHA512,
	} {
		if got, ok := ParseAlgorithm(in); !ok || got != want {
			t.Errorf("ParseAlgorithm(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"MD5", "SHA384", "SHA-3", "sha 1", "1"} {
		if got, ok := ParseAlgorithm(in); ok {
			t.Errorf("ParseAlgorithm(%q) accepted as %q", in, got)
		}
	}
}

func TestParseSecret(t *testing.T) {
	want := rfcSeed20 // GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
	for i, in := range []string{
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
		"gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
		"gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
		"GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ",
		" GEZDGNBVGY3TQOJQ\tGEZDGNBVGY3TQOJQ\n",
	} {
		got, err := ParseSecret(in)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("spelling %d: wrong bytes or %v", i, err)
		}
	}
	// Padding is optional: "MZXW6" (foo) with and without "===".
	for _, in := range []string{"MZXW6", "MZXW6===", "mzxw6==="} {
		if got, err := ParseSecret(in); err != nil || string(got) != "foo" {
			t.Errorf("ParseSecret(%q): wrong bytes or %v", in, err)
		}
	}
	for in, msg := range map[string]string{
		"":         "the secret is empty",
		" - = ":    "the secret is empty",
		"JBSWY3D1": "the secret is not valid base32 (letters A-Z and digits 2-7)",
		"A":        "the secret is not valid base32 (letters A-Z and digits 2-7)",
		"AAA":      "the secret is not valid base32 (letters A-Z and digits 2-7)",
		"MZXW6A":   "the secret is not valid base32 (letters A-Z and digits 2-7)", // a partial group
		"MZ=XW6":   "the secret is not valid base32 (letters A-Z and digits 2-7)",
		"ſ":        "the secret is not valid base32 (letters A-Z and digits 2-7)", // folds to S outside ASCII
		"MZXW6ſ":   "the secret is not valid base32 (letters A-Z and digits 2-7)",
		"GEZDÉ":    "the secret is not valid base32 (letters A-Z and digits 2-7)",
	} {
		if _, err := ParseSecret(in); err == nil || inEnglish(err) != msg {
			t.Errorf("ParseSecret(%q): %v, want %q", in, err, msg)
		}
	}
	if got := EncodeSecret([]byte("foo")); got != "MZXW6" {
		t.Errorf("EncodeSecret(foo) = %s", got)
	}
}
