package main

import (
	"runtime"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/update/install"
)

// systemInstaller installs the MSI of version with msiexec. A portable copy
// is replaced by hand.
func systemInstaller(version string) (string, install.Installer, error) {
	if _, portable := token.PortableDir(); portable {
		return "", nil, &install.Error{Failure: install.PortableCopy, File: install.PortableName(version, runtime.GOARCH)}
	}
	return install.MSIName(version, runtime.GOARCH), install.MSI{}, nil
}
