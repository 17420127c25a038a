package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/md5"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// The "Authenticator" browser extension's JSON backup
// (Authenticator-Extension/Authenticator, src/import.ts, src/argon.ts,
// src/models/interface.ts): an object of entries keyed by hash, each
// {secret, issuer, account, type (totp, hotp, battle, steam, hex, hhex),
// period, digits, algorithm, counter, index, encrypted}.
//
// Encrypted (current, key version 3): one entry {dataType "Key", id, salt,
// hash}; each token is {dataType "EncOTPStorage", keyId, data}. The entry
// passphrase is the base64 (no padding) hash part of the encoded
// Argon2id(password, salt as text, t=2, m=19 MiB, p=1, 32 bytes); Key.hash
// is an encoded Argon2 hash of that passphrase, to check it. data is
// CryptoJS.AES.encrypt(JSON of the entry, passphrase): the OpenSSL format
// "Salted__" ‖ salt 8 ‖ AES-256-CBC, key and IV from EVP_BytesToKey(MD5,
// one round). Older backups sealed each secret the same way under the
// password itself ("encrypted": true); those are read too. The backups of
// the versions between (a top-level "key" {enc, hash}) are refused.

const (
	authExtArgonTime    = 2
	authExtArgonMemory  = 19 * 1024 // KiB
	authExtArgonThreads = 1
	authExtArgonLen     = 32
	// Bounds on the Argon2 parameters read from Key.hash: the extension
	// writes the ones above; more would let a crafted file ask for gigabytes.
	authExtMaxMemory = 256 * 1024
	authExtMaxTime   = 16
)

type authExtEntry struct {
	DataType  string          `json:"dataType"`
	ID        string          `json:"id"`
	Salt      string          `json:"salt"`
	Hash      string          `json:"hash"`
	KeyID     string          `json:"keyId"`
	Data      string          `json:"data"`
	Secret    string          `json:"secret"`
	Issuer    string          `json:"issuer"`
	Account   string          `json:"account"`
	Type      string          `json:"type"`
	Period    int             `json:"period"`
	Digits    int             `json:"digits"`
	Algorithm string          `json:"algorithm"`
	Counter   uint64          `json:"counter"`
	Index     json.RawMessage `json:"index"`
	Encrypted bool            `json:"encrypted"`
}

// looksLikeAuthExt tells the extension's backup by the fields of its
// entries.
func looksLikeAuthExt(probe map[string]json.RawMessage) bool {
	if k := probe["key"]; k != nil && bytes.Contains(k, []byte(`"enc"`)) {
		return true
	}
	for _, v := range probe {
		var e map[string]json.RawMessage
		if json.Unmarshal(v, &e) != nil {
			continue
		}
		var dt string
		_ = json.Unmarshal(e["dataType"], &dt)
		if dt == "Key" || dt == "EncOTPStorage" || dt == "OTPStorage" || (e["secret"] != nil && e["encrypted"] != nil) {
			return true
		}
	}
	return false
}

func decodeAuthExt(data []byte, password func() ([]byte, error), w *work) (*Result, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, msg.New("freeotp.authext.json", jsonDetail(data, err))
	}
	if k := raw["key"]; k != nil && bytes.Contains(k, []byte(`"enc"`)) {
		return nil, msg.New("freeotp.authext.old_key", nil)
	}
	var entries, keys []authExtEntry
	encrypted := false
	for _, v := range raw {
		var e authExtEntry
		if json.Unmarshal(v, &e) != nil {
			continue // settings and other values, not entries
		}
		switch {
		case e.DataType == "Key":
			keys = append(keys, e)
		case e.DataType == "EncOTPStorage" || e.Encrypted:
			encrypted = true
			entries = append(entries, e)
		case e.Secret != "":
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		return nil, msg.New("freeotp.authext.empty", nil)
	}
	if err := w.checkSlots(len(keys)); err != nil {
		return nil, err
	}
	costs := make([]kdfCost, 0, 2*len(keys))
	for _, k := range keys {
		costs = append(costs, authExtUnlockCost)
		if c, ok := argon2HashCost(k.Hash); ok {
			costs = append(costs, c)
		}
	}
	if err := w.check(costs...); err != nil {
		return nil, err
	}
	var pw []byte
	if encrypted {
		if password == nil {
			return nil, msg.New("transfer.need_password", nil)
		}
		var err error
		if pw, err = password(); err != nil {
			return nil, err
		}
	}
	passphrases := map[string]string{}
	for _, k := range keys {
		p, ok, err := authExtUnlock(k, pw, w)
		if err != nil {
			return nil, err
		}
		if ok {
			passphrases[k.ID] = p
		}
	}
	slices.SortStableFunc(entries, func(a, b authExtEntry) int { return authExtIndex(a) - authExtIndex(b) })
	res := &Result{Format: FormatAuthExt}
	for _, e := range entries {
		if e.DataType == "EncOTPStorage" {
			p, ok := passphrases[e.KeyID]
			if !ok {
				return nil, msg.New("freeotp.authext.wrong_password", nil)
			}
			plain, ok := cryptoJSOpen(e.Data, p)
			var inner authExtEntry
			if !ok || json.Unmarshal(plain, &inner) != nil {
				return nil, msg.New("freeotp.authext.damaged", nil)
			}
			e = inner
		} else if e.Encrypted {
			plain, ok := cryptoJSOpen(e.Secret, string(pw))
			if !ok || !utf8Printable(plain) {
				return nil, msg.New("freeotp.authext.wrong_password", nil)
			}
			e.Secret = string(plain)
		}
		res.addAuthExt(e)
	}
	return res, nil
}

func authExtIndex(e authExtEntry) int {
	n, _ := strconv.Atoi(string(e.Index))
	return n
}

func utf8Printable(b []byte) bool {
	return len(b) > 0 && !bytes.ContainsFunc(b, func(r rune) bool { return r < 0x20 || r == 0xfffd })
}

func (r *Result) addAuthExt(e authExtEntry) {
	t := token.Token{Issuer: strings.TrimSpace(e.Issuer), Account: strings.TrimSpace(e.Account)}
	name := token.DefaultName(t.Issuer, t.Account)
	secret := strings.TrimSpace(e.Secret)
	typ := strings.ToLower(strings.TrimSpace(e.Type))
	for _, p := range []string{"stm-", "blz-", "bliz-"} {
		secret = strings.TrimPrefix(secret, p)
	}
	p := entryParams{Type: typ, Algorithm: e.Algorithm, Digits: e.Digits, Period: e.Period, Counter: &e.Counter}
	hexSecret := false
	switch typ {
	case "", "totp":
		p.Type = "totp"
	case "hex":
		p.Type, hexSecret = "totp", true
	case "hhex":
		p.Type, hexSecret = "hotp", true
	case "battle":
		// Battle.net: 8-digit TOTP (KeyUtilities.generate).
		p.Type, p.Digits = "totp", 8
	}
	if p.Digits == 0 {
		p.Digits = 6
	}
	if p.Period == 0 {
		p.Period = 30
	}
	if !r.params(&t, name, p) {
		return
	}
	if t.Kind == token.Steam {
		t.Digits = 5
	}
	if !hexSecret {
		r.addWithSecret(t, name, secret)
		return
	}
	b, err := hex.DecodeString(secret)
	if err != nil || len(b) == 0 {
		r.skip(name, msg.New("freeotp.authext.hex", nil))
		return
	}
	t.Secret = b
	r.add(t)
}

// authExtUnlock derives the entry passphrase of key k from the password
// and checks it against k.hash.
func authExtUnlock(k authExtEntry, pw []byte, w *work) (string, bool, error) {
	raw, err := derive(w, authExtUnlockCost, func() ([]byte, error) {
		return argon2.IDKey(pw, []byte(k.Salt), authExtArgonTime, authExtArgonMemory, authExtArgonThreads, authExtArgonLen), nil
	})
	if err != nil {
		return "", false, err
	}
	passphrase := base64.RawStdEncoding.EncodeToString(raw)
	ok, err := argon2Verify(k.Hash, []byte(passphrase), w)
	return passphrase, ok, err
}

var authExtUnlockCost = argon2Cost(authExtArgonMemory, authExtArgonTime, authExtArgonThreads)

// argon2HashCost is the cost of checking a value against the encoded
// Argon2id hash, or false when argon2Verify refuses the hash unchecked.
func argon2HashCost(encoded string) (kdfCost, bool) {
	h, ok := parseArgon2Hash(encoded)
	if !ok {
		return kdfCost{}, false
	}
	return argon2Cost(uint64(h.m), uint64(h.t), h.p), true
}

// argon2Hash is an encoded Argon2id hash
// "$argon2id$v=19$m=M,t=T,p=P$salt$hash" (base64 without padding).
type argon2Hash struct {
	m, t, p    int
	salt, want []byte
}

// parseArgon2Hash reads an encoded hash, false when it is not one or asks
// for more than the bounds.
func parseArgon2Hash(encoded string) (argon2Hash, bool) {
	var h argon2Hash
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[1] != "argon2id" || f[2] != "v=19" {
		return h, false
	}
	for _, kv := range strings.Split(f[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if err != nil {
			return h, false
		}
		switch k {
		case "m":
			h.m = n
		case "t":
			h.t = n
		case "p":
			h.p = n
		}
	}
	var err1, err2 error
	h.salt, err1 = base64.RawStdEncoding.DecodeString(f[4])
	h.want, err2 = base64.RawStdEncoding.DecodeString(f[5])
	if err1 != nil || err2 != nil || h.m < 8 || h.m > authExtMaxMemory || h.t < 1 || h.t > authExtMaxTime || h.p < 1 || h.p > 16 || len(h.want) < 16 || len(h.want) > 64 {
		return h, false
	}
	return h, true
}

// argon2Verify checks value against an encoded Argon2id hash; a hash it
// cannot read matches nothing. Its error is the budget's.
func argon2Verify(encoded string, value []byte, w *work) (bool, error) {
	h, ok := parseArgon2Hash(encoded)
	if !ok {
		return false, nil
	}
	got, err := derive(w, argon2Cost(uint64(h.m), uint64(h.t), h.p), func() ([]byte, error) {
		return argon2.IDKey(value, h.salt, uint32(h.t), uint32(h.m), uint8(h.p), uint32(len(h.want))), nil
	})
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, h.want) == 1, nil
}

// cryptoJSOpen decrypts CryptoJS.AES.encrypt(text, passphrase): base64 of
// "Salted__" ‖ salt 8 ‖ AES-256-CBC with PKCS#7, key and IV from OpenSSL's
// EVP_BytesToKey(MD5, passphrase, salt, 1 round).
func cryptoJSOpen(b64, passphrase string) ([]byte, bool) {
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(data) < 16+aes.BlockSize || string(data[:8]) != "Salted__" {
		return nil, false
	}
	salt := data[8:16]
	var kiv, prev []byte
	for len(kiv) < 48 {
		h := md5.New()
		h.Write(prev)
		h.Write([]byte(passphrase))
		h.Write(salt)
		prev = h.Sum(nil)
		kiv = append(kiv, prev...)
	}
	return cbcOpen(kiv[:32], kiv[32:48], data[16:])
}
