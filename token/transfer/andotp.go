package transfer

import (
	"cmp"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// andOTP: a JSON array of entries; the encrypted .json.aes is
// [int32 BE iterations][12-byte salt][12-byte IV][ciphertext‖tag], AES-256-GCM
// with the key PBKDF2-HMAC-SHA1(password, salt, iterations, 32).

const (
	andOTPSaltLen = 12
	andOTPIVLen   = 12
	andOTPHeader  = 4 + andOTPSaltLen + andOTPIVLen
	// andOTP picks 140000-160000 iterations; the upper bound keeps a crafted
	// file from making us spin for minutes.
	andOTPMaxIterations = 5_000_000
)

type andOTPEntry struct {
	Secret    string   `json:"secret"`
	Issuer    *string  `json:"issuer,omitempty"`
	Label     string   `json:"label"`
	Digits    int      `json:"digits"`
	Type      string   `json:"type"`
	Algorithm string   `json:"algorithm"`
	Period    int      `json:"period,omitempty"`
	Counter   *uint64  `json:"counter,omitempty"`
	Tags      []string `json:"tags"`
}

// looksLikeAndOTPEncrypted checks the header of a .json.aes file.
func looksLikeAndOTPEncrypted(data []byte) bool {
	if len(data) < andOTPHeader+16 {
		return false
	}
	it := binary.BigEndian.Uint32(data)
	return it >= 1 && it <= andOTPMaxIterations
}

// decodeAndOTPEncrypted opens a .json.aes backup of andOTP 0.6.3 and later,
// or of an older andOTP (andotp_old.go), which has no header to tell it by.
func decodeAndOTPEncrypted(data []byte, password func() ([]byte, error), w *work) (*Result, error) {
	it := uint32(0)
	if len(data) >= 4 {
		it = binary.BigEndian.Uint32(data)
	}
	current := it >= 1 && it <= andOTPMaxIterations
	if current && len(data) < andOTPHeader+16 || len(data) < andOTPOldMin {
		return nil, msg.New("transfer.andotp.short", nil)
	}
	if current {
		if err := w.check(pbkdf2Cost("sha1", int(it))); err != nil {
			return nil, err
		}
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	if !current {
		if plain, err := andOTPOldOpen(pw, data); err == nil {
			return decodeAndOTP(plain)
		}
		return nil, msg.New("transfer.andotp.wrong_password", nil)
	}
	salt := data[4 : 4+andOTPSaltLen]
	iv := data[4+andOTPSaltLen : andOTPHeader]
	key, err := derive(w, pbkdf2Cost("sha1", int(it)), func() ([]byte, error) { return pbkdf2.Key(sha1.New, string(pw), salt, int(it), 32) })
	if errors.As(err, new(*msg.Error)) {
		return nil, err
	}
	if err != nil {
		return nil, msg.New("transfer.andotp.short", err)
	}
	plain, err := gcmOpen(key, iv, data[andOTPHeader:])
	if err != nil {
		// An old backup's IV may look like an iteration count.
		if plain, err := andOTPOldOpen(pw, data); err == nil {
			return decodeAndOTP(plain)
		}
		// GCM cannot tell a wrong password from a damaged file.
		return nil, msg.New("transfer.andotp.wrong_password", nil)
	}
	return decodeAndOTP(plain)
}

func decodeAndOTP(data []byte) (*Result, error) {
	var entries []andOTPEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, msg.New("transfer.andotp.json", jsonDetail(data, err))
	}
	res := &Result{Format: FormatAndOTP}
	for _, e := range entries {
		var t token.Token
		label := strings.TrimSpace(e.Label)
		if e.Issuer != nil {
			t.Issuer = strings.TrimSpace(*e.Issuer)
			t.Account = label
		} else if i, a, ok := strings.Cut(label, " - "); ok {
			// Old files: no issuer field, label "Issuer - Name".
			t.Issuer, t.Account = strings.TrimSpace(i), strings.TrimSpace(a)
		} else {
			t.Account = label
		}
		name := token.DefaultName(t.Issuer, t.Account)
		// A missing type is TOTP.
		p := entryParams{Type: cmp.Or(e.Type, "totp"), Algorithm: e.Algorithm, Digits: e.Digits, Period: e.Period, Counter: e.Counter}
		if !res.params(&t, name, p) {
			continue
		}
		res.addWithSecret(t, name, e.Secret)
	}
	return res, nil
}
