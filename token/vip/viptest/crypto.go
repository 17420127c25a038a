package viptest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"encoding/base64"
	"strings"

	"github.com/otptray/otptray/token/vip/internal/vipcrypto"
)

// VerifySignature tells whether data is the right signature of a request
// made at the Unix time ts by clientID, as the service checks it.
func VerifySignature(ts int64, clientID, data string) bool {
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(data))
	if err != nil {
		return false
	}
	return hmac.Equal(got, vipcrypto.RequestMAC(ts, clientID))
}

// EncryptSecret wraps a secret as the service does: AES-128-CBC with the
// protocol's fixed key and iv, PKCS#7 padding.
func EncryptSecret(iv, secret []byte) ([]byte, error) {
	block, err := aes.NewCipher(vipcrypto.EncryptionKey)
	if err != nil {
		return nil, err
	}
	n := aes.BlockSize - len(secret)%aes.BlockSize
	plain := append(bytes.Clone(secret), bytes.Repeat([]byte{byte(n)}, n)...)
	ct := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, plain)
	clear(plain)
	return ct, nil
}
