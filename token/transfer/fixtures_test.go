package transfer

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	qrencode "github.com/skip2/go-qrcode"
	"golang.org/x/crypto/scrypt"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otptray/otptray/token"
)

// The fixtures in testdata are written by TestGenerateFixtures from the
// reference set, by code in this file that is independent of the package's
// own encoders (so reading them checks the decoders against the published
// formats, not against themselves). Regenerate with:
//
//	go test ./token/transfer -run TestGenerateFixtures -update
var update = flag.Bool("update", false, "rewrite the fixtures in testdata")

const fixturePassword = "test"

func TestGenerateFixtures(t *testing.T) {
	if !*update {
		t.Skip("fixtures are committed; run with -update to rewrite them")
	}
	ref := reference()
	files := map[string][]byte{
		"reference.uri.txt":         fixtureURIList(ref),
		"reference.google.txt":      []byte(strings.Join(fixtureMigration(migrationFixtureTokens(), 1, 0, -1914127432, true), "\n") + "\n"),
		"google-multibatch.txt":     []byte(strings.Join(fixtureMigrationBatches(multiBatchTokens(), 3, -7), "\n") + "\n"),
		"aegis-plain.json":          fixtureAegis(ref, ""),
		"aegis-encrypted.json":      fixtureAegis(ref, fixturePassword),
		"2fas-plain.2fas":           fixtureTwoFAS(ref, 4, ""),
		"2fas-encrypted.2fas":       fixtureTwoFAS(ref, 4, fixturePassword),
		"2fas-schema1.2fas":         fixtureTwoFAS(ref[:1], 1, ""),
		"2fas-schema5.2fas":         fixtureTwoFAS(ref, 5, ""),
		"andotp-plain.json":         fixtureAndOTP(ref, false),
		"andotp-old.json":           fixtureAndOTP(ref[:1], true),
		"andotp-encrypted.json.aes": fixtureAndOTPEncrypted(fixtureAndOTP(ref, false), fixturePassword),
		"qr-two.png":                fixtureQRPair(ref[0], ref[3], "png"),
		"qr-two.jpg":                fixtureQRPair(ref[0], ref[3], "jpeg"),
		"qr-none.png":               fixtureNoQR(),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureURIList writes the set as WinAuth does: '+' for spaces in the
// label, algorithm and period only when not the default, Steam as
// otpauth://steam/.
func fixtureURIList(toks []token.Token) []byte {
	var b strings.Builder
	b.WriteString("# exported for the otptray tests\n")
	for _, t := range toks {
		kind := string(t.Kind)
		label := strings.ReplaceAll(url.PathEscape(t.Issuer+":"+t.Account), "%20", "+")
		fmt.Fprintf(&b, "otpauth://%s/%s?secret=%s", kind, label, token.EncodeSecret(t.Secret))
		if t.Digits != 6 && t.Kind != token.Steam {
			fmt.Fprintf(&b, "&digits=%d", t.Digits)
		}
		if t.Algorithm != token.SHA1 {
			fmt.Fprintf(&b, "&algorithm=%s", t.Algorithm)
		}
		if t.Kind == token.HOTP {
			fmt.Fprintf(&b, "&counter=%d", t.Counter)
		} else if t.Period != 30 {
			fmt.Fprintf(&b, "&period=%d", t.Period)
		}
		fmt.Fprintf(&b, "&issuer=%s\n", url.QueryEscape(t.Issuer))
	}
	// A motp URI: unsupported, skipped with a reason.
	b.WriteString("otpauth://motp/Old:Bank?secret=ABCDEFGH\n")
	return []byte(b.String())
}

// migrationFixtureTokens are the reference tokens a migration payload can
// express (30-second TOTP or HOTP, 6 or 8 digits).
func migrationFixtureTokens() []token.Token {
	var out []token.Token
	for _, t := range reference() {
		if t.Kind != token.Steam && (t.Digits == 6 || t.Digits == 8) && (t.Kind == token.HOTP || t.Period == 30) {
			out = append(out, t)
		}
	}
	return out
}

// multiBatchTokens are 12 tokens for a three-code export.
func multiBatchTokens() []token.Token {
	var out []token.Token
	for i := range 12 {
		secret := []byte(fmt.Sprintf("multi-batch-secret-%02d", i))
		out = append(out, token.Token{Issuer: fmt.Sprintf("Batch%02d", i), Account: "user", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: secret})
	}
	return out
}

// fixtureMigration encodes one payload, with the name written as
// "Issuer:account" like Google Authenticator does, and (withMD5) an extra MD5
// entry that must be skipped.
func fixtureMigration(toks []token.Token, size, index, id int32, withMD5 bool) []string {
	var b []byte
	entry := func(secret []byte, name, issuer string, alg, digits, typ uint64, counter uint64) {
		var m []byte
		m = protowire.AppendTag(m, 1, protowire.BytesType)
		m = protowire.AppendBytes(m, secret)
		m = protowire.AppendTag(m, 2, protowire.BytesType)
		m = protowire.AppendString(m, name)
		if issuer != "" {
			m = protowire.AppendTag(m, 3, protowire.BytesType)
			m = protowire.AppendString(m, issuer)
		}
		for _, f := range []struct {
			n protowire.Number
			v uint64
		}{{4, alg}, {5, digits}, {6, typ}, {7, counter}} {
			if f.v != 0 {
				m = protowire.AppendTag(m, f.n, protowire.VarintType)
				m = protowire.AppendVarint(m, f.v)
			}
		}
		// unique_id (field 8) of newer apps: must be ignored.
		m = protowire.AppendTag(m, 8, protowire.BytesType)
		m = protowire.AppendString(m, "7d3f1e2a-0000-4000-8000-000000000000")
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendBytes(b, m)
	}
	for _, t := range toks {
		alg := map[token.Algorithm]uint64{token.SHA1: 1, token.SHA256: 2, token.SHA512: 3}[t.Algorithm]
		digits := map[int]uint64{6: 1, 8: 2}[t.Digits]
		typ := uint64(2)
		if t.Kind == token.HOTP {
			typ = 1
		}
		entry(t.Secret, t.Issuer+":"+t.Account, t.Issuer, alg, digits, typ, t.Counter)
	}
	if withMD5 {
		entry([]byte("md5-secret-bytes"), "Legacy:md5user", "Legacy", 4, 1, 2, 0)
	}
	for _, f := range []struct {
		n protowire.Number
		v int32
	}{{2, 1}, {3, size}, {4, index}, {5, id}} {
		b = protowire.AppendTag(b, f.n, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(int64(f.v)))
	}
	return []string{"otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(b))}
}

func fixtureMigrationBatches(toks []token.Token, n int32, id int32) []string {
	var out []string
	per := (len(toks) + int(n) - 1) / int(n)
	for i := int32(0); i < n; i++ {
		lo, hi := int(i)*per, min(int(i+1)*per, len(toks))
		out = append(out, fixtureMigration(toks[lo:hi], n, i, id, false)...)
	}
	return out
}

// fixtureAegis writes a db version 3 vault with groups, notes and two
// entries otptray cannot use (motp, yandex); encrypted with one password
// slot when pw is set, as Aegis does (scrypt 32768/8/1, AES-256-GCM).
func fixtureAegis(toks []token.Token, pw string) []byte {
	var entries []any
	for i, t := range toks {
		info := map[string]any{"secret": token.EncodeSecret(t.Secret), "algo": string(t.Algorithm), "digits": t.Digits}
		if t.Kind == token.HOTP {
			info["counter"] = t.Counter
		} else {
			info["period"] = t.Period
		}
		entries = append(entries, map[string]any{
			"type": string(t.Kind), "uuid": fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "name": t.Account, "issuer": t.Issuer,
			"note": "", "favorite": i == 0, "icon": nil, "info": info, "groups": []string{"11111111-1111-4111-8111-111111111111"},
		})
	}
	entries = append(entries,
		map[string]any{"type": "yandex", "uuid": "00000000-0000-4000-8000-100000000000", "name": "ivan", "issuer": "Yandex", "icon": nil,
			"info": map[string]any{"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "algo": "SHA256", "digits": 8, "period": 30, "pin": "1234"}},
		map[string]any{"type": "motp", "uuid": "00000000-0000-4000-8000-100000000001", "name": "pat", "issuer": "OldBank", "icon": nil,
			"info": map[string]any{"secret": "JBSWY3DPEHPK3PXP", "algo": "MD5", "digits": 6, "period": 10, "pin": "1234"}},
	)
	db := map[string]any{"version": 3, "entries": entries, "groups": []any{map[string]any{"uuid": "11111111-1111-4111-8111-111111111111", "name": "Work"}}}
	plain := mustJSON(db)
	if pw == "" {
		return mustJSON(map[string]any{"version": 1, "header": map[string]any{"slots": nil, "params": nil}, "db": json.RawMessage(plain)})
	}
	master := fixedBytes(32, 1)
	salt := fixedBytes(32, 2)
	slotNonce := fixedBytes(12, 3)
	dbNonce := fixedBytes(12, 4)
	kek, err := scrypt.Key([]byte(pw), salt, 32768, 8, 1, 32)
	if err != nil {
		panic(err)
	}
	sealedKey := testSeal(kek, slotNonce, master)
	sealedDB := testSeal(master, dbNonce, plain)
	header := map[string]any{
		"slots": []any{
			// A biometric slot first, as a phone's vault has: unusable here, skipped.
			map[string]any{"type": 2, "uuid": "22222222-2222-4222-8222-222222222222", "key": hex.EncodeToString(fixedBytes(32, 5)),
				"key_params": map[string]any{"nonce": hex.EncodeToString(fixedBytes(12, 6)), "tag": hex.EncodeToString(fixedBytes(16, 7))}},
			map[string]any{"type": 1, "uuid": "33333333-3333-4333-8333-333333333333", "key": hex.EncodeToString(sealedKey[:32]),
				"key_params": map[string]any{"nonce": hex.EncodeToString(slotNonce), "tag": hex.EncodeToString(sealedKey[32:])},
				"n":          32768, "r": 8, "p": 1, "salt": hex.EncodeToString(salt), "repaired": true, "is_backup": false},
		},
		"params": map[string]any{"nonce": hex.EncodeToString(dbNonce), "tag": hex.EncodeToString(sealedDB[len(sealedDB)-16:])},
	}
	return mustJSON(map[string]any{"version": 1, "header": header, "db": base64.StdEncoding.EncodeToString(sealedDB[:len(sealedDB)-16])})
}

// fixtureTwoFAS writes a 2FAS backup of the given schema. Schema 1 has no
// digits/period/algorithm, schema 2 no tokenType. Encrypted as 2FAS does:
// PBKDF2-HMAC-SHA256 with a 256-byte salt, 10000 rounds, AES-256-GCM.
func fixtureTwoFAS(toks []token.Token, schema int, pw string) []byte {
	var services []any
	for i, t := range toks {
		otp := map[string]any{"account": t.Account, "issuer": t.Issuer, "label": t.Issuer + ":" + t.Account, "source": "Link"}
		if schema >= 2 {
			otp["digits"] = t.Digits
			otp["period"] = t.Period
			otp["algorithm"] = string(t.Algorithm)
			if t.Kind == token.HOTP {
				otp["counter"] = t.Counter
				otp["period"] = 30
			}
		}
		if schema >= 3 {
			otp["tokenType"] = strings.ToUpper(string(t.Kind))
		}
		services = append(services, map[string]any{
			"name": t.Issuer, "secret": token.EncodeSecret(t.Secret), "updatedAt": 1700000000000 + i,
			"otp": otp, "order": map[string]any{"position": i}, "icon": map[string]any{"selected": "Label"},
		})
	}
	if len(toks) > 1 {
		// A TOTP with SHA224: unsupported, skipped.
		services = append(services, map[string]any{"name": "Odd", "secret": "JBSWY3DPEHPK3PXP",
			"otp": map[string]any{"account": "x", "digits": 6, "period": 30, "algorithm": "SHA224", "tokenType": "TOTP"}})
	}
	top := map[string]any{"services": services, "groups": []any{}, "updatedAt": 1700000000000, "schemaVersion": schema,
		"appVersionCode": 5000012, "appVersionName": "5.0.12", "appOrigin": "android"}
	if pw != "" {
		salt := fixedBytes(256, 8)
		key, err := pbkdf2.Key(sha256.New, pw, salt, 10000, 32)
		if err != nil {
			panic(err)
		}
		enc := func(plain []byte, iv []byte) string {
			return base64.StdEncoding.EncodeToString(testSeal(key, iv, plain)) + ":" + base64.StdEncoding.EncodeToString(salt) + ":" + base64.StdEncoding.EncodeToString(iv)
		}
		top["servicesEncrypted"] = enc(mustJSON(services), fixedBytes(12, 9))
		top["reference"] = enc([]byte("a fixed reference text the app checks the password against"), fixedBytes(12, 10))
		top["services"] = []any{}
	}
	return mustJSON(top)
}

// fixtureAndOTP writes the andOTP JSON array; old files have no issuer and
// a label "Issuer - Name".
func fixtureAndOTP(toks []token.Token, old bool) []byte {
	var entries []any
	for _, t := range toks {
		e := map[string]any{"secret": base32Padded(t.Secret), "label": t.Account, "digits": t.Digits,
			"type": strings.ToUpper(string(t.Kind)), "algorithm": string(t.Algorithm), "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "tags": []string{"work"}}
		if old {
			e["label"] = t.Issuer + " - " + t.Account
		} else {
			e["issuer"] = t.Issuer
		}
		if t.Kind == token.HOTP {
			e["counter"] = t.Counter
		} else {
			e["period"] = t.Period
		}
		entries = append(entries, e)
	}
	if !old {
		entries = append(entries, map[string]any{"secret": "JBSWY3DPEHPK3PXP", "issuer": "Pin", "label": "motp", "digits": 6, "type": "MOTP", "algorithm": "MD5", "period": 10, "tags": []string{}})
	}
	return mustJSON(entries)
}

// fixtureAndOTPEncrypted seals as andOTP does: [iterations BE][salt 12][iv 12][ct‖tag],
// key PBKDF2-HMAC-SHA1.
func fixtureAndOTPEncrypted(plain []byte, pw string) []byte {
	const iterations = 140000
	salt, iv := fixedBytes(12, 11), fixedBytes(12, 12)
	key, err := pbkdf2.Key(sha1.New, pw, salt, iterations, 32)
	if err != nil {
		panic(err)
	}
	out := binary.BigEndian.AppendUint32(nil, iterations)
	out = append(out, salt...)
	out = append(out, iv...)
	return append(out, testSeal(key, iv, plain)...)
}

// fixtureQRPair draws two tokens' QR codes side by side in one image.
func fixtureQRPair(a, b token.Token, format string) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 660, 320))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	for i, t := range []token.Token{a, b} {
		q, err := qrencode.New(t.URI(), qrencode.Medium)
		if err != nil {
			panic(err)
		}
		code := q.Image(300)
		draw.Draw(img, image.Rect(10+i*340, 10, 10+i*340+300, 310), code, image.Point{}, draw.Src)
	}
	return encodeImage(img, format)
}

// fixtureNoQR is an image with shapes but no QR code.
func fixtureNoQR() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 200, 120))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(20, 20, 80, 100), image.NewUniform(color.Black), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(120, 40, 180, 60), image.NewUniform(color.RGBA{200, 30, 30, 255}), image.Point{}, draw.Src)
	return encodeImage(img, "png")
}

func encodeImage(img image.Image, format string) []byte {
	var buf bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// fixedBytes are deterministic "random" bytes, so regenerated fixtures only
// change when their content does.
func fixedBytes(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31) ^ seed*17
	}
	return b
}

func base32Padded(b []byte) string {
	s := token.EncodeSecret(b)
	for len(s)%8 != 0 {
		s += "="
	}
	return s
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
