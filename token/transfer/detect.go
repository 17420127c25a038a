package transfer

import (
	"bytes"
	"context"
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
	return DecodeContext(context.Background(), data, opt)
}

// DecodeContext is Decode that stops when ctx ends, before the next key
// derivation (or within AES-KDF's rounds). Its key-derivation work is
// bounded (WorkLimit): a file that asks for more is refused with a
// *WorkError before that work is done.
func DecodeContext(ctx context.Context, data []byte, opt Options) (*Result, error) {
	w := newWork(ctx)
	if len(data) > MaxInput {
		return nil, msg.New("transfer.too_large", nil, "Max", MaxInput>>20)
	}
	f := opt.Format
	if f == "" {
		f = Detect(data)
		if f == "" {
			return nil, msg.New("transfer.unknown_format", nil, "Formats", formatList())
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
		return decodeAegis(text, opt.Password, w)
	case FormatTwoFAS:
		return decodeTwoFAS(text, opt.Password, w)
	case FormatAndOTP:
		if t := bytes.TrimSpace(text); len(t) > 0 && t[0] == '[' {
			return decodeAndOTP(t)
		}
		return decodeAndOTPEncrypted(data, opt.Password, w)
	case FormatVipaccess:
		return decodeVipaccess(data)
	case FormatBitwarden:
		return decodeBitwarden(text, opt.Password, w)
	case FormatProton:
		return decodeProton(text, opt.Password, w)
	case FormatProtonPass:
		return decodeProtonPass(data, opt.Password)
	case FormatFreeOTPPlus:
		return decodeFreeOTPPlus(text)
	case FormatFreeOTP:
		return decodeFreeOTP(text, opt.Password, w)
	case FormatAuthPro:
		return decodeAuthPro(data, opt.Password, w)
	case FormatAuthExt:
		return decodeAuthExt(text, opt.Password, w)
	case FormatKDBX:
		return decodeKDBX(data, opt.Password, w)
	case FormatKeePassXCCSV:
		if !utf8.Valid(text) {
			return nil, msg.New("transfer.not_text", nil)
		}
		return decodeKeePassXCCSV(text)
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
	case "freeotp+":
		return FormatFreeOTPPlus, nil
	case "stratum", "authenticatorpro":
		return FormatAuthPro, nil
	case "authenticator-extension", "authenticator.cc":
		return FormatAuthExt, nil
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
	if looksLikeAuthProEncrypted(data) {
		return FormatAuthPro
	}
	if looksLikeKDBX(data) {
		return FormatKDBX
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
				if f := guessDamagedFreeOTP(text); f != "" {
					return f
				}
				return ""
			}
			switch {
			case probe["db"] != nil || probe["header"] != nil:
				return FormatAegis
			case probe["services"] != nil || probe["schemaVersion"] != nil || probe["servicesEncrypted"] != nil:
				return FormatTwoFAS
			}
			return detectFreeOTPJSON(probe)
		case '<':
			if looksLikeFreeOTPXML(text) {
				return FormatFreeOTP
			}
			return ""
		}
		if looksLikeKeePassXCCSV(text) {
			return FormatKeePassXCCSV
		}
		lower := bytes.ToLower(text)
		if bytes.Contains(lower, []byte("otpauth-migration:")) {
			return FormatMigration
		}
		if bytes.Contains(lower, []byte("otpauth:")) {
			return FormatURI
		}
	}
	if looksLikeAndOTPEncrypted(data) || looksLikeAndOTPOld(data) {
		return FormatAndOTP
	}
	return ""
}
