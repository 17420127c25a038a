package token

import "testing"

func TestFindVIPCredential(t *testing.T) {
	for _, tt := range []struct {
		in, id, model string
	}{
		{"SYDC12345678", "SYDC12345678", "SYDC"},
		{"VIP Access:SYDC12345678", "SYDC12345678", "SYDC"},
		{"symc 1234 5678", "SYMC12345678", "SYMC"},
		{"VSST-1234-5678", "VSST12345678", "VSST"},
		{"Work (VSMT87654321)", "VSMT87654321", "VSMT"},
		{"UBHE57586348", "UBHE57586348", "UBHE"},
		{"FT1112345678", "FT1112345678", "FT11"},
		{"SYDC1234567", "", ""},   // 7 digits
		{"SYDC123456789", "", ""}, // 9 digits
		{"XSYDC12345678", "", ""}, // not a word of its own
		{"ABCD12345678", "", ""},  // not a known prefix
		{"alice@example.com", "", ""},
	} {
		id, model, ok := FindVIPCredential(tt.in)
		if id != tt.id || model != tt.model || ok != (tt.id != "") {
			t.Errorf("FindVIPCredential(%q) = %q, %q, %v; want %q, %q", tt.in, id, model, ok, tt.id, tt.model)
		}
	}
}

// TestNormalizeRecognizesVIP: the python-vipaccess URI becomes a VIP token;
// a token that is one already, a Steam token and an ordinary one are left
// as they are.
func TestNormalizeRecognizesVIP(t *testing.T) {
	tok, err := ParseURI("otpauth://totp/VIP%20Access:SYDC12345678?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Symantec")
	if err != nil {
		t.Fatal(err)
	}
	if tok.VIP == nil || tok.VIP.CredentialID != "SYDC12345678" || tok.VIP.Model != "SYDC" {
		t.Fatalf("python-vipaccess URI: VIP %+v", tok.VIP)
	}
	kept := Token{Account: "SYMC11111111", VIP: &VIP{CredentialID: "SYMC22222222"}}
	if err := kept.Normalize(); err != nil || kept.VIP.CredentialID != "SYMC22222222" {
		t.Errorf("a VIP token's own ID was replaced: %+v, %v", kept.VIP, err)
	}
	steam := Token{Kind: Steam, Account: "SYMC11111111"}
	if err := steam.Normalize(); err != nil || steam.VIP != nil {
		t.Errorf("a Steam token became VIP: %+v, %v", steam.VIP, err)
	}
	plain := Token{Issuer: "Bank", Account: "alice"}
	if err := plain.Normalize(); err != nil || plain.VIP != nil {
		t.Errorf("an ordinary token became VIP: %+v, %v", plain.VIP, err)
	}
}
