package desktop

import (
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/windows/registry"
)

// protocolKey is where a per-user URL scheme is registered.
const protocolKey = `Software\Classes\` + URLScheme

// registerButtons makes Windows start this program with the otptray: URL
// of a pressed toast button (toast.go), once per process, before the first
// toast with buttons. It is written at every start, so a portable copy
// that moved, or an upgrade to another folder, keeps its buttons working.
var registerButtons = sync.OnceValue(func() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("register the %s: URL scheme: %w", URLScheme, err)
	}
	return registerProtocol(exe)
})

// registerProtocol registers the URL scheme otptray: under HKCU for exe,
// which gets the URL as its one argument, replacing what is there.
func registerProtocol(exe string) error {
	values := []struct{ key, name, value string }{
		{protocolKey, "", "URL:" + AppName},
		{protocolKey, "URL Protocol", ""},
		{protocolKey + `\DefaultIcon`, "", `"` + exe + `",0`},
		{protocolKey + `\shell\open\command`, "", `"` + exe + `" "%1"`},
	}
	for _, v := range values {
		k, _, err := registry.CreateKey(registry.CURRENT_USER, v.key, registry.SET_VALUE)
		if err != nil {
			return fmt.Errorf("register the %s: URL scheme: %w", URLScheme, err)
		}
		err = k.SetStringValue(v.name, v.value)
		k.Close()
		if err != nil {
			return fmt.Errorf("register the %s: URL scheme: %w", URLScheme, err)
		}
	}
	return nil
}
