package token

import "testing"

func TestCompactCredentialID(t *testing.T) {
	for in, want := range map[string]string{
		"SYDC12345678":        "SYDC12345678",
		"sydc-1234 5678":      "SYDC12345678",
		" SYDC 1234 5678\n":   "SYDC12345678",
		"vsst-1234-5678-9012": "VSST123456789012",
		"":                    "",
	} {
		if got := CompactCredentialID(in); got != want {
			t.Errorf("CompactCredentialID(%q) = %q, want %q", in, got, want)
		}
	}
}
