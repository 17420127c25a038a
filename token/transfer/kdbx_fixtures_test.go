package transfer

import (
	"bytes"
	"compress/gzip"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20"
	"golang.org/x/crypto/salsa20"

	"github.com/otptray/otptray/token"
)

// A KeePass database writer for the fixtures, written from the KDBX 3.1 and
// 4 specifications (keepass.info/help/kb/kdbx_4.html) apart from the
// package's reader, so reading the files checks the reader against the
// format. The Go KDBX libraries are not available to this module, so the
// fixtures cannot come from one.

// kdbxFixture says how to write one database.
type kdbxFixture struct {
	major    int    // 3 or 4
	cipher   string // "aes" or "chacha20"
	kdf      string // "aes", "argon2d" or "argon2id"
	rounds   uint64 // AES-KDF rounds or Argon2 iterations
	memory   uint64 // Argon2 bytes
	gzip     bool
	block    int // KDBX 4 block size, small so the fixtures have several
	password string
}

var kdbxFixtures = map[string]kdbxFixture{
	// KeePassXC's defaults (Argon2d, ChaCha20, gzip), with a cheap KDF.
	"kdbx4-argon2d.kdbx":  {major: 4, cipher: "chacha20", kdf: "argon2d", rounds: 2, memory: 1 << 20, gzip: true, block: 700, password: fixturePassword},
	"kdbx4-argon2id.kdbx": {major: 4, cipher: "aes", kdf: "argon2id", rounds: 2, memory: 1 << 20, gzip: true, block: 1 << 20, password: fixturePassword},
	"kdbx4-aeskdf.kdbx":   {major: 4, cipher: "aes", kdf: "aes", rounds: 1000, gzip: false, block: 1 << 20, password: fixturePassword},
	"kdbx3.kdbx":          {major: 3, cipher: "aes", kdf: "aes", rounds: 1000, gzip: true, password: fixturePassword},
}

func TestGenerateKDBXFixtures(t *testing.T) {
	if !*update {
		t.Skip("fixtures are committed; run with -update to rewrite them")
	}
	for name, f := range kdbxFixtures {
		if err := os.WriteFile(filepath.Join("testdata", name), fixtureKDBX(f, fixtureKDBXEntries), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureKDBXEntries writes the reference set as the KeePass apps keep it,
// one way of storing the OTP settings per token, with what a database also
// holds around them: a password-only entry, an entry's history, the recycle
// bin, and one entry whose OTP field is broken. protect encrypts a value.
func fixtureKDBXEntries(protect func(string) string) string {
	ref := reference()
	var b strings.Builder
	str := func(key, value string, protected bool) {
		if protected {
			fmt.Fprintf(&b, "<String><Key>%s</Key><Value Protected=\"True\">%s</Value></String>\n", key, protect(value))
			return
		}
		fmt.Fprintf(&b, "<String><Key>%s</Key><Value>%s</Value></String>\n", key, html.EscapeString(value))
	}
	entry := func(t token.Token, fields func(), history func()) {
		b.WriteString("<Entry><UUID>" + base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("%-16s", t.Issuer+t.Account)[:16])) + "</UUID>\n")
		str("Title", t.Issuer, false)
		str("UserName", t.Account, false)
		str("Password", "hunter2-"+t.Issuer, true)
		str("URL", "https://example.com/", false)
		fields()
		if history != nil {
			b.WriteString("<History>")
			history()
			b.WriteString("</History>")
		}
		b.WriteString("</Entry>\n")
	}
	b32 := func(t token.Token) string { return token.EncodeSecret(t.Secret) }
	label := func(t token.Token) string { return url.PathEscape(t.Issuer + ":" + t.Account) }

	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n<KeePassFile>\n")
	b.WriteString("<Meta><Generator>otptray tests</Generator><RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>YmluYmluYmluYmluYmluYg==</RecycleBinUUID></Meta>\n")
	b.WriteString("<Root><Group><UUID>cm9vdHJvb3Ryb290cm9vdA==</UUID><Name>Root</Name>\n")
	// KeePassXC: the otp attribute, protected, with an older value in the
	// history (which is not imported).
	entry(ref[0], func() {
		str("otp", fmt.Sprintf("otpauth://totp/%s?secret=%s&period=30&digits=6&issuer=%s", label(ref[0]), b32(ref[0]), ref[0].Issuer), true)
	}, func() {
		b.WriteString("<Entry><UUID>aGlzdG9yeWhpc3RvcnloaQ==</UUID>\n")
		str("Title", "Deno", false)
		str("Password", "old password", true)
		str("otp", "otpauth://totp/Deno:old?secret=JBSWY3DPEHPK3PXP", true)
		b.WriteString("</Entry>\n")
	})
	// KeePass 2.47+: TimeOtp-* with the secret in Base32 and in hex.
	entry(ref[1], func() {
		str("TimeOtp-Secret-Base32", b32(ref[1]), true)
		str("TimeOtp-Length", "7", false)
		str("TimeOtp-Period", "20", false)
		str("TimeOtp-Algorithm", "HMAC-SHA-256", false)
	}, nil)
	entry(ref[2], func() {
		str("TimeOtp-Secret-Hex", strings.ToUpper(hex.EncodeToString(ref[2].Secret)), true)
		str("TimeOtp-Length", "8", false)
		str("TimeOtp-Period", "50", false)
		str("TimeOtp-Algorithm", "HMAC-SHA-512", false)
	}, nil)
	// KeePass: HmacOtp-* (always SHA-1, 6 digits) with a Base64 secret.
	entry(ref[3], func() {
		str("HmacOtp-Secret-Base64", base64.StdEncoding.EncodeToString(ref[3].Secret), true)
		str("HmacOtp-Counter", "1", false)
	}, nil)
	entry(ref[4], func() {
		str("otp", fmt.Sprintf("otpauth://hotp/%s?secret=%s&algorithm=SHA256&digits=7&counter=50&issuer=%s", label(ref[4]), b32(ref[4]), url.QueryEscape(ref[4].Issuer)), true)
	}, nil)
	// The KeeOtp plugin's otp string.
	entry(ref[5], func() {
		str("otp", "key="+b32(ref[5])+"&type=Hotp&counter=10300&size=8&otpHashMode=Sha512", true)
	}, nil)
	// KeeTrayTOTP: seed and "period;S" for Steam.
	entry(ref[6], func() {
		str("TOTP Seed", b32(ref[6]), true)
		str("TOTP Settings", "30;S", false)
	}, nil)
	entry(token.Token{Issuer: "Mail", Account: "me"}, func() {}, nil)
	entry(token.Token{Issuer: "Broken", Account: "x"}, func() { str("TimeOtp-Secret-Hex", "not hex", true) }, nil)
	b.WriteString("<Group><UUID>YmluYmluYmluYmluYmluYg==</UUID><Name>Recycle Bin</Name>\n")
	entry(token.Token{Issuer: "Deleted", Account: "gone"}, func() { str("otp", "otpauth://totp/Deleted:gone?secret=JBSWY3DPEHPK3PXP", true) }, nil)
	b.WriteString("</Group>\n</Group><DeletedObjects/></Root>\n</KeePassFile>\n")
	return b.String()
}

// kdbxFixtureBroken is the skipped entry of the fixtures.
const kdbxFixtureBroken = "Broken (x): the TimeOtp-Secret-Hex field does not hold a valid value"

var (
	fxAESCipher   = mustHex("31c1f2e6bf714350be5805216afc5aff")
	fxChaChaCiper = mustHex("d6038a2b8b6f4cb5a524339a31dbb59a")
	fxAESKDF      = mustHex("c9d9f39a628a4460bf740d08c18a4fea")
	fxArgon2d     = mustHex("ef636ddf8c29444b91f7a9a403e30a0c")
	fxArgon2id    = mustHex("9e298b1956db4773b23dfc3ec6f0a1e6")
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// fixtureKDBX writes a database of the XML entries gives (which calls
// protect for each protected value, in document order).
func fixtureKDBX(f kdbxFixture, entries func(protect func(string) string) string) []byte {
	fill := func(n int, c byte) []byte { return bytes.Repeat([]byte{c}, n) }
	seed, kdfSeed, streamKey, start := fill(32, 's'), fill(32, 'k'), fill(32, 'p'), fill(32, 'b')
	iv := fill(16, 'i')
	if f.cipher == "chacha20" {
		iv = fill(12, 'n')
	}
	if f.major == 4 {
		streamKey = fill(64, 'p')
	}

	// The protected values: ChaCha20 (KDBX 4) or Salsa20 (3.1) key stream.
	var ks []byte
	if f.major == 4 {
		k := sha512.Sum512(streamKey)
		ks = make([]byte, 1<<16)
		c, _ := chacha20.NewUnauthenticatedCipher(k[:32], k[32:44])
		c.XORKeyStream(ks, ks)
	} else {
		k := sha256.Sum256(streamKey)
		ks = make([]byte, 1<<16)
		salsa20.XORKeyStream(ks, ks, []byte{0xe8, 0x30, 0x09, 0x4b, 0x97, 0x20, 0x5d, 0x2a}, &k)
	}
	protect := func(s string) string {
		out := []byte(s)
		for i := range out {
			out[i] ^= ks[i]
		}
		ks = ks[len(out):]
		return base64.StdEncoding.EncodeToString(out)
	}
	xml := []byte(entries(protect))

	// The key.
	pw := sha256.Sum256([]byte(f.password))
	composite := sha256.Sum256(pw[:])
	var transformed []byte
	switch f.kdf {
	case "aes":
		blk, _ := aes.NewCipher(kdfSeed)
		k := composite
		for range f.rounds {
			blk.Encrypt(k[:16], k[:16])
			blk.Encrypt(k[16:], k[16:])
		}
		s := sha256.Sum256(k[:])
		transformed = s[:]
	case "argon2id":
		transformed = argon2.IDKey(composite[:], kdfSeed, uint32(f.rounds), uint32(f.memory/1024), 1, 32)
	case "argon2d":
		transformed = argon2DeriveKey(argon2ModeD, composite[:], kdfSeed, nil, nil, uint32(f.rounds), uint32(f.memory/1024), 1, 32)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	encKey := sha256.Sum256(cat(seed, transformed))
	hmacBase := sha512.Sum512(cat(seed, transformed, []byte{1}))
	le32 := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	le64 := func(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

	var hdr bytes.Buffer
	hdr.Write(le32(0x9AA2D903))
	hdr.Write(le32(0xB54BFB67))
	field := func(id byte, data []byte) {
		hdr.WriteByte(id)
		if f.major == 3 {
			hdr.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(data))))
		} else {
			hdr.Write(le32(uint32(len(data))))
		}
		hdr.Write(data)
	}
	cipherID := fxAESCipher
	if f.cipher == "chacha20" {
		cipherID = fxChaChaCiper
	}
	comp := le32(0)
	if f.gzip {
		comp = le32(1)
	}
	if f.major == 3 {
		hdr.Write(le32(0x00030001))
		field(2, cipherID)
		field(3, comp)
		field(4, seed)
		field(5, kdfSeed)
		field(6, le64(f.rounds))
		field(7, iv)
		field(8, streamKey)
		field(9, start)
		field(10, le32(2))
		field(0, []byte("\r\n\r\n"))
	} else {
		hdr.Write(le32(0x00040000))
		field(2, cipherID)
		field(3, comp)
		field(4, seed)
		field(7, iv)
		field(11, fixtureVariantDict(f, kdfSeed))
		field(0, []byte("\r\n\r\n"))
	}

	compress := func(b []byte) []byte {
		if !f.gzip {
			return b
		}
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(b)
		w.Close()
		return z.Bytes()
	}
	encrypt := func(plain []byte) []byte {
		if f.cipher == "chacha20" {
			c, _ := chacha20.NewUnauthenticatedCipher(encKey[:], iv)
			out := make([]byte, len(plain))
			c.XORKeyStream(out, plain)
			return out
		}
		pad := aes.BlockSize - len(plain)%aes.BlockSize
		plain = append(plain, bytes.Repeat([]byte{byte(pad)}, pad)...)
		blk, _ := aes.NewCipher(encKey[:])
		out := make([]byte, len(plain))
		cipher.NewCBCEncrypter(blk, iv).CryptBlocks(out, plain)
		return out
	}

	out := bytes.NewBuffer(append([]byte(nil), hdr.Bytes()...))
	if f.major == 3 {
		z := compress(xml)
		sum := sha256.Sum256(z)
		payload := cat(start, le32(0), sum[:], le32(uint32(len(z))), z, le32(1), make([]byte, 32), le32(0))
		out.Write(encrypt(payload))
		return out.Bytes()
	}
	inner := cat([]byte{1}, le32(4), le32(3), []byte{2}, le32(uint32(len(streamKey))), streamKey, []byte{0}, le32(0))
	ct := encrypt(compress(cat(inner, xml)))
	mac := func(index uint64, data []byte) []byte {
		k := sha512.Sum512(cat(le64(index), hmacBase[:]))
		m := hmac.New(sha256.New, k[:])
		m.Write(data)
		return m.Sum(nil)
	}
	hsum := sha256.Sum256(hdr.Bytes())
	out.Write(hsum[:])
	out.Write(mac(^uint64(0), hdr.Bytes()))
	for i := uint64(0); ; i++ {
		n := min(f.block, len(ct))
		out.Write(mac(i, cat(le64(i), le32(uint32(n)), ct[:n])))
		out.Write(le32(uint32(n)))
		out.Write(ct[:n])
		ct = ct[n:]
		if n == 0 {
			break
		}
	}
	return out.Bytes()
}

// fixtureVariantDict writes the KDBX 4 KDF parameters.
func fixtureVariantDict(f kdbxFixture, salt []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0x00, 0x01})
	item := func(typ byte, key string, val []byte) {
		b.WriteByte(typ)
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(key))))
		b.WriteString(key)
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(val))))
		b.Write(val)
	}
	switch f.kdf {
	case "aes":
		item(0x42, "$UUID", fxAESKDF)
		item(0x05, "R", binary.LittleEndian.AppendUint64(nil, f.rounds))
		item(0x42, "S", salt)
	default:
		id := fxArgon2d
		if f.kdf == "argon2id" {
			id = fxArgon2id
		}
		item(0x42, "$UUID", id)
		item(0x05, "I", binary.LittleEndian.AppendUint64(nil, f.rounds))
		item(0x05, "M", binary.LittleEndian.AppendUint64(nil, f.memory))
		item(0x04, "P", binary.LittleEndian.AppendUint32(nil, 1))
		item(0x42, "S", salt)
		item(0x04, "V", binary.LittleEndian.AppendUint32(nil, 0x13))
	}
	b.WriteByte(0)
	return b.Bytes()
}
