package transfer

import (
	"archive/zip"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"golang.org/x/crypto/argon2"

	"github.com/otptray/otptray/token"
)

// Fixtures of the password manager exports, written from the reference set
// by code independent of the decoders (see fixtures_test.go). Regenerate
// with:
//
//	go test ./token/transfer -run TestGenerateBitwardenFixtures -update
func TestGenerateBitwardenFixtures(t *testing.T) {
	if !*update {
		t.Skip("fixtures are committed; run with -update to rewrite them")
	}
	ref := reference()
	plain := fixtureBitwarden(ref)
	zipped := fixtureProtonPassZip(fixtureProtonPass(ref))
	armored := fixtureProtonPassPGP(zipped, fixturePassword)
	files := map[string][]byte{
		"bitwarden-plain.json":                plain,
		"bitwarden-encrypted.json":            fixtureBitwardenEncrypted(plain, fixturePassword, 0),
		"bitwarden-argon2.json":               fixtureBitwardenEncrypted(plain, fixturePassword, 1),
		"bitwarden-account.json":              fixtureBitwardenAccount(),
		"bitwarden.csv":                       fixtureBitwardenCSV(ref),
		"proton-authenticator.json":           fixtureProtonAuthenticator(ref),
		"proton-authenticator-encrypted.json": fixtureProtonEncrypted(fixtureProtonAuthenticator(ref), fixturePassword),
		"protonpass.json":                     fixtureProtonPass(ref),
		"protonpass.zip":                      zipped,
		"protonpass.csv":                      fixtureProtonPassCSV(ref),
		"protonpass.pgp":                      armored,
		"protonpass-base64.pgp":               []byte(base64.StdEncoding.EncodeToString(armored)),
		// Today's form: data.json encrypted, as data.pgp in the zip.
		"protonpass-encrypted.zip": fixtureZip("Proton Pass/data.pgp", fixtureProtonPassPGP(fixtureProtonPass(ref), fixturePassword)),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureURI is t as an otpauth URI with every parameter, as Bitwarden
// keeps a pasted one.
func fixtureURI(t token.Token) string {
	label := url.PathEscape(t.Issuer + ":" + t.Account)
	u := fmt.Sprintf("otpauth://%s/%s?secret=%s&issuer=%s&algorithm=%s&digits=%d", t.Kind, label, token.EncodeSecret(t.Secret), url.QueryEscape(t.Issuer), t.Algorithm, t.Digits)
	if t.Kind == token.HOTP {
		return u + fmt.Sprintf("&counter=%d", t.Counter)
	}
	return u + fmt.Sprintf("&period=%d", t.Period)
}

// bitwardenTOTP is the login.totp value for reference token i: the forms
// Bitwarden users have (a bare secret, a URI with or without an issuer, a
// steam:// secret).
func bitwardenTOTP(i int, t token.Token) string {
	switch {
	case t.Kind == token.Steam:
		return "steam://" + token.EncodeSecret(t.Secret)
	case i == 0:
		return token.EncodeSecret(t.Secret) // SHA1, 6 digits, 30 s: a bare secret says it all
	case i == 2:
		// No issuer: the item's name gives it.
		return fmt.Sprintf("otpauth://totp/%s?secret=%s&algorithm=%s&digits=%d&period=%d", url.PathEscape(t.Account), token.EncodeSecret(t.Secret), t.Algorithm, t.Digits, t.Period)
	}
	return fixtureURI(t)
}

func fixtureBitwarden(toks []token.Token) []byte {
	var items []any
	for i, t := range toks {
		items = append(items, map[string]any{
			"id": fmt.Sprintf("7c2f0c52-0000-4000-8000-%012d", i), "organizationId": nil, "folderId": nil, "type": 1, "reprompt": 0,
			"name": t.Issuer, "notes": nil, "favorite": false,
			"login":         map[string]any{"uris": []any{map[string]any{"match": nil, "uri": "https://example.com"}}, "username": t.Account, "password": "hunter2", "totp": bitwardenTOTP(i, t)},
			"collectionIds": nil,
		})
	}
	items = append(items,
		// A login without a one-time password: not a token, passed over.
		map[string]any{"type": 1, "name": "Mail", "login": map[string]any{"username": "me", "password": "pw", "totp": nil}},
		map[string]any{"type": 2, "name": "A note", "notes": "text", "secureNote": map[string]any{"type": 0}},
		map[string]any{"type": 3, "name": "Card", "card": map[string]any{"cardholderName": "Me", "number": "4111111111111111"}},
		map[string]any{"type": 1, "name": "Broken", "login": map[string]any{"username": "user", "totp": "not a secret!"}},
		map[string]any{"type": 1, "name": "Web", "login": map[string]any{"username": "user", "totp": "https://example.com/otp"}},
	)
	return mustJSON(map[string]any{"encrypted": false, "folders": []any{map[string]any{"id": "f1", "name": "Work"}}, "items": items})
}

// bitwardenFixtureKeys derives the two keys as Bitwarden does.
func bitwardenFixtureKeys(pw, salt string, kdf int) (enc, mac []byte) {
	var master []byte
	if kdf == 0 {
		master, _ = pbkdf2.Key(sha256.New, pw, []byte(salt), bitwardenFixtureIterations, 32)
	} else {
		s := sha256.Sum256([]byte(salt))
		master = argon2.IDKey([]byte(pw), s[:], 3, 16*1024, 2, 32)
	}
	enc, _ = hkdf.Expand(sha256.New, master, "enc", 32)
	mac, _ = hkdf.Expand(sha256.New, master, "mac", 32)
	return enc, mac
}

// bitwardenFixtureIterations are far fewer than Bitwarden's default
// (600000), to keep the tests quick: the reading is the same.
const bitwardenFixtureIterations = 5000

// encString seals plain as a type 2 EncString.
func encString(plain, enc, mac, iv []byte) string {
	n := aes.BlockSize - len(plain)%aes.BlockSize
	padded := append(append([]byte(nil), plain...), bytes.Repeat([]byte{byte(n)}, n)...)
	block, _ := aes.NewCipher(enc)
	ct := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
	h := hmac.New(sha256.New, mac)
	h.Write(iv)
	h.Write(ct)
	b64 := base64.StdEncoding.EncodeToString
	return "2." + b64(iv) + "|" + b64(ct) + "|" + b64(h.Sum(nil))
}

func fixtureBitwardenEncrypted(plain []byte, pw string, kdf int) []byte {
	salt := base64.StdEncoding.EncodeToString(fixedBytes(16, byte(40+kdf)))
	enc, mac := bitwardenFixtureKeys(pw, salt, kdf)
	f := map[string]any{
		"encrypted": true, "passwordProtected": true, "salt": salt, "kdfType": kdf,
		"encKeyValidation_DO_NOT_EDIT": encString([]byte("5f1d0c7e-3e65-4d7a-9a53-0d2ab2c0f5d1"), enc, mac, fixedBytes(16, byte(50+kdf))),
		"data":                         encString(plain, enc, mac, fixedBytes(16, byte(60+kdf))),
	}
	if kdf == 0 {
		f["kdfIterations"] = bitwardenFixtureIterations
	} else {
		f["kdfIterations"], f["kdfMemory"], f["kdfParallelism"] = 3, 16, 2
	}
	return mustJSON(f)
}

// fixtureBitwardenAccount is an export sealed with an account key (made up
// here: without the account no one can open it).
func fixtureBitwardenAccount() []byte {
	enc, mac := fixedBytes(32, 1), fixedBytes(32, 2)
	return mustJSON(map[string]any{
		"encrypted": true, "encKeyValidation_DO_NOT_EDIT": encString([]byte("guid"), enc, mac, fixedBytes(16, 3)),
		"folders": []any{},
		"items":   []any{map[string]any{"type": 1, "name": encString([]byte("Deno"), enc, mac, fixedBytes(16, 4)), "login": map[string]any{"totp": encString([]byte("x"), enc, mac, fixedBytes(16, 5))}}},
	})
}

func fixtureBitwardenCSV(toks []token.Token) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"folder", "favorite", "type", "name", "notes", "fields", "reprompt", "login_uri", "login_username", "login_password", "login_totp"})
	for i, t := range toks {
		w.Write([]string{"Work", "", "login", t.Issuer, "line one\nline, two", "", "0", "https://example.com", t.Account, "pw", bitwardenTOTP(i, t)})
	}
	w.Write([]string{"", "1", "login", "Mail", "", "", "0", "", "me", "pw", ""})
	w.Write([]string{"", "", "note", "A note", "text", "", "0", "", "", "", ""})
	w.Write([]string{"", "", "login", "Broken", "", "", "0", "", "user", "", "not a secret!"})
	w.Flush()
	return b.Bytes()
}

// protonTOTP are the reference tokens Proton's apps hold: TOTP.
func protonTOTP(toks []token.Token) []token.Token {
	var out []token.Token
	for _, t := range toks {
		if t.Kind == token.TOTP {
			out = append(out, t)
		}
	}
	return out
}

func fixtureProtonAuthenticator(toks []token.Token) []byte {
	var entries []any
	for i, t := range protonTOTP(toks) {
		entries = append(entries, map[string]any{"id": fmt.Sprintf("e%d", i), "note": nil,
			"content": map[string]any{"uri": fixtureURI(t), "entry_type": "Totp", "name": t.Account}})
	}
	for _, t := range toks {
		if t.Kind == token.Steam {
			entries = append(entries, map[string]any{"id": "steam", "note": "Steam Guard",
				"content": map[string]any{"uri": "steam://" + token.EncodeSecret(t.Secret), "entry_type": "Steam", "name": t.Issuer}})
		}
	}
	entries = append(entries, map[string]any{"id": "bad", "note": nil,
		"content": map[string]any{"uri": "otpauth://totp/Bad:me?secret=1", "entry_type": "Totp", "name": "Bad"}})
	return mustJSON(map[string]any{"version": 1, "entries": entries})
}

// fixtureProtonEncrypted seals a plain Proton Authenticator export with a
// password as the app does.
func fixtureProtonEncrypted(plain []byte, pw string) []byte {
	salt, nonce := fixedBytes(16, 90), fixedBytes(12, 91)
	key := argon2.IDKey([]byte(pw), salt, 2, 19*1024, 1, 32)
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	sealed := gcm.Seal(append([]byte(nil), nonce...), nonce, plain, []byte("proton.authenticator.export.v1"))
	return mustJSON(map[string]any{"version": 1, "salt": base64.StdEncoding.EncodeToString(salt), "content": base64.StdEncoding.EncodeToString(sealed)})
}

func fixturePassItem(name, account, totpURI, extraTOTP string, state int) map[string]any {
	var extra []any
	if extraTOTP != "" {
		extra = append(extra, map[string]any{"fieldName": "2FA", "type": "totp", "data": map[string]any{"totpUri": extraTOTP}})
	}
	extra = append(extra, map[string]any{"fieldName": "PIN", "type": "hidden", "data": map[string]any{"content": "1234"}})
	return map[string]any{"itemId": "id-" + name, "shareId": "s", "state": state, "pinned": false, "createTime": 1700000000, "modifyTime": 1700000000,
		"data": map[string]any{"type": "login", "metadata": map[string]any{"name": name, "note": "", "itemUuid": "u"},
			"content":     map[string]any{"itemEmail": account + "@example.com", "itemUsername": account, "password": "pw", "urls": []string{"https://example.com"}, "totpUri": totpURI, "passkeys": []any{}},
			"extraFields": extra}}
}

func fixtureProtonPass(toks []token.Token) []byte {
	totp := protonTOTP(toks)
	personal := []any{
		fixturePassItem(totp[0].Issuer, totp[0].Account, fixtureURI(totp[0]), "", 1),
		// A second code in an extra field, a login without any.
		fixturePassItem(totp[1].Issuer, totp[1].Account, "", fixtureURI(totp[1]), 1),
		fixturePassItem("Mail", "me", "", "", 1),
		// In the trash: deleted by the user, not imported.
		fixturePassItem("Old", "me", "otpauth://totp/Old:me?secret=JBSWY3DPEHPK3PXP", "", 2),
		map[string]any{"itemId": "n", "state": 1, "data": map[string]any{"type": "note", "metadata": map[string]any{"name": "Note"}, "content": map[string]any{}, "extraFields": []any{}}},
		map[string]any{"itemId": "c", "state": 1, "data": map[string]any{"type": "creditCard", "metadata": map[string]any{"name": "Card"},
			"content": map[string]any{"cardholderName": "Me", "cardType": 0, "number": "4111111111111111"}, "extraFields": []any{}}},
	}
	work := []any{
		fixturePassItem(totp[2].Issuer, totp[2].Account, fixtureURI(totp[2]), "", 1),
		fixturePassItem("Broken", "user", "otpauth://totp/Broken:user?secret=1", "", 1),
	}
	return mustJSON(map[string]any{"version": "1.21.2", "userId": "u", "encrypted": false, "vaults": map[string]any{
		"aVault": map[string]any{"name": "Personal", "description": "", "display": map[string]any{"icon": 1, "color": 1}, "items": personal},
		"bVault": map[string]any{"name": "Work", "description": "", "display": map[string]any{"icon": 2, "color": 2}, "items": work},
	}})
}

func fixtureProtonPassZip(dataJSON []byte) []byte {
	return fixtureZip("Proton Pass/data.json", dataJSON)
}

func fixtureZip(name string, data []byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)})
	w.Write(data)
	zw.Close()
	return b.Bytes()
}

func fixtureProtonPassCSV(toks []token.Token) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"type", "name", "url", "email", "username", "password", "note", "totp", "createTime", "modifyTime", "vault"})
	for _, t := range protonTOTP(toks) {
		w.Write([]string{"login", t.Issuer, "https://example.com", t.Account + "@example.com", t.Account, "pw", "", fixtureURI(t), "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", "Personal"})
	}
	w.Write([]string{"login", "Mail", "", "me@example.com", "", "pw", "", "", "", "", "Personal"})
	w.Write([]string{"note", "Note", "", "", "", "", "text", "", "", "", "Personal"})
	w.Write([]string{"login", "Broken", "", "", "user", "", "", "otpauth://totp/Broken:user?secret=1", "", "", "Work"})
	w.Flush()
	return b.Bytes()
}

// fixtureProtonPassPGP encrypts the export (the zip, or data.json) with a
// passphrase as Proton Pass does, armored. Proton Pass hashes the passphrase the most times the
// iterated S2K allows (count byte 255); far fewer keep the tests quick.
func fixtureProtonPassPGP(zipped []byte, pw string) []byte {
	var b bytes.Buffer
	aw, _ := armor.Encode(&b, "PGP MESSAGE", nil)
	cfg := &packet.Config{Rand: bytes.NewReader(fixedBytes(4096, 77)), S2KCount: 65536, DefaultCipher: packet.CipherAES256}
	w, err := openpgp.SymmetricallyEncrypt(aw, []byte(pw), &openpgp.FileHints{IsBinary: true}, cfg)
	if err != nil {
		panic(err)
	}
	w.Write(zipped)
	w.Close()
	aw.Close()
	return append(b.Bytes(), '\n')
}
