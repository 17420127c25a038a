package transfer

import (
	"bytes"
	"compress/gzip"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"io"

	"golang.org/x/crypto/chacha20"

	"github.com/otptray/otptray/internal/msg"
)

// KeePass databases (KDBX 3.1 and 4), opened with the master password
// alone. The container follows the published KDBX specification
// (keepass.info/help/kb/kdbx_4.html, kdbx.html): a signature, an outer
// header of typed fields, then the encrypted payload; KDBX 4 authenticates
// the header and each 1 MiB block with HMAC-SHA256, KDBX 3.1 puts 32 known
// bytes at the start of the plaintext and hashes each block with SHA-256.
//
// Read here rather than through github.com/tobischo/gokeepasslib (v3.6.0,
// the version the module proxy serves): on a damaged KDBX 3.1 payload it
// loops forever in Group.UnmarshalXML, it checks no 3.1 block hash, drops
// entries it cannot decode without an error, panics on cut blocks and
// derives Argon2id databases with the wrong function; no upstream report
// was found.

const (
	kdbxSig1 = 0x9AA2D903
	kdbxSig2 = 0xB54BFB67
)

// Outer header field IDs.
const (
	kdbxEnd           = 0
	kdbxCipherID      = 2
	kdbxCompression   = 3
	kdbxMasterSeed    = 4
	kdbxTransformSeed = 5  // 3.1: AES-KDF seed
	kdbxRounds        = 6  // 3.1: AES-KDF rounds
	kdbxIV            = 7  // cipher IV or nonce
	kdbxStreamKey     = 8  // 3.1: inner stream key
	kdbxStartBytes    = 9  // 3.1: first 32 plaintext bytes
	kdbxStreamID      = 10 // 3.1: inner stream cipher
	kdbxKDFParams     = 11 // 4: variant dictionary
)

// Payload ciphers, by the UUID in the header.
var (
	kdbxAES256   = []byte{0x31, 0xc1, 0xf2, 0xe6, 0xbf, 0x71, 0x43, 0x50, 0xbe, 0x58, 0x05, 0x21, 0x6a, 0xfc, 0x5a, 0xff}
	kdbxChaCha20 = []byte{0xd6, 0x03, 0x8a, 0x2b, 0x8b, 0x6f, 0x4c, 0xb5, 0xa5, 0x24, 0x33, 0x9a, 0x31, 0xdb, 0xb5, 0x9a}
)

// looksLikeKDBX checks the two signature words every KeePass 2 database
// starts with.
func looksLikeKDBX(data []byte) bool {
	return len(data) >= 12 && binary.LittleEndian.Uint32(data) == kdbxSig1 &&
		binary.LittleEndian.Uint32(data[4:]) == kdbxSig2
}

// kdbxHeader is the parsed outer header.
type kdbxHeader struct {
	major  uint16
	fields map[byte][]byte
	raw    []byte // the header bytes, signature included, for its hash
}

func parseKDBXHeader(data []byte) (*kdbxHeader, error) {
	if !looksLikeKDBX(data) {
		return nil, msg.New("transfer.kdbx.damaged", nil)
	}
	h := &kdbxHeader{major: binary.LittleEndian.Uint16(data[10:]), fields: map[byte][]byte{}}
	if h.major != 3 && h.major != 4 {
		return nil, msg.New("transfer.kdbx.version", nil, "Version", h.major)
	}
	sizeLen := 4
	if h.major == 3 {
		sizeLen = 2
	}
	p := 12
	for {
		if len(data)-p < 1+sizeLen {
			return nil, msg.New("transfer.kdbx.damaged", nil)
		}
		id := data[p]
		var n int
		if sizeLen == 2 {
			n = int(binary.LittleEndian.Uint16(data[p+1:]))
		} else {
			n = int(binary.LittleEndian.Uint32(data[p+1:]))
		}
		p += 1 + sizeLen
		if n < 0 || n > len(data)-p {
			return nil, msg.New("transfer.kdbx.damaged", nil)
		}
		h.fields[id] = data[p : p+n]
		p += n
		if id == kdbxEnd {
			break
		}
	}
	h.raw = data[:p]
	return h, nil
}

// decodeKDBX opens a KeePass database with the password and reads the
// one-time-password settings of its entries.
func decodeKDBX(data []byte, password func() ([]byte, error), w *work) (*Result, error) {
	h, err := parseKDBXHeader(data)
	if err != nil {
		return nil, err
	}
	kdf, err := h.kdf()
	if err != nil {
		return nil, err
	}
	seed := h.fields[kdbxMasterSeed]
	if len(seed) != 32 {
		return nil, msg.New("transfer.kdbx.damaged", nil)
	}
	if err := w.check(kdf.cost()); err != nil {
		return nil, err
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	// A database opened with the password alone: the composite key is the
	// hash of the one component's hash.
	pwHash := sha256.Sum256(pw)
	composite := sha256.Sum256(pwHash[:])
	transformed, err := derive(w, kdf.cost(), func() ([]byte, error) { return kdf.derive(composite[:], w) })
	if err != nil {
		return nil, err
	}
	var xml []byte
	var stream innerStream
	if h.major == 4 {
		xml, stream, err = openKDBX4(h, data[len(h.raw):], seed, transformed)
	} else {
		xml, stream, err = openKDBX3(h, data[len(h.raw):], seed, transformed)
	}
	if err != nil {
		return nil, err
	}
	return kdbxEntries(xml, stream)
}

// openKDBX4 checks the header's HMAC (which tells a wrong password from a
// damaged file), joins the authenticated blocks and decrypts them; it returns
// the XML and the inner stream of protected values.
func openKDBX4(h *kdbxHeader, body, seed, transformed []byte) ([]byte, innerStream, error) {
	if len(body) < 64 {
		return nil, nil, msg.New("transfer.kdbx.damaged", nil)
	}
	sum := sha256.Sum256(h.raw)
	if subtle.ConstantTimeCompare(sum[:], body[:32]) != 1 {
		return nil, nil, msg.New("transfer.kdbx.damaged", nil)
	}
	hmacBase := sha512.Sum512(append(append(append([]byte(nil), seed...), transformed...), 1))
	if !hmac.Equal(kdbxBlockMAC(hmacBase[:], ^uint64(0), h.raw), body[32:64]) {
		return nil, nil, msg.New("transfer.wrong_password", nil)
	}
	var ct []byte
	p := 64
	for i := uint64(0); ; i++ {
		if len(body)-p < 36 {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		mac := body[p : p+32]
		n := int(binary.LittleEndian.Uint32(body[p+32:]))
		if n < 0 || n > len(body)-p-36 {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		block := body[p+32 : p+36+n] // size and data, as the MAC covers them
		if !hmac.Equal(kdbxBlockMAC(hmacBase[:], i, block), mac) {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		p += 36 + n
		if n == 0 {
			break
		}
		ct = append(ct, block[4:]...)
	}
	key := sha256.Sum256(append(append([]byte(nil), seed...), transformed...))
	plain, err := kdbxDecrypt(h, key[:], ct)
	if err != nil {
		return nil, nil, err
	}
	if plain, err = kdbxInflate(h, plain); err != nil {
		return nil, nil, err
	}
	// The inner header: the protected-value stream and any attachments.
	fields := map[byte][]byte{}
	for q := 0; ; {
		if len(plain)-q < 5 {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		id := plain[q]
		n := int(binary.LittleEndian.Uint32(plain[q+1:]))
		q += 5
		if n < 0 || n > len(plain)-q {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		fields[id] = plain[q : q+n]
		q += n
		if id == 0 {
			plain = plain[q:]
			break
		}
	}
	if len(fields[1]) != 4 {
		return nil, nil, msg.New("transfer.kdbx.damaged", nil)
	}
	stream, err := newInnerStream(binary.LittleEndian.Uint32(fields[1]), fields[2])
	return plain, stream, err
}

// kdbxBlockMAC is HMAC-SHA256 keyed by SHA-512(index ‖ base) over the index
// and data, as KDBX 4 authenticates the header (index 2^64-1) and blocks.
func kdbxBlockMAC(base []byte, index uint64, data []byte) []byte {
	var idx [8]byte
	binary.LittleEndian.PutUint64(idx[:], index)
	k := sha512.Sum512(append(idx[:], base...))
	m := hmac.New(sha256.New, k[:])
	if index != ^uint64(0) {
		m.Write(idx[:])
	}
	m.Write(data)
	return m.Sum(nil)
}

// openKDBX3 decrypts a KDBX 3.1 payload, checks its start bytes (a wrong
// password fails there) and joins its SHA-256 hashed blocks.
func openKDBX3(h *kdbxHeader, body, seed, transformed []byte) ([]byte, innerStream, error) {
	key := sha256.Sum256(append(append([]byte(nil), seed...), transformed...))
	plain, err := kdbxDecrypt(h, key[:], body)
	if err != nil {
		return nil, nil, err
	}
	start := h.fields[kdbxStartBytes]
	if len(start) != 32 || len(plain) < 32 || subtle.ConstantTimeCompare(plain[:32], start) != 1 {
		return nil, nil, msg.New("transfer.wrong_password", nil)
	}
	var joined []byte
	for p := 32; ; {
		if len(plain)-p < 40 {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		hash := plain[p+4 : p+36]
		n := int(binary.LittleEndian.Uint32(plain[p+36:]))
		p += 40
		if n < 0 || n > len(plain)-p {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		if n == 0 {
			break
		}
		if sum := sha256.Sum256(plain[p : p+n]); !bytes.Equal(sum[:], hash) {
			return nil, nil, msg.New("transfer.kdbx.damaged", nil)
		}
		joined = append(joined, plain[p:p+n]...)
		p += n
	}
	if joined, err = kdbxInflate(h, joined); err != nil {
		return nil, nil, err
	}
	id := h.fields[kdbxStreamID]
	if len(id) != 4 {
		return nil, nil, msg.New("transfer.kdbx.damaged", nil)
	}
	stream, err := newInnerStream(binary.LittleEndian.Uint32(id), h.fields[kdbxStreamKey])
	return joined, stream, err
}

// kdbxDecrypt decrypts the payload with AES-256-CBC (PKCS#7 padding) or
// ChaCha20, as the header names.
func kdbxDecrypt(h *kdbxHeader, key, ct []byte) ([]byte, error) {
	iv := h.fields[kdbxIV]
	switch c := h.fields[kdbxCipherID]; {
	case bytes.Equal(c, kdbxAES256):
		if len(iv) != aes.BlockSize || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
			return nil, msg.New("transfer.kdbx.damaged", nil)
		}
		block, _ := aes.NewCipher(key)
		plain := make([]byte, len(ct))
		cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
		pad := int(plain[len(plain)-1])
		if pad < 1 || pad > aes.BlockSize {
			// 3.1 has no MAC before this point: a wrong key shows here.
			return nil, msg.New("transfer.wrong_password", nil)
		}
		return plain[:len(plain)-pad], nil
	case bytes.Equal(c, kdbxChaCha20):
		s, err := chacha20.NewUnauthenticatedCipher(key, iv)
		if err != nil {
			return nil, msg.New("transfer.kdbx.damaged", err)
		}
		plain := make([]byte, len(ct))
		s.XORKeyStream(plain, ct)
		return plain, nil
	}
	return nil, msg.New("transfer.kdbx.cipher", nil)
}

// maxKDBXXML bounds the decompressed database: MaxInput of gzip could
// otherwise expand to gigabytes.
const maxKDBXXML = 64 << 20

func kdbxInflate(h *kdbxHeader, data []byte) ([]byte, error) {
	c := h.fields[kdbxCompression]
	if len(c) != 4 {
		return nil, msg.New("transfer.kdbx.damaged", nil)
	}
	switch binary.LittleEndian.Uint32(c) {
	case 0:
		return data, nil
	case 1:
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, msg.New("transfer.kdbx.damaged", err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, maxKDBXXML+1))
		if err != nil {
			return nil, msg.New("transfer.kdbx.damaged", err)
		}
		if len(out) > maxKDBXXML {
			return nil, msg.New("transfer.too_large", nil, "Max", maxKDBXXML>>20)
		}
		return out, nil
	}
	return nil, msg.New("transfer.kdbx.damaged", nil)
}
