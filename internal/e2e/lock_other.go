//go:build !linux

package e2e

import "testing"

// lockDesktop does nothing: the end-to-end sessions run on Linux only.
func lockDesktop(t testing.TB, path string) {}
