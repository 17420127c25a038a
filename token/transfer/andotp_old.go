package transfer

import (
	"crypto/sha256"
	"unicode/utf8"
)

// andOTP before 0.6.3 encrypted its backups without a key derivation: the
// AES-256-GCM key is SHA-256 of the password, and the file is
// [12-byte IV][ciphertext‖tag], with no iterations or salt header (as the
// andOTP-decrypt tool's --old mode reads them, github.com/asmw/andOTP-decrypt).

const andOTPOldMin = andOTPIVLen + 16

// andOTPOldSmallest is the smallest old backup that holds an entry: the IV,
// the tag and about 60 bytes of JSON ([{"secret":"...","type":"TOTP",...}]).
const andOTPOldSmallest = andOTPOldMin + 60

// looksLikeAndOTPOld says whether data can be an old andOTP backup: binary,
// large enough to hold an entry, and spread over the byte values as a
// ciphertext is. The format has no signature, so this is a guess made only
// after every format with one has been ruled out.
func looksLikeAndOTPOld(data []byte) bool {
	if len(data) < andOTPOldSmallest || utf8.Valid(data) {
		return false
	}
	sample := data[:min(len(data), 4096)]
	var seen [256]bool
	distinct := 0
	for _, b := range sample {
		if !seen[b] {
			seen[b] = true
			distinct++
		}
	}
	// n random bytes take about 256·(1-(255/256)^n) values; ask for 3/4 of
	// that, which text, zero padding and most file headers fall short of.
	expect := 256.0
	for range sample {
		expect *= 255.0 / 256
	}
	return float64(distinct) >= 0.75*(256-expect)
}

// andOTPOldOpen decrypts an old backup with the password.
func andOTPOldOpen(pw, data []byte) ([]byte, error) {
	key := sha256.Sum256(pw)
	return gcmOpen(key[:], data[:andOTPIVLen], data[andOTPIVLen:])
}
