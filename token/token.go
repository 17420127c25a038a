package token

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// Kind is the type of a token.
type Kind string

const (
	TOTP  Kind = "totp"
	HOTP  Kind = "hotp"
	Steam Kind = "steam" // TOTP with Steam Guard's 5-character alphabet
)

// Algorithm is the HMAC hash of a token.
type Algorithm string

const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// ParseAlgorithm accepts the usual spellings (sha1, SHA-256, HmacSHA512...).
func ParseAlgorithm(s string) (Algorithm, bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	u = strings.TrimPrefix(u, "HMAC")
	u = strings.TrimPrefix(u, "-")
	u = strings.ReplaceAll(u, "-", "")
	switch u {
	case "", "SHA1":
		return SHA1, true
	case "SHA256":
		return SHA256, true
	case "SHA512":
		return SHA512, true
	}
	return "", false
}

// VIP holds what a Symantec/Broadcom VIP Access credential adds to a token.
type VIP struct {
	CredentialID string    `json:"credential_id"` // e.g. SYDC12345678
	Model        string    `json:"model,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	// LastContact is when the credential's codes were last sent to the VIP
	// validation service (check or sync); a sync must wait two periods.
	LastContact time.Time `json:"last_contact,omitzero"`
}

// CompactCredentialID is a VIP credential ID as the services compare it:
// upper case, without the spaces and dashes it is often written with
// ("sydc-1234 5678" is SYDC12345678).
func CompactCredentialID(id string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(id)))
}

// Token is one one-time-password generator. Secret is never serialised: the
// Store keeps it in the OS keyring and fills it in on request.
type Token struct {
	ID        string    `json:"id"`   // stable, random, internal
	Name      string    `json:"name"` // what the user sees and types; unique in a store
	Issuer    string    `json:"issuer,omitempty"`
	Account   string    `json:"account,omitempty"`
	Kind      Kind      `json:"kind"`
	Algorithm Algorithm `json:"algorithm"`
	Digits    int       `json:"digits"`
	Period    int       `json:"period,omitempty"`  // seconds, TOTP and Steam
	Counter   uint64    `json:"counter,omitempty"` // next HOTP counter
	VIP       *VIP      `json:"vip,omitempty"`
	Added     time.Time `json:"added,omitzero"`
	// Origin is set on the tokens a followed backup file brought in.
	Origin *Origin `json:"origin,omitempty"`

	// SourceID is the entry's own ID in the file it was read from (an Aegis
	// uuid), "" when the format has none. It is not stored: following a
	// backup file keeps it in Origin.Key.
	SourceID string `json:"-"`
	// Secret stays the last field: Format relies on it.
	Secret []byte `json:"-"`
}

// NewID returns a fresh random token ID.
func NewID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b[:])
}

// DefaultName is the name a token gets from its issuer and account.
func DefaultName(issuer, account string) string {
	switch {
	case issuer != "" && account != "" && !strings.EqualFold(issuer, account):
		return issuer + " (" + account + ")"
	case issuer != "":
		return issuer
	case account != "":
		return account
	}
	return "Token"
}

// Normalize fills defaults (SHA1, 6 digits, 30 s), checks the parameters,
// and recognises a VIP credential in the label (see recognizeVIP).
func (t *Token) Normalize() error {
	if t.Kind == "" {
		t.Kind = TOTP
	}
	switch t.Kind {
	case TOTP, HOTP, Steam:
	default:
		return msg.New("token.kind", nil, "Kind", string(t.Kind))
	}
	if t.Algorithm == "" {
		t.Algorithm = SHA1
	}
	if a, ok := ParseAlgorithm(string(t.Algorithm)); ok {
		t.Algorithm = a
	} else {
		return msg.New("token.algorithm", nil, "Algorithm", string(t.Algorithm))
	}
	if t.Kind == Steam {
		if t.Digits == 0 {
			t.Digits = 5
		}
		if t.Digits != 5 {
			return msg.New("token.digits", nil, "Digits", t.Digits)
		}
	} else {
		if t.Digits == 0 {
			t.Digits = 6
		}
		if t.Digits < 6 || t.Digits > 8 {
			return msg.New("token.digits", nil, "Digits", t.Digits)
		}
	}
	if t.Kind == HOTP {
		t.Period = 0
	} else {
		if t.Period == 0 {
			t.Period = 30
		}
		if t.Period < 1 || t.Period > 3600 {
			return msg.New("token.period", nil, "Period", t.Period)
		}
		t.Counter = 0
	}
	// Find trims what the user types, so a name with outer spaces could
	// never be matched exactly; a name from an imported file could carry
	// terminal escape sequences.
	t.Name = cleanName(t.Name)
	t.Issuer = CleanText(t.Issuer)
	t.Account = CleanText(t.Account)
	t.recognizeVIP()
	if t.Name == "" {
		t.Name = cleanName(DefaultName(t.Issuer, t.Account))
	}
	return nil
}

// Validate normalises t and checks that it can make codes.
func (t *Token) Validate() error {
	if err := t.Normalize(); err != nil {
		return err
	}
	if len(t.Secret) == 0 {
		return msg.New("token.no_secret", nil)
	}
	return nil
}

// ParseSecret decodes a base32 secret: case-insensitive, padding optional
// (but only at the end), spaces and dashes ignored (as secrets are often
// printed in groups).
func ParseSecret(s string) ([]byte, error) {
	// Only ASCII letters are folded: strings.ToUpper would also turn "ſ" into
	// "S" and so accept a secret no other app reads.
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == ' ', r == '\t', r == '\n', r == '\r', r == '-':
			return -1
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
	clean = strings.TrimRight(clean, "=")
	if clean == "" {
		return nil, msg.New("secret.empty", nil)
	}
	// The unpadded decoder silently drops a partial last group ("MZXW6A"
	// gives nothing): check the length, then decode with the padding restored.
	switch len(clean) % 8 {
	case 1, 3, 6:
		return nil, msg.New("secret.base32", nil)
	}
	if n := len(clean) % 8; n != 0 {
		clean += strings.Repeat("=", 8-n)
	}
	b, err := base32.StdEncoding.DecodeString(clean)
	if err != nil {
		return nil, msg.New("secret.base32", nil)
	}
	return b, nil
}

// EncodeSecret gives the canonical form of a secret: base32, upper case, no padding.
func EncodeSecret(b []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

func (t Token) otpOpts() (otp.Algorithm, otp.Digits, otp.Encoder) {
	alg := otp.AlgorithmSHA1
	switch t.Algorithm {
	case SHA256:
		alg = otp.AlgorithmSHA256
	case SHA512:
		alg = otp.AlgorithmSHA512
	}
	enc := otp.EncoderDefault
	if t.Kind == Steam {
		enc = otp.EncoderSteam
	}
	return alg, otp.Digits(t.Digits), enc
}

// codeAt is the TOTP/Steam code for the true instant at, or the HOTP code for
// counter. It needs Secret.
func (t Token) codeAt(at time.Time, counter uint64) (string, error) {
	if len(t.Secret) == 0 {
		return "", msg.New("token.no_secret", nil)
	}
	alg, digits, enc := t.otpOpts()
	secret := EncodeSecret(t.Secret)
	var code string
	var err error
	if t.Kind == HOTP {
		code, err = hotp.GenerateCodeCustom(secret, counter, hotp.ValidateOpts{Digits: digits, Algorithm: alg, Encoder: enc})
	} else {
		code, err = totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: uint(t.Period), Digits: digits, Algorithm: alg, Encoder: enc})
	}
	if err != nil {
		return "", fmt.Errorf("generate code: %w", err)
	}
	return code, nil
}

// Window is a token's code as seen at one instant.
type Window struct {
	Code string
	Next string // the next period's code; for HOTP the next counter's
	// From and Until bound the code's validity in local wall-clock time (the
	// clock offset already taken out). Zero for HOTP, whose codes do not expire.
	From, Until time.Time
	// SecondsLeft is Until-now rounded up, as a countdown shows it.
	SecondsLeft int
	Counter     uint64 // HOTP: the counter Code belongs to
}

// WindowAt computes the code window for the local instant now, applying the
// clock offset (the amount to add to the local clock to get true time).
func (t Token) WindowAt(now time.Time, offset time.Duration) (Window, error) {
	// A token built by hand may lack defaults; a zero period would divide by zero.
	if err := t.Normalize(); err != nil {
		return Window{}, err
	}
	if t.Kind == HOTP {
		cur, err := t.codeAt(time.Time{}, t.Counter)
		if err != nil {
			return Window{}, err
		}
		next, err := t.codeAt(time.Time{}, t.Counter+1)
		if err != nil {
			return Window{}, err
		}
		return Window{Code: cur, Next: next, Counter: t.Counter}, nil
	}
	period := time.Duration(t.Period) * time.Second
	truth := now.Add(offset)
	start := PeriodStart(truth, t.Period)
	cur, err := t.codeAt(start, 0)
	if err != nil {
		return Window{}, err
	}
	next, err := t.codeAt(start.Add(period), 0)
	if err != nil {
		return Window{}, err
	}
	from := start.Add(-offset)
	until := from.Add(period)
	return Window{Code: cur, Next: next, From: from, Until: until, SecondsLeft: CeilSeconds(until.Sub(now))}, nil
}

// PeriodStart is the start of the period of length period seconds that holds
// the true instant t (Unix time divisible by period). It counts in whole
// seconds, not UnixNano, so that it holds beyond 2262 (RFC 6238 tests the
// year 2603).
func PeriodStart(t time.Time, period int) time.Time {
	p := int64(period)
	sec := t.Unix() // floor, also before 1970
	r := sec % p
	if r < 0 {
		r += p
	}
	return time.Unix(sec-r, 0)
}

// Group formats a code for reading: "123 456", "1234 5678", "123 4567".
func Group(code string) string {
	switch len(code) {
	case 6:
		return code[:3] + " " + code[3:]
	case 7:
		return code[:3] + " " + code[3:]
	case 8:
		return code[:4] + " " + code[4:]
	}
	return code
}
