package update

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"aead.dev/minisign"
	"github.com/otptray/otptray/internal/msg"
)

// A release's files are trusted through one signed list: SHA256SUMS holds
// the SHA-256 of each file ("HEX  NAME" lines, as sha256sum writes them),
// SHA256SUMS.minisig is a minisign signature of it by a release key. The
// file names carry the version (otptray-1.3.0-windows-amd64.msi), so a
// signed list of an older release cannot pass for a newer one.
const (
	SumsName      = "SHA256SUMS"
	SignatureName = "SHA256SUMS.minisig"
)

// Failure names the check of a release file that failed; it is the
// catalogue ID of the message that says so.
type Failure string

const (
	NoSignature  Failure = "update.verify.no_signature"  // no SHA256SUMS.minisig, or it is empty
	BadSignature Failure = "update.verify.bad_signature" // malformed, or does not match SHA256SUMS
	OtherKey     Failure = "update.verify.other_key"     // signed by a key this build does not trust
	BadSums      Failure = "update.verify.bad_sums"      // SHA256SUMS is signed but not a list of hashes
	NotListed    Failure = "update.verify.not_listed"    // the file is not in SHA256SUMS
	HashMismatch Failure = "update.verify.hash_mismatch" // the file's SHA-256 is not the listed one
)

// VerifyError is a failed check of a release file. It renders as the
// catalogue message of its Failure (it is seen as a *msg.Error), and
// errors.As finds it to tell the failures apart.
type VerifyError struct {
	Failure Failure
	File    string // the file checked (SHA256SUMS for the signature checks)
}

func (e *VerifyError) Error() string { return e.msg().Error() }

func (e *VerifyError) msg() *msg.Error { return msg.New(string(e.Failure), nil, "File", e.File) }

// As lets the message catalogue render the error as its message.
func (e *VerifyError) As(target any) bool {
	if m, ok := target.(**msg.Error); ok {
		*m = e.msg()
		return true
	}
	return false
}

// IsFailure reports whether err is, or wraps, a VerifyError of failure f.
func IsFailure(err error, f Failure) bool {
	var v *VerifyError
	return errors.As(err, &v) && v.Failure == f
}

// Sums is a verified SHA256SUMS: file name -> SHA-256.
type Sums map[string][sha256.Size]byte

// Verifier checks release files against trusted release keys.
type Verifier struct {
	Keys []minisign.PublicKey
}

// NewVerifier trusts the release keys compiled into this build.
func NewVerifier() (*Verifier, error) {
	keys, err := TrustedKeys()
	if err != nil {
		return nil, err
	}
	return &Verifier{Keys: keys}, nil
}

// maxSumsLine bounds a line of SHA256SUMS (64 hex digits, two spaces, a
// file name).
const maxSumsLine = 1024

// VerifySums checks that sig is a signature of sums by a trusted key and
// returns the hashes sums lists.
func (v *Verifier) VerifySums(sums, sig []byte) (Sums, error) {
	fail := func(f Failure) error { return &VerifyError{Failure: f, File: SumsName} }
	if len(bytes.TrimSpace(sig)) == 0 {
		return nil, fail(NoSignature)
	}
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		return nil, fail(BadSignature)
	}
	// The key ID only picks the key to try: it is not signed. A signature
	// that claims a trusted key's ID and fails is a bad signature; one that
	// claims another key's is the other key's.
	known := false
	for _, k := range v.Keys {
		if k.ID() != s.KeyID {
			continue
		}
		known = true
		if minisign.Verify(k, sums, sig) {
			return parseSums(sums)
		}
	}
	if !known {
		return nil, fail(OtherKey)
	}
	return nil, fail(BadSignature)
}

// parseSums reads "HEX  NAME" lines ("HEX *NAME" in sha256sum's binary
// mode). A name listed twice makes the list bad: which hash holds?
func parseSums(sums []byte) (Sums, error) {
	bad := &VerifyError{Failure: BadSums, File: SumsName}
	out := Sums{}
	for _, line := range strings.Split(string(sums), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		if len(line) > maxSumsLine || len(line) < 2*sha256.Size+3 {
			return nil, bad
		}
		hexSum, sep, name := line[:2*sha256.Size], line[2*sha256.Size:2*sha256.Size+2], line[2*sha256.Size+2:]
		if sep != "  " && sep != " *" {
			return nil, bad
		}
		var sum [sha256.Size]byte
		if n, err := hex.Decode(sum[:], []byte(hexSum)); err != nil || n != sha256.Size {
			return nil, bad
		}
		if _, dup := out[name]; dup {
			return nil, bad
		}
		out[name] = sum
	}
	if len(out) == 0 {
		return nil, bad
	}
	return out, nil
}

// Want is the listed SHA-256 of the file name.
func (s Sums) Want(name string) ([sha256.Size]byte, error) {
	sum, ok := s[name]
	if !ok {
		return sum, &VerifyError{Failure: NotListed, File: name}
	}
	return sum, nil
}

// CheckSum compares got, the SHA-256 of the file name, with the listed one.
func (s Sums) CheckSum(name string, got []byte) error {
	want, err := s.Want(name)
	if err != nil {
		return err
	}
	if !bytes.Equal(want[:], got) {
		return &VerifyError{Failure: HashMismatch, File: name}
	}
	return nil
}

// Check reads r to its end and compares its SHA-256 with the one listed
// for name.
func (s Sums) Check(name string, r io.Reader) error {
	if _, err := s.Want(name); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return s.CheckSum(name, h.Sum(nil))
}

// Verify checks the signature of sums, then that r, the file name, is
// listed in it with its SHA-256.
func (v *Verifier) Verify(sums, sig []byte, name string, r io.Reader) error {
	list, err := v.VerifySums(sums, sig)
	if err != nil {
		return err
	}
	return list.Check(name, r)
}
