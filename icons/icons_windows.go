package icons

// Tray returns the icon for systray.SetIcon on a dark (true) or light
// taskbar. On Windows systray loads it with LoadImage, which wants ICO bytes;
// the ICO carries every size so Windows can pick the one for the DPI.
func Tray(dark bool) []byte { return ICO(dark) }
