package desktop

import "golang.org/x/sys/windows/registry"

// installerKey is written by the MSI (packaging/windows/otptray.wxs) for every
// installed copy; the installer has then asked about start at login itself.
const installerKey = `Software\otptray\Installer`

// InstallerChoseAutostart reports whether an installer set this copy up and
// so already decided about start at login (its AUTOSTART property): the
// program must not overrule that choice on its first run.
func InstallerChoseAutostart() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, installerKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	k.Close()
	return true
}
