package transfer

import (
	"encoding/json"
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// Bitwarden exports (the layout of bitwarden/clients' vault export service,
// libs/tools/export): JSON {"encrypted": false, "folders": [...], "items":
// [...]}, each item with "type" (1 = login), "name" and "login" {"username",
// "totp"}; the CSV export with the columns folder, favorite, type, name,
// notes, fields, reprompt, login_uri, login_username, login_password,
// login_totp (organisation exports begin with collections); and the
// password-protected JSON in bitwarden_crypto.go. An export encrypted with
// the account key ("encrypted": true without "passwordProtected") opens only
// inside that Bitwarden account.

type bitwardenFile struct {
	Encrypted         bool            `json:"encrypted"`
	PasswordProtected bool            `json:"passwordProtected"`
	Salt              string          `json:"salt"`
	KdfType           *int            `json:"kdfType"`
	KdfIterations     int             `json:"kdfIterations"`
	KdfMemory         int             `json:"kdfMemory"`
	KdfParallelism    int             `json:"kdfParallelism"`
	Validation        string          `json:"encKeyValidation_DO_NOT_EDIT"`
	Data              string          `json:"data"`
	Items             []bitwardenItem `json:"items"`
}

type bitwardenItem struct {
	Name  string          `json:"name"`
	Login *bitwardenLogin `json:"login"`
}

type bitwardenLogin struct {
	Username string `json:"username"`
	TOTP     string `json:"totp"`
}

func decodeBitwarden(text []byte, password func() ([]byte, error), w *work) (*Result, error) {
	if t := strings.TrimSpace(string(text)); t != "" && t[0] != '{' {
		return decodeBitwardenCSV(text)
	}
	var f bitwardenFile
	if err := json.Unmarshal(text, &f); err != nil {
		return nil, msg.New("bitwarden.json", jsonDetail(text, err))
	}
	if f.Encrypted {
		if !f.PasswordProtected {
			return nil, msg.New("bitwarden.account_key", nil)
		}
		if password == nil {
			return nil, msg.New("transfer.need_password", nil)
		}
		pw, err := password()
		if err != nil {
			return nil, err
		}
		plain, err := bitwardenDecrypt(f, pw, w)
		if err != nil {
			return nil, err
		}
		f = bitwardenFile{}
		if err := json.Unmarshal(plain, &f); err != nil {
			return nil, msg.New("bitwarden.json", jsonDetail(plain, err))
		}
		if f.Encrypted {
			return nil, msg.New("bitwarden.json", nil)
		}
	}
	if f.Items == nil {
		return nil, msg.New("bitwarden.no_items", nil)
	}
	res := &Result{Format: FormatBitwarden}
	for _, it := range f.Items {
		if it.Login != nil {
			res.addOTPValue(it.Login.TOTP, it.Name, it.Login.Username)
		}
	}
	return res, nil
}

func decodeBitwardenCSV(text []byte) (*Result, error) {
	tab, err := readCSV(text, "bitwarden.csv")
	if err != nil {
		return nil, err
	}
	if _, ok := tab.cols["login_totp"]; !ok {
		return nil, msg.New("bitwarden.csv_header", nil)
	}
	res := &Result{Format: FormatBitwarden}
	for _, row := range tab.rows {
		res.addOTPValue(tab.get(row, "login_totp"), tab.get(row, "name"), tab.get(row, "login_username"))
	}
	return res, nil
}

// looksLikeBitwarden says whether a JSON object (probe, or the text when it
// does not parse) is a Bitwarden export.
func looksLikeBitwarden(probe map[string]json.RawMessage, text []byte) bool {
	if probe == nil {
		return strings.Contains(string(text), `"encKeyValidation_DO_NOT_EDIT"`) || strings.Contains(string(text), `"passwordProtected"`)
	}
	if probe["encKeyValidation_DO_NOT_EDIT"] != nil || probe["passwordProtected"] != nil {
		return true
	}
	return probe["items"] != nil && probe["encrypted"] != nil
}
