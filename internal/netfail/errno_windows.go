package netfail

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// errnoKind reads Winsock's codes, which Go's net returns as they are.
func errnoKind(e syscall.Errno) Kind {
	switch e {
	case windows.WSAECONNREFUSED:
		return Refused
	case windows.WSAENETUNREACH, windows.WSAEHOSTUNREACH, windows.WSAENETDOWN, windows.WSAEHOSTDOWN:
		return Offline
	case windows.WSAETIMEDOUT:
		return Timeout
	}
	return Other
}
