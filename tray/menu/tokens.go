package menu

import (
	"strings"
	"time"

	"github.com/otptray/otptray/token"
)

// sharedExpiry is the instant at which the largest group (two or more) of
// tokens changes code together, or zero. Those tokens share one countdown
// line instead of one each: fewer labels change every second.
func sharedExpiry(tvs []TokenView) time.Time {
	count := map[time.Time]int{}
	var best time.Time
	for _, tv := range tvs {
		if !HasCountdown(tv) {
			continue
		}
		u := tv.Window.Until
		count[u]++
		if n := count[u]; n >= 2 && (n > count[best] || n == count[best] && u.Before(best)) {
			best = u
		}
	}
	return best
}

// HasCountdown says whether the token's code runs out at a known instant
// (a time-based code that could be computed).
func HasCountdown(tv TokenView) bool {
	return tv.Err == nil && tv.Token.Kind != token.HOTP && !tv.Window.Until.IsZero()
}

// SecondsLeft is until-now rounded up, as a countdown shows it.
func SecondsLeft(until, now time.Time) int { return token.CeilSeconds(until.Sub(now)) }

func (b *builder) codeEntry(tv TokenView, shared time.Time) Entry {
	t := tv.Token
	t.Name = b.tokenName(t)
	key := KeyCode + t.ID
	act := actionOf(b.in.Memo, CopyCode{t.ID})
	if tv.Err != nil {
		e := inactive(item(key, act, b.T("problems12.code_unavailable", "Name", t.Name)))
		e.Tooltip = b.in.Loc.Err(tv.Err)
		return e
	}
	code := token.Group(tv.Window.Code)
	var label string
	if HasCountdown(tv) && !tv.Window.Until.Equal(shared) {
		label = b.T("tray.code", "Name", t.Name, "Code", code, "Seconds", SecondsLeft(tv.Window.Until, b.in.Now))
	} else {
		label = b.T("tray.code_plain", "Name", t.Name, "Code", code)
	}
	e := item(key, act, label)
	e.Tooltip = b.T("tray.code_tip")
	if len(b.in.Tokens) > 1 && b.isDefault(tv) {
		e.Label = b.T("traymanage.default_mark", "Label", label)
		e.Tooltip = b.T("traymanage.default_code_tip")
	}
	e.Label = b.withPreset(e.Label, t.ID, false)
	return e
}

func (b *builder) credentialEntry(tv TokenView) Entry {
	e := item(KeyCredentialID+tv.Token.ID, actionOf(b.in.Memo, CopyCredentialID{tv.Token.ID}), "")
	if tv.Token.VIP == nil || tv.Token.VIP.CredentialID == "" || b.in.Prefs.HideCredentialID {
		e.Visible = false
		return e
	}
	e.Label = b.T("tray.credential_id", "ID", GroupCredentialID(tv.Token.VIP.CredentialID))
	return e
}

// typeEntry types the token's code into the window the user was in: shown
// for every token, as typing may be refused only when it is tried (the
// tray then copies the code and says so).
func (b *builder) typeEntry(tv TokenView) Entry {
	e := item(KeyTypeCode+tv.Token.ID, actionOf(b.in.Memo, TypeCode{tv.Token.ID}), b.withPreset(b.T("traytype.menu.type"), tv.Token.ID, true))
	e.Tooltip = b.T("traytype.menu.type_tip")
	e.Enabled = tv.Err == nil
	return e
}

// GroupCredentialID formats a VIP credential ID for reading: the letters of
// the prefix, then the digits in groups of four ("SYDC 1234 5678").
func GroupCredentialID(id string) string {
	id = token.CompactCredentialID(id)
	i := strings.IndexFunc(id, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return id
	}
	parts := []string{id[:i]}
	for rest := id[i:]; rest != ""; {
		n := min(4, len(rest))
		parts = append(parts, rest[:n])
		rest = rest[n:]
	}
	return strings.Join(parts, " ")
}

// DefaultView is the token the icon's click, hotkey and tooltip act on: the
// default token, else the first one.
func DefaultView(tvs []TokenView, defaultID string) (TokenView, bool) {
	for _, tv := range tvs {
		if tv.Token.ID == defaultID {
			return tv, true
		}
	}
	if len(tvs) > 0 {
		return tvs[0], true
	}
	return TokenView{}, false
}

func (b *builder) tooltip() string {
	tv, ok := DefaultView(b.in.Tokens, b.in.Default)
	switch {
	case !ok:
		return b.T("tray.tooltip_empty")
	case tv.Err != nil:
		return b.T("tray.tooltip_unavailable", "Name", tv.Token.Name)
	case HasCountdown(tv):
		return b.T("tray.tooltip", "Name", tv.Token.Name, "Code", token.Group(tv.Window.Code), "Seconds", SecondsLeft(tv.Window.Until, b.in.Now))
	}
	return b.T("tray.tooltip_plain", "Name", tv.Token.Name, "Code", token.Group(tv.Window.Code))
}
