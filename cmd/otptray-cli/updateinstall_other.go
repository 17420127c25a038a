//go:build !windows

package main

import "github.com/otptray/otptray/update/install"

// systemInstaller refuses: on Linux and macOS otptray is updated by the
// system's packages or by hand.
func systemInstaller(version string) (string, install.Installer, error) {
	return "", nil, &install.Error{Failure: install.Unsupported}
}
