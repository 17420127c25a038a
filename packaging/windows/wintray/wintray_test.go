// Package wintray tests the Windows tray program end to end under Wine:
// otptray.exe in the taskbar of Wine's virtual desktop on an X display,
// driven with the mouse and keys (xdotool), read by its pixels and OCR
// (Tesseract) and through the clipboard (xclip). packaging/windows/traytest.sh
// builds the programs, makes the Wine prefix and the display, and runs it;
// without them the test is skipped.
package wintray

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
)

// Test tokens: RFC 4648's example secret and RFC 6238's (not real ones).
// Fast changes every 10 s, so a test waits at most that long for a boundary.
var (
	bankURI = "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank"
	fastURI = "otpauth://totp/Fast:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Fast&period=10"
)

const (
	runKey   = `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`
	desktopW = 1280
	desktopH = 800
)

// env is the Wine desktop with otptray on it.
type env struct {
	bin       string // folder of otptray.exe and otptray-cli.exe
	artefacts string // screenshots and logs, kept by the script on failure
	tokens    string // the Wine user's %AppData%\otptray\tokens.json
	d         *display
	desk, bar xwin
	templates []*image.NRGBA
	bank      token.Token
	fast      token.Token
	form      token.Token
	tray      *proc
	box       *editBox // the field the tray types into
}

func TestWineTray(t *testing.T) {
	bin := os.Getenv("OTPTRAY_WINTRAY_BIN")
	if bin == "" {
		t.Skip("run by packaging/windows/traytest.sh: needs Wine, an X display and the Windows build (OTPTRAY_WINTRAY_BIN)")
	}
	e := &env{bin: bin, artefacts: os.Getenv("OTPTRAY_WINTRAY_ARTEFACTS"), tokens: filepath.Join(os.Getenv("OTPTRAY_WINTRAY_APPDATA"), "otptray", "tokens.json")}
	if e.artefacts == "" {
		e.artefacts = t.TempDir()
	}
	var err error
	for _, u := range []struct {
		uri string
		tok *token.Token
	}{{bankURI, &e.bank}, {fastURI, &e.fast}, {formURI, &e.form}} {
		if *u.tok, err = token.ParseURI(u.uri); err != nil {
			t.Fatal(err)
		}
	}
	if e.templates, err = iconTemplates(); err != nil {
		t.Fatal(err)
	}
	if e.d, err = openDisplay(); err != nil {
		t.Fatal(err)
	}
	defer e.d.Close()
	defer func() { e.tray.stop() }()
	defer func() { e.box.stop() }()

	if !t.Run("desktop", e.desktop) || !t.Run("tokens and no start at login", e.addTokens) {
		return
	}
	// With Windows 10's version number, beeep shows notifications as
	// toasts, which fail under Wine: the case of the crash on Quit.
	if !t.Run("start in English", func(t *testing.T) { e.startTray(t, "en") }) {
		return
	}
	t.Run("first run leaves start at login off", e.noRunValue)
	t.Run("first toast registers the sender's name and icon", e.toastSender)
	t.Run("first run shows where the icon is", e.firstRunHint)
	t.Run("click copies the code", e.clickCopies)
	t.Run("open menu shows the new code after a boundary (stale label)", e.openMenuFollowsCodes)
	t.Run("Settings toggle persists", e.settingsToggle)
	t.Run("Settings hotkey says Win", e.hotkeyLabel)
	t.Run("hotkey copies the code", e.hotkeyCopies)
	t.Run("type hotkey types the code into an EDIT control", e.typeHotkeyTypes)
	t.Run("token's type hotkey types its template with Tab, a wait and Enter", e.typeTemplate)
	t.Run("toast button's URL copies the code through the running tray", e.toastButtonCopies)
	t.Run("second instance exits 0 and adds no icon", e.secondInstance)
	if !t.Run("Quit after a failed toast exits 0", e.quitAfterFailedToast) {
		return
	}
	if !t.Run("start in Japanese", func(t *testing.T) { e.startTray(t, "ja") }) {
		return
	}
	t.Run("hotkey released by the last run copies the code", e.hotkeyCopies)
	t.Run("second start owes no first-run hint", e.hintNotOwedAgain)
	t.Run("Japanese menu renders", e.japaneseMenu)
	t.Run("Quit exits 0", e.quit)
}

// desktop sets up Wine's virtual desktop with the tray in its taskbar and
// starts it.
func (e *env) desktop(t *testing.T) {
	// Desktop=shell puts the tray icons into the virtual desktop's taskbar
	// instead of a 160×20 "Wine System Tray" window. The theme is left as
	// Wine has it (no SystemUsesLightTheme): one icon reads on any taskbar.
	// MS UI Gothic, the font Wine's menus ask for with Japanese text, is
	// replaced by Noto Sans CJK (Debian fonts-noto-cjk).
	// CurrentMajorVersionNumber=10 makes beeep take the Windows 10 toast
	// path.
	regFile := filepath.Join(t.TempDir(), "desktop.reg")
	regText := fmt.Sprintf(`REGEDIT4

[HKEY_CURRENT_USER\Software\Wine\Explorer]
"Desktop"="shell"

[HKEY_CURRENT_USER\Software\Wine\Explorer\Desktops]
"shell"="%dx%d"

[HKEY_CURRENT_USER\Software\Wine\Fonts\Replacements]
"MS UI Gothic"="Noto Sans CJK JP"

[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion]
"CurrentMajorVersionNumber"=dword:0000000a
`, desktopW, desktopH) + staleAppID
	if err := os.WriteFile(regFile, []byte(strings.ReplaceAll(regText, "\n", "\r\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := run(60*time.Second, "", "wine", "regedit", "/S", winPath(regFile)); err != nil {
		t.Fatal(err)
	}
	if v, ok := regValue(`HKLM\Software\Microsoft\Windows NT\CurrentVersion`, "CurrentMajorVersionNumber"); !ok || v != "0xa" {
		t.Fatalf("CurrentMajorVersionNumber is %q after regedit, want 0xa", v)
	}
	if _, err := start("explorer", fmt.Sprintf("/desktop=shell,%dx%d", desktopW, desktopH)); err != nil {
		t.Fatal(err)
	}
	ok := poll(60*time.Second, func() bool {
		var found bool
		if e.desk, found = e.d.wineDesktop(); !found {
			return false
		}
		e.bar, found = e.d.taskbar(e.desk)
		return found
	})
	if !ok {
		t.Fatalf("no Wine desktop with a taskbar appeared (desktop %v, taskbar %v)", e.desk.rect, e.bar.rect)
	}
	if e.desk.rect.Dx() != desktopW || e.desk.rect.Dy() != desktopH {
		t.Fatalf("the Wine desktop is %v, want %dx%d", e.desk.rect, desktopW, desktopH)
	}
}

// addTokens adds the test tokens with otptray-cli.exe. The settings turn
// start at login off before the tray first runs: the first-run default
// would otherwise add the Run value, and each later Wine session would
// start that copy too.
func (e *env) addTokens(t *testing.T) {
	if _, ok := regValue(runKey, "otptray"); ok {
		t.Fatalf("the Run value otptray exists before the test: a fresh prefix has none")
	}
	// Typed codes may be close to their end: the test takes any code of
	// the span of a press.
	if err := editSettings(e.tokens, func(s map[string]any) { s["autostart_off"] = true; s["type_min_left"] = -1 }); err != nil {
		t.Fatal(err)
	}
	// Fast first: the default token (hotkey) and the first entry, so each
	// copy's "next code" notification comes within 10 s.
	for _, uri := range []string{fastURI, bankURI} {
		if _, err := run(60*time.Second, uri+"\n", "wine", filepath.Join(e.bin, "otptray-cli.exe"), "add"); err != nil {
			t.Fatalf("otptray-cli add: %v", err)
		}
	}
	e.addForm(t)
}

func (e *env) noRunValue(t *testing.T) {
	if v, ok := regValue(runKey, "otptray"); ok {
		t.Errorf("the first run added the Run value %s although the settings say autostart_off", v)
	}
}

// startTray starts otptray.exe in the language given (its setting) and
// waits for its one icon in the taskbar.
func (e *env) startTray(t *testing.T, lang string) {
	if err := editSettings(e.tokens, func(s map[string]any) { s["language"] = lang }); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.tray, err = start(filepath.Join(e.bin, "otptray.exe")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.waitIcons(1, 60*time.Second); err != nil {
		t.Fatalf("%v\notptray.exe says: %s", err, e.tray.out)
	}
}

// icons finds our icon in the taskbar by its pixels.
func (e *env) icons() ([]iconMatch, *image.RGBA, error) {
	img, err := e.d.grab(e.bar.rect)
	if err != nil {
		return nil, nil, err
	}
	return findIcons(img, e.templates), img, nil
}

// waitIcons waits until the taskbar shows our icon n times.
func (e *env) waitIcons(n int, limit time.Duration) ([]iconMatch, error) {
	var found []iconMatch
	var img *image.RGBA
	var err error
	ok := poll(limit, func() bool {
		found, img, err = e.icons()
		return err == nil && len(found) == n && (n == 0 || e.tray.running())
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		e.save("taskbar.png", img)
		state := "running"
		if !e.tray.running() {
			code, err := e.tray.wait(0)
			state = fmt.Sprintf("ended with status %d (%v)", code, err)
		}
		return nil, fmt.Errorf("the taskbar shows our icon %d times, want %d (at %v; taskbar saved as taskbar.png); otptray.exe is %s", len(found), n, found, state)
	}
	return found, nil
}

// openMenu right-clicks the icon and returns the menu's window once it is
// drawn. The pointer then moves to the far corner, off the menu and the
// icon (no hovered item, no tooltip over the menu).
func (e *env) openMenu() (xwin, error) {
	found, err := e.waitIcons(1, 10*time.Second)
	if err != nil {
		return xwin{}, err
	}
	at := found[0].center(e.templates[0].Bounds().Dx()).Add(e.bar.rect.Min)
	before := e.d.programWindows(e.desk, "otptray.exe")
	if _, err := run(10*time.Second, "", "xdotool", "mousemove", strconv.Itoa(at.X), strconv.Itoa(at.Y), "click", "3"); err != nil {
		return xwin{}, err
	}
	menu, err := e.newWindow(before)
	if err != nil {
		return xwin{}, fmt.Errorf("right click on the icon at %v: %w", at, err)
	}
	if _, err := run(10*time.Second, "", "xdotool", "mousemove", "2", "2"); err != nil {
		return xwin{}, err
	}
	return menu, nil
}

// newWindow waits for a menu window of otptray.exe that is not in before,
// and until it is drawn (two reads alike, not one colour).
func (e *env) newWindow(before map[windowID]xwin) (xwin, error) {
	var menu xwin
	if !poll(10*time.Second, func() bool {
		for id, w := range e.d.programWindows(e.desk, "otptray.exe") {
			if _, old := before[id]; !old {
				menu = w
				return true
			}
		}
		return false
	}) {
		return xwin{}, fmt.Errorf("no menu opened")
	}
	var last *image.RGBA
	if !poll(5*time.Second, func() bool {
		img, err := e.d.grab(menu.rect)
		if err != nil {
			return false
		}
		same := last != nil && slices.Equal(img.Pix, last.Pix)
		last = img
		return same && !plain(img)
	}) {
		return xwin{}, fmt.Errorf("the menu at %v is not drawn", menu.rect)
	}
	return menu, nil
}

// plain says whether an image is (nearly) one colour.
func plain(img *image.RGBA) bool {
	bg := commonColour(img)
	other := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i] != bg.R || img.Pix[i+1] != bg.G || img.Pix[i+2] != bg.B {
			other++
		}
	}
	return other < len(img.Pix)/4/100
}

// keys sends keys to a menu's own window: Wine's menu loop reads them there.
func keys(w xwin, keys ...string) error {
	_, err := run(10*time.Second, "", "xdotool", append([]string{"key", "--window", strconv.Itoa(int(w.id))}, keys...)...)
	return err
}

// choose sends the keys that select an item, then Return. The menu window
// is gone once Return is handled, so xdotool may report a BadWindow for
// it: what happened is checked by the caller instead.
func choose(w xwin, nav ...string) error {
	if len(nav) > 0 {
		if err := keys(w, nav...); err != nil {
			return err
		}
	}
	keys(w, "Return")
	return nil
}

// closeMenus closes the open menus with Escape, innermost first.
func (e *env) closeMenus() {
	poll(10*time.Second, func() bool {
		open := e.d.programWindows(e.desk, "otptray.exe")
		if len(open) == 0 {
			return true
		}
		var top xwin
		for _, w := range open {
			top = w // any: Escape closes the innermost in Wine's menu loop
		}
		keys(top, "Escape")
		return false
	})
}

// codes are the codes of tok in the windows from..to.
func codes(tok token.Token, from, to time.Time) []string {
	var out []string
	for at := from; !at.After(to); {
		w, err := tok.WindowAt(at, 0)
		if err != nil {
			return nil
		}
		out = append(out, w.Code)
		at = w.Until
	}
	if w, err := tok.WindowAt(to, 0); err == nil && !slices.Contains(out, w.Code) {
		out = append(out, w.Code)
	}
	return out
}

// waitClipboard waits until the clipboard holds one of tok's codes from
// since until now.
func (e *env) waitClipboard(tok token.Token, since time.Time) error {
	var got string
	if poll(15*time.Second, func() bool {
		got, _ = clipboard()
		return slices.Contains(codes(tok, since, time.Now()), got)
	}) {
		return nil
	}
	return fmt.Errorf("the clipboard holds %q, want %s's code, one of %v", got, tok.Name, codes(tok, since, time.Now()))
}

func (e *env) clickCopies(t *testing.T) {
	if err := setClipboard("-"); err != nil {
		t.Fatal(err)
	}
	menu, err := e.openMenu()
	if err != nil {
		t.Fatal(err)
	}
	defer e.closeMenus()
	since := time.Now()
	// From the top: the first token is the first entry.
	if err := choose(menu, "Down"); err != nil {
		t.Fatal(err)
	}
	if err := e.waitClipboard(e.fast, since); err != nil {
		t.Fatal(err)
	}
}

// readCodes reads the codes an open menu shows, by OCR at a few scales
// until want is among them.
func (e *env) readCodes(menu xwin, want string) ([]string, *image.RGBA, string, error) {
	img, err := e.d.grab(menu.rect)
	if err != nil {
		return nil, nil, "", err
	}
	var all []string
	var text string
	for _, scale := range []int{4, 3, 5} {
		text, err = ocr(img, scale, "eng", e.artefacts)
		if err != nil {
			return nil, img, "", err
		}
		all = append(all, codesIn(text)...)
		if slices.Contains(all, want) {
			break
		}
	}
	return all, img, text, nil
}

// openMenuFollowsCodes keeps the menu open across a period boundary of
// the 10 s token and reads its label before and after. It fails when the
// open menu still shows the old code.
func (e *env) openMenuFollowsCodes(t *testing.T) {
	if w, _ := e.fast.WindowAt(time.Now(), 0); time.Until(w.Until) < 4*time.Second {
		time.Sleep(time.Until(w.Until)) // a wait for the clock, not for a condition
	}
	menu, err := e.openMenu()
	if err != nil {
		t.Fatal(err)
	}
	defer e.closeMenus()
	w, _ := e.fast.WindowAt(time.Now(), 0)
	got, img, text, err := e.readCodes(menu, w.Code)
	e.save("menu-en.png", img)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got, w.Code) {
		if next, _ := e.fast.WindowAt(w.Until, 0); !slices.Contains(got, next.Code) {
			t.Fatalf("cannot read %s's code %s in the menu (OCR: %q; saved as menu-en.png)", e.fast.Name, w.Code, text)
		}
		// Read just after a boundary: take the next window.
		w, _ = e.fast.WindowAt(w.Until, 0)
	}
	next, _ := e.fast.WindowAt(w.Until, 0)
	time.Sleep(time.Until(w.Until)) // the boundary itself
	// Up to 8 s, still inside the new 10 s window: on a loaded machine Wine
	// may paint the open menu seconds late, but a stale menu never changes.
	var seen []string
	ok := poll(8*time.Second, func() bool {
		seen, img, text, err = e.readCodes(menu, next.Code)
		return err == nil && slices.Contains(seen, next.Code)
	})
	e.save("menu-en-after-boundary.png", img)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		if slices.Contains(seen, w.Code) {
			t.Fatalf("STALE LABEL: 8 s after the boundary the open menu still shows %s's old code %s, want %s (saved as menu-en-after-boundary.png; OCR: %q)", e.fast.Name, w.Code, next.Code, text)
		}
		t.Fatalf("after the boundary the open menu shows neither %s's new code %s nor the old %s (OCR: %q)", e.fast.Name, next.Code, w.Code, text)
	}
}

// settingsToggle turns "Show credential ID" (the first entry of Settings)
// off and finds it saved.
func (e *env) settingsToggle(t *testing.T) {
	s, err := settings(e.tokens)
	if err != nil {
		t.Fatal(err)
	}
	if s["hide_credential_id"] == true {
		t.Fatal("hide_credential_id is already set before the toggle")
	}
	sub, _ := e.openSettings(t)
	defer e.closeMenus()
	if err := choose(sub); err != nil {
		t.Fatal(err)
	}
	if !poll(10*time.Second, func() bool {
		s, err = settings(e.tokens)
		return err == nil && s["hide_credential_id"] == true
	}) {
		t.Fatalf("after Settings → Show credential ID, tokens.json has settings %v (err %v), want hide_credential_id true", s, err)
	}
}

// openSettings opens the menu and its Settings submenu, and returns the
// submenu's window and the program's windows from before it opened (to
// find a deeper submenu by); closeMenus closes both. From the bottom: Quit,
// Help, Settings; Right opens it on its first entry.
func (e *env) openSettings(t *testing.T) (xwin, map[windowID]xwin) {
	t.Helper()
	menu, err := e.openMenu()
	if err != nil {
		t.Fatal(err)
	}
	before := e.d.programWindows(e.desk, "otptray.exe")
	if err := keys(menu, "Up", "Up", "Up", "Right"); err != nil {
		e.closeMenus()
		t.Fatal(err)
	}
	sub, err := e.newWindow(before)
	if err != nil {
		e.closeMenus()
		t.Fatalf("Settings: %v", err)
	}
	return sub, before
}

// hotkeyLabel opens Settings → Hotkey and reads the combinations: Windows
// names the key Win.
func (e *env) hotkeyLabel(t *testing.T) {
	sub, before := e.openSettings(t)
	defer e.closeMenus()
	// Show credential ID, Start at login, Hotkey.
	before[sub.id] = sub
	if err := keys(sub, "Down", "Down", "Right"); err != nil {
		t.Fatal(err)
	}
	hot, err := e.newWindow(before)
	if err != nil {
		t.Fatalf("Settings → Hotkey: %v", err)
	}
	img, err := e.d.grab(hot.rect)
	if err != nil {
		t.Fatal(err)
	}
	e.save("menu-hotkey.png", img)
	text, err := ocr(img, 4, "eng", e.artefacts)
	if err != nil {
		t.Fatal(err)
	}
	// OCR reads the small "+" as "+", "s", "*" or "-".
	flat := squeeze(text)
	if !regexp.MustCompile(`Win.?Alt`).MatchString(flat) || strings.Contains(flat, "Super") {
		t.Fatalf("Settings → Hotkey reads %q, want Win+Alt+O and no Super (saved as menu-hotkey.png)", text)
	}
}

// hotkeyCopies presses Win+Alt+O on the Wine desktop: RegisterHotKey's
// combination reaches the tray, which copies the default (first) token.
func (e *env) hotkeyCopies(t *testing.T) {
	if err := setClipboard("-"); err != nil {
		t.Fatal(err)
	}
	since := time.Now()
	if _, err := run(10*time.Second, "", "xdotool", "windowfocus", "--sync", strconv.Itoa(int(e.desk.id))); err != nil {
		t.Fatal(err)
	}
	if _, err := run(10*time.Second, "", "xdotool", "key", "super+alt+o"); err != nil {
		t.Fatal(err)
	}
	if err := e.waitClipboard(e.fast, since); err != nil {
		t.Fatalf("after Win+Alt+O: %v\notptray.exe says: %s", err, e.tray.out)
	}
}

func (e *env) secondInstance(t *testing.T) {
	second, err := start(filepath.Join(e.bin, "otptray.exe"))
	if err != nil {
		t.Fatal(err)
	}
	code, err := second.wait(60 * time.Second)
	if err != nil || code != 0 {
		t.Fatalf("the second otptray.exe: status %d, %v; it says: %s", code, err, second.out)
	}
	if !e.tray.running() {
		t.Fatalf("the first otptray.exe ended when the second started: %s", e.tray.out)
	}
	found, _, err := e.icons()
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 {
		t.Fatalf("the taskbar shows our icon %d times after a second start, want 1", len(found))
	}
}

// quitAfterFailedToast quits after a copy's notification went the toast
// way (go-toast, which fails under Wine, and then a balloon): the process
// must end at once with 0, its icon gone, its hotkey free (the next
// start's hotkey step checks that). The tray registers its
// AppUserModelId under HKCU before its first toast: that says the toast
// path ran (toastTried).
func (e *env) quitAfterFailedToast(t *testing.T) {
	// The first-run hint, and the copies' announcements of Fast's next
	// code, due within 10 s of a copy.
	if !poll(15*time.Second, toastTried) {
		t.Fatalf("no toast was tried before Quit (IconUri of %s unchanged), so this does not test Quit after one; otptray.exe says: %s", appIDKey, e.tray.out)
	}
	e.quit(t)
}

func (e *env) quit(t *testing.T) {
	menu, err := e.openMenu()
	if err != nil {
		t.Fatal(err)
	}
	// From the bottom: Quit is the last entry.
	if err := choose(menu, "Up"); err != nil {
		t.Fatal(err)
	}
	code, err := e.tray.wait(15 * time.Second)
	if err != nil || code != 0 {
		t.Fatalf("Quit: status %d, %v; otptray.exe says: %s", code, err, e.tray.out)
	}
	if out := e.tray.out.String(); strings.Contains(out, "fatal error") || strings.Contains(out, "panic:") {
		t.Fatalf("Quit: exit 0, but the runtime failed: %s", out)
	}
	if _, err := e.waitIcons(0, 10*time.Second); err != nil {
		t.Fatalf("after Quit: %v", err)
	}
}

// japaneseMenu reads the Japanese menu by OCR: the labels must be there,
// which they are not when the font lacks the glyphs (boxes).
func (e *env) japaneseMenu(t *testing.T) {
	menu, err := e.openMenu()
	if err != nil {
		t.Fatal(err)
	}
	defer e.closeMenus()
	img, err := e.d.grab(menu.rect)
	if err != nil {
		t.Fatal(err)
	}
	e.save("menu-ja.png", img)
	loc := i18n.New("ja")
	var text string
	var missing []string
	for _, scale := range []int{4, 3} {
		if text, err = ocr(img, scale, "jpn+eng", e.artefacts); err != nil {
			t.Fatal(err)
		}
		flat := squeeze(text)
		missing = missing[:0]
		// Labels that OCR reads reliably when drawn well: it misreads a
		// lone short one (終了) and the small kana of トークンを追加.
		for _, id := range []string{"tray.settings", "tray.help", "tray.sync_clock", "trayvip.new"} {
			if label := loc.T(id); !strings.Contains(flat, squeeze(label)) {
				missing = append(missing, label)
			}
		}
		if len(missing) == 0 {
			return
		}
	}
	t.Fatalf("the Japanese menu does not show %v (OCR: %q; saved as menu-ja.png)", missing, text)
}

// save keeps a screenshot among the artefacts.
func (e *env) save(name string, img image.Image) {
	if img == nil {
		return
	}
	f, err := os.Create(filepath.Join(e.artefacts, name))
	if err != nil {
		return
	}
	defer f.Close()
	png.Encode(f, img)
}

// winPath is the Windows name of a Linux path (Wine maps / to Z:).
func winPath(p string) string { return "Z:" + strings.ReplaceAll(p, "/", `\`) }
