package vip_test

import (
	"slices"
	"testing"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

// TestModelsRecognised: every model vip can provision is a prefix the token
// package recognises in a label, so that a credential made here and kept in
// another app comes back as a VIP token.
func TestModelsRecognised(t *testing.T) {
	for _, m := range vip.Models {
		if !slices.Contains(token.VIPPrefixes, m.Name) {
			t.Errorf("model %s is not in token.VIPPrefixes", m.Name)
		}
		if id, model, ok := token.FindVIPCredential(m.Name + "12345678"); !ok || model != m.Name || id != m.Name+"12345678" {
			t.Errorf("%s12345678: %q %q %v", m.Name, id, model, ok)
		}
	}
}
