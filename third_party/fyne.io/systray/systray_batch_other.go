//go:build !(linux || freebsd || openbsd || netbsd) || android

package systray

// Batch runs fn. On Linux it sends the changes that fn makes to menu items
// as one update; elsewhere each change goes to the menu as it is made.
func Batch(fn func()) {
	fn()
}
