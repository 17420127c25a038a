package transfer

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Password managers (Bitwarden, Proton Pass) keep a one-time password beside
// a login: an otpauth:// URI, a steam:// secret, or a bare base32 secret.
// Most logins have none; they are not tokens and are passed over without a
// word. A value that is none of these is skipped with the reason.

// addOTPValue adds the token value describes. issuer and account are the
// login's name and user name: they name a bare secret, and fill in what an
// otpauth URI leaves out.
func (r *Result) addOTPValue(value, issuer, account string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	issuer, account = strings.TrimSpace(issuer), strings.TrimSpace(account)
	name := token.DefaultName(issuer, account)
	lower := strings.ToLower(value)
	switch {
	case strings.HasPrefix(lower, "otpauth:"):
		t, err := token.ParseURI(value)
		if err != nil {
			r.skip(cmp.Or(uriName(value), name), err)
			return
		}
		if t.Issuer == "" && !strings.EqualFold(issuer, t.Account) {
			t.Issuer = issuer
		}
		r.add(t)
	case strings.HasPrefix(lower, "steam://"):
		// Bitwarden and Proton write a Steam Guard secret as steam://BASE32.
		t := token.Token{Issuer: issuer, Account: account, Kind: token.Steam, Algorithm: token.SHA1, Digits: 5, Period: 30}
		r.addWithSecret(t, name, value[len("steam://"):])
	case strings.Contains(value, "://"):
		scheme, _, _ := strings.Cut(value, "://")
		r.skip(name, msg.New("bitwarden.otp_scheme", nil, "Scheme", token.CleanText(scheme)))
	default:
		// A bare secret: the defaults of Key Uri Format.
		t := token.Token{Issuer: issuer, Account: account, Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30}
		r.addWithSecret(t, name, value)
	}
}

// csvTable is a CSV export with a header line.
type csvTable struct {
	cols map[string]int // lower-case column name → index
	rows [][]string
}

// readCSV reads a whole CSV export; a damaged one (a broken quote, a row
// with a different number of fields, as a file cut short has) is an error
// with the line, and nothing of it is used.
func readCSV(text []byte, errID string) (*csvTable, error) {
	cr := csv.NewReader(bytes.NewReader(text))
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, msg.New(errID, csvDetail(err))
	}
	tab := &csvTable{cols: make(map[string]int, len(header))}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := tab.cols[h]; !dup {
			tab.cols[h] = i
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return tab, nil
		}
		if err != nil {
			return nil, msg.New(errID, csvDetail(err))
		}
		tab.rows = append(tab.rows, rec)
	}
}

// csvDetail keeps the position of a CSV error but not the text of the
// field, which may be a password.
func csvDetail(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &csv.ParseError{StartLine: pe.StartLine, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return err
}

// get is the value of column col in row, or "".
func (t *csvTable) get(row []string, col string) string {
	if i, ok := t.cols[col]; ok && i < len(row) {
		return row[i]
	}
	return ""
}

// csvHeader is the first line of text split as CSV, in lower case, or nil.
func csvHeader(text []byte) []string {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return nil
	}
	for i := range rec {
		rec[i] = strings.ToLower(strings.TrimSpace(rec[i]))
	}
	return rec
}

// hasColumns says whether header holds every one of cols.
func hasColumns(header []string, cols ...string) bool {
	for _, c := range cols {
		found := false
		for _, h := range header {
			if h == c {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// detectPasswordManager names the password manager or Proton export data
// is, or "". It runs before the otpauth text check, as a CSV export holds
// otpauth URIs too.
func detectPasswordManager(data []byte) Format {
	if isProtonPassZip(data) {
		return FormatProtonPass
	}
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if isProtonPassPGP(text) {
		return FormatProtonPass
	}
	if len(text) > 0 && text[0] == '{' {
		var probe map[string]json.RawMessage
		if json.Unmarshal(text, &probe) != nil {
			probe = nil
		}
		switch {
		case probe != nil && (probe["db"] != nil || probe["header"] != nil || probe["services"] != nil):
			return "" // Aegis, 2FAS
		case looksLikeBitwarden(probe, text):
			return FormatBitwarden
		case looksLikeProton(probe, text):
			return FormatProton
		case probe != nil && probe["vaults"] != nil,
			probe == nil && bytes.Contains(text, []byte(`"vaults"`)) && bytes.Contains(text, []byte(`"itemId"`)):
			return FormatProtonPass
		}
		return ""
	}
	header := csvHeader(text)
	switch {
	case hasColumns(header, "login_totp", "name"):
		return FormatBitwarden
	case looksLikeProtonPassCSV(header):
		return FormatProtonPass
	}
	return ""
}
