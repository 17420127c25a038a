package transfer

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"

	"github.com/tobischo/gokeepasslib/v3"

	"github.com/otptray/otptray/internal/msg"
)

// KeePass databases (KDBX 3.1 and 4), opened with the master password
// alone. gokeepasslib decrypts and parses them; the outer header is also
// read here, before the password is asked for, to refuse a key derivation
// that would take minutes or gigabytes and fields the library would index
// without checking their length.

const (
	kdbxSig1 = 0x9AA2D903
	kdbxSig2 = 0xB54BFB67
)

// Outer header field IDs (keepass.info/help/kb/kdbx_4.html).
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
	kdbxCustomData    = 12 // 4: public custom data
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
			return h, h.check()
		}
	}
}

// check refuses what the library would misread or index out of range: an
// unknown field, numbers of the wrong size, a missing seed or IV, a cipher
// it does not take.
func (h *kdbxHeader) check() error {
	bad := msg.New("transfer.kdbx.damaged", nil)
	sizes := map[byte]int{kdbxCompression: 4, kdbxMasterSeed: 32, kdbxIV: -1}
	if h.major == 3 {
		sizes[kdbxTransformSeed], sizes[kdbxRounds], sizes[kdbxStreamKey] = 32, 8, -1
		sizes[kdbxStartBytes], sizes[kdbxStreamID] = 32, 4
	} else {
		sizes[kdbxKDFParams] = -1
	}
	for id, n := range sizes {
		v, ok := h.fields[id]
		if !ok || len(v) == 0 || n > 0 && len(v) != n {
			return bad
		}
	}
	for id := range h.fields {
		if _, ok := sizes[id]; !ok && id != kdbxEnd && id != 1 && id != kdbxCipherID &&
			(id != kdbxCustomData || h.major != 4) {
			return bad
		}
	}
	if c := binary.LittleEndian.Uint32(h.fields[kdbxCompression]); c > 1 {
		return bad
	}
	switch c := h.fields[kdbxCipherID]; {
	case bytes.Equal(c, kdbxAES256):
		if len(h.fields[kdbxIV]) != 16 {
			return bad
		}
	case bytes.Equal(c, kdbxChaCha20):
		if len(h.fields[kdbxIV]) != 12 {
			return bad
		}
	default:
		return msg.New("transfer.kdbx.cipher", nil)
	}
	if h.major == 3 {
		if id := binary.LittleEndian.Uint32(h.fields[kdbxStreamID]); id != 2 && id != 3 {
			return msg.New("transfer.kdbx.cipher", nil)
		}
	}
	return nil
}

// decodeKDBX opens a KeePass database with the password and reads the
// one-time-password settings of its entries.
func decodeKDBX(data []byte, password func() ([]byte, error)) (*Result, error) {
	h, err := parseKDBXHeader(data)
	if err != nil {
		return nil, err
	}
	if _, err := h.kdf(); err != nil {
		return nil, err
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	db, err := openKDBX(data, pw)
	if err != nil {
		return nil, err
	}
	return kdbxEntries(db), nil
}

// openKDBX decrypts and parses the database with gokeepasslib.
func openKDBX(data, pw []byte) (db *gokeepasslib.Database, err error) {
	// gokeepasslib v3.6.0 slices the payload's blocks and decrypts partial
	// AES blocks without checking their lengths, so a cut or crafted file
	// panics inside Decode; not reported upstream yet.
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, msg.New("transfer.kdbx.damaged", fmt.Errorf("gokeepasslib: %v", r))
		}
	}()
	db = gokeepasslib.NewDatabase()
	db.Credentials = gokeepasslib.NewPasswordCredentials(string(pw))
	if err := gokeepasslib.NewDecoder(bytes.NewReader(data)).Decode(db); err != nil {
		// The library exports no error value for a wrong key: its two
		// messages for it (header HMAC in KDBX 4, start bytes in 3.1) start so.
		if strings.HasPrefix(err.Error(), "Wrong password?") {
			return nil, msg.New("transfer.wrong_password", nil)
		}
		if _, ok := errors.AsType[*xml.SyntaxError](err); ok {
			return nil, msg.New("transfer.kdbx.xml", err)
		}
		return nil, msg.New("transfer.kdbx.damaged", err)
	}
	if db.Content == nil || db.Content.Root == nil || db.Content.Meta == nil {
		return nil, msg.New("transfer.kdbx.xml", nil)
	}
	if err := db.UnlockProtectedEntries(); err != nil {
		return nil, msg.New("transfer.kdbx.damaged", err)
	}
	return db, nil
}
