package transfer

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/otptray/otptray/token"
)

// Every importer brings Steam entries in as Steam tokens (5 characters of
// Steam's alphabet) and skips Yandex and mOTP entries with the kind named.
// Google Authenticator's export has neither (its type enum is HOTP/TOTP).
func TestSteamYandexMOTPEverywhere(t *testing.T) {
	const s = "JBSWY3DPEHPK3PXP"
	kdbx := func(entries string) []byte {
		return fixtureKDBX(kdbxFixtures["kdbx4-aeskdf.kdbx"], func(protect func(string) string) string {
			return "<KeePassFile><Root><Group><UUID>AA==</UUID>" + entries + "</Group></Root></KeePassFile>"
		})
	}
	kdbxEntry := func(title string, kv ...string) string {
		e := "<Entry><String><Key>Title</Key><Value>" + title + "</Value></String><String><Key>UserName</Key><Value>me</Value></String>"
		for i := 0; i+1 < len(kv); i += 2 {
			e += "<String><Key>" + kv[i] + "</Key><Value>" + kv[i+1] + "</Value></String>"
		}
		return e + "</Entry>"
	}
	aegis, _ := json.Marshal(map[string]any{"version": 1, "header": map[string]any{"slots": nil, "params": nil},
		"db": map[string]any{"version": 2, "entries": []any{
			map[string]any{"type": "steam", "name": "me", "issuer": "Steam", "info": map[string]any{"secret": s, "algo": "SHA1", "digits": 5, "period": 30}},
			map[string]any{"type": "yandex", "name": "me", "issuer": "Yandex", "info": map[string]any{"secret": s, "algo": "SHA256", "digits": 8, "period": 30, "pin": "1234"}},
			map[string]any{"type": "motp", "name": "me", "issuer": "Bank", "info": map[string]any{"secret": s, "algo": "MD5", "digits": 6, "period": 10, "pin": "1234"}},
		}}})
	twofas, _ := json.Marshal(map[string]any{"schemaVersion": 4, "services": []any{
		map[string]any{"name": "Steam", "secret": s, "otp": map[string]any{"account": "me", "digits": 5, "period": 30, "algorithm": "SHA1", "tokenType": "STEAM"}},
	}})
	andotp := `[{"secret":"` + s + `","issuer":"Steam","label":"me","digits":5,"type":"STEAM","algorithm":"SHA1","period":30,"tags":[]},` +
		`{"secret":"` + s + `","issuer":"Bank","label":"me","digits":6,"type":"MOTP","algorithm":"MD5","period":10,"tags":[]}]`
	csvHead := `"Group","Title","Username","Password","URL","Notes","TOTP"` + "\n"
	tests := []struct {
		name    string
		data    []byte
		steam   int
		skipped []string
	}{
		{"otpauth list", []byte("otpauth://steam/Steam:me?secret=" + s + "\notpauth://totp/Steam:me2?secret=" + s + "&encoder=steam\n" +
			"otpauth://yandex/Yandex:me?secret=" + s + "\notpauth://yaotp/Yandex:me2?secret=" + s + "\notpauth://motp/Bank:me?secret=" + s + "\n"),
			2, []string{"Yandex:me: yandex tokens are not supported", "Yandex:me2: yandex tokens are not supported", "Bank:me: motp tokens are not supported"}},
		{"aegis", aegis, 1, []string{"Yandex (me): yandex tokens are not supported", "Bank (me): motp tokens are not supported"}},
		{"2fas", twofas, 1, nil},
		{"andotp", []byte(andotp), 1, []string{"Bank (me): motp tokens are not supported"}},
		{"kdbx", kdbx(kdbxEntry("Steam", "otp", "otpauth://totp/Steam:me?secret="+s+"&amp;digits=6&amp;encoder=steam") +
			kdbxEntry("Steam2", "TOTP Seed", s, "TOTP Settings", "30;S") +
			kdbxEntry("Yandex", "otp", "otpauth://yandex/Yandex:me?secret="+s) + kdbxEntry("Bank", "otp", "otpauth://motp/Bank:me?secret="+s)),
			2, []string{"Yandex (me): yandex tokens are not supported", "Bank (me): motp tokens are not supported"}},
		{"keepassxc csv", []byte(csvHead + `"Root","Steam","me","","","","otpauth://totp/Steam:me?secret=` + s + `&period=30&digits=6&issuer=Steam&encoder=steam"` + "\n" +
			`"Root","Yandex","me","","","","otpauth://yaotp/Yandex:me?secret=` + s + `"` + "\n" +
			`"Root","Bank","me","","","","otpauth://motp/Bank:me?secret=` + s + `"` + "\n"),
			1, []string{"Yandex (me): yandex tokens are not supported", "Bank (me): motp tokens are not supported"}},
	}
	for _, tt := range tests {
		res, err := Decode(tt.data, Options{Password: password(fixturePassword)})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		steam := 0
		for _, tok := range res.Tokens {
			if tok.Kind != token.Steam {
				t.Errorf("%s: %s is %s, not steam", tt.name, tok.Issuer, tok.Kind)
				continue
			}
			w, err := tok.WindowAt(instants[1], 0)
			if err != nil || len(w.Code) != 5 || strings.Trim(w.Code, "23456789BCDFGHJKMNPQRTVWXY") != "" {
				t.Errorf("%s: %s code %q, %v", tt.name, tok.Issuer, w.Code, err)
			}
			steam++
		}
		if steam != tt.steam {
			t.Errorf("%s: %d Steam tokens, want %d", tt.name, steam, tt.steam)
		}
		if got := skippedTexts(res); !slices.Equal(got, tt.skipped) {
			t.Errorf("%s: skipped\n got %q\nwant %q", tt.name, got, tt.skipped)
		}
	}
}
