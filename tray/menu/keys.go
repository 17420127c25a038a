package menu

// Entry keys: stable across instants, so that the binding updates only what
// changed. They name entries, not actions (see Action). Per-token keys add
// the token ID: KeyCode+id.
const (
	KeyProblems     = "problems"      // the line of the problems, a submenu
	KeyProblem      = "problem/"      // + kind: a problem, a submenu of the problems
	KeyProblemShow  = "problem/show/" // + kind: its whole message in a notification
	KeyProblemHide  = "problem/hide/" // + kind: hide it until it changes
	KeyCode         = "code/"
	KeyCredentialID = "credid/"
	KeyTypeCode     = "type/"
	KeyFirstRun     = "first-run"
	KeyCountdown    = "countdown"
	KeySyncClock    = "sync-clock"
	KeySettings     = "settings"
	KeyShowCredID   = "settings/credential-id"
	KeyAutostart    = "settings/autostart"
	KeyHotkey       = "settings/hotkey"
	KeyHotkeyOn     = "settings/hotkey/on"
	KeyHotkeyFailed = "settings/hotkey/failed"
	KeyHotkeyCombo  = "settings/hotkey/combo/" // + combination
	KeyNotify       = "settings/notify"
	KeyNotifyMode   = "settings/notify/" // + off, copy, change
	KeyClear        = "settings/clear"
	KeyClearAfter   = "settings/clear/" // + seconds, "never" or "custom"
	KeyLeftClick    = "settings/left-click"
	KeyLeftMode     = "settings/left-click/" // + copy, menu
	KeyLeftRestart  = "settings/left-click/restart"
	KeyLanguage     = "settings/language"
	KeyLang         = "settings/language/" // + system, en, ja
	KeyHelp         = "help"
	KeyHelpPage     = "help/" // + start, where, faq
	KeyAbout        = "about"
	KeyVersion      = "about/version"
	KeyLicense      = "about/license"
	KeyDataDir      = "about/data"
	KeyQuit         = "quit"
	keySeparator    = "separator/"

	// The VIP features.
	KeyNewVIP        = "vip/new"
	KeyNewVIPConfirm = "vip/new/confirm"
	KeyVIPProgress   = "vip/progress"
	KeyRegister      = "vip/register/" // + token ID
	KeyVIPExpiry     = "vip/expiry/"   // + token ID
	KeyHelperHead    = "vip/helper/head"
	KeyHelperFirst   = "vip/helper/otp1"
	KeyHelperSecond  = "vip/helper/otp2"
	KeyHelperDone    = "vip/helper/done"

	// The update check and the clock line.
	KeyUpdateCheck = "update/check"          // in Help
	KeyUpdateOpen  = "update/open"           // "Download otptray 1.3.0…"
	KeyUpdateAuto  = "settings/update-check" // daily check on or off
	KeyClockStatus = "settings/clock-offset"

	// Moving tokens in and out.
	KeyAddToken   = "add"
	KeyAddScan    = "add/scan"
	KeyAddPaste   = "add/paste"
	KeyAddHelp    = "add/help"
	KeyShowQR     = "qr"
	KeyShowQRFor  = "qr/" // + token ID
	KeyBackupDue  = "backup/due"
	KeyBackupHelp = "backup/help"
)

// Help pages.
const (
	PageStart   = "start"
	PageWhere   = "where"
	PageTokens  = "tokens" // adding, moving and backing up tokens
	PageTyping  = "typing" // typing the code, templates, hotkeys, window rules
	PageFAQ     = "faq"
	PageLicense = "license"
)
