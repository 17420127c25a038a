package transfer

import (
	"errors"
	"os"
	"testing"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token/transfer/pgp"
)

// The package's tests read PGP-encrypted exports as otptray-cli does.
func init() { DecryptPGP = pgp.Decrypt }

// TestPGPWithoutTheLibrary: a program that leaves the OpenPGP library out
// refuses an encrypted Proton Pass export with a message saying where to
// import it, and asks no password.
func TestPGPWithoutTheLibrary(t *testing.T) {
	data, err := os.ReadFile("testdata/protonpass.pgp")
	if err != nil {
		t.Fatal(err)
	}
	saved := DecryptPGP
	DecryptPGP = nil
	defer func() { DecryptPGP = saved }()
	asked := false
	_, err = Decode(data, Options{Password: func() ([]byte, error) { asked = true; return []byte("test"), nil }})
	var m *msg.Error
	if !errors.As(err, &m) || m.ID != "protonpass.pgp_unsupported" || asked {
		t.Fatalf("Decode = %v (password asked: %v); want protonpass.pgp_unsupported", err, asked)
	}
}
