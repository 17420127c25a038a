package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	_ "unsafe" // go:linkname, for Argon2d below

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20"
	"golang.org/x/crypto/salsa20/salsa"

	"github.com/otptray/otptray/internal/msg"
)

// Key derivation of KeePass databases, by the UUID of the KDBX 4 KDF
// parameters (KDBX 3.1 always uses AES-KDF from two header fields).
var (
	kdfAES      = []byte{0xc9, 0xd9, 0xf3, 0x9a, 0x62, 0x8a, 0x44, 0x60, 0xbf, 0x74, 0x0d, 0x08, 0xc1, 0x8a, 0x4f, 0xea}
	kdfArgon2d  = []byte{0xef, 0x63, 0x6d, 0xdf, 0x8c, 0x29, 0x44, 0x4b, 0x91, 0xf7, 0xa9, 0xa4, 0x03, 0xe3, 0x0a, 0x0c}
	kdfArgon2id = []byte{0x9e, 0x29, 0x8b, 0x19, 0x56, 0xdb, 0x47, 0x73, 0xb2, 0x3d, 0xfc, 0x3e, 0xc6, 0xf0, 0xa1, 0xe6}
)

// The costliest key derivation a database may ask for. KeePass and
// KeePassXC default to Argon2 with 64 MiB and a few iterations, or AES-KDF
// with some ten million rounds at most ("one second" on a fast machine);
// the bounds are far above that and keep a crafted file from taking
// minutes or gigabytes.
const (
	kdbxMaxAESRounds   = 100_000_000
	kdbxMaxArgonMemMiB = 1024
	// memory (MiB) × iterations: the work Argon2 does.
	kdbxMaxArgonWork = 16 * 1024
)

// argon2d is Argon2 in its data-dependent mode, which KeePass's KDBX 4 uses
// by default. x/crypto/argon2 implements it but exports only Argon2i and
// Argon2id (declined upstream: golang/go#23602), so its internal
// deriveKey is reached directly; mode 0 is Argon2d there.
//
//go:linkname argon2DeriveKey golang.org/x/crypto/argon2.deriveKey
func argon2DeriveKey(mode int, password, salt, secret, data []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

const argon2ModeD = 0

type kdbxKDF struct {
	uuid        []byte
	salt        []byte // AES-KDF: the seed
	rounds      uint64 // AES-KDF rounds or Argon2 iterations
	memory      uint64 // Argon2, bytes
	parallelism uint32
	version     uint32
	secret, ad  []byte // Argon2's optional K and A
}

func (h *kdbxHeader) kdf() (*kdbxKDF, error) {
	if h.major == 3 {
		r := h.fields[kdbxRounds]
		if len(r) != 8 {
			return nil, msg.New("transfer.kdbx.damaged", nil)
		}
		k := &kdbxKDF{uuid: kdfAES, salt: h.fields[kdbxTransformSeed], rounds: binary.LittleEndian.Uint64(r)}
		return k, k.check()
	}
	d, err := variantDict(h.fields[kdbxKDFParams])
	if err != nil {
		return nil, err
	}
	k := &kdbxKDF{uuid: d["$UUID"], salt: d["S"], secret: d["K"], ad: d["A"]}
	u64 := func(key string) uint64 {
		if v := d[key]; len(v) == 8 {
			return binary.LittleEndian.Uint64(v)
		}
		return 0
	}
	u32 := func(key string) uint32 {
		if v := d[key]; len(v) == 4 {
			return binary.LittleEndian.Uint32(v)
		}
		return 0
	}
	if bytes.Equal(k.uuid, kdfAES) {
		k.rounds = u64("R")
	} else {
		k.rounds, k.memory, k.parallelism, k.version = u64("I"), u64("M"), u32("P"), u32("V")
	}
	return k, k.check()
}

// check refuses unknown KDFs, damaged parameters and a cost above the bounds.
func (k *kdbxKDF) check() error {
	switch {
	case bytes.Equal(k.uuid, kdfAES):
		if len(k.salt) != 32 {
			return msg.New("transfer.kdbx.damaged", nil)
		}
		if k.rounds > kdbxMaxAESRounds {
			return msg.New("transfer.kdbx.aes_cost", nil, "Rounds", k.rounds, "Max", kdbxMaxAESRounds)
		}
		return nil
	case bytes.Equal(k.uuid, kdfArgon2d), bytes.Equal(k.uuid, kdfArgon2id):
		if len(k.salt) == 0 || k.rounds == 0 || k.parallelism == 0 || k.parallelism > 255 || k.memory < 1024 {
			return msg.New("transfer.kdbx.damaged", nil)
		}
		if k.version != 0x13 {
			return msg.New("transfer.kdbx.argon2_version", nil, "Version", k.version)
		}
		mib := k.memory >> 20
		if mib > kdbxMaxArgonMemMiB || k.rounds > kdbxMaxArgonWork || max(mib, 1)*k.rounds > kdbxMaxArgonWork {
			return msg.New("transfer.kdbx.argon2_cost", nil, "MiB", mib, "Iterations", k.rounds,
				"MaxMiB", kdbxMaxArgonMemMiB, "MaxWork", kdbxMaxArgonWork)
		}
		return nil
	}
	return msg.New("transfer.kdbx.kdf", nil)
}

// cost is the work of derive.
func (k *kdbxKDF) cost() kdfCost {
	if bytes.Equal(k.uuid, kdfAES) {
		return aesKDFCost(k.rounds)
	}
	return argon2Cost(k.memory/1024, k.rounds, int(k.parallelism))
}

// derive turns the composite key into the transformed key. AES-KDF's rounds
// stop when w's decode is cancelled.
func (k *kdbxKDF) derive(composite []byte, w *work) ([]byte, error) {
	if bytes.Equal(k.uuid, kdfAES) {
		block, err := aes.NewCipher(k.salt)
		if err != nil {
			return nil, msg.New("transfer.kdbx.damaged", err)
		}
		b := append([]byte(nil), composite...)
		for i := range k.rounds {
			if i&(1<<20-1) == 0 {
				if err := w.cancelled(); err != nil {
					return nil, err
				}
			}
			block.Encrypt(b[:16], b[:16])
			block.Encrypt(b[16:], b[16:])
		}
		sum := sha256.Sum256(b)
		return sum[:], nil
	}
	mem, it, p := uint32(k.memory/1024), uint32(k.rounds), uint8(k.parallelism)
	if bytes.Equal(k.uuid, kdfArgon2id) && len(k.secret) == 0 && len(k.ad) == 0 {
		return argon2.IDKey(composite, k.salt, it, mem, p, 32), nil
	}
	mode := argon2ModeD
	if bytes.Equal(k.uuid, kdfArgon2id) {
		mode = argon2ModeD + 2
	}
	return argon2DeriveKey(mode, composite, k.salt, k.secret, k.ad, it, mem, p, 32), nil
}

// variantDict reads a KDBX 4 variant dictionary: a version, then entries of
// type, key and value until a zero type. Values are kept as raw bytes.
func variantDict(b []byte) (map[string][]byte, error) {
	bad := msg.New("transfer.kdbx.damaged", nil)
	if len(b) < 2 || b[1] != 1 {
		return nil, bad
	}
	d := map[string][]byte{}
	for p := 2; ; {
		if p >= len(b) {
			return nil, bad
		}
		typ := b[p]
		p++
		if typ == 0 {
			return d, nil
		}
		var kv [2][]byte
		for i := range kv {
			if len(b)-p < 4 {
				return nil, bad
			}
			n := int(binary.LittleEndian.Uint32(b[p:]))
			p += 4
			if n < 0 || n > len(b)-p {
				return nil, bad
			}
			kv[i] = b[p : p+n]
			p += n
		}
		d[string(kv[0])] = kv[1]
	}
}

// innerStream decrypts the protected values (passwords and fields marked
// protected) of the XML, in document order, with one running key stream.
type innerStream interface {
	XORKeyStream(dst, src []byte)
}

func newInnerStream(id uint32, key []byte) (innerStream, error) {
	switch id {
	case 2: // Salsa20, KDBX 3.1
		k := sha256.Sum256(key)
		return &salsaStream{key: k, nonce: [8]byte{0xe8, 0x30, 0x09, 0x4b, 0x97, 0x20, 0x5d, 0x2a}}, nil
	case 3: // ChaCha20, KDBX 4
		k := sha512.Sum512(key)
		s, err := chacha20.NewUnauthenticatedCipher(k[:32], k[32:44])
		if err != nil {
			return nil, msg.New("transfer.kdbx.damaged", err)
		}
		return s, nil
	}
	return nil, msg.New("transfer.kdbx.cipher", nil)
}

// salsaStream is Salsa20 as a running stream: x/crypto's salsa20 package
// starts each call at block 0.
type salsaStream struct {
	key   [32]byte
	nonce [8]byte
	block uint64
	buf   []byte
}

func (s *salsaStream) XORKeyStream(dst, src []byte) {
	for i := range src {
		if len(s.buf) == 0 {
			var ctr [16]byte
			copy(ctr[:], s.nonce[:])
			binary.LittleEndian.PutUint64(ctr[8:], s.block)
			s.block++
			s.buf = make([]byte, 64)
			salsa.XORKeyStream(s.buf, s.buf, &ctr, &s.key)
		}
		dst[i] = src[i] ^ s.buf[0]
		s.buf = s.buf[1:]
	}
}
