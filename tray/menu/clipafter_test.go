package menu

import (
	"testing"
	"time"
)

func TestClearAfterPasteEntry(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	in := input(t, "en", now, 0)
	if _, ok := find(Build(in).Entries, KeyClearPaste); ok {
		t.Error("the switch is offered where pastes cannot be counted")
	}
	in.Status.ClearAfterPaste = true
	e := mustFind(t, Build(in).Entries, KeyClearPaste)
	if e.Label != "Also after the first paste" || !e.Checkable || e.Checked || e.Action != (ToggleClearAfterPaste{}) || e.Tooltip == "" {
		t.Errorf("off: %+v", e)
	}
	var under string
	for _, f := range Flatten(Build(in).Entries) {
		if f.Key == KeyClearPaste {
			under = f.Parent
		}
	}
	if under != KeyClear {
		t.Errorf("the switch is under %q, want %q", under, KeyClear)
	}
	in.Prefs.ClearAfterPaste = true
	if e := mustFind(t, Build(in).Entries, KeyClearPaste); !e.Checked {
		t.Errorf("on: %+v", e)
	}
	ja := input(t, "ja", now, 0)
	ja.Status.ClearAfterPaste = true
	if e := mustFind(t, Build(ja).Entries, KeyClearPaste); e.Label != "最初の貼り付けの後にも消去" {
		t.Errorf("ja: %q", e.Label)
	}
}
