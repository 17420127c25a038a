package desktop

import (
	"testing"
)

const entryHead = "[Desktop Entry]\nType=Application\nName=otptray\n" +
	"Comment=One-time passwords in the notification area\n" +
	"Comment[ja]=通知領域にワンタイムパスワードを表示します\n" +
	"Icon=otptray\n"

const entryTail = "Terminal=false\nX-GNOME-Autostart-enabled=true\n"

func TestDesktopEntry(t *testing.T) {
	tests := []struct {
		exe  string
		args []string
		exec string // the Exec line as it must appear in the file
	}{
		{"/usr/bin/otptray", nil, `/usr/bin/otptray`},
		{"/home/me/My Apps/otptray", []string{"--hidden"}, `"/home/me/My Apps/otptray" --hidden`},
		// Inside quotes ", `, $ and \ take a backslash, and the file's
		// string escaping doubles every backslash.
		{`/opt/a"b/otptray`, nil, `"/opt/a\\"b/otptray"`},
		{"/opt/$HOME/otptray", nil, `"/opt/\\$HOME/otptray"`},
		{"/opt/`x`/otptray", nil, "\"/opt/\\\\`x\\\\`/otptray\""},
		{`/opt/a\b/otptray`, nil, `"/opt/a\\\\b/otptray"`},
		{"/opt/it's/otptray", nil, `"/opt/it's/otptray"`},
		// % is the field code character: doubled, quoted or not.
		{"/opt/100%/otptray", []string{"50% off"}, `/opt/100%%/otptray "50%% off"`},
		{"/usr/bin/otptray", []string{""}, `/usr/bin/otptray ""`},
		{"/opt/日本語/otptray", nil, `/opt/日本語/otptray`},
	}
	for _, tt := range tests {
		got, err := desktopEntry(tt.exe, tt.args)
		if err != nil {
			t.Errorf("desktopEntry(%q, %q): %v", tt.exe, tt.args, err)
			continue
		}
		want := entryHead + "Exec=" + tt.exec + "\n" + entryTail
		if got != want {
			t.Errorf("desktopEntry(%q, %q):\n%s\nwant\n%s", tt.exe, tt.args, got, want)
		}
	}
	if _, err := desktopEntry("/opt/a\nb/otptray", nil); err == nil {
		t.Error("desktopEntry accepted a line break in the path")
	}
}

func TestLaunchAgentPlist(t *testing.T) {
	got, err := launchAgentPlist("/Applications/R&D <tools>/otptray", []string{"--hidden"})
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>io.github.otptray.otptray</string>
	<key>ProgramArguments</key>
	<array>
		<string>/Applications/R&amp;D &lt;tools&gt;/otptray</string>
		<string>--hidden</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`
	if got != want {
		t.Errorf("plist:\n%s\nwant\n%s", got, want)
	}
	if _, err := launchAgentPlist("/a\nb", nil); err == nil {
		t.Error("launchAgentPlist accepted a line break in the path")
	}
}

func TestWindowsCommandLine(t *testing.T) {
	tests := []struct {
		exe  string
		args []string
		want string
	}{
		{`C:\Program Files\otptray\otptray.exe`, nil, `"C:\Program Files\otptray\otptray.exe"`},
		{`C:\otptray.exe`, []string{"--hidden"}, `"C:\otptray.exe" --hidden`},
		{`C:\otptray.exe`, []string{"a b"}, `"C:\otptray.exe" "a b"`},
		{`C:\otptray.exe`, []string{""}, `"C:\otptray.exe" ""`},
		// Backslashes are literal except before a quote.
		{`C:\otptray.exe`, []string{`C:\dir\`}, `"C:\otptray.exe" C:\dir\`},
		{`C:\otptray.exe`, []string{`C:\my dir\`}, `"C:\otptray.exe" "C:\my dir\\"`},
		{`C:\otptray.exe`, []string{`say "hi"`}, `"C:\otptray.exe" "say \"hi\""`},
		{`C:\otptray.exe`, []string{`a\"b`}, `"C:\otptray.exe" "a\\\"b"`},
		{`C:\otptray.exe`, []string{`a\\"b c`}, `"C:\otptray.exe" "a\\\\\"b c"`},
	}
	for _, tt := range tests {
		got, err := windowsCommandLine(tt.exe, tt.args)
		if err != nil {
			t.Errorf("windowsCommandLine(%q, %q): %v", tt.exe, tt.args, err)
			continue
		}
		if got != tt.want {
			t.Errorf("windowsCommandLine(%q, %q) = %s, want %s", tt.exe, tt.args, got, tt.want)
		}
	}
	for _, exe := range []string{`C:\a"b.exe`, "C:\\a\nb.exe"} {
		if _, err := windowsCommandLine(exe, nil); err == nil {
			t.Errorf("windowsCommandLine(%q) accepted it", exe)
		}
	}
}
