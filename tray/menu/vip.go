package menu

import (
	"time"

	"github.com/otptray/otptray/token"
)

// ExpiryWarning is how long before a VIP credential expires the menu says so.
const ExpiryWarning = 30 * 24 * time.Hour

// CopyHelperCode copies the running registration helper's OTP1 (N 1) or
// OTP2 (N 2). It names no token: there is one helper at a time, and an
// entry's action follows from its key alone.
type CopyHelperCode struct{ N int }

func (CopyHelperCode) isAction() {}

// Helper is the registration helper for one VIP credential. A bank's
// registration page asks for the credential ID and two consecutive codes:
// OTP1 is the code current when the helper started, OTP2 the one after it.
type Helper struct {
	TokenID      string
	Name         string
	CredentialID string
	First        token.Window // OTP1
	Second       token.Window // OTP2, valid from Second.From
}

// vipTokenEntries are the lines under a VIP token: the registration
// helper's entry (time-based credentials) and the expiry warning, hidden
// while far off. Other tokens have none: whether a token is VIP never
// changes without the token list changing, which rebuilds the menu anyway.
func (b *builder) vipTokenEntries(tv TokenView) []Entry {
	t := tv.Token
	if t.VIP == nil || t.VIP.CredentialID == "" {
		return nil
	}
	exp := disabled(KeyVIPExpiry+t.ID, "")
	if label := ExpiryText(b.T, t.Name, t.VIP.Expiry, b.in.Now); label != "" {
		exp.Label = label
	} else {
		exp.Visible = false
	}
	if t.Kind == token.HOTP {
		return []Entry{exp}
	}
	// Shown whatever the token's state, so that its problems coming and
	// going change no entry but the code's; the label names no token, as
	// the entry sits under the token's code.
	reg := item(KeyRegister+t.ID, actionOf(b.in.Memo, StartHelper{t.ID}), b.T("trayvip.register"))
	reg.Tooltip = b.T("trayvip.register_tip")
	return []Entry{reg, exp}
}

// ExpiryDays says where a credential expiring at exp stands at now: days
// left, rounded up (1 means less than a day), 0 when it has expired, and
// warn when it is within ExpiryWarning of it or past it.
func ExpiryDays(exp, now time.Time) (days int, warn bool) {
	if exp.IsZero() {
		return 0, false
	}
	left := exp.Sub(now)
	if left <= 0 {
		return 0, true
	}
	days = int((left + 24*time.Hour - 1) / (24 * time.Hour))
	return days, left <= ExpiryWarning
}

// ExpiryText is the warning for a credential named name expiring at exp,
// or "" while it is far off; T renders the catalogue's messages.
func ExpiryText(T func(string, ...any) string, name string, exp, now time.Time) string {
	days, warn := ExpiryDays(exp, now)
	if !warn {
		return ""
	}
	date := exp.In(now.Location()).Format("2006-01-02")
	switch days {
	case 0:
		return T("trayvip.expired", "Name", name, "Date", date)
	case 1:
		return T("trayvip.expires_day", "Name", name, "Date", date)
	}
	return T("trayvip.expires", "Name", name, "Days", days, "Date", date)
}

// vipLines are the progress line and the registration helper's lines; they
// are always there, hidden when idle, so that starting or ending changes
// no structure.
func (b *builder) vipLines() []Entry {
	f := b.in.Status.Features
	progress := disabled(KeyVIPProgress, "")
	switch {
	case f.VIPRunning:
		progress.Label = b.T("trayvip.progress")
	case f.VIPErr != nil:
		// The same line as the progress, as short as a problem's, so that
		// the menu keeps its width and nothing moves as it changes.
		progress.Label = b.problemLine(f.VIPErr)
		progress.Tooltip = b.in.Loc.Err(f.VIPErr)
	default:
		progress.Visible = false
	}

	head := disabled(KeyHelperHead, "")
	h := f.Helper
	// The codes are clickable (a click copies that code) and indented
	// under the line that names the token, so that they do not read as
	// tokens of their own.
	first := item(KeyHelperFirst, actionOf(b.in.Memo, CopyHelperCode{N: 1}), "")
	second := item(KeyHelperSecond, actionOf(b.in.Memo, CopyHelperCode{N: 2}), "")
	done := item(KeyHelperDone, EndHelper{}, "")
	if h == nil {
		head.Visible, first.Visible, second.Visible, done.Visible = false, false, false, false
		return []Entry{progress, head, first, second, done}
	}
	done.Label = HelperIndent + b.T("trayvip.helper.done")
	now := b.in.Now
	head.Label = b.T("trayvip.helper.head", "Name", h.Name, "ID", GroupCredentialID(h.CredentialID))
	c1, c2 := token.Group(h.First.Code), token.Group(h.Second.Code)
	if now.Before(h.Second.From) {
		first.Label = b.T("trayvip.helper.otp1_now", "Code", c1)
		second.Label = b.T("trayvip.helper.otp2_from", "Code", c2, "Time", h.Second.From.In(now.Location()).Format("15:04:05"))
	} else {
		first.Label = b.T("trayvip.helper.otp1", "Code", c1)
		second.Label = b.T("trayvip.helper.otp2_now", "Code", c2)
	}
	first.Label, second.Label = HelperIndent+first.Label, HelperIndent+second.Label
	first.Tooltip, second.Tooltip = b.T("copy12.helper.copy_tip", "N", 1), b.T("copy12.helper.copy_tip", "N", 2)
	return []Entry{progress, head, first, second, done}
}

// HelperIndent starts the labels of the registration helper's lines under
// its head line. A submenu would hide the codes one click deeper while the
// bank's form waits for them; plain spaces are dropped by some menu hosts,
// and an arrow glyph (↳) is missing from some menu fonts. Two em spaces
// indent alike in a dbusmenu (GTK, Qt) and a Windows menu, in any font.
const HelperIndent = "\u2003\u2003"

// newVIPEntry is "New VIP credential…", or nothing when not offered.
func (b *builder) newVIPEntry() []Entry {
	if !b.in.Status.Features.NewVIP {
		return nil
	}
	f := b.in.Status.Features
	e := item(KeyNewVIP, NewVIP{}, b.T("trayvip.new"))
	e.Tooltip = b.T("trayvip.new_tip")
	// Creating a credential goes online: the first click only offers the
	// entry that does it, for a while (FeatureStatus.NewVIPArmed).
	confirm := item(KeyNewVIPConfirm, ConfirmNewVIP{}, b.T("traymanage.vip_confirm"))
	confirm.Visible = f.NewVIPArmed && !f.VIPRunning
	if f.VIPRunning {
		e.Enabled = false
	}
	return []Entry{e, confirm}
}
