// Package transfer moves tokens in and out of otptray: it reads the export
// and backup files of other authenticator apps (otpauth URI lists, Google
// Authenticator migration codes, Aegis, 2FAS, andOTP, python-vipaccess, QR
// code images, Bitwarden, Proton Authenticator, Proton Pass) and
// writes otpauth lists, Aegis vaults, migration codes and QR images.
//
// Reading never touches a Store: Decode (a file of any format), ParseText
// (pasted otpauth:// or otpauth-migration:// text) and DecodeQRImage (a
// screenshot) turn input into a Result: tokens and the entries left out with
// the reason. Import then compares them with the stored tokens and adds the
// new ones; Plan.Summary is the one line to show the user ("imported 5,
// skipped 2 duplicates, ...") in their language. QRPNG and TerminalQR draw a
// token for a phone to scan.
package transfer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Format names a file format, as the user gives it to --format.
type Format string

const (
	FormatURI       Format = "uri"       // otpauth:// URIs, one a line (WinAuth and others)
	FormatMigration Format = "google"    // otpauth-migration:// (Google Authenticator)
	FormatQR        Format = "qr"        // PNG or JPEG holding QR codes
	FormatAegis     Format = "aegis"     // Aegis vault JSON, plain or encrypted
	FormatTwoFAS    Format = "2fas"      // 2FAS backup, plain or encrypted
	FormatAndOTP    Format = "andotp"    // andOTP JSON, plain or .json.aes
	FormatVipaccess Format = "vipaccess" // python-vipaccess credential file (~/.vipaccess)
)

const (
	FormatBitwarden  Format = "bitwarden"  // Bitwarden JSON (plain or password-protected) or CSV export
	FormatProton     Format = "proton"     // Proton Authenticator JSON export
	FormatProtonPass Format = "protonpass" // Proton Pass export: zip, JSON, CSV or PGP-encrypted zip
)

// MaxInput is the largest file Decode reads: a real export of even thousands
// of tokens is far smaller, and a bigger input is a mistake or an attack.
const MaxInput = 16 << 20

// Result is what a file held.
type Result struct {
	Format Format
	// Tokens are normalised and carry their Secret.
	Tokens []token.Token
	// Skipped are entries that cannot be imported, each with the reason.
	Skipped []Skipped
	// Incomplete lists Google Authenticator exports of several QR codes of
	// which some were not in the input.
	Incomplete []BatchGap
}

// Skipped is an entry left out of an import.
type Skipped struct {
	Name string // what the user knows it by: issuer, account or both
	Line int    // for line-based input, the line (when Name is empty)
	Err  error  // why (a *msg.Error)
}

// BatchGap is a multi-code Google Authenticator export with codes missing.
type BatchGap struct {
	Size    int   // how many QR codes the export has
	Missing []int // the numbers (1-based, as the phone shows them) not given
}

// Options controls Decode.
type Options struct {
	// Format, when set, skips detection.
	Format Format
	// Password is called, at most once, when the file is encrypted. It is
	// not called for plain files.
	Password func() ([]byte, error)
}

// ReadInput reads all of r, refusing more than MaxInput bytes.
func ReadInput(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, msg.New("transfer.read", err)
	}
	if len(b) > MaxInput {
		return nil, msg.New("transfer.too_large", nil, "Max", MaxInput>>20)
	}
	return b, nil
}

// Formats are the formats Decode knows, for --format and help texts.
var Formats = []Format{FormatURI, FormatMigration, FormatQR, FormatAegis, FormatTwoFAS, FormatAndOTP, FormatVipaccess,
	FormatBitwarden, FormatProton, FormatProtonPass}

// add normalises t and adds it to r, or records why it cannot be imported.
func (r *Result) add(t token.Token) {
	name := token.DefaultName(t.Issuer, t.Account)
	if err := t.Validate(); err != nil {
		r.skip(name, err)
		return
	}
	r.Tokens = append(r.Tokens, t)
}

func (r *Result) skip(name string, err error) {
	r.Skipped = append(r.Skipped, Skipped{Name: name, Err: err})
}

// addWithSecret adds t with the base32 secret s; a bad secret skips the
// entry name.
func (r *Result) addWithSecret(t token.Token, name, s string) {
	b, err := token.ParseSecret(s)
	if err != nil {
		r.skip(name, err)
		return
	}
	t.Secret = b
	r.add(t)
}

// entryParams are the code parameters of an entry of an app's backup (Aegis,
// andOTP, 2FAS), which all write them alike.
type entryParams struct {
	Type      string // totp, hotp or steam, in any case
	Algorithm string
	Digits    int
	Period    int     // TOTP and Steam
	Counter   *uint64 // HOTP; nil: 0
}

// params sets t's kind, algorithm, digits and period or counter from p, or
// records why the entry name is skipped and returns false.
func (r *Result) params(t *token.Token, name string, p entryParams) bool {
	switch strings.ToLower(p.Type) {
	case "totp":
		t.Kind = token.TOTP
	case "hotp":
		t.Kind = token.HOTP
	case "steam":
		t.Kind = token.Steam
	default:
		r.skip(name, unsupportedKind(p.Type))
		return false
	}
	alg, ok := token.ParseAlgorithm(p.Algorithm)
	if !ok {
		r.skip(name, msg.New("transfer.algorithm", nil, "Algorithm", p.Algorithm))
		return false
	}
	t.Algorithm = alg
	t.Digits = p.Digits
	if t.Kind == token.HOTP {
		if p.Counter != nil {
			t.Counter = *p.Counter
		}
	} else {
		t.Period = p.Period
	}
	return true
}

// jsonDetail names the line of a JSON error, for a message a user can act on.
func jsonDetail(data []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 {
		return err
	}
	off = min(off, int64(len(data)))
	return fmt.Errorf("line %d: %w", bytes.Count(data[:off], []byte("\n"))+1, err)
}
