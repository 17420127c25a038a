package transfer

import (
	"bytes"
	"encoding/base64"

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

// DecryptPGP opens a passphrase-encrypted OpenPGP message: pgp.Decrypt, in
// the programs that link the OpenPGP library (token/transfer/pgp says why
// not all do). When nil, such files are refused with a message saying to
// import them with otptray-cli.
var DecryptPGP func(armored []byte, password func() ([]byte, error), limit int64) ([]byte, error)

func decodeProtonPassPGP(text []byte, password func() ([]byte, error)) (*Result, error) {
	if !bytes.HasPrefix(text, []byte(pgpArmorStart)) {
		dec, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(text), nil)))
		if err != nil {
			return nil, msg.New("protonpass.pgp", nil)
		}
		text = dec
	}
	if DecryptPGP == nil {
		return nil, msg.New("protonpass.pgp_unsupported", nil)
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	plain, err := DecryptPGP(text, password, MaxInput)
	if err != nil {
		return nil, err
	}
	// The plain text is the export zip, or data.json of a zip holding
	// data.pgp. No password goes further: a zip encrypted twice is no export.
	if isZip(plain) {
		return decodeProtonPassZip(plain, nil)
	}
	return decodeProtonPassJSON(bytes.TrimPrefix(plain, []byte("\xef\xbb\xbf")))
}
