package transfer

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// Proton Pass exports (ProtonMail/WebClients, packages/pass/lib/export):
//   - a zip holding "Proton Pass/data.json": {"version", "userId",
//     "encrypted": false, "vaults": {ID: {"name", "items": [{"itemId",
//     "state" (1 active, 2 in the trash), "data": {"type" ("login", "note",
//     ...), "metadata": {"name", "note"}, "content": {"itemEmail",
//     "itemUsername", "password", "urls", "totpUri"}, "extraFields":
//     [{"fieldName", "type" ("text", "hidden", "totp"), "data": {"totpUri"}}]}}]}}};
//   - that data.json on its own;
//   - a CSV with the columns type, name, url, email, username, password,
//     note, totp, createTime, modifyTime, vault (email since content format 5);
//   - encrypted with a passphrase as an OpenPGP message: a zip holding
//     "Proton Pass/data.pgp" (data.json encrypted), or in older versions the
//     whole zip encrypted, armored or as base64 of the armored text:
//     protonpass_pgp.go.

// Where the export zip keeps its data, plain or encrypted.
const (
	protonPassZipName    = "Proton Pass/data.json"
	protonPassZipPGPName = "Proton Pass/data.pgp"
)

type protonPassFile struct {
	Version   string                     `json:"version"`
	Encrypted bool                       `json:"encrypted"`
	Vaults    map[string]protonPassVault `json:"vaults"`
}

type protonPassVault struct {
	Items []protonPassItem `json:"items"`
}

type protonPassItem struct {
	State int `json:"state"`
	Data  struct {
		Type     string `json:"type"`
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
		Content     json.RawMessage `json:"content"`
		ExtraFields []struct {
			Type string `json:"type"`
			Data struct {
				TOTPURI string `json:"totpUri"`
			} `json:"data"`
		} `json:"extraFields"`
	} `json:"data"`
}

type protonPassLogin struct {
	ItemEmail    string `json:"itemEmail"`
	ItemUsername string `json:"itemUsername"`
	TOTPURI      string `json:"totpUri"`
}

const protonPassTrashed = 2

func decodeProtonPass(data []byte, password func() ([]byte, error)) (*Result, error) {
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case isZip(data):
		return decodeProtonPassZip(data, password)
	case isProtonPassPGP(text):
		return decodeProtonPassPGP(text, password)
	case len(text) > 0 && text[0] == '{':
		return decodeProtonPassJSON(text)
	}
	return decodeProtonPassCSV(text)
}

func decodeProtonPassJSON(text []byte) (*Result, error) {
	var f protonPassFile
	if err := json.Unmarshal(text, &f); err != nil {
		return nil, msg.New("protonpass.json", jsonDetail(text, err))
	}
	if f.Vaults == nil {
		return nil, msg.New("protonpass.no_vaults", nil)
	}
	if f.Encrypted {
		return nil, msg.New("protonpass.encrypted_json", nil)
	}
	res := &Result{Format: FormatProtonPass}
	// Vaults are a JSON object: take them in the order of their IDs, so
	// the same file always imports alike.
	ids := make([]string, 0, len(f.Vaults))
	for id := range f.Vaults {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		for _, it := range f.Vaults[id].Items {
			if it.State == protonPassTrashed {
				continue
			}
			name := it.Data.Metadata.Name
			var login protonPassLogin
			if it.Data.Type == "login" && len(it.Data.Content) > 0 {
				if err := json.Unmarshal(it.Data.Content, &login); err != nil {
					return nil, msg.New("protonpass.json", err)
				}
				res.addOTPValue(login.TOTPURI, name, cmpNonEmpty(login.ItemUsername, login.ItemEmail))
			}
			for _, x := range it.Data.ExtraFields {
				if x.Type == "totp" {
					res.addOTPValue(x.Data.TOTPURI, name, cmpNonEmpty(login.ItemUsername, login.ItemEmail))
				}
			}
		}
	}
	return res, nil
}

func cmpNonEmpty(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

func decodeProtonPassCSV(text []byte) (*Result, error) {
	tab, err := readCSV(text, "protonpass.csv")
	if err != nil {
		return nil, err
	}
	if _, ok := tab.cols["totp"]; !ok {
		return nil, msg.New("protonpass.csv_header", nil)
	}
	res := &Result{Format: FormatProtonPass}
	for _, row := range tab.rows {
		account := cmpNonEmpty(tab.get(row, "username"), tab.get(row, "email"))
		res.addOTPValue(tab.get(row, "totp"), tab.get(row, "name"), account)
	}
	return res, nil
}

func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// protonPassZipData is data.json, or else data.pgp, of an export zip.
func protonPassZipData(data []byte) (name string, b []byte, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", nil, msg.New("protonpass.zip", err)
	}
	for _, want := range []string{protonPassZipName, protonPassZipPGPName} {
		for _, f := range zr.File {
			if f.Name == want {
				b, err := readZipFile(f)
				return want, b, err
			}
		}
	}
	return "", nil, msg.New("protonpass.zip_no_data", nil)
}

func readZipFile(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > MaxInput {
		return nil, msg.New("transfer.too_large", nil, "Max", MaxInput>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, msg.New("protonpass.zip", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxInput+1))
	if err != nil {
		return nil, msg.New("protonpass.zip", err)
	}
	if len(b) > MaxInput {
		return nil, msg.New("transfer.too_large", nil, "Max", MaxInput>>20)
	}
	return b, nil
}

func decodeProtonPassZip(data []byte, password func() ([]byte, error)) (*Result, error) {
	name, b, err := protonPassZipData(data)
	if err != nil {
		return nil, err
	}
	if name == protonPassZipPGPName {
		return decodeProtonPassPGP(bytes.TrimSpace(b), password)
	}
	return decodeProtonPassJSON(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
}

// isProtonPassZip says whether data is a zip holding Proton Pass' data.json.
func isProtonPassZip(data []byte) bool {
	if !isZip(data) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A damaged zip that names the file is still meant as one.
		return bytes.Contains(data, []byte("Proton Pass/data."))
	}
	for _, f := range zr.File {
		if f.Name == protonPassZipName || f.Name == protonPassZipPGPName {
			return true
		}
	}
	return false
}

// looksLikeProtonPassCSV says whether header is Proton Pass' CSV header.
func looksLikeProtonPassCSV(header []string) bool {
	return hasColumns(header, "type", "name", "totp", "vault")
}
