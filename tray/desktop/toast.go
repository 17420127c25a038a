package desktop

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// The content of a Windows toast for a Notice, and the reading of what a
// pressed button hands back. Kept apart from the Windows calls so that it
// is tested everywhere. The arguments of a button hold the notice's ID and
// the action's key, which names an action and a token by its stable ID:
// never a code or a secret, since Windows keeps toasts (and their
// arguments) in the Action Center's history.
//
// A button activates by protocol: Windows starts the program registered
// for the URL scheme otptray: (protocol_windows.go) with the button's
// arguments, an otptray: URL, as its one argument; that second start hands
// the action to the running tray (activation.go). This needs no COM server,
// and a press reaches the tray the same way whether the toast is on the
// screen or in the Action Center.

// toastGroup is the group of all our toasts; the tag within it says which
// toast a new one replaces.
const toastGroup = AppName

// ToastPayload is what Windows is given for a Notice shown with an ID.
type ToastPayload struct {
	XML        string // the toast's content (ToastGeneric schema)
	Tag, Group string // a toast with the same tag and group replaces it
}

// BuildToast makes the toast for nt, known to the tray by id (which
// Notices.Show returned: a notice that replaces another keeps its ID, as on
// a freedesktop server, so its toast keeps the tag). icon is the path of
// the app's logo, "" for none.
func BuildToast(nt Notice, id uint32, icon string) ToastPayload {
	var b bytes.Buffer
	b.WriteString(`<toast activationType="foreground" launch="" duration="short">`)
	b.WriteString(`<visual><binding template="ToastGeneric">`)
	if icon != "" {
		b.WriteString(`<image placement="appLogoOverride" src="` + attr(icon) + `"/>`)
	}
	b.WriteString(`<text>` + text(nt.Title) + `</text>`)
	if nt.Body != "" {
		b.WriteString(`<text>` + text(nt.Body) + `</text>`)
	}
	b.WriteString(`</binding></visual>`)
	if len(nt.Actions) > 0 && id != 0 {
		b.WriteString(`<actions>`)
		for _, a := range nt.Actions[:min(len(nt.Actions), maxToastActions)] {
			if _, key, err := ParseToastArguments(toastArguments(id, a.Key)); err != nil || key != a.Key {
				continue // a button that would be refused when pressed
			}
			b.WriteString(`<action activationType="protocol" content="` + attr(a.Label) +
				`" arguments="` + attr(ToastURL(id, a.Key)) + `"/>`)
		}
		b.WriteString(`</actions>`)
	}
	b.WriteString(`</toast>`)
	return ToastPayload{XML: b.String(), Tag: toastTag(id), Group: toastGroup}
}

// maxToastActions: a toast shows at most five buttons.
const maxToastActions = 5

// toastTag is the tag of the toasts of notice id. Windows allows 64
// characters.
func toastTag(id uint32) string { return "n" + strconv.FormatUint(uint64(id), 10) }

func text(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // line breaks stay: a toast's text shows them
	return strings.ReplaceAll(b.String(), "&#xA;", "\n")
}

func attr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// toastArguments is the arguments of a button: the notice's ID and the
// action, "notice=7&action=copy&token=<ID>".
func toastArguments(id uint32, key string) string {
	v := url.Values{"notice": {strconv.FormatUint(uint64(id), 10)}}
	switch {
	case strings.HasPrefix(key, "copy/"):
		v.Set("action", "copy")
		v.Set("token", strings.TrimPrefix(key, "copy/"))
	default:
		v.Set("action", key)
	}
	return v.Encode()
}

// URLScheme is the URL scheme of the buttons of our toasts.
const URLScheme = "otptray"

// ToastURL is what a button of notice id with the action key launches:
// "otptray:notice=7&action=copy&token=<ID>".
func ToastURL(id uint32, key string) string { return URLScheme + ":" + toastArguments(id, key) }

// IsToastURL says whether a program argument is an otptray: URL (a valid
// one or not): what a toast's button hands the program, and nothing else
// is.
func IsToastURL(arg string) bool {
	scheme, _, ok := strings.Cut(arg, ":")
	return ok && strings.EqualFold(scheme, URLScheme)
}

// ParseToastURL reads the URL a pressed button launched the program with:
// the notice's ID and the action's key, or ErrToastArguments. The scheme's
// case and a "//" or a trailing "/" that a launcher may add are allowed.
func ParseToastURL(u string) (id uint32, key string, err error) {
	if !IsToastURL(u) {
		return 0, "", ErrToastArguments
	}
	_, args, _ := strings.Cut(u, ":")
	args = strings.TrimSuffix(strings.TrimPrefix(args, "//"), "/")
	return ParseToastArguments(args)
}

// Toast actions that ParseToastArguments accepts besides "copy".
var toastActions = map[string]bool{"helper/otp2": true}

// ErrToastArguments: what a toast handed back is not one of ours.
var ErrToastArguments = errors.New("not the arguments of an otptray toast")

// ParseToastArguments reads what a pressed button of our toast handed
// back: the notice's ID and the action's key, as NewNotices's onAction
// gets them on every platform. Anything else (a click on the toast's body,
// which has no arguments, a malformed string, an unknown action, a token
// ID that is not one) is refused.
func ParseToastArguments(args string) (id uint32, key string, err error) {
	v, err := url.ParseQuery(args)
	if err != nil || args == "" {
		return 0, "", ErrToastArguments
	}
	for k, vals := range v {
		if len(vals) != 1 || (k != "notice" && k != "action" && k != "token") {
			return 0, "", ErrToastArguments
		}
	}
	n, err := strconv.ParseUint(v.Get("notice"), 10, 32)
	if err != nil || n == 0 {
		return 0, "", ErrToastArguments
	}
	action, tok := v.Get("action"), v.Get("token")
	switch {
	case action == "copy" && validTokenID(tok):
		return uint32(n), "copy/" + tok, nil
	case toastActions[action] && !v.Has("token"):
		return uint32(n), action, nil
	}
	return 0, "", fmt.Errorf("%w: action %q", ErrToastArguments, action)
}

// validTokenID: token IDs are short, made of letters, digits, '-' and '_'
// (token.NewID writes 16 hex digits; imported ones keep theirs).
func validTokenID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
