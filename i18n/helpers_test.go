package i18n

import (
	"testing"

	"github.com/BurntSushi/toml"
)

func tomlUnmarshal(data []byte, v any) error { return toml.Unmarshal(data, v) }

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := locales.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
