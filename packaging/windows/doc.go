// Package windows tests otptray's Windows release: the exes' resources and
// subsystems (exe_other_test.go, on any OS but Windows), and Windows
// behaviour that needs Windows or Wine (*_windows_test.go, run under Wine by
// test.sh). The build, installer and signing scripts live beside it; see
// windows.mk.
package windows
