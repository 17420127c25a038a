package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/argon2"

	"github.com/otptray/otptray/token"
)

// authExtRaw is one reference token as the extension stores it.
func authExtRaw(i int, t token.Token) (string, map[string]any) {
	sum := md5.Sum(t.Secret)
	hash := hex.EncodeToString(sum[:])
	e := map[string]any{"account": t.Account, "issuer": t.Issuer, "secret": token.EncodeSecret(t.Secret), "type": string(t.Kind),
		"hash": hash, "index": i, "encrypted": false, "pinned": false, "digits": t.Digits, "algorithm": string(t.Algorithm)}
	if t.Kind == token.HOTP {
		e["counter"] = t.Counter
	} else {
		e["period"] = t.Period
	}
	return hash, e
}

// cryptoJSSeal is CryptoJS.AES.encrypt(text, passphrase), written out.
func cryptoJSSeal(text []byte, passphrase string, salt []byte) string {
	// EVP_BytesToKey: D1 = MD5(pass‖salt), Di = MD5(Di-1‖pass‖salt).
	var kiv, d []byte
	for len(kiv) < 48 {
		s := md5.Sum(append(append(bytes.Clone(d), passphrase...), salt...))
		d = s[:]
		kiv = append(kiv, d...)
	}
	n := aes.BlockSize - len(text)%aes.BlockSize
	padded := append(bytes.Clone(text), bytes.Repeat([]byte{byte(n)}, n)...)
	block, err := aes.NewCipher(kiv[:32])
	if err != nil {
		panic(err)
	}
	cipher.NewCBCEncrypter(block, kiv[32:48]).CryptBlocks(padded, padded)
	return base64.StdEncoding.EncodeToString(append(append([]byte("Salted__"), salt...), padded...))
}

// fixtureAuthExt writes the extension's backup of the reference set, in
// reverse key order (the index field gives the order); encrypted as the
// current extension does (key version 3) when pw is set.
func fixtureAuthExt(ref []token.Token, pw string) []byte {
	out := map[string]any{}
	const keyID = "9a1c0d2e-3f40-4516-8789-aabbccddeeff"
	var passphrase string
	if pw != "" {
		salt := "2f1e0d9c8b7a6958"
		passphrase = base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(pw), []byte(salt), 2, 19*1024, 1, 32))
		hsalt := fixedBytes(16, 51)
		h := argon2.IDKey([]byte(passphrase), hsalt, 2, 19*1024, 1, 32)
		out[keyID] = map[string]any{"dataType": "Key", "id": keyID, "salt": salt, "version": 3,
			"hash": fmt.Sprintf("$argon2id$v=19$m=%d,t=2,p=1$%s$%s", 19*1024, base64.RawStdEncoding.EncodeToString(hsalt), base64.RawStdEncoding.EncodeToString(h))}
	}
	for i, t := range ref {
		hash, e := authExtRaw(i, t)
		if pw == "" {
			out[hash] = e
			continue
		}
		e["dataType"] = "OTPStorage"
		out[hash] = map[string]any{"dataType": "EncOTPStorage", "keyId": keyID, "index": i,
			"data": cryptoJSSeal(mustJSON(e), passphrase, fixedBytes(8, byte(60+i)))}
	}
	return mustJSON(out)
}
