package vip

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token/vip/internal/vipcrypto"
)

// DecryptSecret unwraps the secret of an answer: AES-128-CBC with
// the protocol's fixed key and the answer's IV, PKCS#7 padding (checked), a 20-byte
// secret inside.
func DecryptSecret(iv, ct []byte) ([]byte, error) {
	if len(iv) != aes.BlockSize {
		return nil, msg.New("vip.decrypt_iv", nil)
	}
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, msg.New("vip.decrypt_blocks", nil)
	}
	block, err := aes.NewCipher(vipcrypto.EncryptionKey)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	n := int(plain[len(plain)-1])
	pad := bytes.Repeat([]byte{byte(n)}, max(n, 1))
	if n < 1 || n > aes.BlockSize || subtle.ConstantTimeCompare(plain[len(plain)-n:], pad) != 1 {
		clear(plain)
		return nil, msg.New("vip.decrypt_padding", nil)
	}
	secret := plain[:len(plain)-n]
	if len(secret) != secretLen {
		clear(plain)
		return nil, msg.New("vip.decrypt_length", nil, "Length", len(secret))
	}
	return secret, nil
}
