package transfer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/otptray/otptray/token"
)

// FreeOTP's backups, written as the app writes them (TokenPersistence,
// MasterKey, EncryptedKey): an Android shared-preferences XML file.

// prefsXML writes the entries as Android writes a shared-preferences file.
func prefsXML(entries [][2]string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n")
	for _, e := range entries {
		b.WriteString(`    <string name="`)
		xml.EscapeText(&b, []byte(e[0]))
		b.WriteString(`">`)
		xml.EscapeText(&b, []byte(e[1]))
		b.WriteString("</string>\n")
	}
	b.WriteString(`    <boolean name="onboarding" value="true" />` + "\n</map>\n")
	// Android writes quotes as &quot;, encoding/xml as &#34;.
	return []byte(strings.ReplaceAll(b.String(), "&#34;", "&quot;"))
}

// javaSealKey is EncryptedKey.encrypt: AES/GCM/NoPadding with a 12-byte
// nonce and 16-byte tag, the algorithm name as additional data, the
// parameters as DER.
func javaSealKey(kek, nonce, plain []byte, algorithm string) map[string]any {
	block, err := aes.NewCipher(kek)
	if err != nil {
		panic(err)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	der, err := asn1.Marshal(struct {
		Nonce  []byte
		TagLen int
	}{nonce, 16})
	if err != nil {
		panic(err)
	}
	return map[string]any{"mCipher": "AES/GCM/NoPadding", "mCipherText": javaSigned(g.Seal(nil, nonce, plain, []byte(algorithm))),
		"mParameters": javaSigned(der), "mToken": algorithm}
}

func mustJSONLine(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// freeOTPTokenJSON is a token as FreeOTP serialises it (no secret); Steam
// under the issuer "Steam" with digits left out (the app's default, 5), and
// algo left out for SHA1 (the app's default).
func freeOTPTokenJSON(t token.Token) map[string]any {
	e := map[string]any{"issuerExt": t.Issuer, "issuerInt": t.Issuer, "label": t.Account, "type": "TOTP", "period": t.Period, "digits": t.Digits, "algo": string(t.Algorithm), "lock": false}
	if t.Kind == token.HOTP {
		e["type"] = "HOTP"
		e["counter"] = t.Counter
		e["period"] = 30
	}
	if t.Kind == token.Steam {
		e["issuerExt"], e["issuerInt"] = "Steam", "Steam"
		delete(e, "digits")
	}
	if t.Algorithm == token.SHA1 {
		delete(e, "algo")
	}
	return e
}

// fixtureFreeOTP writes a FreeOTP 2.x backup: master key under
// PBKDF2-HMAC-SHA512(pw, 32-byte salt, 100000), each token's key under the
// master key; one SHA224 token (skipped) and one key without settings.
func fixtureFreeOTP(ref []token.Token, pw string) []byte {
	salt := fixedBytes(32, 31)
	kek, err := pbkdf2.Key(sha512.New, pw, salt, 100000, 32)
	if err != nil {
		panic(err)
	}
	master := fixedBytes(32, 32)
	entries := [][2]string{{"masterKey", mustJSONLine(map[string]any{
		"mAlgorithm": "PBKDF2withHmacSHA512", "mIterations": 100000, "mSalt": javaSigned(salt),
		"mEncryptedKey": javaSealKey(kek, fixedBytes(12, 33), master, "AES")})}}
	add := func(i int, t map[string]any, secret []byte, alg string, withToken bool) {
		uuid := fmt.Sprintf("6f9b5c1e-0000-4000-8000-%012d", i)
		key := mustJSONLine(javaSealKey(master, fixedBytes(12, byte(40+i)), secret, "Hmac"+alg))
		entries = append(entries, [2]string{uuid, mustJSONLine(map[string]any{"key": key})})
		if withToken {
			entries = append(entries, [2]string{uuid + "-token", mustJSONLine(t)})
		}
	}
	for i, t := range ref {
		add(i, freeOTPTokenJSON(t), t.Secret, string(t.Algorithm), true)
	}
	add(len(ref), map[string]any{"issuerExt": "Odd", "label": "x", "type": "TOTP", "algo": "SHA224"}, []byte("0123456789abcdef"), "SHA224", true)
	add(len(ref)+1, nil, []byte("0123456789abcdef"), "SHA1", false)
	return prefsXML(entries)
}

// fixtureFreeOTPLegacy writes FreeOTP 1.x's tokens.xml: tokenOrder and each
// token with its secret, unencrypted.
func fixtureFreeOTPLegacy(ref []token.Token) []byte {
	var entries [][2]string
	var order []string
	for _, t := range ref {
		e := freeOTPTokenJSON(t)
		delete(e, "issuerInt")
		e["secret"] = javaSigned(t.Secret)
		id := e["issuerExt"].(string) + ":" + t.Account
		order = append(order, id)
		entries = append(entries, [2]string{id, mustJSONLine(e)})
	}
	return prefsXML(append([][2]string{{"tokenOrder", mustJSONLine(order)}}, entries...))
}

// freeOTPWant is what the FreeOTP fixtures hold.
func freeOTPWant() []token.Token {
	ref := reference()
	ref[6] = freeOTPSteam(ref[6])
	return ref
}
