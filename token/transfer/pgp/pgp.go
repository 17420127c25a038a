// Package pgp opens the passphrase-encrypted OpenPGP messages some
// exports are (Proton Pass). It is a package of its own so that only the
// programs that set transfer.DecryptPGP to Decrypt link the OpenPGP
// library, about 2 MiB with its curves: otptray-cli does, the tray (which
// reads such files only when following one) does not.
package pgp

import (
	"bytes"
	"errors"
	"io"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"

	"github.com/otptray/otptray/internal/msg"
)

// errWrongPassword stops the OpenPGP reader from asking again.
var errWrongPassword = errors.New("wrong passphrase")

// Decrypt returns the plain text of the armored, symmetrically encrypted
// OpenPGP message armored (RFC 9580), at most limit bytes of it; password
// is asked once. Its errors are *msg.Error.
func Decrypt(armored []byte, password func() ([]byte, error), limit int64) ([]byte, error) {
	block, err := armor.Decode(bytes.NewReader(armored))
	if err != nil || block.Type != "PGP MESSAGE" {
		return nil, msg.New("protonpass.pgp", nil)
	}
	asked := false
	prompt := func(keys []openpgp.Key, symmetric bool) ([]byte, error) {
		if !symmetric {
			return nil, msg.New("protonpass.pgp_key", nil)
		}
		if asked {
			return nil, errWrongPassword
		}
		asked = true
		return password()
	}
	md, err := openpgp.ReadMessage(block.Body, nil, prompt, nil)
	if err != nil {
		return nil, pgpError(err)
	}
	plain, err := io.ReadAll(io.LimitReader(md.UnverifiedBody, limit+1))
	if err != nil {
		// The integrity check fails at the end of the message.
		return nil, pgpError(err)
	}
	if int64(len(plain)) > limit {
		return nil, msg.New("transfer.too_large", nil, "Max", limit>>20)
	}
	return plain, nil
}

// pgpError is the message for an error of the OpenPGP reader.
func pgpError(err error) error {
	var m *msg.Error
	switch {
	case errors.As(err, &m):
		return err
	case errors.Is(err, errWrongPassword), errors.Is(err, pgperrors.ErrKeyIncorrect):
		return msg.New("transfer.wrong_password", nil)
	}
	return msg.New("protonpass.pgp_damaged", nil)
}
