package menu

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
)

// visibleIn are the visible entries under parent, by key.
func visibleIn(m Menu, parent string) map[string]Flat {
	out := map[string]Flat{}
	for _, f := range Flatten(m.Entries) {
		if f.Parent == parent && f.Visible {
			out[f.Key] = f
		}
	}
	return out
}

func TestFollowEntries(t *testing.T) {
	now := unix(vecBoundary - 10)
	file := "/home/me/Sync/aegis-backup.json"
	followed := func(gone bool) TokenView {
		tv := TokenView{Token: token.Token{ID: "f1", Name: "GitHub", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30,
			Origin: &token.Origin{File: file, Key: "id:1", Gone: gone}}}
		tv.Window.Code = "123456"
		tv.Window.Until = now.Add(10 * time.Second)
		return tv
	}

	in := input(t, "en", now, 0)
	in.Tokens = []TokenView{followed(false)}
	in.Settings.Follow = &token.Follow{File: file, Synced: now}
	m := Build(in)
	add := visibleIn(m, KeyAddToken)
	if add[KeyFollowStart].Label != "Follow another backup file (path on the clipboard)…" || add[KeyFollowStart].Action != (Follow{FollowStart}) {
		t.Errorf("start entry while following: %+v", add[KeyFollowStart])
	}
	if st := add[KeyFollowState]; !strings.HasPrefix(st.Label, "Following aegis-backup.json (read ") || st.Enabled || st.Tooltip != file {
		t.Errorf("state line: %+v", st)
	}
	if _, ok := add[KeyFollowPrune]; ok {
		t.Error("a prune entry with nothing gone")
	}
	if add[KeyFollowStop].Action != (Follow{FollowStop}) {
		t.Errorf("stop entry: %+v", add[KeyFollowStop])
	}
	top := visibleIn(m, "")
	if l := top[KeyCode+"f1"].Label; !strings.HasPrefix(l, "GitHub ↻") {
		t.Errorf("a followed token's line is not marked: %q", l)
	}

	// A token gone from the file: marked, and the entry to remove it.
	in.Tokens = []TokenView{followed(true)}
	in.Status.Follow.Err = errors.New("unexpected end of JSON input")
	m2 := Build(in)
	add = visibleIn(m2, KeyAddToken)
	if p := add[KeyFollowPrune]; p.Label != "Remove 1 token no longer in the backup" || p.Action != (Follow{FollowPrune}) || !p.Enabled {
		t.Errorf("prune entry: %+v", p)
	}
	if st := add[KeyFollowState]; !strings.Contains(st.Label, "unexpected end of JSON input") {
		t.Errorf("state line of a broken file: %q", st.Label)
	}
	if l := visibleIn(m2, "")[KeyCode+"f1"].Label; !strings.HasPrefix(l, "GitHub (not in the backup)") {
		t.Errorf("a gone token's line: %q", l)
	}
	// Starting, stopping, a token going: the same structure.
	if _, rebuild := Diff(m.Entries, m2.Entries); rebuild {
		t.Error("a change of the follow state rebuilds the menu")
	}

	// In Japanese.
	in = input(t, "ja", now, 0)
	in.Tokens = []TokenView{followed(true)}
	in.Settings.Follow = &token.Follow{File: file}
	add = visibleIn(Build(in), KeyAddToken)
	if add[KeyFollowState].Label != "aegis-backup.json に追従中" || add[KeyFollowPrune].Label != "バックアップにないトークン 1 件を削除" {
		t.Errorf("ja: %q %q", add[KeyFollowState].Label, add[KeyFollowPrune].Label)
	}
}
