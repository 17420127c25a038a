package token

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Settings are the user's choices that both programs read, kept in the
// tokens file beside the tokens. Zero values are the defaults, so an older
// file reads as "all defaults". The tray's own preferences sit in the same
// JSON object; this package keeps them, unread, in Other (settings.go).
type Settings struct {
	Language string `json:"language,omitempty"` // "" (system), "en", "ja"

	// Clock drift correction: seconds to add to the local clock.
	ClockOffset  float64   `json:"clock_offset,omitempty"`
	ClockSource  string    `json:"clock_source,omitempty"`
	ClockChecked time.Time `json:"clock_checked,omitzero"`

	// LastBackup is when `otptray-cli backup` last wrote every token to an
	// encrypted file; the tray reminds the user when it is old.
	LastBackup time.Time `json:"last_backup,omitzero"`

	// UpdateFeed replaces the release feed's address
	// (update.DefaultFeedURL), for the tray's check and otptray-cli update.
	UpdateFeed string `json:"update_feed,omitempty"`

	// Follow is the backup file whose changes are imported (origin.go).
	Follow *Follow `json:"follow,omitempty"`

	// Other holds the other keys of the settings object as they are in the
	// file, so that a program that does not know them (otptray-cli, an
	// older version) writes them back unchanged.
	Other map[string]json.RawMessage `json:"-"`
}

// settingsFields is Settings without its methods, for the default encoding.
type settingsFields Settings

// settingsKeys are the JSON keys of Settings' own fields.
var settingsKeys = jsonKeys(reflect.TypeFor[settingsFields]())

// jsonKeys are the JSON keys of the fields of struct type t.
func jsonKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys[name] = true
		}
	}
	return keys
}

// UnmarshalJSON reads the known settings into their fields and keeps the
// rest in Other.
func (s *Settings) UnmarshalJSON(b []byte) error {
	var f settingsFields
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for k := range all {
		if settingsKeys[k] {
			delete(all, k)
		}
	}
	if len(all) == 0 {
		all = nil
	}
	f.Other = all
	*s = Settings(f)
	return nil
}

// MarshalJSON writes the known settings, in the order of their fields,
// then those kept in Other, sorted by key.
func (s Settings) MarshalJSON() ([]byte, error) {
	own, err := json.Marshal(settingsFields(s))
	if err != nil {
		return nil, err
	}
	if len(s.Other) == 0 {
		return own, nil
	}
	var out bytes.Buffer
	out.Write(own[:len(own)-1]) // without the closing brace
	first := len(own) == 2      // "{}"
	for _, k := range slices.Sorted(maps.Keys(s.Other)) {
		if settingsKeys[k] {
			return nil, fmt.Errorf("settings: %q is a field of its own, not another key", k)
		}
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		out.Write(key)
		out.WriteByte(':')
		out.Write(s.Other[k])
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// Decode reads the keys kept in Other into v (a struct with JSON tags, such
// as the tray's preferences); absent keys leave v's fields as they are.
func (s Settings) Decode(v any) error {
	if len(s.Other) == 0 {
		return nil
	}
	b, err := json.Marshal(s.Other)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// Encode puts v (a struct with JSON tags, or a pointer to one) into Other:
// the keys of its fields get its values, a field omitted as empty is
// removed (it reads back as its default), and keys it has no field for stay.
func (s *Settings) Encode(v any) error {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return fmt.Errorf("settings: cannot encode a %s", t)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var set map[string]json.RawMessage
	if err := json.Unmarshal(b, &set); err != nil {
		return err
	}
	other := maps.Clone(s.Other)
	if other == nil {
		other = map[string]json.RawMessage{}
	}
	for k := range jsonKeys(t) {
		delete(other, k)
	}
	for k, raw := range set {
		if settingsKeys[k] {
			return fmt.Errorf("settings: %q is a field of its own, not another key", k)
		}
		other[k] = raw
	}
	if len(other) == 0 {
		other = nil
	}
	s.Other = other
	return nil
}
