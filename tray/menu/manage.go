package menu

// Keys of a token's own submenu, each + the token ID.
const (
	KeyManage        = "token/"
	KeyManageDefault = "token/default/"
	KeyManageUp      = "token/up/"
	KeyManageDown    = "token/down/"
	KeyManageQR      = "token/qr/"
	KeyManageRemove  = "token/remove/"
	KeyManageConfirm = "token/confirm/"
)

// Actions of a token's submenu.
type (
	SetDefault struct{ TokenID string }
	MoveToken  struct {
		TokenID string
		By      int
	} // -1 up, +1 down
	AskRemove   struct{ TokenID string } // arm the removal
	RemoveToken struct{ TokenID string } // the second, confirming click
)

func (SetDefault) isAction()  {}
func (MoveToken) isAction()   {}
func (AskRemove) isAction()   {}
func (RemoveToken) isAction() {}

// IsDefault says whether tv is the token the icon's click and the copy
// hotkey use (DefaultView).
func (b *builder) isDefault(tv TokenView) bool {
	d, ok := DefaultView(b.in.Tokens, b.in.Default)
	return ok && d.Token.ID == tv.Token.ID
}

// tokenMenu is the submenu under a token's code: typing it, making it the
// default, moving it, showing it for a phone and removing it. Removal takes
// a second click on an entry shown only for a while after the first
// (Status.RemoveArmed), so that no single stray click loses a token.
// Renaming stays in the console program.
func (b *builder) tokenMenu(tv TokenView, i int) Entry {
	t := tv.Token
	e := item(KeyManage+t.ID, nil, b.T("traymanage.menu", "Name", t.Name))
	def := check(KeyManageDefault+t.ID, actionOf(b.in.Memo, SetDefault{t.ID}), b.T("traymanage.default"), b.isDefault(tv))
	def.Tooltip = b.T("traymanage.default_tip")
	up := item(KeyManageUp+t.ID, actionOf(b.in.Memo, MoveToken{t.ID, -1}), b.T("traymanage.up"))
	up.Enabled = i > 0
	down := item(KeyManageDown+t.ID, actionOf(b.in.Memo, MoveToken{t.ID, 1}), b.T("traymanage.down"))
	down.Enabled = i < len(b.in.Tokens)-1
	remove := item(KeyManageRemove+t.ID, actionOf(b.in.Memo, AskRemove{t.ID}), b.T("traymanage.remove"))
	confirm := item(KeyManageConfirm+t.ID, actionOf(b.in.Memo, RemoveToken{t.ID}), b.T("traymanage.confirm", "Name", t.Name))
	confirm.Visible = b.in.Status.RemoveArmed == t.ID
	e.Children = []Entry{
		b.typeEntry(tv),
		b.sep(),
		def, up, down,
		item(KeyManageQR+t.ID, actionOf(b.in.Memo, ShowQR{t.ID}), b.T("traymanage.qr")),
		b.sep(),
		remove, confirm,
	}
	return e
}
