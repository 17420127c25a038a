package transfer

import "testing"

// Fuzz targets of the FreeOTP(+), Authenticator Pro and Authenticator
// extension decoders; see fuzz_test.go.

func FuzzFreeOTPPlus(f *testing.F) {
	fuzzFile(f, []string{"freeotpplus.json"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatFreeOTPPlus})
	})
}

func FuzzAuthPro(f *testing.F) {
	fuzzFile(f, []string{"authpro-plain.authpro", "authpro-encrypted.authpro", "authpro-legacy.authpro"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatAuthPro})
	})
}

func FuzzFreeOTP(f *testing.F) {
	fuzzFile(f, []string{"freeotp-backup.xml", "freeotp-legacy.xml"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatFreeOTP})
	})
}

func FuzzAuthExt(f *testing.F) {
	fuzzFile(f, []string{"authext-plain.json", "authext-encrypted.json"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatAuthExt})
	})
}
