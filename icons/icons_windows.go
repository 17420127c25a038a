package icons

// Tray returns the icon for systray.SetIcon. On Windows systray loads it with
// LoadImage, which wants ICO bytes; the ICO carries every size so systray can
// pick the one for the small-icon size at the tray's DPI.
func Tray() []byte { return ICO() }
