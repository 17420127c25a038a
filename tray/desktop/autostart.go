package desktop

import (
	"encoding/xml"
	"errors"
	"strings"

	"github.com/otptray/otptray/i18n"
)

// Start at login: EnableAutostart, DisableAutostart and AutostartEnabled are
// in autostart_<os>.go. Each platform keeps one entry that runs the program
// when the user logs in:
//   - Windows: the value "otptray" under
//     HKCU\Software\Microsoft\Windows\CurrentVersion\Run;
//   - Linux and other XDG desktops: $XDG_CONFIG_HOME/autostart/otptray.desktop
//     (XDG Autostart specification; ~/.config when the variable is unset);
//   - macOS: ~/Library/LaunchAgents/<LaunchAgentLabel>.plist, a LaunchAgent
//     with RunAtLoad.
// The builders of those entries are here, without build constraints, so
// that they are tested on every platform.

// LaunchAgentLabel names otptray's LaunchAgent on macOS, and its file.
const LaunchAgentLabel = "io.github.otptray.otptray"

// errNewline: no autostart format can carry a line break in a path.
var errNewline = errors.New("a line break in the command")

// IconName is the icon's name in the XDG icon theme (hicolor), under which
// `make install` puts its sizes.
const IconName = "otptray"

// desktopEntry is the XDG autostart file that runs exe with args.
func desktopEntry(exe string, args []string) (string, error) {
	return xdgEntry(exe, args, "X-GNOME-Autostart-enabled=true\n")
}

// xdgEntry is a Desktop Entry (Desktop Entry Specification) of type
// Application that runs exe with args, with the keys in extra at its end.
func xdgEntry(exe string, args []string, extra string) (string, error) {
	var exec []string
	for _, a := range append([]string{exe}, args...) {
		q, err := desktopExecArg(a)
		if err != nil {
			return "", err
		}
		exec = append(exec, q)
	}
	var b strings.Builder
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Name=" + AppName + "\n")
	b.WriteString("Comment=" + i18n.New("en").T("desktop.autostart.comment") + "\n")
	b.WriteString("Comment[ja]=" + i18n.New("ja").T("desktop.autostart.comment") + "\n")
	b.WriteString("Icon=" + IconName + "\n")
	b.WriteString("Exec=" + strings.Join(exec, " ") + "\n")
	b.WriteString("Terminal=false\n")
	b.WriteString(extra)
	return b.String(), nil
}

// desktopExecArg quotes one argument of an Exec key as the Desktop Entry
// Specification ("The Exec key") asks: an argument with a reserved
// character is put in double quotes, inside which ", `, $ and \ take a
// backslash; % is doubled; and the key's value, a string, escapes each
// backslash once more.
func desktopExecArg(arg string) (string, error) {
	if strings.ContainsAny(arg, "\n\r") {
		return "", errNewline
	}
	s := strings.ReplaceAll(arg, "%", "%%")
	if arg == "" || strings.ContainsAny(arg, " \t\"'\\><~|&;$*?#()`") {
		var b strings.Builder
		b.WriteByte('"')
		for _, r := range s {
			if strings.ContainsRune("\"`$\\", r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
		s = b.String()
	}
	return strings.ReplaceAll(s, `\`, `\\`), nil
}

// launchAgentPlist is the macOS LaunchAgent that runs exe with args at
// login (launchd.plist(5): ProgramArguments, RunAtLoad; LimitLoadToSessionType
// Aqua keeps it to graphical logins; ProcessType Interactive gives it the
// scheduling of an app the user works with).
func launchAgentPlist(exe string, args []string) (string, error) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + LaunchAgentLabel + `</string>
	<key>ProgramArguments</key>
	<array>
`)
	for _, a := range append([]string{exe}, args...) {
		if strings.ContainsAny(a, "\n\r") {
			return "", errNewline
		}
		b.WriteString("\t\t<string>" + xmlText(a) + "</string>\n")
	}
	b.WriteString(`	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`)
	return b.String(), nil
}

// xmlText escapes s for XML character data.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// windowsCommandLine is the command line of the Run value: the program in
// double quotes (a path with spaces would otherwise be read as a program
// "C:\Program" with arguments), then each argument quoted so that
// CommandLineToArgvW reads it back unchanged.
func windowsCommandLine(exe string, args []string) (string, error) {
	if strings.ContainsAny(exe, "\"\n\r") {
		return "", errors.New("a quote or line break in the program's path")
	}
	parts := []string{`"` + exe + `"`}
	for _, a := range args {
		if strings.ContainsAny(a, "\n\r") {
			return "", errNewline
		}
		parts = append(parts, windowsArg(a))
	}
	return strings.Join(parts, " "), nil
}

// windowsArg quotes one argument by the rules of CommandLineToArgvW:
// backslashes are literal unless they precede a double quote, where each
// one needs doubling, and the quote itself a backslash.
func windowsArg(a string) string {
	if a != "" && !strings.ContainsAny(a, " \t\"") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(a); i++ {
		switch c := a[i]; c {
		case '\\':
			slashes++
		case '"':
			// The backslashes before it are written already: as many again,
			// and one for the quote.
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
			b.WriteByte(c)
			continue
		default:
			slashes = 0
		}
		b.WriteByte(a[i])
	}
	// Backslashes before the closing quote are doubled too.
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}
