// Package netfail tells, from an error of a network call, what kind of
// failure a person would name: no internet connection, a server that
// refuses, one that does not answer in time, a secure connection that
// failed. The packages that go online (the clock check, the update check,
// VIP) use it to raise a catalogue message that says so in plain words,
// with the system's own text kept as its cause for the "Details" line.
package netfail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"syscall"

	"github.com/otptray/otptray/internal/msg"
)

// Kind is a kind of network failure.
type Kind int

const (
	// Other is no network failure, or one of no kind below.
	Other Kind = iota
	// Offline: a name could not be looked up (not found, or no answer
	// from the resolver), or the network or host is unreachable. This is
	// what a computer without a working connection meets first.
	Offline
	// Refused: the server's computer answered but nothing listens there.
	Refused
	// Timeout: no answer in time.
	Timeout
	// TLS: the secure connection could not be set up (a certificate
	// refused, a proxy in the way, a clock far off).
	TLS
)

func (k Kind) String() string {
	switch k {
	case Offline:
		return "offline"
	case Refused:
		return "refused"
	case Timeout:
		return "timeout"
	case TLS:
		return "tls"
	}
	return "other"
}

// Classify says what kind of network failure err is.
func Classify(err error) Kind {
	if err == nil {
		return Other
	}
	if isTLS(err) {
		return TLS
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		// Not found, temporary or timed out alike: without a connection
		// the resolver answers one of them, and no server can be reached
		// by its name.
		return Offline
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if k := errnoKind(errno); k != Other {
			return k
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return Timeout
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return Timeout
	}
	return Other
}

func isTLS(err error) bool {
	var (
		header   tls.RecordHeaderError
		alert    tls.AlertError
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		hostname x509.HostnameError
	)
	return errors.As(err, &header) || errors.As(err, &alert) || errors.As(err, &verify) ||
		errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &hostname)
}

// Worst is the kind that best tells a person what happened when several
// attempts failed (the clock check asks several servers): Other when any
// failure is not a network one (its own message is needed), else Offline,
// TLS, Timeout, Refused in that order.
func Worst(errs ...error) Kind {
	if len(errs) == 0 {
		return Other
	}
	seen := map[Kind]bool{}
	for _, err := range errs {
		k := Classify(err)
		if k == Other {
			return Other
		}
		seen[k] = true
	}
	for _, k := range []Kind{Offline, TLS, Timeout, Refused} {
		if seen[k] {
			return k
		}
	}
	return Other
}

// IDs are the catalogue messages of one area for each kind of failure,
// each a whole sentence (msg.NewPlain) that says what could not be done
// and what to do.
type IDs struct {
	Offline, Refused, Timeout, TLS string
}

func (ids IDs) of(k Kind) string {
	switch k {
	case Offline:
		return ids.Offline
	case Refused:
		return ids.Refused
	case Timeout:
		return ids.Timeout
	case TLS:
		return ids.TLS
	}
	return ""
}

// Explain is err as the plain message of ids for its kind, with kv for the
// message's placeholders and err (less url.Error's repetition of the
// method and address) as the technical detail; nil when err is no network
// failure of a known kind, or ids has no message for it.
func Explain(ids IDs, err error, kv ...any) error {
	return ExplainAs(ids, Classify(err), err, kv...)
}

// ExplainAs is Explain for a kind found already (by Worst).
func ExplainAs(ids IDs, k Kind, err error, kv ...any) error {
	id := ids.of(k)
	if id == "" {
		return nil
	}
	if ue, ok := err.(*url.Error); ok && ue.Err != nil {
		err = ue.Err
	}
	return msg.NewPlain(id, err, kv...)
}
