package transfer

import (
	"bytes"
	"encoding/binary"

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
		if len(k.secret) != 0 || len(k.ad) != 0 {
			// Argon2's secret and associated data, which KeePass never
			// writes, are not passed on by gokeepasslib.
			return msg.New("transfer.kdbx.kdf", nil)
		}
		if len(k.salt) != 32 || k.rounds == 0 || k.parallelism == 0 || k.parallelism > 255 || k.memory < 1024 {
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
		if bytes.Equal(k.uuid, kdfArgon2id) {
			// gokeepasslib v3.6.0 knows Argon2d only and would run
			// AES-KDF in its place, which fails as a wrong password.
			return msg.New("transfer.kdbx.argon2id", nil)
		}
		return nil
	}
	return msg.New("transfer.kdbx.kdf", nil)
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
