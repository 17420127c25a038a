package tray

import (
	"context"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
	"github.com/otptray/otptray/tray/menu"
)

// vipState is what the VIP features remember between ticks.
type vipState struct {
	running   bool
	err       error     // why the last credential was not created
	errAt     time.Time // when; the line goes after vipErrShown
	helper    *menu.Helper
	announced bool              // the helper's OTP2 was toasted
	expiryDay map[string]string // token ID -> the day its expiry was last toasted
}

// vipErrShown is how long the menu keeps the line saying why a credential
// was not created (the toast may have gone unseen).
const vipErrShown = time.Hour

// provisionTimeout bounds creating a credential: the request (which has its
// own shorter timeout) and storing it.
const provisionTimeout = 60 * time.Second

// vipConfig is how the tray reaches the VIP service: the real endpoints,
// or those under OTPTRAY_VIP_URL, with OTPTRAY_VIP_TIMEOUT, as otptray-cli
// reads them (vip.ConfigFromEnv).
func vipConfig(version string, getenv func(string) string) (vip.Config, error) {
	return vip.ConfigFromEnv(version, "", getenv)
}

// provisionVIP creates a credential on a task: the request waits for the
// network and storing it for the keyring.
func (a *app) provisionVIP() {
	if !a.Sys.Can().NewVIP || a.vip.running {
		return
	}
	a.vip.running, a.vip.err = true, nil
	// The request takes a few seconds, and the menu that showed the
	// progress line is closed by the click.
	a.notify(a.loc.T("trayvip.toast.title"), a.loc.T("trayvip.toast.asking"))
	sys, store := a.Sys, a.Store
	a.task(func() func(time.Time) {
		ctx, cancel := context.WithTimeout(context.Background(), provisionTimeout)
		defer cancel()
		var stored token.Token
		var skew time.Duration
		t, info, err := sys.ProvisionVIP(ctx)
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
		return func(now time.Time) { a.provisioned(stored, skew, err, now) }
	})
}

// provisioned tells the user what creating a credential gave.
func (a *app) provisioned(t token.Token, skew time.Duration, err error, now time.Time) {
	a.vip.running = false
	title := a.loc.T("trayvip.toast.title")
	if err != nil {
		err = msg.New("trayvip.err.provision", err)
		a.vip.err, a.vip.errAt = err, now
		a.notify(title, a.loc.Err(err))
		return
	}
	a.reload(now)
	body := a.loc.T("trayvip.toast.created", "Name", t.Name, "ID", menu.GroupCredentialID(t.VIP.CredentialID))
	// The service's clock is a second opinion on this computer's: a large
	// difference that no correction covers makes codes fail at the bank.
	if d := skew + a.keys.data.Offset(); d > 30*time.Second || d < -30*time.Second {
		body += "\n" + a.loc.T("trayvip.toast.skew")
	}
	a.notify(title, body)
}

// startHelper copies the credential ID and shows the two codes to enter.
func (a *app) startHelper(id string, now time.Time) {
	t, ok := a.keys.data.ByID(id)
	if !ok || t.VIP == nil || t.Kind == token.HOTP {
		return
	}
	if err := a.keys.secretErr[id]; err != nil {
		a.problem(menu.ProblemKeyring, err)
		return
	}
	tok := *t
	tok.Secret = a.keys.secrets[id]
	first, err := tok.WindowAt(now, a.keys.data.Offset())
	if err != nil {
		a.problem(menu.ProblemKeyring, err)
		return
	}
	second, err := tok.WindowAt(first.Until, a.keys.data.Offset())
	if err != nil {
		a.problem(menu.ProblemKeyring, err)
		return
	}
	cred := token.CompactCredentialID(t.VIP.CredentialID)
	if err := a.Sys.Copy(cred, 0); err != nil {
		a.problem(menu.ProblemClipboard, wrap("tray.err.copy", err))
		return
	}
	a.problem(menu.ProblemClipboard, nil)
	a.noticeCopiedID(t.Name)
	a.vip.helper = &menu.Helper{TokenID: id, Name: t.Name, CredentialID: t.VIP.CredentialID, First: first, Second: second}
	a.vip.announced = false
}

// helperTick announces OTP2 when it becomes valid and ends the helper when
// it is over.
func (a *app) helperTick(now time.Time) {
	h := a.vip.helper
	if h == nil {
		return
	}
	if _, ok := a.keys.data.ByID(h.TokenID); !ok || !now.Before(h.Second.Until) || now.Before(h.First.From) {
		// Deleted, done, or the clock went back past the start.
		a.vip.helper = nil
		return
	}
	if !a.vip.announced && !now.Before(h.Second.From) {
		a.vip.announced = true
		a.helperOTP2Notice(h)
	}
}

// askNewVIP offers, for confirmFor, the entry that creates a
// credential: creating one contacts the VIP service, which no single stray
// click should do.
func (a *app) askNewVIP(now time.Time) {
	if !a.Sys.Can().NewVIP || a.vip.running {
		return
	}
	a.arm(armNewVIP, now)
	a.notify(a.loc.T("trayvip.toast.title"), a.loc.T("traymanage.vip_armed"))
}

// confirmNewVIP creates the credential asked for moments ago.
func (a *app) confirmNewVIP(now time.Time) {
	if a.confirmed(armNewVIP, now) {
		a.provisionVIP()
	}
}

// vipErrTick takes the line saying why a credential was not created away
// after vipErrShown.
func (a *app) vipErrTick(now time.Time) {
	if a.vip.err != nil && (now.Sub(a.vip.errAt) >= vipErrShown || now.Before(a.vip.errAt)) {
		a.vip.err = nil
	}
}

// expiryTick warns, at most once a day per credential, of credentials that
// expire within ExpiryWarning or have expired.
func (a *app) expiryTick(now time.Time) {
	if a.vip.expiryDay == nil {
		a.vip.expiryDay = map[string]string{}
	}
	today := ""
	var lines []string
	for _, t := range a.keys.data.Tokens {
		if t.VIP == nil {
			continue
		}
		if _, warn := menu.ExpiryDays(t.VIP.Expiry, now); !warn {
			continue
		}
		if today == "" {
			today = now.Format("2006-01-02")
		}
		if a.vip.expiryDay[t.ID] == today {
			continue
		}
		a.vip.expiryDay[t.ID] = today
		lines = append(lines, menu.ExpiryText(a.loc.T, t.Name, t.VIP.Expiry, now))
	}
	if len(lines) > 0 {
		a.notify(a.loc.T("trayvip.expiry_title"), strings.Join(lines, "\n")+"\n"+a.loc.T("trayvip.expiry_hint"))
	}
}
