package install

// The names of a release's files, as packaging/windows/release.sh makes
// them. Each carries the version, which ties it to its release.

// MSIName is the per-user installer of version for arch (GOARCH).
func MSIName(version, arch string) string {
	return "otptray-" + version + "-windows-" + arch + ".msi"
}

// PortableName is the portable copy's zip of version for arch.
func PortableName(version, arch string) string {
	return "otptray-" + version + "-windows-" + arch + "-portable.zip"
}
