package tray

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
	"github.com/otptray/otptray/typing"
	"github.com/otptray/otptray/typing/template"
)

// setPrefs writes the tray's preferences before the harness starts.
func (h *harness) setPrefs(change func(p *prefs.Prefs)) {
	h.t.Helper()
	if err := h.store.Update(prefs.Change(change)); err != nil {
		h.t.Fatal(err)
	}
}

func text(s string) template.Action { return template.Action{Kind: template.TypeText, Text: s} }

func waitUntil(t time.Time) template.Action {
	return template.Action{Kind: template.WaitUntil, Until: t}
}

// typeAndFinish types token id's code at now and applies every result of
// the typing task (its wait notification, then its outcome).
func (h *harness) typeAndFinish(t *testing.T, id string, now time.Time, results int) {
	t.Helper()
	h.now = now
	h.app.typeToken(id, now)
	for range results {
		h.next(t, now)
	}
	if h.app.typ.cancel != nil {
		t.Fatal("typing still marked as under way")
	}
}

func TestTypeDefaultTemplate(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	h.typeAndFinish(t, "vip1", now, 1)
	if want := [][]template.Action{{text(vecCodeBefore)}}; !slices.EqualFunc(h.sys.plans, want, slices.Equal) {
		t.Fatalf("plans %v, want %v", h.sys.plans, want)
	}
	if len(h.sys.toasts) != 0 || len(h.sys.copied) != 0 {
		t.Errorf("toasts %v, copied %v after a plain typing", h.sys.toasts, h.sys.copied)
	}
}

func TestTypeTokenTemplateAnnouncesItsWait(t *testing.T) {
	h := newHarness(t, vipToken())
	h.setPrefs(func(p *prefs.Prefs) {
		p.SetToken("vip1", prefs.TokenPrefs{Template: "{id}{tab}{code}{tab}{wait}{code}"})
	})
	now := unix(vecBoundary - 10)
	h.start(now)
	h.typeAndFinish(t, "vip1", now, 2)
	tab := template.Action{Kind: template.PressTab}
	want := []template.Action{text("SYDC12345678"), tab, text(vecCodeBefore), tab, waitUntil(unix(vecBoundary)), text(vecCodeAfter)}
	if len(h.sys.plans) != 1 || !slices.Equal(h.sys.plans[0], want) {
		t.Fatalf("plans %v, want [%v]", h.sys.plans, want)
	}
	body := "VIP Access: the next code is typed at " + unix(vecBoundary).Local().Format("15:04:05") + ". Stay in the window and press no key until then."
	if want := []toast{{"Typing the code", body}}; !slices.Equal(h.sys.toasts, want) {
		t.Errorf("toasts %v, want %v", h.sys.toasts, want)
	}
}

func TestTypeWaitsForACodeAboutToExpire(t *testing.T) {
	for _, tt := range []struct {
		name    string
		minLeft int
		want    []template.Action
		toasts  int
	}{
		{"default 3 s", 0, []template.Action{waitUntil(unix(vecBoundary)), text(vecCodeAfter)}, 1},
		{"1 s", 1, []template.Action{text(vecCodeBefore)}, 0},
		{"none", -1, []template.Action{text(vecCodeBefore)}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, vipToken())
			h.setPrefs(func(p *prefs.Prefs) { p.TypeMinLeft = tt.minLeft })
			now := unix(vecBoundary - 2)
			h.start(now)
			h.typeAndFinish(t, "vip1", now, 1+tt.toasts)
			if len(h.sys.plans) != 1 || !slices.Equal(h.sys.plans[0], tt.want) {
				t.Fatalf("plans %v, want [%v]", h.sys.plans, tt.want)
			}
			if len(h.sys.toasts) != tt.toasts {
				t.Errorf("toasts %v, want %d", h.sys.toasts, tt.toasts)
			}
		})
	}
}

func TestTypeCancelledDuringWaitSaysWhy(t *testing.T) {
	h := newHarness(t, vipToken())
	h.sys.waitErr = msg.New("typing.run.key", typing.ErrCancelled)
	now := unix(vecBoundary - 1)
	h.start(now)
	h.typeAndFinish(t, "vip1", now, 1) // a wait of 1 s is not announced
	want := []toast{{"Typing the code", "VIP Access: the code was not typed: a key was pressed during the wait, so the rest was not typed"}}
	if !slices.Equal(h.sys.toasts, want) {
		t.Errorf("toasts %v, want %v", h.sys.toasts, want)
	}
}

func TestTypeImpossibleCopiesInstead(t *testing.T) {
	h := newHarness(t, vipToken())
	h.sys.typeErr = fmt.Errorf("%w: %w", errCannotType, msg.New("typing.open", errors.New("no X display")))
	now := unix(vecBoundary - 10)
	h.start(now)
	h.typeAndFinish(t, "vip1", now, 1)
	if want := []copied{{vecCodeBefore, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("copied %v, want %v", h.sys.copied, want)
	}
	want := []toast{{"Typing the code", "VIP Access: the code was copied instead of typed, paste it into the field (cannot type into other windows here: no X display)."}}
	if !slices.Equal(h.sys.toasts, want) {
		t.Errorf("toasts %v, want %v", h.sys.toasts, want)
	}
}

func TestTypeFailureIsNotCopied(t *testing.T) {
	h := newHarness(t, vipToken())
	h.sys.typeErr = msg.New("typing.type", errors.New("XTEST refused"))
	now := unix(vecBoundary - 10)
	h.start(now)
	h.typeAndFinish(t, "vip1", now, 1)
	if len(h.sys.copied) != 0 {
		t.Errorf("copied %v after a failure that is not about the desktop", h.sys.copied)
	}
	if len(h.sys.toasts) != 1 || h.sys.toasts[0].body == "" {
		t.Errorf("toasts %v, want one saying the code was not typed", h.sys.toasts)
	}
}

func TestTypeWhileTypingIsDropped(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	h.app.typeToken("vip1", now)
	h.app.typeToken("vip1", now)
	h.next(t, now)
	h.app.typeToken("vip1", now)
	h.next(t, now)
	if len(h.sys.plans) != 2 {
		t.Errorf("%d plans typed, want 2 (the second request came while the first ran)", len(h.sys.plans))
	}
}

// sortedHotkeys are the combinations registered now, sorted.
func sortedHotkeys(h *harness) []string {
	out := slices.Clone(h.sys.hotkeys)
	slices.Sort(out)
	return out
}

// press presses a registered combination and handles what it sends.
func (h *harness) press(t *testing.T, combo string, now time.Time) {
	t.Helper()
	fn := h.sys.hotkeyFns[combo]
	if fn == nil {
		t.Fatalf("%s is not registered (registered: %v)", combo, h.sys.hotkeys)
	}
	fn()
	select {
	case ev := <-h.app.loop.events:
		h.handle(ev, now)
	default:
		t.Fatalf("%s sent no event", combo)
	}
}

func bankToken() token.Token {
	return token.Token{ID: "bank", Name: "Bank", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 8, Period: 30, Secret: rfcSecret}
}

func TestTypeHotkeyPicksTheTokenByWindowRule(t *testing.T) {
	h := newHarness(t, vipToken(), bankToken())
	h.setPrefs(func(p *prefs.Prefs) {
		p.SetToken("bank", prefs.TokenPrefs{Windows: []string{"JWEBOFFICE"}})
	})
	now := unix(vecBoundary - 10)
	h.start(now)
	for _, tt := range []struct {
		name string
		win  foreground.Window
		err  error
		want string
	}{
		{"rule matches", foreground.Window{Title: "Microsoft Edge - JWEBOFFICE"}, nil, "07081804"},
		{"no rule matches: the default token", foreground.Window{Title: "Notes"}, nil, vecCodeBefore},
		{"window unknown: the default token", foreground.Window{}, errors.New("no display"), vecCodeBefore},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h.sys.plans = nil
			h.sys.window, h.sys.windowErr = tt.win, tt.err
			h.press(t, prefs.DefaultTypeHotkey, now)
			h.next(t, now) // the window looked at
			h.next(t, now) // the plan typed
			if want := [][]template.Action{{text(tt.want)}}; !slices.EqualFunc(h.sys.plans, want, slices.Equal) {
				t.Errorf("plans %v, want %v", h.sys.plans, want)
			}
		})
	}
}

// TestCopyHotkeyPicksTheTokenByWindowRule: the copy hotkey follows the
// window rules as the type hotkey does; a click on the icon, made with the
// taskbar in front, copies the default token.
func TestCopyHotkeyPicksTheTokenByWindowRule(t *testing.T) {
	h := newHarness(t, vipToken(), bankToken())
	h.setPrefs(func(p *prefs.Prefs) {
		p.SetToken("bank", prefs.TokenPrefs{Windows: []string{"jweboffice"}})
	})
	now := unix(vecBoundary - 10)
	h.start(now)
	h.sys.window = foreground.Window{Title: "Microsoft Edge - JWEBOFFICE"}
	h.handle(event{kind: evHotkey}, now)
	h.next(t, now)
	h.handle(event{kind: evTapped}, now)
	if len(h.sys.copied) != 2 || h.sys.copied[0].text != "07081804" || h.sys.copied[1].text != vecCodeBefore {
		t.Errorf("hotkey then click copied %v, want the Bank code then the default token's", h.sys.copied)
	}
}

func TestPerTokenHotkeysRegisteredRoutedAndReported(t *testing.T) {
	h := newHarness(t, vipToken(), bankToken())
	h.setPrefs(func(p *prefs.Prefs) {
		p.TypeHotkey = "Win+Alt+K"
		p.SetToken("vip1", prefs.TokenPrefs{CopyHotkey: "Win+Alt+1", TypeHotkey: "Win+Alt+2"})
		p.SetToken("bank", prefs.TokenPrefs{TypeHotkey: "Win+Alt+3"})
	})
	h.sys.hotkeyErr = map[string]error{"Win+Alt+3": msg.New("desktop.hotkey.register", errors.New("taken"), "Hotkey", "Win+Alt+3")}
	now := unix(vecBoundary - 10)
	h.start(now)
	if want := []string{"Win+Alt+1", "Win+Alt+2", "Win+Alt+K", "Win+Alt+O"}; !slices.Equal(sortedHotkeys(h), want) {
		t.Fatalf("registered %v, want %v", sortedHotkeys(h), want)
	}
	h.settle()
	line := h.ui.entries[menu.KeyProblem+menu.ProblemHotkeys]
	reason := `the type hotkey of "Bank" is off: could not register the hotkey Win+Alt+3`
	if !line.Visible || !strings.Contains(line.Tooltip, reason) || !strings.HasPrefix(reason, strings.TrimSuffix(line.Label, "…")) {
		t.Errorf("problem line %+v, want it to say %q", line, reason)
	}
	toasted := desktop.HotkeyLabel("Win+Alt+3") + ` is not registered, so the type hotkey of "Bank" is off: taken.`
	if len(h.sys.toasts) != 1 || !strings.Contains(h.sys.toasts[0].body, toasted) {
		t.Errorf("toasts %v, want one saying %q", h.sys.toasts, toasted)
	}

	h.press(t, "Win+Alt+1", now)
	if want := []copied{{vecCodeBefore, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("copy hotkey of vip1: copied %v, want %v", h.sys.copied, want)
	}
	h.press(t, "Win+Alt+2", now)
	h.next(t, now)
	if want := [][]template.Action{{text(vecCodeBefore)}}; !slices.EqualFunc(h.sys.plans, want, slices.Equal) {
		t.Errorf("type hotkey of vip1: plans %v, want %v", h.sys.plans, want)
	}

	// Another program changes the preferences: the tray follows.
	other := token.Open(h.store.Dir, keyringtest.New(token.ErrNoSecret))
	if err := other.Update(prefs.Change(func(p *prefs.Prefs) {
		p.TypeHotkeyOff = true
		p.SetToken("vip1", prefs.TokenPrefs{CopyHotkey: "Win+Alt+4"})
		p.SetToken("bank", prefs.TokenPrefs{})
	})); err != nil {
		t.Fatal(err)
	}
	h.refresh(now.Add(time.Second))
	if want := []string{"Win+Alt+4", "Win+Alt+O"}; !slices.Equal(sortedHotkeys(h), want) {
		t.Errorf("after the change: registered %v, want %v", sortedHotkeys(h), want)
	}
	if h.ui.entries[menu.KeyProblem+menu.ProblemHotkeys].Visible {
		t.Error("the problem line stays after the refused hotkey was removed")
	}

	h.app.stop()
	if len(h.sys.hotkeys) != 0 {
		t.Errorf("after stop: registered %v", h.sys.hotkeys)
	}
}

func TestTypeCodeMenuEntryWaitsForTheMenuThenTypes(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	if e := h.ui.entries[menu.KeyTypeCode+"vip1"]; !e.Visible || e.Label != "Type code" {
		t.Fatalf("type entry %+v", e)
	}
	h.click(menu.KeyTypeCode+"vip1", now)
	if len(h.sys.plans) != 0 {
		t.Fatal("typed before the menu was gone")
	}
	h.next(t, now) // the menu gone
	if n := h.sys.menuWaits.Load(); n != 1 {
		t.Errorf("%d waits for the menu, want 1", n)
	}
	h.next(t, now) // the plan typed
	if want := [][]template.Action{{text(vecCodeBefore)}}; !slices.EqualFunc(h.sys.plans, want, slices.Equal) {
		t.Errorf("plans %v, want %v", h.sys.plans, want)
	}
}
