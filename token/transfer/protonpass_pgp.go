package transfer

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"

	"github.com/otptray/otptray/internal/msg"
)

// Proton Pass encrypts its export with the passphrase the user chose as an
// OpenPGP message (symmetrically encrypted, RFC 9580), armored: data.json in
// a zip as data.pgp, or in older versions the whole zip, as the file itself
// or base64 of the armored text.

const pgpArmorStart = "-----BEGIN PGP MESSAGE-----"

// isProtonPassPGP says whether text is an armored PGP message, plain or in
// base64.
func isProtonPassPGP(text []byte) bool {
	if bytes.HasPrefix(text, []byte(pgpArmorStart)) {
		return true
	}
	prefix := base64.StdEncoding.EncodeToString([]byte(pgpArmorStart))[:36]
	return bytes.HasPrefix(text, []byte(prefix))
}

// errPGPWrongPassword stops the OpenPGP reader from asking again.
var errPGPWrongPassword = errors.New("wrong passphrase")

func decodeProtonPassPGP(text []byte, password func() ([]byte, error)) (*Result, error) {
	if !bytes.HasPrefix(text, []byte(pgpArmorStart)) {
		dec, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(text), nil)))
		if err != nil {
			return nil, msg.New("protonpass.pgp", nil)
		}
		text = dec
	}
	block, err := armor.Decode(bytes.NewReader(text))
	if err != nil || block.Type != "PGP MESSAGE" {
		return nil, msg.New("protonpass.pgp", nil)
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	var pw []byte
	asked := false
	prompt := func(keys []openpgp.Key, symmetric bool) ([]byte, error) {
		if !symmetric {
			return nil, msg.New("protonpass.pgp_key", nil)
		}
		if asked {
			return nil, errPGPWrongPassword
		}
		asked = true
		var err error
		pw, err = password()
		return pw, err
	}
	md, err := openpgp.ReadMessage(block.Body, nil, prompt, nil)
	if err != nil {
		return nil, pgpError(err)
	}
	plain, err := io.ReadAll(io.LimitReader(md.UnverifiedBody, MaxInput+1))
	if err != nil {
		// The integrity check fails at the end of the message.
		return nil, pgpError(err)
	}
	if len(plain) > MaxInput {
		return nil, msg.New("transfer.too_large", nil, "Max", MaxInput>>20)
	}
	// The plain text is the export zip, or data.json of a zip holding
	// data.pgp. No password goes further: a zip encrypted twice is no export.
	if isZip(plain) {
		return decodeProtonPassZip(plain, nil)
	}
	return decodeProtonPassJSON(bytes.TrimPrefix(plain, []byte("\xef\xbb\xbf")))
}

// pgpError is the message for an error of the OpenPGP reader.
func pgpError(err error) error {
	var m *msg.Error
	switch {
	case errors.As(err, &m):
		return err
	case errors.Is(err, errPGPWrongPassword), errors.Is(err, pgperrors.ErrKeyIncorrect):
		return msg.New("transfer.wrong_password", nil)
	}
	return msg.New("protonpass.pgp_damaged", nil)
}
