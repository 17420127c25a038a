package combo

// WinKeyName is what the keyboards of this platform call the Windows key.
const WinKeyName = "Win"
