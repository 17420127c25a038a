package transfer

import "testing"

// TestURIName: a refused URI is named by its label only, never by anything
// that may be the secret.
func TestURIName(t *testing.T) {
	for in, want := range map[string]string{
		"otpauth://motp/Old:Bank?secret=ABCDEFGH":        "Old:Bank",
		"otpauth://totp/Air+Canada:Ben%20J?secret=X":     "Air Canada:Ben J",
		"otpauth://totp?secret=JBSWY3DPEHPK3PXP":         "",
		"otpauth:JBSWY3DPEHPK3PXP":                       "",
		"otpauth://JBSWY3DPEHPK3PXP":                     "",
		"otpauth://totp/%zz?secret=JBSWY3DPEHPK3PXP":     "",
		"otpauth://totp/#JBSWY3DPEHPK3PXP?secret=x":      "",
		"otpauth://totp/Label#frag?secret=JBSWY3DPEHPK3": "Label",
	} {
		if got := uriName(in); got != want {
			t.Errorf("uriName(%q) = %q, want %q", in, got, want)
		}
	}
}
