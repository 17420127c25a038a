package transfer

import (
	"crypto/aes"
	"crypto/cipher"
)

// testSeal and testOpen are AES-256-GCM written out in the tests, so fixtures
// and the independent Aegis decrypt do not lean on the package's helpers.
func testSeal(key, nonce, plain []byte) []byte {
	g := testGCM(key, len(nonce))
	return g.Seal(nil, nonce, plain, nil)
}

func testOpen(key, nonce, sealed []byte) ([]byte, error) {
	return testGCM(key, len(nonce)).Open(nil, nonce, sealed, nil)
}

func testGCM(key []byte, nonceSize int) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	g, err := cipher.NewGCMWithNonceSize(block, nonceSize)
	if err != nil {
		panic(err)
	}
	return g
}
