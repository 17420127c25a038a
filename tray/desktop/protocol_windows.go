package desktop

import (
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/windows/registry"
)

// classesKey is where a per-user URL scheme is registered, under its name.
const classesKey = `Software\Classes\`

// registerButtons makes Windows start this program with the otptray: URL
// of a pressed toast button (toast.go), once per process, before the first
// toast with buttons. It is written at every start, so a portable copy
// that moved, or an upgrade to another folder, keeps its buttons working.
var registerButtons = sync.OnceValue(func() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("register the %s: URL scheme: %w", URLScheme, err)
	}
	return registerProtocol(URLScheme, exe)
})

// registerProtocol registers the URL scheme under HKCU for exe, which
// gets the URL as its one argument, replacing what is there.
func registerProtocol(scheme, exe string) error {
	protocolKey := classesKey + scheme
	values := []struct{ key, name, value string }{
		{protocolKey, "", "URL:" + scheme},
		{protocolKey, "URL Protocol", ""},
		{protocolKey + `\DefaultIcon`, "", `"` + exe + `",0`},
		{protocolKey + `\shell\open\command`, "", `"` + exe + `" "%1"`},
	}
	for _, v := range values {
		k, _, err := registry.CreateKey(registry.CURRENT_USER, v.key, registry.SET_VALUE)
		if err != nil {
			return fmt.Errorf("register the %s: URL scheme: %w", scheme, err)
		}
		err = k.SetStringValue(v.name, v.value)
		k.Close()
		if err != nil {
			return fmt.Errorf("register the %s: URL scheme: %w", scheme, err)
		}
	}
	return nil
}
