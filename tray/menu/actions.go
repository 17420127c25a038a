package menu

// Action is what a click on an entry asks for. The builder gives each
// clickable entry its action, so the controller dispatches on the action's
// type, never on the entry's key; an entry without one (a label, a
// submenu) does nothing when clicked.
//
// Every action is a comparable value: Diff compares them, and a click taken
// just before a rebuild still means the same (it names a token by ID, not
// by position).
type Action interface{ isAction() }

// Actions on tokens.
type (
	CopyCode         struct{ TokenID string } // copy the token's current code
	CopyCredentialID struct{ TokenID string } // copy a VIP token's credential ID
	TypeCode         struct{ TokenID string } // type the code into the window that had focus before the menu
	ShowQR           struct{ TokenID string } // show the token as a QR code for a phone
	StartHelper      struct{ TokenID string } // the VIP registration helper
	EndHelper        struct{}
	NewVIP           struct{} // offer to create a VIP credential
	ConfirmNewVIP    struct{} // create it: the second click
	ScanScreen       struct{} // add the tokens whose QR codes are on the screen
	PasteClipboard   struct{} // add the token links on the clipboard
)

// Actions of Settings.
type (
	ToggleCredentialID struct{}
	ToggleAutostart    struct{}
	ToggleHotkey       struct{}
	SetHotkey          struct{ Combo string }
	ToggleTypeHotkey   struct{}
	SetTypeHotkey      struct{ Combo string }
	SetNotify          struct{ Mode string } // NotifyOff, NotifyAfterCopy, NotifyChange
	SetClearAfter      struct{ Seconds int } // -1: never
	SetLeftClick       struct{ Mode string } // LeftCopy, LeftMenu
	SetLanguage        struct{ Lang string } // "" follows the system
	ToggleUpdateCheck  struct{}
)

// Other actions.
type (
	OpenPage    struct{ Page string } // a help page (PageStart, ...)
	OpenDataDir struct{}
	SyncClock   struct{}
	CheckUpdate struct{}
	OpenUpdate  struct{} // the page of the newer release
	Quit        struct{}
)

func (CopyCode) isAction()           {}
func (CopyCredentialID) isAction()   {}
func (TypeCode) isAction()           {}
func (ShowQR) isAction()             {}
func (StartHelper) isAction()        {}
func (EndHelper) isAction()          {}
func (NewVIP) isAction()             {}
func (ConfirmNewVIP) isAction()      {}
func (ScanScreen) isAction()         {}
func (PasteClipboard) isAction()     {}
func (ToggleCredentialID) isAction() {}
func (ToggleAutostart) isAction()    {}
func (ToggleHotkey) isAction()       {}
func (SetHotkey) isAction()          {}
func (ToggleTypeHotkey) isAction()   {}
func (SetTypeHotkey) isAction()      {}
func (SetNotify) isAction()          {}
func (SetClearAfter) isAction()      {}
func (SetLeftClick) isAction()       {}
func (SetLanguage) isAction()        {}
func (ToggleUpdateCheck) isAction()  {}
func (OpenPage) isAction()           {}
func (OpenDataDir) isAction()        {}
func (SyncClock) isAction()          {}
func (CheckUpdate) isAction()        {}
func (OpenUpdate) isAction()         {}
func (Quit) isAction()               {}
