package tray

import (
	"context"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

// Entry keys of the VIP features. Per-token keys add the token ID.
const (
	KeyNewVIP       = "vip/new"
	KeyVIPProgress  = "vip/progress"
	KeyRegister     = "vip/register/" // + token ID
	KeyVIPExpiry    = "vip/expiry/"   // + token ID
	KeyHelperHead   = "vip/helper/head"
	KeyHelperFirst  = "vip/helper/otp1"
	KeyHelperSecond = "vip/helper/otp2"
	KeyHelperDone   = "vip/helper/done"
)

// ExpiryWarning is how long before a VIP credential expires the menu says so.
const ExpiryWarning = 30 * 24 * time.Hour

// vipErrShown is how long the menu keeps the line saying why a credential
// was not created (the toast may have gone unseen).
const vipErrShown = time.Hour

// provisionTimeout bounds creating a credential: the request (which has its
// own shorter timeout) and storing it.
const provisionTimeout = 60 * time.Second

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

// VIPConfig is how the tray reaches the VIP service: the real endpoints,
// or those under OTPTRAY_VIP_URL, with OTPTRAY_VIP_TIMEOUT, as otptray-cli
// reads them (vip.ConfigFromEnv).
func VIPConfig(version string, getenv func(string) string) (vip.Config, error) {
	return vip.ConfigFromEnv(version, "", getenv)
}

// --- the menu -------------------------------------------------------------

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
	if label := expiryText(b.T, t.Name, t.VIP.Expiry, b.in.Now); label != "" {
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
	reg := item(KeyRegister+t.ID, b.T("trayvip.register"))
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

// expiryText is the warning for a credential named name expiring at exp,
// or "" while it is far off.
func expiryText(T func(string, ...any) string, name string, exp, now time.Time) string {
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
		progress.Label = b.T("tray.problem", "Message", b.in.Loc.Err(f.VIPErr))
	default:
		progress.Visible = false
	}

	head := disabled(KeyHelperHead, "")
	first := disabled(KeyHelperFirst, "")
	second := disabled(KeyHelperSecond, "")
	done := item(KeyHelperDone, "")
	h := f.Helper
	if h == nil {
		head.Visible, first.Visible, second.Visible, done.Visible = false, false, false, false
		return []Entry{progress, head, first, second, done}
	}
	done.Label = b.T("trayvip.helper.done")
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
	return []Entry{progress, head, first, second, done}
}

// newVIPEntry is "New VIP credential…", or nothing when not offered.
func (b *builder) newVIPEntry() []Entry {
	if !b.in.Status.Features.NewVIP {
		return nil
	}
	e := item(KeyNewVIP, b.T("trayvip.new"))
	e.Tooltip = b.T("trayvip.new_tip")
	if b.in.Status.Features.VIPRunning {
		e.Enabled = false
	}
	return []Entry{e}
}

// --- the actions ----------------------------------------------------------

// provisionVIP creates a credential beside the loop: the request waits for
// the network and storing it for the keyring.
func (a *App) provisionVIP() {
	if a.ProvisionVIP == nil || a.ext.vipRunning {
		return
	}
	a.ext.vipRunning, a.ext.vipErr = true, nil
	provision, store, events := a.ProvisionVIP, a.Store, a.Events
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), provisionTimeout)
		defer cancel()
		var stored token.Token
		var skew time.Duration
		t, info, err := provision(ctx)
		if err == nil {
			if strings.TrimSpace(t.Name) == "" {
				t.Name = "VIP Access"
			}
			stored, err = store.Add(t)
			clear(t.Secret)
			clear(stored.Secret)
			stored.Secret = nil
			skew = info.ServerSkew
		}
		events <- a.finish(func(now time.Time) { a.provisioned(stored, skew, err, now) })
	}()
}

// provisioned tells the user what creating a credential gave.
func (a *App) provisioned(t token.Token, skew time.Duration, err error, now time.Time) {
	a.ext.vipRunning = false
	title := a.loc.T("trayvip.toast.title")
	if err != nil {
		err = msg.New("trayvip.err.provision", err)
		a.ext.vipErr, a.ext.vipErrAt = err, now
		a.notify(title, a.loc.Err(err))
		return
	}
	a.reload(now)
	body := a.loc.T("trayvip.toast.created", "Name", t.Name, "ID", GroupCredentialID(t.VIP.CredentialID))
	// The service's clock is a second opinion on this computer's: a large
	// difference that no correction covers makes codes fail at the bank.
	if d := skew + a.data.Offset(); d > 30*time.Second || d < -30*time.Second {
		body += "\n" + a.loc.T("trayvip.toast.skew")
	}
	a.notify(title, body)
}

// startHelper copies the credential ID and shows the two codes to enter.
func (a *App) startHelper(id string, now time.Time) {
	t, ok := a.data.ByID(id)
	if !ok || t.VIP == nil || t.Kind == token.HOTP {
		return
	}
	if err := a.secretErr[id]; err != nil {
		a.problem(ProblemKeyring, err)
		return
	}
	tok := *t
	tok.Secret = a.secrets[id]
	first, err := tok.WindowAt(now, a.data.Offset())
	if err != nil {
		a.problem(ProblemKeyring, err)
		return
	}
	second, err := tok.WindowAt(first.Until, a.data.Offset())
	if err != nil {
		a.problem(ProblemKeyring, err)
		return
	}
	cred := strings.ReplaceAll(GroupCredentialID(t.VIP.CredentialID), " ", "")
	if err := a.Sys.Copy(cred, 0); err != nil {
		a.problem(ProblemClipboard, wrap("tray.err.copy", err))
		return
	}
	a.problem(ProblemClipboard, nil)
	a.ext.helper = &Helper{TokenID: id, Name: t.Name, CredentialID: t.VIP.CredentialID, First: first, Second: second}
	a.ext.announced = false
}

// helperTick announces OTP2 when it becomes valid and ends the helper when
// it is over.
func (a *App) helperTick(now time.Time) {
	h := a.ext.helper
	if h == nil {
		return
	}
	if _, ok := a.data.ByID(h.TokenID); !ok || !now.Before(h.Second.Until) || now.Before(h.First.From) {
		// Deleted, done, or the clock went back past the start.
		a.ext.helper = nil
		return
	}
	if !a.ext.announced && !now.Before(h.Second.From) {
		a.ext.announced = true
		a.notify(a.loc.T("trayvip.helper.toast_title", "Name", h.Name), a.loc.T("trayvip.helper.toast", "Code", token.Group(h.Second.Code)))
	}
}

// expiryTick warns, at most once a day per credential, of credentials that
// expire within ExpiryWarning or have expired.
func (a *App) expiryTick(now time.Time) {
	if a.ext.expiryDay == nil {
		a.ext.expiryDay = map[string]string{}
	}
	today := ""
	var lines []string
	for _, t := range a.data.Tokens {
		if t.VIP == nil {
			continue
		}
		if _, warn := ExpiryDays(t.VIP.Expiry, now); !warn {
			continue
		}
		if today == "" {
			today = now.Format("2006-01-02")
		}
		if a.ext.expiryDay[t.ID] == today {
			continue
		}
		a.ext.expiryDay[t.ID] = today
		lines = append(lines, expiryText(a.loc.T, t.Name, t.VIP.Expiry, now))
	}
	if len(lines) > 0 {
		a.notify(a.loc.T("trayvip.expiry_title"), strings.Join(lines, "\n")+"\n"+a.loc.T("trayvip.expiry_hint"))
	}
}
