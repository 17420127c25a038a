package transfer

import (
	"bytes"
	"encoding/json"
)

// Detection of the FreeOTP, FreeOTP+, Authenticator Pro and Authenticator
// extension files, by the keys only their files have.

// detectFreeOTPJSON names the format of a JSON object none of the other
// formats claimed, or "".
func detectFreeOTPJSON(probe map[string]json.RawMessage) Format {
	switch {
	case looksLikeFreeOTPPlus(probe):
		return FormatFreeOTPPlus
	case probe["Authenticators"] != nil:
		return FormatAuthPro
	case looksLikeAuthExt(probe):
		return FormatAuthExt
	}
	return ""
}

// guessDamagedFreeOTP guesses from the keys a reader can see in damaged
// JSON, so the error names the format the user has.
func guessDamagedFreeOTP(text []byte) Format {
	switch {
	case bytes.Contains(text, []byte(`"tokenOrder"`)) || bytes.Contains(text, []byte(`"issuerExt"`)):
		return FormatFreeOTPPlus
	case bytes.Contains(text, []byte(`"Authenticators"`)):
		return FormatAuthPro
	case bytes.Contains(text, []byte(`"EncOTPStorage"`)) || bytes.Contains(text, []byte(`"encrypted"`)) && bytes.Contains(text, []byte(`"hash"`)):
		return FormatAuthExt
	}
	return ""
}
