package transfer

import (
	"encoding/json"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Proton Authenticator export (ProtonMail/proton-authenticator, the
// authenticator crate's entries export): {"version": 1, "entries": [{"id",
// "content": {"uri", "entry_type": "Totp" | "Steam", "name"}, "note"}]}.
// A TOTP entry's uri is an otpauth:// URI; a Steam entry's is
// steam://BASE32 with the name beside it. A password-protected export is
// {"version": 1, "salt", "content"} instead.

const protonVersion = 1

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

func decodeProton(text []byte) (*Result, error) {
	var f protonFile
	if err := json.Unmarshal(text, &f); err != nil {
		return nil, msg.New("proton.json", jsonDetail(text, err))
	}
	if f.Salt != nil && f.Entries == nil {
		return nil, msg.New("proton.encrypted", nil)
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
