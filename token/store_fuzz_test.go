package token

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeTokensFile: a tokens file, however damaged, never panics the
// reader, and whatever it accepts saves and reads back the same.
func FuzzDecodeTokensFile(f *testing.F) {
	for _, c := range corruptions {
		f.Add([]byte(c.content))
	}
	f.Add([]byte(`{"schema": 1, "revision": 3, "default": "a", "tokens": [
  {"id": "a", "name": "Mail", "issuer": "Mail", "kind": "totp", "algorithm": "SHA256", "digits": 8, "period": 60},
  {"id": "b", "name": "VPN", "kind": "hotp", "counter": 7, "vip": {"credential_id": "SYMC26070843", "expiry": "2017-09-25T23:36:22.056Z"}},
  {"id": "c", "name": "Steam", "kind": "steam", "added": "2024-01-02T15:04:05+09:00"}],
 "settings": {"language": "ja", "clock_offset": -1.5, "clear_after": -1}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := decode(raw)
		if err != nil {
			return
		}
		saved, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatalf("accepted data does not save: %v", err)
		}
		d2, err := decode(saved)
		if err != nil {
			t.Fatalf("saved data does not load: %v", err)
		}
		again, err := json.MarshalIndent(d2, "", "  ")
		if err != nil || !bytes.Equal(saved, again) {
			t.Fatalf("save -> load -> save changed the file (%v)", err)
		}
	})
}
