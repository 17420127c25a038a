package update

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/otptray/otptray/i18n"
)

// A feed nobody listens at is told in plain words in English and Japanese,
// the system's error on the details line.
func TestCheckRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = Check(context.Background(), "http://"+addr+"/latest", "1.0.0")
	for lang, want := range map[string]string{
		"en": "The update server refused the connection: updates could not be checked. Try again later.\nDetails: dial tcp " + addr + ": connect: connection refused",
		"ja": "更新サーバーに接続を拒否されたため、更新を確認できませんでした。しばらくしてから、もう一度お試しください。\n詳細: dial tcp " + addr + ": connect: connection refused",
	} {
		if got := i18n.New(lang).Err(err); got != want {
			t.Errorf("%s:\n got %q\nwant %q", lang, got, want)
		}
	}
	if got := i18n.English().Short(err); strings.Contains(got, "\n") || strings.Contains(got, "dial") {
		t.Errorf("short: %q", got)
	}
}
