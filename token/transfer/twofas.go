package transfer

import (
	"cmp"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// 2FAS backup (.2fas): JSON with services[] and schemaVersion 1-4. When
// "reference" is set, the services are in servicesEncrypted as
// b64(ciphertext‖tag):b64(salt):b64(iv), AES-256-GCM with the key
// PBKDF2-HMAC-SHA256(password, salt, 10000, 32); reference is sealed the same
// way with its own IV, so a wrong password shows there first.

const (
	twoFASMaxSchema  = 4
	twoFASIterations = 10000
)

type twoFASFile struct {
	Services          []twoFASService `json:"services"`
	SchemaVersion     int             `json:"schemaVersion"`
	ServicesEncrypted string          `json:"servicesEncrypted"`
	Reference         string          `json:"reference"`
	AppVersionCode    int             `json:"appVersionCode,omitempty"`
	AppOrigin         string          `json:"appOrigin,omitempty"`
	UpdatedAt         int64           `json:"updatedAt,omitempty"`
	Groups            []any           `json:"groups"`
}

type twoFASService struct {
	Name   string    `json:"name"`
	Secret string    `json:"secret"`
	OTP    twoFASOTP `json:"otp"`
}

type twoFASOTP struct {
	Account   string  `json:"account,omitempty"`
	Issuer    string  `json:"issuer,omitempty"`
	Label     string  `json:"label,omitempty"`
	Digits    int     `json:"digits,omitempty"`
	Period    int     `json:"period,omitempty"`
	Algorithm string  `json:"algorithm,omitempty"`
	Counter   *uint64 `json:"counter,omitempty"`
	TokenType string  `json:"tokenType,omitempty"`
}

func decodeTwoFAS(data []byte, password func() ([]byte, error), w *work) (*Result, error) {
	var f twoFASFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, msg.New("transfer.twofas.json", jsonDetail(data, err))
	}
	if f.SchemaVersion < 1 {
		return nil, msg.New("transfer.twofas.no_schema", nil)
	}
	if f.SchemaVersion > twoFASMaxSchema {
		return nil, msg.New("transfer.twofas.schema", nil, "Schema", f.SchemaVersion, "Max", twoFASMaxSchema)
	}
	services := f.Services
	// Encrypted when reference is set; some versions left it out, and then
	// only servicesEncrypted tells.
	encrypted := strings.TrimSpace(f.Reference) != "" || (strings.TrimSpace(f.ServicesEncrypted) != "" && len(f.Services) == 0)
	if encrypted {
		if password == nil {
			return nil, msg.New("transfer.need_password", nil)
		}
		pw, err := password()
		if err != nil {
			return nil, err
		}
		plain, err := twoFASDecrypt(f, pw, w)
		if err != nil {
			return nil, err
		}
		services = nil
		if err := json.Unmarshal(plain, &services); err != nil {
			return nil, msg.New("transfer.twofas.json", jsonDetail(plain, err))
		}
	}
	res := &Result{Format: FormatTwoFAS}
	for _, s := range services {
		issuer := strings.TrimSpace(s.Name)
		if issuer == "" {
			issuer = strings.TrimSpace(s.OTP.Issuer)
		}
		t := token.Token{Issuer: issuer, Account: strings.TrimSpace(s.OTP.Account)}
		name := token.DefaultName(t.Issuer, t.Account)
		// A missing type is TOTP.
		o := s.OTP
		p := entryParams{Type: cmp.Or(o.TokenType, "totp"), Algorithm: o.Algorithm, Digits: o.Digits, Period: o.Period, Counter: o.Counter}
		if !res.params(&t, name, p) {
			continue
		}
		if t.Kind == token.Steam && t.Digits == 6 {
			t.Digits = 5 // some versions store the default 6 for Steam
		}
		res.addWithSecret(t, name, s.Secret)
	}
	return res, nil
}

// twoFASKey derives the AES key from the password and the salt.
func twoFASKey(pw, salt []byte, w *work) ([]byte, error) {
	return derive(w, pbkdf2Cost("sha256", twoFASIterations), func() ([]byte, error) {
		return pbkdf2.Key(sha256.New, string(pw), salt, twoFASIterations, 32)
	})
}

// splitTwoFAS reads "b64(ct‖tag):b64(salt):b64(iv)".
func splitTwoFAS(s string) (sealed, salt, iv []byte, ok bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) != 3 {
		return nil, nil, nil, false
	}
	var err [3]error
	sealed, err[0] = base64.StdEncoding.DecodeString(parts[0])
	salt, err[1] = base64.StdEncoding.DecodeString(parts[1])
	iv, err[2] = base64.StdEncoding.DecodeString(parts[2])
	if err[0] != nil || err[1] != nil || err[2] != nil || len(sealed) < 16 || len(salt) == 0 || len(iv) != 12 {
		return nil, nil, nil, false
	}
	return sealed, salt, iv, true
}

func twoFASDecrypt(f twoFASFile, pw []byte, w *work) ([]byte, error) {
	sealed, salt, iv, ok := splitTwoFAS(f.ServicesEncrypted)
	if !ok {
		return nil, msg.New("transfer.twofas.encrypted", nil)
	}
	var key []byte
	checked := false
	if strings.TrimSpace(f.Reference) != "" {
		refSealed, refSalt, refIV, ok := splitTwoFAS(f.Reference)
		if !ok {
			return nil, msg.New("transfer.twofas.encrypted", nil)
		}
		var err error
		if key, err = twoFASKey(pw, refSalt, w); err != nil {
			return nil, twoFASKeyError(err)
		}
		if _, err := gcmOpen(key, refIV, refSealed); err != nil {
			return nil, msg.New("transfer.wrong_password", nil)
		}
		checked = string(salt) == string(refSalt)
	}
	if !checked {
		var err error
		if key, err = twoFASKey(pw, salt, w); err != nil {
			return nil, twoFASKeyError(err)
		}
	}
	plain, err := gcmOpen(key, iv, sealed)
	if err != nil {
		if f.Reference == "" {
			return nil, msg.New("transfer.wrong_password", nil)
		}
		return nil, msg.New("transfer.twofas.damaged", nil)
	}
	return plain, nil
}

// twoFASKeyError is the error of a key derivation that failed: the
// budget's or the context's as it is, else a damaged file.
func twoFASKeyError(err error) error {
	if errors.As(err, new(*msg.Error)) {
		return err
	}
	return msg.New("transfer.twofas.encrypted", err)
}
