package transfer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// KeePassXC's CSV export (Database › Export › CSV file): a header
// "Group","Title","Username","Password","URL","Notes","TOTP",... (then Icon,
// Last Modified, Created in 2.7), every field quoted; the TOTP column holds
// the entry's otpauth URI, empty for entries without one.

var keepassxcCSVHead = []string{"group", "title", "username", "password", "url", "notes"}

// keepassxcCSVHeader checks a header record: KeePassXC's first six columns
// in that order and a TOTP column. Other password managers' CSV exports name
// their columns differently (Bitwarden login_totp, Proton Pass totp after
// note), so this header is KeePassXC's alone.
func keepassxcCSVHeader(rec []string) (totp int, ok bool) {
	if len(rec) <= len(keepassxcCSVHead) {
		return 0, false
	}
	for i, h := range keepassxcCSVHead {
		if !strings.EqualFold(strings.TrimSpace(rec[i]), h) {
			return 0, false
		}
	}
	for i, h := range rec {
		if strings.EqualFold(strings.TrimSpace(h), "totp") {
			return i, true
		}
	}
	return 0, false
}

// looksLikeKeePassXCCSV reads the first record of text.
func looksLikeKeePassXCCSV(text []byte) bool {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return false
	}
	_, ok := keepassxcCSVHeader(rec)
	return ok
}

func decodeKeePassXCCSV(text []byte) (*Result, error) {
	r := csv.NewReader(bytes.NewReader(text))
	head, err := r.Read()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, msg.New("transfer.keepassxc_csv.damaged", err)
	}
	totp, ok := keepassxcCSVHeader(head)
	if !ok {
		return nil, msg.New("transfer.keepassxc_csv.header", nil)
	}
	res := &Result{Format: FormatKeePassXCCSV}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// csv.ParseError names the line and column, never the text.
			return nil, msg.New("transfer.keepassxc_csv.damaged", err)
		}
		uri := strings.TrimSpace(rec[totp])
		if uri == "" {
			continue // a password only
		}
		title, user := strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])
		name := token.DefaultName(title, user)
		if !strings.HasPrefix(strings.ToLower(uri), "otpauth:") {
			res.skip(name, msg.New("transfer.keepassxc_csv.totp", nil))
			continue
		}
		t, err := parseOTPURI(keepassxcURI(withLabel(uri, title, user)))
		if err != nil {
			res.skip(name, err)
			continue
		}
		if t.Issuer == "" {
			t.Issuer = title
		}
		res.add(t)
	}
	return res, nil
}
