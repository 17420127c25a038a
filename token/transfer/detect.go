package transfer

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/otptray/otptray/internal/msg"
)

// Decode reads an export or backup file in any format it knows, detected
// from the content unless opt.Format says. A file-level problem (wrong
// password, damaged file, unknown schema) is an error and yields no tokens;
// entries that cannot be imported are listed in Result.Skipped.
func Decode(data []byte, opt Options) (*Result, error) {
	if len(data) > MaxInput {
		return nil, msg.New("transfer.too_large", nil, "Max", MaxInput>>20)
	}
	f := opt.Format
	if f == "" {
		f = Detect(data)
		if f == "" {
			return nil, msg.New("transfer.unknown_format", nil)
		}
	}
	text := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch f {
	case FormatURI, FormatMigration:
		if !utf8.Valid(text) {
			return nil, msg.New("transfer.not_text", nil)
		}
		return ParseText(string(text))
	case FormatQR:
		return decodeImageFile(data)
	case FormatAegis:
		return decodeAegis(text, opt.Password)
	case FormatTwoFAS:
		return decodeTwoFAS(text, opt.Password)
	case FormatAndOTP:
		if t := bytes.TrimSpace(text); len(t) > 0 && t[0] == '[' {
			return decodeAndOTP(t)
		}
		return decodeAndOTPEncrypted(data, opt.Password)
	case FormatVipaccess:
		return decodeVipaccess(data)
	case FormatBitwarden:
		return decodeBitwarden(text, opt.Password)
	case FormatProton:
		return decodeProton(text, opt.Password)
	case FormatProtonPass:
		return decodeProtonPass(data, opt.Password)
	}
	return nil, msg.New("transfer.format", nil, "Format", string(f), "Formats", formatList())
}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case "winauth", "otpauth":
		return FormatURI, nil
	case "migration", "google-authenticator":
		return FormatMigration, nil
	case "image", "png", "jpeg", "jpg":
		return FormatQR, nil
	case "twofas":
		return FormatTwoFAS, nil
	}
	for _, k := range Formats {
		if f == k {
			return f, nil
		}
	}
	return "", msg.New("transfer.format", nil, "Format", s, "Formats", formatList())
}

func formatList() string {
	var s []string
	for _, f := range Formats {
		s = append(s, string(f))
	}
	return strings.Join(s, ", ")
}

// Detect names the format of data from its content, or "" if unknown.
func Detect(data []byte) Format {
	if isImage(data) {
		return FormatQR
	}
	if looksLikeVipaccess(data) {
		return FormatVipaccess
	}
	if f := detectPasswordManager(data); f != "" {
		return f
	}
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(text) > 0 && utf8.Valid(text) {
		switch text[0] {
		case '[':
			return FormatAndOTP
		case '{':
			var probe map[string]json.RawMessage
			if json.Unmarshal(text, &probe) != nil {
				// Damaged JSON: guess from the keys a reader can see, so
				// the error names the format the user has.
				switch {
				case bytes.Contains(text, []byte(`"header"`)) || bytes.Contains(text, []byte(`"db"`)):
					return FormatAegis
				case bytes.Contains(text, []byte(`"services`)) || bytes.Contains(text, []byte(`"schemaVersion"`)):
					return FormatTwoFAS
				}
				return ""
			}
			switch {
			case probe["db"] != nil || probe["header"] != nil:
				return FormatAegis
			case probe["services"] != nil || probe["schemaVersion"] != nil || probe["servicesEncrypted"] != nil:
				return FormatTwoFAS
			}
			return ""
		}
		lower := bytes.ToLower(text)
		if bytes.Contains(lower, []byte("otpauth-migration:")) {
			return FormatMigration
		}
		if bytes.Contains(lower, []byte("otpauth:")) {
			return FormatURI
		}
	}
	if looksLikeAndOTPEncrypted(data) {
		return FormatAndOTP
	}
	return ""
}
