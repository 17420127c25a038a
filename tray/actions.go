package tray

import (
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// do carries out the action of a clicked entry.
func (a *app) do(act menu.Action, now time.Time) {
	switch act := act.(type) {
	case menu.CopyCode:
		a.copyToken(act.TokenID, now)
	case menu.TypeCode:
		a.typeFromMenu(act.TokenID)
	case menu.CopyCredentialID:
		a.copyCredentialID(act.TokenID)
	case menu.ShowQR:
		a.showQR(act.TokenID, now)
	case menu.StartHelper:
		a.startHelper(act.TokenID, now)
	case menu.CopyHelperCode:
		a.copyHelperCode(act.N, now)
	case menu.EndHelper:
		a.vip.helper = nil
	case menu.NewVIP:
		a.askNewVIP(now)
	case menu.ConfirmNewVIP:
		a.confirmNewVIP(now)
	case menu.ScanScreen:
		a.scanScreen()
	case menu.PasteClipboard:
		a.pasteClipboard()
	case menu.Follow:
		a.doFollow(act)

	case menu.ToggleCredentialID:
		a.savePrefs(func(p *prefs.Prefs) { p.HideCredentialID = !p.HideCredentialID })
	case menu.ToggleAutostart:
		a.toggleAutostart()
	case menu.ToggleHotkey:
		a.savePrefs(func(p *prefs.Prefs) { p.HotkeyOff = !p.HotkeyOff })
	case menu.SetHotkey:
		combo := act.Combo
		if combo == desktop.DefaultHotkey {
			combo = ""
		}
		a.savePrefs(func(p *prefs.Prefs) { p.Hotkey, p.HotkeyOff = combo, false })
	case menu.ToggleTypeHotkey:
		a.savePrefs(func(p *prefs.Prefs) { p.TypeHotkeyOff = !p.TypeHotkeyOff })
	case menu.SetTypeHotkey:
		combo := act.Combo
		if combo == canonicalCombo(prefs.DefaultTypeHotkey) {
			combo = ""
		}
		a.savePrefs(func(p *prefs.Prefs) { p.TypeHotkey, p.TypeHotkeyOff = combo, false })
	case menu.SetNotify:
		a.savePrefs(func(p *prefs.Prefs) { p.Notify = act.Mode })
	case menu.SetClearAfter:
		n := act.Seconds
		if n == int(menu.DefaultClearAfter/time.Second) {
			n = 0
		}
		a.savePrefs(func(p *prefs.Prefs) { p.ClearAfter = n })
	case menu.SetLeftClick:
		a.savePrefs(func(p *prefs.Prefs) { p.LeftClick = act.Mode })
	case menu.SetLanguage:
		a.LanguageOverride = "" // a choice made now outranks the environment
		a.saveSettings(func(s *token.Settings) { s.Language = act.Lang })
	case menu.ToggleUpdateCheck:
		a.savePrefs(func(p *prefs.Prefs) { p.UpdateCheckOff = !p.UpdateCheckOff })
	case menu.ToggleClearAfterPaste:
		a.savePrefs(func(p *prefs.Prefs) { p.ClearAfterPaste = !p.ClearAfterPaste })
	case menu.ToggleNumberHotkeys:
		a.savePrefs(func(p *prefs.Prefs) { toggleNumberHotkeys(p, act.Type) })

	case menu.OpenPage:
		a.openPage(act.Page)
	case menu.OpenDataDir:
		a.open(a.Sys.OpenURL, fileURL(a.Store.Dir))
	case menu.SyncClock:
		a.syncClock()
	case menu.CheckUpdate:
		a.checkUpdate(true)
	case menu.OpenUpdate:
		if a.upd.newer != nil {
			a.open(a.Sys.OpenURL, a.upd.newer.URL)
		}
	case menu.ShowProblem:
		a.showProblem(act.Kind)
	case menu.HideProblem:
		a.hideProblem(act.Kind)
	case menu.Quit:
		a.requestQuit()
	case menu.SetDefault, menu.MoveToken, menu.AskRemove, menu.RemoveToken:
		a.manage(act, now)
	}
}
