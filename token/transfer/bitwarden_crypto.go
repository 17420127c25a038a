package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/otptray/otptray/internal/msg"
)

// A password-protected Bitwarden export: {"encrypted": true,
// "passwordProtected": true, "salt", "kdfType", "kdfIterations",
// "kdfMemory", "kdfParallelism", "encKeyValidation_DO_NOT_EDIT", "data"}.
// The key is derived from the password and the salt string (its UTF-8
// bytes, not base64-decoded): kdfType 0 is PBKDF2-HMAC-SHA256 with
// kdfIterations, 1 is Argon2id with kdfIterations passes, kdfMemory MiB and
// kdfParallelism lanes over SHA-256(salt). HKDF-Expand (SHA-256) stretches
// it into a 32-byte encryption key (info "enc") and MAC key (info "mac")
// (bitwarden/sdk, crates/bitwarden-crypto keys/utils.rs). data and the
// validation field are EncStrings of type 2: "2.b64(iv)|b64(ct)|b64(mac)",
// AES-256-CBC with PKCS#7 padding, mac = HMAC-SHA256(mac key, iv‖ct).
// data holds the plain JSON export.

// Limits of the KDF settings Bitwarden's clients accept
// (libs/key-management kdf-config.ts): a file asking for more is refused
// rather than left to run for minutes or take gigabytes.
const (
	bitwardenMaxPBKDF2     = 2_000_000
	bitwardenMaxArgonIter  = 10
	bitwardenMaxArgonMiB   = 1024
	bitwardenMaxArgonLanes = 16
)

// errBitwardenMAC is a MAC that does not match: a wrong password (or a
// changed file).
var errBitwardenMAC = errors.New("MAC mismatch")

type bitwardenKeys struct{ enc, mac []byte }

func bitwardenDeriveKeys(f bitwardenFile, pw []byte, w *work) (bitwardenKeys, error) {
	kdf := 0
	if f.KdfType != nil {
		kdf = *f.KdfType
	}
	if f.Salt == "" {
		return bitwardenKeys{}, msg.New("bitwarden.encrypted", nil)
	}
	var master []byte
	switch kdf {
	case 0:
		if f.KdfIterations < 1 || f.KdfIterations > bitwardenMaxPBKDF2 {
			return bitwardenKeys{}, msg.New("bitwarden.kdf_params", nil)
		}
		var err error
		master, err = derive(w, pbkdf2Cost("sha256", f.KdfIterations), func() ([]byte, error) {
			return pbkdf2.Key(sha256.New, string(pw), []byte(f.Salt), f.KdfIterations, 32)
		})
		if errors.As(err, new(*msg.Error)) {
			return bitwardenKeys{}, err
		}
		if err != nil {
			return bitwardenKeys{}, msg.New("bitwarden.encrypted", err)
		}
	case 1:
		if f.KdfIterations < 1 || f.KdfIterations > bitwardenMaxArgonIter || f.KdfMemory < 1 || f.KdfMemory > bitwardenMaxArgonMiB ||
			f.KdfParallelism < 1 || f.KdfParallelism > bitwardenMaxArgonLanes {
			return bitwardenKeys{}, msg.New("bitwarden.kdf_params", nil)
		}
		salt := sha256.Sum256([]byte(f.Salt))
		var err error
		master, err = derive(w, argon2Cost(uint64(f.KdfMemory)*1024, uint64(f.KdfIterations), f.KdfParallelism), func() ([]byte, error) {
			return argon2.IDKey(pw, salt[:], uint32(f.KdfIterations), uint32(f.KdfMemory)*1024, uint8(f.KdfParallelism), 32), nil
		})
		if err != nil {
			return bitwardenKeys{}, err
		}
	default:
		return bitwardenKeys{}, msg.New("bitwarden.kdf_type", nil, "Type", kdf)
	}
	return bitwardenStretch(master)
}

// bitwardenStretch expands a derived key into the encryption and MAC keys.
func bitwardenStretch(master []byte) (bitwardenKeys, error) {
	enc, err := hkdf.Expand(sha256.New, master, "enc", 32)
	if err != nil {
		return bitwardenKeys{}, msg.New("bitwarden.encrypted", err)
	}
	mac, err := hkdf.Expand(sha256.New, master, "mac", 32)
	if err != nil {
		return bitwardenKeys{}, msg.New("bitwarden.encrypted", err)
	}
	return bitwardenKeys{enc: enc, mac: mac}, nil
}

func bitwardenDecrypt(f bitwardenFile, pw []byte, w *work) ([]byte, error) {
	keys, err := bitwardenDeriveKeys(f, pw, w)
	if err != nil {
		return nil, err
	}
	checked := false
	if f.Validation != "" {
		if _, err := openEncString(f.Validation, keys); err != nil {
			if errors.Is(err, errBitwardenMAC) {
				return nil, msg.New("transfer.wrong_password", nil)
			}
			return nil, err
		}
		checked = true
	}
	plain, err := openEncString(f.Data, keys)
	if errors.Is(err, errBitwardenMAC) {
		if checked {
			return nil, msg.New("bitwarden.damaged", nil)
		}
		return nil, msg.New("transfer.wrong_password", nil)
	}
	return plain, err
}

// openEncString checks and decrypts a type 2 EncString.
func openEncString(s string, keys bitwardenKeys) ([]byte, error) {
	typ, rest, ok := strings.Cut(strings.TrimSpace(s), ".")
	if !ok {
		return nil, msg.New("bitwarden.encrypted", nil)
	}
	if typ != "2" {
		return nil, msg.New("bitwarden.enc_type", nil, "Type", typ)
	}
	parts := strings.Split(rest, "|")
	if len(parts) != 3 {
		return nil, msg.New("bitwarden.encrypted", nil)
	}
	var b [3][]byte
	for i, p := range parts {
		var err error
		if b[i], err = base64.StdEncoding.DecodeString(p); err != nil {
			return nil, msg.New("bitwarden.encrypted", nil)
		}
	}
	iv, ct, tag := b[0], b[1], b[2]
	if len(iv) != aes.BlockSize || len(ct) == 0 || len(ct)%aes.BlockSize != 0 || len(tag) != sha256.Size {
		return nil, msg.New("bitwarden.encrypted", nil)
	}
	m := hmac.New(sha256.New, keys.mac)
	m.Write(iv)
	m.Write(ct)
	if !hmac.Equal(m.Sum(nil), tag) {
		return nil, errBitwardenMAC
	}
	block, err := aes.NewCipher(keys.enc)
	if err != nil {
		return nil, msg.New("bitwarden.encrypted", err)
	}
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	n := int(plain[len(plain)-1])
	if n < 1 || n > aes.BlockSize || !bytes.Equal(plain[len(plain)-n:], bytes.Repeat([]byte{byte(n)}, n)) {
		return nil, msg.New("bitwarden.damaged", nil)
	}
	return plain[:len(plain)-n], nil
}
