package transfer

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Proton Authenticator export (ProtonMail/proton-authenticator, the
// authenticator crate's entries export): {"version": 1, "entries": [{"id",
// "content": {"uri", "entry_type": "Totp" | "Steam", "name"}, "note"}]}.
// A TOTP entry's uri is an otpauth:// URI; a Steam entry's is
// steam://BASE32 with the name beside it. A password-protected export is
// {"version": 1, "salt", "content"} instead: the key is Argon2id(password,
// salt (16 bytes, base64), 2 passes, 19 MiB, 1 lane, 32 bytes), content is
// base64(nonce (12 bytes) ‖ AES-256-GCM ciphertext ‖ tag) with the additional
// data "proton.authenticator.export.v1", and the plain text is the plain
// export (the authenticator crate's export_entries_with_password).

const (
	protonVersion  = 1
	protonArgonMiB = 19
	protonAAD      = "proton.authenticator.export.v1"
)

type protonFile struct {
	Version *int          `json:"version"`
	Entries []protonEntry `json:"entries"`
	Salt    *string       `json:"salt"`
	Content *string       `json:"content"`
}

type protonEntry struct {
	Content struct {
		URI       string `json:"uri"`
		EntryType string `json:"entry_type"`
		Name      string `json:"name"`
	} `json:"content"`
}

func decodeProton(text []byte, password func() ([]byte, error), w *work) (*Result, error) {
	var f protonFile
	if err := json.Unmarshal(text, &f); err != nil {
		return nil, msg.New("proton.json", jsonDetail(text, err))
	}
	if f.Salt != nil && f.Entries == nil {
		plain, err := protonDecrypt(f, password, w)
		if err != nil {
			return nil, err
		}
		f = protonFile{}
		if err := json.Unmarshal(plain, &f); err != nil {
			return nil, msg.New("proton.json", jsonDetail(plain, err))
		}
	}
	if f.Version == nil || f.Entries == nil {
		return nil, msg.New("proton.not_export", nil)
	}
	if *f.Version != protonVersion {
		return nil, msg.New("proton.version", nil, "Version", *f.Version)
	}
	res := &Result{Format: FormatProton}
	for _, e := range f.Entries {
		c := e.Content
		switch strings.ToLower(c.EntryType) {
		case "totp":
			res.addOTPValue(c.URI, c.Name, "")
		case "steam":
			if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(c.URI)), "steam://") {
				res.skip(token.DefaultName(c.Name, ""), msg.New("proton.steam_uri", nil))
				continue
			}
			res.addOTPValue(c.URI, c.Name, "")
		default:
			res.skip(token.DefaultName(c.Name, ""), unsupportedKind(c.EntryType))
		}
	}
	return res, nil
}

func protonDecrypt(f protonFile, password func() ([]byte, error), w *work) ([]byte, error) {
	if f.Version == nil || *f.Version != protonVersion {
		return nil, msg.New("proton.version", nil, "Version", derefOr(f.Version, 0))
	}
	salt, err1 := base64.StdEncoding.DecodeString(*f.Salt)
	var sealed []byte
	var err2 error
	if f.Content != nil {
		sealed, err2 = base64.StdEncoding.DecodeString(*f.Content)
	}
	if err1 != nil || err2 != nil || len(salt) == 0 || len(sealed) < 12+16 {
		return nil, msg.New("proton.encrypted", nil)
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	key, err := derive(w, argon2Cost(protonArgonMiB*1024, 2, 1), func() ([]byte, error) {
		return argon2.IDKey(pw, salt, 2, protonArgonMiB*1024, 1, 32), nil
	})
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, msg.New("proton.encrypted", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, msg.New("proton.encrypted", err)
	}
	plain, err := gcm.Open(nil, sealed[:12], sealed[12:], []byte(protonAAD))
	if err != nil {
		return nil, msg.New("transfer.wrong_password", nil)
	}
	return plain, nil
}

func derefOr(p *int, v int) int {
	if p == nil {
		return v
	}
	return *p
}

// looksLikeProton says whether a JSON object is a Proton Authenticator
// export, plain or with a password.
func looksLikeProton(probe map[string]json.RawMessage, text []byte) bool {
	if probe == nil {
		return strings.Contains(string(text), `"entry_type"`)
	}
	if probe["version"] == nil {
		return false
	}
	return probe["entries"] != nil || (probe["salt"] != nil && probe["content"] != nil)
}
