package desktop

import (
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// registerProtocol makes Windows start the program with the URL as its
// one argument, and a second registration (a copy that moved) replaces
// the first. A scheme of its own keeps the program's registration alone.
func TestRegisterProtocolWindows(t *testing.T) {
	scheme := "otptray-test-" + strconv.Itoa(os.Getpid())
	key := classesKey + scheme
	t.Cleanup(func() {
		for _, sub := range []string{`\shell\open\command`, `\shell\open`, `\shell`, `\DefaultIcon`, ``} {
			registry.DeleteKey(registry.CURRENT_USER, key+sub)
		}
	})
	for _, exe := range []string{`C:\old place\otptray.exe`, `D:\Tools\otptray\otptray.exe`} {
		if err := registerProtocol(scheme, exe); err != nil {
			t.Fatal(err)
		}
		for _, want := range []struct{ key, name, value string }{
			{key, "", "URL:" + scheme},
			{key, "URL Protocol", ""},
			{key + `\DefaultIcon`, "", `"` + exe + `",0`},
			{key + `\shell\open\command`, "", `"` + exe + `" "%1"`},
		} {
			k, err := registry.OpenKey(registry.CURRENT_USER, want.key, registry.QUERY_VALUE)
			if err != nil {
				t.Fatalf("open %s: %v", want.key, err)
			}
			got, _, err := k.GetStringValue(want.name)
			k.Close()
			if err != nil || got != want.value {
				t.Errorf("%s %q = %q, %v; want %q", want.key, want.name, got, err, want.value)
			}
		}
	}
}
