package install

import (
	"errors"

	"github.com/otptray/otptray/internal/msg"
)

// Failure names why an update was not installed, apart from the checks of
// the files themselves (update.Failure); it is the catalogue ID of the
// message that says so.
type Failure string

const (
	DevBuild     Failure = "update.install.dev"         // the running program is a development build
	NotNewer     Failure = "update.install.not_newer"   // the release is not newer: never a downgrade
	NoAsset      Failure = "update.install.no_asset"    // the release lacks the file
	Insecure     Failure = "update.install.insecure"    // a download or its redirect is not https
	Status       Failure = "update.install.status"      // the server answered other than 200 OK
	TooLarge     Failure = "update.install.too_large"   // larger than the bound or than the feed said
	Truncated    Failure = "update.install.truncated"   // shorter than the server or the feed said
	Unsupported  Failure = "update.install.unsupported" // this system installs no update itself
	PortableCopy Failure = "update.install.portable"    // a portable copy is replaced by hand
)

// Error is an update that was not installed, and why. It renders as the
// catalogue message of its Failure; errors.As finds it.
type Error struct {
	Failure Failure
	File    string // the release file concerned, if one
	// Args are the message's other placeholders (Version, Current, Status,
	// Max, URL).
	Args map[string]any
}

func newError(f Failure, file string, kv ...any) *Error {
	e := &Error{Failure: f, File: file, Args: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		e.Args[k] = kv[i+1]
	}
	return e
}

func (e *Error) Error() string { return e.msg().Error() }

func (e *Error) msg() *msg.Error {
	m := msg.New(string(e.Failure), nil, "File", e.File)
	for k, v := range e.Args {
		m.Args[k] = v
	}
	return m
}

// As lets the message catalogue render the error as its message.
func (e *Error) As(target any) bool {
	if m, ok := target.(**msg.Error); ok {
		*m = e.msg()
		return true
	}
	return false
}

// IsFailure reports whether err is, or wraps, an Error of failure f.
func IsFailure(err error, f Failure) bool {
	var e *Error
	return errors.As(err, &e) && e.Failure == f
}
