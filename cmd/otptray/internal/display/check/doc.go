// Package check stops the program with a clear message when there is no
// desktop session (on Windows and macOS there always is one).
package check
