package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/json"
	"encoding/xml"
	"errors"
	"hash"
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// FreeOTP 2.x backup (freeotp/freeotp-android, Apache-2.0:
// TokenPersistence.java, encryptor/MasterKey.java, EncryptedKey.java): the
// Android shared-preferences XML <map><string name="...">...</string></map>
// with
//   - "masterKey": Gson of MasterKey {mAlgorithm (PBKDF2withHmacSHA512, or
//     ...SHA1), mIterations, mSalt, mEncryptedKey}: the AES master key,
//     sealed under PBKDF2(password, salt, iterations, len(salt) bytes);
//   - per token "UUID": {"key": "<Gson of EncryptedKey>"}, the token's HMAC
//     key sealed under the master key, and "UUID-token": the token's
//     parameters (freeOTPToken without the secret).
//
// An EncryptedKey is {mCipher "AES/GCM/NoPadding", mCipherText (ct‖tag),
// mParameters (DER of GCMParameters: SEQUENCE {nonce OCTET STRING, tag
// length INTEGER, bytes}), mToken (the sealed key's algorithm: "AES",
// "HmacSHA1", ...)}, with mToken as the GCM additional data. Byte arrays are
// Java byte[] (signed numbers).
//
// FreeOTP 1.x kept its tokens unencrypted in the same kind of file
// (tokens.xml): "tokenOrder" and one entry per token with its secret, read
// here like a FreeOTP+ backup.

const (
	freeOTPMasterKey = "masterKey"
	freeOTPOrderKey  = "tokenOrder"
	// FreeOTP writes 100000 iterations; the bound keeps a crafted file from
	// making us spin for minutes.
	freeOTPMaxIterations = 5_000_000
)

type freeOTPPrefs struct {
	Strings []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"string"`
}

type freeOTPMaster struct {
	Algorithm    string              `json:"mAlgorithm"`
	Iterations   int                 `json:"mIterations"`
	Salt         []int               `json:"mSalt"`
	EncryptedKey freeOTPEncryptedKey `json:"mEncryptedKey"`
}

type freeOTPEncryptedKey struct {
	Cipher     string `json:"mCipher"`
	CipherText []int  `json:"mCipherText"`
	Parameters []int  `json:"mParameters"`
	Token      string `json:"mToken"`
}

// gcmParameters is the DER of Java's GCMParameters.
type gcmParameters struct {
	Nonce  []byte
	TagLen int `asn1:"optional,default:12"`
}

// looksLikeFreeOTPXML tells FreeOTP's shared-preferences file.
func looksLikeFreeOTPXML(text []byte) bool {
	return bytes.Contains(text, []byte("<map")) &&
		(bytes.Contains(text, []byte(`name="`+freeOTPMasterKey+`"`)) || bytes.Contains(text, []byte(`name="`+freeOTPOrderKey+`"`)))
}

func decodeFreeOTP(data []byte, password func() ([]byte, error), w *work) (*Result, error) {
	var prefs freeOTPPrefs
	if err := xml.Unmarshal(data, &prefs); err != nil {
		return nil, msg.New("freeotp.xml", err)
	}
	values := map[string]string{}
	var names []string
	for _, s := range prefs.Strings {
		if _, dup := values[s.Name]; !dup {
			names = append(names, s.Name)
		}
		values[s.Name] = s.Value
	}
	master, ok := values[freeOTPMasterKey]
	if !ok {
		if order, ok := values[freeOTPOrderKey]; ok {
			return decodeFreeOTPLegacy(names, values, order)
		}
		return nil, msg.New("freeotp.no_master_key", nil)
	}
	key, err := freeOTPMasterKeyOpen(master, password, w)
	if err != nil {
		return nil, err
	}
	res := &Result{Format: FormatFreeOTP}
	for _, uuid := range names {
		if uuid == freeOTPMasterKey || strings.HasSuffix(uuid, "-token") {
			continue
		}
		var wrapped struct {
			Key *string `json:"key"`
		}
		if json.Unmarshal([]byte(values[uuid]), &wrapped) != nil || wrapped.Key == nil {
			continue // not a token (the app skips these too)
		}
		params, ok := values[uuid+"-token"]
		if !ok {
			res.skip(uuid, msg.New("freeotp.no_token_data", nil))
			continue
		}
		var e freeOTPToken
		if err := json.Unmarshal([]byte(params), &e); err != nil {
			res.skip(uuid, msg.New("freeotp.token_json", nil))
			continue
		}
		t, name, err := e.token()
		if err != nil {
			res.skip(name, err)
			continue
		}
		var ek freeOTPEncryptedKey
		if json.Unmarshal([]byte(*wrapped.Key), &ek) != nil {
			res.skip(name, msg.New("freeotp.token_key", nil))
			continue
		}
		secret, err := ek.open(key)
		if err != nil {
			res.skip(name, msg.New("freeotp.token_key", nil))
			continue
		}
		t.Secret = secret
		res.add(t)
	}
	return res, nil
}

// decodeFreeOTPLegacy reads FreeOTP 1.x's unencrypted tokens.xml.
func decodeFreeOTPLegacy(names []string, values map[string]string, order string) (*Result, error) {
	var f freeOTPPlusFile
	if err := json.Unmarshal([]byte(order), &f.TokenOrder); err != nil {
		return nil, msg.New("freeotp.token_json", nil)
	}
	for _, n := range names {
		if n == freeOTPOrderKey {
			continue
		}
		var e freeOTPToken
		if json.Unmarshal([]byte(values[n]), &e) != nil || e.Secret == nil {
			continue // another preference, not a token
		}
		f.Tokens = append(f.Tokens, e)
	}
	res, err := decodeFreeOTPPlusTokens(f)
	if err != nil {
		return nil, err
	}
	res.Format = FormatFreeOTP
	return res, nil
}

func freeOTPMasterKeyOpen(master string, password func() ([]byte, error), w *work) ([]byte, error) {
	var m freeOTPMaster
	if err := json.Unmarshal([]byte(master), &m); err != nil {
		return nil, msg.New("freeotp.master_key", nil)
	}
	var h func() hash.Hash
	var hashName string
	switch strings.ToUpper(m.Algorithm) {
	case "PBKDF2WITHHMACSHA512":
		h, hashName = sha512.New, "sha512"
	case "PBKDF2WITHHMACSHA256":
		h, hashName = sha256.New, "sha256"
	case "PBKDF2WITHHMACSHA1":
		h, hashName = sha1.New, "sha1"
	default:
		return nil, msg.New("freeotp.kdf", nil, "Algorithm", m.Algorithm)
	}
	if m.Iterations < 1 || m.Iterations > freeOTPMaxIterations {
		return nil, msg.New("freeotp.iterations", nil, "Iterations", m.Iterations, "Max", freeOTPMaxIterations)
	}
	salt, ok := javaBytes(m.Salt)
	// The key is as long as the salt (MasterKey.decrypt): it must be an AES key.
	if !ok || (len(salt) != 16 && len(salt) != 24 && len(salt) != 32) {
		return nil, msg.New("freeotp.master_key", nil)
	}
	if !strings.EqualFold(m.EncryptedKey.Cipher, "AES/GCM/NoPadding") {
		return nil, msg.New("freeotp.cipher", nil, "Cipher", m.EncryptedKey.Cipher)
	}
	cost := pbkdf2Cost(hashName, m.Iterations)
	if err := w.check(cost); err != nil {
		return nil, err
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	kek, err := derive(w, cost, func() ([]byte, error) { return pbkdf2.Key(h, string(pw), salt, m.Iterations, len(salt)) })
	if errors.As(err, new(*msg.Error)) {
		return nil, err
	}
	if err != nil {
		return nil, msg.New("freeotp.master_key", err)
	}
	key, err := m.EncryptedKey.open(kek)
	if err != nil {
		return nil, msg.New("freeotp.wrong_password", nil)
	}
	if len(key) != 16 && len(key) != 24 && len(key) != 32 {
		return nil, msg.New("freeotp.master_key", nil)
	}
	return key, nil
}

// open decrypts the sealed key with AES-GCM under key, with the key's
// algorithm name as additional data.
func (ek freeOTPEncryptedKey) open(key []byte) ([]byte, error) {
	if !strings.EqualFold(ek.Cipher, "AES/GCM/NoPadding") {
		return nil, msg.New("freeotp.cipher", nil, "Cipher", ek.Cipher)
	}
	der, ok1 := javaBytes(ek.Parameters)
	sealed, ok2 := javaBytes(ek.CipherText)
	var p gcmParameters
	if !ok1 || !ok2 {
		return nil, msg.New("freeotp.master_key", nil)
	}
	if rest, err := asn1.Unmarshal(der, &p); err != nil || len(rest) != 0 {
		return nil, msg.New("freeotp.master_key", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	var g cipher.AEAD
	switch {
	case len(p.Nonce) == 12 && p.TagLen >= 12 && p.TagLen <= 16:
		g, err = cipher.NewGCMWithTagSize(block, p.TagLen)
	case len(p.Nonce) > 0 && p.TagLen == 16:
		g, err = cipher.NewGCMWithNonceSize(block, len(p.Nonce))
	default:
		return nil, msg.New("freeotp.master_key", nil)
	}
	if err != nil {
		return nil, err
	}
	return g.Open(nil, p.Nonce, sealed, []byte(ek.Token))
}
