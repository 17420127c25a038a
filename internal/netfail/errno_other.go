//go:build !windows

package netfail

import "syscall"

func errnoKind(e syscall.Errno) Kind {
	switch e {
	case syscall.ECONNREFUSED:
		return Refused
	case syscall.ENETUNREACH, syscall.EHOSTUNREACH, syscall.ENETDOWN, syscall.EHOSTDOWN:
		return Offline
	case syscall.ETIMEDOUT:
		return Timeout
	}
	return Other
}
