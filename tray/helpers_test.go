package tray

import (
	"time"

	"github.com/otptray/otptray/token"
)

// rfcSecret is the SHA-1 key of the RFC 6238 test vectors (Appendix B).
var rfcSecret = []byte("12345678901234567890")

// RFC 6238 Appendix B gives, for SHA-1 and 8 digits, 07081804 at Unix time
// 1111111109 and 14050471 at 1111111111; 6-digit codes are the last six
// digits. 1111111110 is the period boundary between them.
const (
	vecBoundary   = 1111111110
	vecCodeBefore = "081804"
	vecCodeAfter  = "050471"
)

func unix(sec float64) time.Time {
	return time.Unix(0, int64(sec*1e9))
}

func vipToken() token.Token {
	return token.Token{ID: "vip1", Name: "VIP Access", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30,
		VIP: &token.VIP{CredentialID: "SYDC12345678"}, Secret: rfcSecret}
}
