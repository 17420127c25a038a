package tray

import (
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

func tokenIDs(t *testing.T, h *harness) string {
	t.Helper()
	d, err := h.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tok := range d.Tokens {
		ids = append(ids, tok.ID)
	}
	return strings.Join(ids, ",")
}

// TestTokenSubmenuDefaultAndOrder: a token's submenu makes it the default
// (marked in the menu, used by a click on the icon) and moves it.
func TestTokenSubmenuDefaultAndOrder(t *testing.T) {
	h := newHarness(t, vipToken(), bankToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	if !h.ui.entries[menu.KeyManageDefault+"vip1"].Checked || !strings.HasSuffix(h.ui.label(t, menu.KeyCode+"vip1"), "  ★") {
		t.Fatalf("with none marked, the first token is not shown as the default: %q", h.ui.label(t, menu.KeyCode+"vip1"))
	}
	if h.ui.entries[menu.KeyManageUp+"vip1"].Enabled || !h.ui.entries[menu.KeyManageDown+"vip1"].Enabled || h.ui.entries[menu.KeyManageDown+"bank"].Enabled {
		t.Error("Move up/down are not disabled at the ends only")
	}

	h.click(menu.KeyManageDefault+"bank", now)
	h.refresh(now.Add(time.Second))
	if d, _ := h.store.Load(); d.Default != "bank" {
		t.Errorf("default in the file %q, want bank", d.Default)
	}
	if strings.HasSuffix(h.ui.label(t, menu.KeyCode+"vip1"), "★") || !strings.HasSuffix(h.ui.label(t, menu.KeyCode+"bank"), "  ★") {
		t.Error("the mark did not move to the new default")
	}
	h.handle(event{kind: evTapped}, now.Add(time.Second))
	if n := len(h.sys.copied); n != 1 || h.sys.copied[0].text != "07081804" {
		t.Errorf("a click on the icon copied %v, want the new default's code", h.sys.copied)
	}

	h.click(menu.KeyManageUp+"bank", now.Add(2*time.Second))
	h.refresh(now.Add(3 * time.Second))
	if got := tokenIDs(t, h); got != "bank,vip1" {
		t.Errorf("order after Move up: %s", got)
	}
	if h.ui.entries[menu.KeyManageUp+"bank"].Enabled || !h.ui.entries[menu.KeyManageUp+"vip1"].Enabled {
		t.Error("the menu does not follow the new order")
	}
}

// TestTokenSubmenuRemoveNeedsASecondClick: "Remove…" only arms the
// removal; the confirming entry removes the token, its secret and its
// settings within 10 s, and does nothing after.
func TestTokenSubmenuRemoveNeedsASecondClick(t *testing.T) {
	h := newHarness(t, vipToken(), bankToken())
	h.setPrefs(func(p *prefs.Prefs) { p.SetToken("bank", prefs.TokenPrefs{Template: "{code}{enter}"}) })
	now := unix(vecBoundary - 10)
	h.start(now)
	if h.ui.entries[menu.KeyManageConfirm+"bank"].Visible {
		t.Fatal("the confirming entry is shown before Remove…")
	}

	// Too late: the entry is gone after 10 s, and a click on it (taken
	// just before it went) removes nothing.
	h.click(menu.KeyManageRemove+"bank", now)
	h.refresh(now)
	if !h.ui.entries[menu.KeyManageConfirm+"bank"].Visible || h.ui.label(t, menu.KeyManageConfirm+"bank") != "Click again to remove Bank" {
		t.Fatal("no confirming entry after Remove…")
	}
	if len(h.sys.toasts) == 0 || !strings.Contains(h.sys.toasts[len(h.sys.toasts)-1].body, "within 10 seconds") {
		t.Errorf("no notification says how to confirm: %v", h.sys.toasts)
	}
	h.refresh(now.Add(confirmFor))
	if h.ui.entries[menu.KeyManageConfirm+"bank"].Visible {
		t.Error("the confirming entry is still shown after 10 s")
	}
	h.click(menu.KeyManageConfirm+"bank", now.Add(confirmFor))
	h.refresh(now.Add(confirmFor + time.Second))
	if got := tokenIDs(t, h); got != "vip1,bank" {
		t.Fatalf("a late confirmation removed a token: %s", got)
	}

	// In time: removed, with its secret and its settings.
	later := now.Add(20 * time.Second)
	h.click(menu.KeyManageRemove+"bank", later)
	h.click(menu.KeyManageConfirm+"bank", later.Add(3*time.Second))
	h.refresh(later.Add(4 * time.Second))
	if got := tokenIDs(t, h); got != "vip1" {
		t.Fatalf("tokens after the confirmation: %s", got)
	}
	if _, err := h.store.Secret(token.Token{ID: "bank"}); err == nil {
		t.Error("the secret is still in the keyring")
	}
	if !h.prefs(t).Token("bank").IsZero() {
		t.Error("the token's settings are still there")
	}
	if _, ok := h.ui.entries[menu.KeyCode+"bank"]; ok && h.ui.entries[menu.KeyCode+"bank"].Visible {
		t.Error("the menu still shows the removed token")
	}
	if last := h.sys.toasts[len(h.sys.toasts)-1].body; last != "Bank was removed, with its secret key." {
		t.Errorf("last notification %q", last)
	}
}
