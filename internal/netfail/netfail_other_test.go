//go:build !windows

package netfail

import (
	"net"
	"os"
	"syscall"
	"testing"
)

// No route to a network cannot be made on loopback; the error is built as
// the kernel's connect(2) gives it to Go's net.
func TestClassifyUnreachable(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.ENETUNREACH, syscall.EHOSTUNREACH} {
		err := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}
		if got := Classify(err); got != Offline {
			t.Errorf("%v: %v, want offline", err, got)
		}
	}
}
