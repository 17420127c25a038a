package desktop

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestLauncherEntry(t *testing.T) {
	got, err := LauncherEntry("/home/me/.local/bin/otptray")
	if err != nil {
		t.Fatal(err)
	}
	want := entryHead + "Exec=/home/me/.local/bin/otptray\nTerminal=false\n" +
		"GenericName=One-time passwords\nGenericName[ja]=ワンタイムパスワード\n" +
		"Keywords=OTP;TOTP;HOTP;2FA;two-factor;authenticator;VIP Access;\n" +
		"Keywords[ja]=OTP;TOTP;HOTP;2FA;二要素認証;二段階認証;ワンタイムパスワード;認証;VIP Access;\n" +
		"Categories=Utility;Security;\nStartupNotify=false\n"
	if got != want {
		t.Errorf("LauncherEntry:\n%s\nwant\n%s", got, want)
	}
	if _, err := LauncherEntry("/opt/a\nb/otptray"); err == nil {
		t.Error("LauncherEntry accepted a line break in the path")
	}
	// The install test validates the installed file; here, where the
	// validator is installed, the entry alone.
	if validate, err := exec.LookPath("desktop-file-validate"); err == nil {
		p := filepath.Join(t.TempDir(), "otptray.desktop")
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(validate, p).CombinedOutput(); err != nil {
			t.Errorf("desktop-file-validate: %v\n%s", err, out)
		}
	}
}
