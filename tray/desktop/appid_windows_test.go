package desktop

import (
	"bytes"
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/windows/registry"

	"github.com/otptray/otptray/icons"
)

// staleAppID gives id's key the values a go-toast registration of an
// earlier run may have left (a temporary icon beeep has since removed), and
// removes the key after the test.
func staleAppID(t *testing.T, id string) {
	t.Helper()
	t.Cleanup(func() { registry.DeleteKey(registry.CURRENT_USER, appIDKey+id) })
	k, _, err := registry.CreateKey(registry.CURRENT_USER, appIDKey+id, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	for name, v := range map[string]string{"DisplayName": "old name", "IconUri": `C:\gone\beeep123.png`} {
		if err := k.SetStringValue(name, v); err != nil {
			t.Fatal(err)
		}
	}
}

func appIDValue(t *testing.T, id, name string) string {
	t.Helper()
	k, err := registry.OpenKey(registry.CURRENT_USER, appIDKey+id, registry.QUERY_VALUE)
	if err != nil {
		t.Fatalf("open the key of %s: %v", id, err)
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	if err != nil {
		t.Fatalf("%s of %s: %v", name, id, err)
	}
	return v
}

// registerAppID replaces the values go-toast never updates, and creates the
// key where there is none. An ID of its own keeps the program's key alone.
func TestRegisterAppIDWindows(t *testing.T) {
	id := "otptray-test-" + strconv.Itoa(os.Getpid())
	for _, stale := range []bool{false, true} {
		t.Run("stale "+strconv.FormatBool(stale), func(t *testing.T) {
			if stale {
				staleAppID(t, id)
			} else {
				t.Cleanup(func() { registry.DeleteKey(registry.CURRENT_USER, appIDKey+id) })
			}
			if err := registerAppID(id, "otptray", `C:\icons\otptray.png`); err != nil {
				t.Fatal(err)
			}
			if got := appIDValue(t, id, "DisplayName"); got != "otptray" {
				t.Errorf("DisplayName = %q, want otptray", got)
			}
			if got := appIDValue(t, id, "IconUri"); got != `C:\icons\otptray.png` {
				t.Errorf(`IconUri = %q, want C:\icons\otptray.png`, got)
			}
		})
	}
}

// The program's own registration names the icon file it wrote, which
// holds the program's icon.
func TestRegisterToastSenderWindows(t *testing.T) {
	if !underWine() {
		t.Skip("rewrites the program's own AppUserModelId key and icon file: run under Wine only (packaging/windows/test.sh)")
	}
	staleAppID(t, AppName)
	if err := registerToastSender(); err != nil {
		t.Fatal(err)
	}
	if got := appIDValue(t, AppName, "DisplayName"); got != AppName {
		t.Errorf("DisplayName = %q, want %s", got, AppName)
	}
	icon := appIDValue(t, AppName, "IconUri")
	b, err := os.ReadFile(icon)
	if err != nil {
		t.Fatalf("IconUri %q: %v", icon, err)
	}
	if !bytes.Equal(b, icons.PNG(256)) {
		t.Errorf("IconUri %q does not hold the program's icon", icon)
	}
}
