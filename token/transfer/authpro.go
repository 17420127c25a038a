package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Stratum / Authenticator Pro backup (.authpro; jamie-mh/AuthenticatorPro
// doc/BACKUP_FORMAT.md and extra/decrypt_backup.py): plain, a JSON object
// {"Authenticators":[{Type, Issuer, Username, Secret, Pin, Algorithm,
// Digits, Period, Counter, ...}], "Categories":[...], ...}; Type 1 HOTP,
// 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex; Algorithm 0 SHA-1, 1 SHA-256,
// 2 SHA-512; Steam always 5 characters.
//
// Encrypted, current: "AUTHENTICATORPRO" ‖ salt (16) ‖ IV (12) ‖ AES-256-GCM
// ciphertext‖tag, key Argon2id(password, salt, t=3, m=64 MiB, p=4, 32).
// Encrypted, older versions: "AuthenticatorPro" ‖ salt (20) ‖ IV (16) ‖
// AES-256-CBC with PKCS#7 padding, key PBKDF2-HMAC-SHA1(password, salt,
// 64000, 32).

const (
	authProHeader       = "AUTHENTICATORPRO"
	authProSaltLen      = 16
	authProIVLen        = 12
	authProArgonTime    = 3
	authProArgonMemory  = 64 * 1024 // KiB
	authProArgonThreads = 4

	authProLegacyHeader     = "AuthenticatorPro"
	authProLegacySaltLen    = 20
	authProLegacyIVLen      = 16
	authProLegacyIterations = 64000
)

type authProFile struct {
	Authenticators []authProEntry `json:"Authenticators"`
}

type authProEntry struct {
	Type      int    `json:"Type"`
	Issuer    string `json:"Issuer"`
	Username  string `json:"Username"`
	Secret    string `json:"Secret"`
	Algorithm int    `json:"Algorithm"`
	Digits    int    `json:"Digits"`
	Period    int    `json:"Period"`
	Counter   uint64 `json:"Counter"`
}

// looksLikeAuthProEncrypted checks the header of an encrypted backup.
func looksLikeAuthProEncrypted(data []byte) bool {
	return bytes.HasPrefix(data, []byte(authProHeader)) || bytes.HasPrefix(data, []byte(authProLegacyHeader))
}

func decodeAuthPro(data []byte, password func() ([]byte, error), w *work) (*Result, error) {
	if looksLikeAuthProEncrypted(data) {
		plain, err := authProDecrypt(data, password, w)
		if err != nil {
			return nil, err
		}
		res, err := decodeAuthProJSON(plain)
		if err != nil {
			// Only a wrong password passes the CBC padding check and
			// still yields no JSON (about 1 in 256 tries).
			if bytes.HasPrefix(data, []byte(authProLegacyHeader)) {
				return nil, msg.New("freeotp.authpro.wrong_password", nil)
			}
			return nil, err
		}
		return res, nil
	}
	return decodeAuthProJSON(bytes.TrimSpace(data))
}

func decodeAuthProJSON(data []byte) (*Result, error) {
	var f authProFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, msg.New("freeotp.authpro.json", jsonDetail(data, err))
	}
	if f.Authenticators == nil {
		return nil, msg.New("freeotp.authpro.no_authenticators", nil)
	}
	res := &Result{Format: FormatAuthPro}
	for _, e := range f.Authenticators {
		t := token.Token{Issuer: strings.TrimSpace(e.Issuer), Account: strings.TrimSpace(e.Username)}
		name := token.DefaultName(t.Issuer, t.Account)
		switch e.Type {
		case 1:
			t.Kind = token.HOTP
			t.Counter = e.Counter
		case 2:
			t.Kind = token.TOTP
		case 3:
			res.skip(name, unsupportedKind("motp"))
			continue
		case 4:
			t.Kind = token.Steam
		case 5:
			res.skip(name, unsupportedKind("yandex"))
			continue
		default:
			res.skip(name, msg.New("transfer.type", nil, "Type", e.Type))
			continue
		}
		switch e.Algorithm {
		case 0:
			t.Algorithm = token.SHA1
		case 1:
			t.Algorithm = token.SHA256
		case 2:
			t.Algorithm = token.SHA512
		default:
			res.skip(name, msg.New("transfer.algorithm", nil, "Algorithm", fmt.Sprint(e.Algorithm)))
			continue
		}
		t.Digits = e.Digits
		if t.Kind == token.Steam {
			t.Digits = 5 // the app ignores the field for Steam
		}
		if t.Kind != token.HOTP {
			t.Period = e.Period
			if t.Period == 0 {
				t.Period = 30
			}
		}
		res.addWithSecret(t, name, e.Secret)
	}
	return res, nil
}

func authProDecrypt(data []byte, password func() ([]byte, error), w *work) ([]byte, error) {
	legacy := bytes.HasPrefix(data, []byte(authProLegacyHeader))
	saltLen, ivLen, minBody := authProSaltLen, authProIVLen, 16
	if legacy {
		saltLen, ivLen, minBody = authProLegacySaltLen, authProLegacyIVLen, aes.BlockSize
	}
	head := len(authProHeader) + saltLen + ivLen
	if len(data) < head+minBody {
		return nil, msg.New("freeotp.authpro.short", nil)
	}
	if legacy && (len(data)-head)%aes.BlockSize != 0 {
		return nil, msg.New("freeotp.authpro.short", nil)
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	salt := data[len(authProHeader) : len(authProHeader)+saltLen]
	iv := data[len(authProHeader)+saltLen : head]
	body := data[head:]
	if !legacy {
		key, err := derive(w, argon2Cost(authProArgonMemory, authProArgonTime, authProArgonThreads), func() ([]byte, error) {
			return argon2.IDKey(pw, salt, authProArgonTime, authProArgonMemory, authProArgonThreads, 32), nil
		})
		if err != nil {
			return nil, err
		}
		plain, err := gcmOpen(key, iv, body)
		if err != nil {
			// GCM cannot tell a wrong password from a damaged file.
			return nil, msg.New("freeotp.authpro.wrong_password", nil)
		}
		return plain, nil
	}
	key, err := derive(w, pbkdf2Cost("sha1", authProLegacyIterations), func() ([]byte, error) {
		return pbkdf2.Key(sha1.New, string(pw), salt, authProLegacyIterations, 32)
	})
	if errors.As(err, new(*msg.Error)) {
		return nil, err
	}
	if err != nil {
		return nil, msg.New("freeotp.authpro.short", err)
	}
	plain, ok := cbcOpen(key, iv, body)
	if !ok {
		return nil, msg.New("freeotp.authpro.wrong_password", nil)
	}
	return plain, nil
}

// cbcOpen decrypts AES-CBC and strips PKCS#7 padding; false when the
// padding is wrong (a wrong key, almost always).
func cbcOpen(key, iv, body []byte) ([]byte, bool) {
	block, err := aes.NewCipher(key)
	if err != nil || len(body) == 0 || len(body)%aes.BlockSize != 0 || len(iv) != aes.BlockSize {
		return nil, false
	}
	plain := make([]byte, len(body))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, body)
	n := int(plain[len(plain)-1])
	if n == 0 || n > aes.BlockSize {
		return nil, false
	}
	for _, b := range plain[len(plain)-n:] {
		if int(b) != n {
			return nil, false
		}
	}
	return plain[:len(plain)-n], true
}
