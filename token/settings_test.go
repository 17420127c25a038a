package token

import (
	"encoding/json"
	"testing"
)

func TestSettingsKeepOtherKeys(t *testing.T) {
	in := `{"language":"ja","zeta":[1,2],"clock_offset":-3,"alpha":{"x":true}}`
	var s Settings
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.Language != "ja" || s.ClockOffset != -3 || len(s.Other) != 2 {
		t.Fatalf("read %+v", s)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	// Own fields first in field order, then the others sorted.
	if want := `{"language":"ja","clock_offset":-3,"alpha":{"x":true},"zeta":[1,2]}`; string(out) != want {
		t.Errorf("wrote %s, want %s", out, want)
	}
	var empty Settings
	if out, err := json.Marshal(Settings{Other: map[string]json.RawMessage{"a": json.RawMessage(`1`)}}); err != nil || string(out) != `{"a":1}` {
		t.Errorf("only other keys: %s, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{}`), &empty); err != nil || empty.Other != nil {
		t.Errorf("empty object: %+v, %v", empty, err)
	}
	// A key that is a field of its own cannot come in through Other.
	s.Other["language"] = json.RawMessage(`"en"`)
	if _, err := json.Marshal(s); err == nil {
		t.Error("a field's key in Other was written")
	}
	if err := s.Encode(struct {
		Lang string `json:"language"`
	}{"en"}); err == nil {
		t.Error("Encode took a field's key")
	}
}
