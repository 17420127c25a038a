package desktop

import (
	"github.com/otptray/otptray/i18n"
)

// LauncherEntry is the applications-menu entry for the tray program at exe
// (XDG: $XDG_DATA_HOME/applications/otptray.desktop), which `make install`
// writes: the autostart entry's keys, a generic name and keywords for the
// menu's search, and the menu categories. StartupNotify is false: the tray
// opens no window that would end a launch cursor.
func LauncherEntry(exe string) (string, error) {
	en, ja := i18n.New("en"), i18n.New("ja")
	extra := "GenericName=" + en.T("install.desktop.generic_name") + "\n" +
		"GenericName[ja]=" + ja.T("install.desktop.generic_name") + "\n" +
		"Keywords=" + en.T("install.desktop.keywords") + "\n" +
		"Keywords[ja]=" + ja.T("install.desktop.keywords") + "\n" +
		"Categories=Utility;Security;\n" +
		"StartupNotify=false\n"
	return xdgEntry(exe, nil, extra)
}
