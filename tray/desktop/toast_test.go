package desktop

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

// toastDoc is the part of a toast's XML the tests read back.
type toastDoc struct {
	Texts []string `xml:"visual>binding>text"`
	Image struct {
		Src string `xml:"src,attr"`
	} `xml:"visual>binding>image"`
	Actions []struct {
		Type      string `xml:"activationType,attr"`
		Content   string `xml:"content,attr"`
		Arguments string `xml:"arguments,attr"`
	} `xml:"actions>action"`
}

func parseToast(t *testing.T, s string) toastDoc {
	t.Helper()
	var d toastDoc
	if err := xml.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("toast XML does not parse: %v\n%s", err, s)
	}
	return d
}

func TestBuildToastRoundTrip(t *testing.T) {
	nt := Notice{
		Title: `New code for AT&T <b>"x"</b> ]]>`,
		Body:  "Bank: 777 888\nMail: 999 000",
		Actions: []NoticeAction{
			{Key: "copy/0123456789abcdef", Label: "Copy Bank"},
			{Key: "copy/fedcba9876543210", Label: "Copy <Mail> & co"},
			{Key: "helper/otp2", Label: "Copy"},
		},
	}
	p := BuildToast(nt, 42, `C:\Users\a&b\otptray.png`)
	if p.Tag != "n42" || p.Group != AppName {
		t.Errorf("tag/group = %q/%q, want n42/%s", p.Tag, p.Group, AppName)
	}
	d := parseToast(t, p.XML)
	if len(d.Texts) != 2 || d.Texts[0] != nt.Title || d.Texts[1] != nt.Body {
		t.Errorf("texts = %q, want %q, %q", d.Texts, nt.Title, nt.Body)
	}
	if d.Image.Src != `C:\Users\a&b\otptray.png` {
		t.Errorf("icon = %q", d.Image.Src)
	}
	if len(d.Actions) != len(nt.Actions) {
		t.Fatalf("%d buttons, want %d:\n%s", len(d.Actions), len(nt.Actions), p.XML)
	}
	for i, a := range d.Actions {
		if a.Content != nt.Actions[i].Label || a.Type != "protocol" {
			t.Errorf("button %d = %q (%s), want %q (protocol)", i, a.Content, a.Type, nt.Actions[i].Label)
		}
		id, key, err := ParseToastURL(a.Arguments)
		if err != nil || id != 42 || key != nt.Actions[i].Key {
			t.Errorf("button %d hands back %d %q %v, want 42 %q", i, id, key, err, nt.Actions[i].Key)
		}
		if strings.Contains(a.Arguments, "777") || strings.Contains(a.Arguments, "Bank") {
			t.Errorf("button %d arguments %q carry more than an action and an ID", i, a.Arguments)
		}
	}
}

func TestBuildToastLeavesOutWhatCannotComeBack(t *testing.T) {
	nt := Notice{Title: "t", Actions: []NoticeAction{
		{Key: "copy/bad id&x=1", Label: "A"}, {Key: "unknown", Label: "B"}, {Key: "copy/ok1", Label: "C"},
	}}
	d := parseToast(t, BuildToast(nt, 7, "").XML)
	if len(d.Actions) != 1 || d.Actions[0].Content != "C" {
		t.Errorf("buttons = %+v, want only C", d.Actions)
	}
	if d.Image.Src != "" {
		t.Errorf("an image without an icon: %q", d.Image.Src)
	}
	// Without an ID (a notice Windows could not tell apart) a press could
	// not be matched to its notice: no buttons.
	if d := parseToast(t, BuildToast(nt, 0, "").XML); len(d.Actions) != 0 {
		t.Errorf("buttons on a notice without ID: %+v", d.Actions)
	}
	many := Notice{Title: "t"}
	for range 7 {
		many.Actions = append(many.Actions, NoticeAction{Key: "copy/a", Label: "x"})
	}
	if d := parseToast(t, BuildToast(many, 1, "").XML); len(d.Actions) != maxToastActions {
		t.Errorf("%d buttons, want at most %d", len(d.Actions), maxToastActions)
	}
}

func TestParseToastArgumentsRefuses(t *testing.T) {
	for _, s := range []string{
		"",
		"%zz",
		"notice=1",
		"notice=0&action=copy&token=abc",
		"notice=-1&action=copy&token=abc",
		"notice=4294967296&action=copy&token=abc",
		"notice=x&action=copy&token=abc",
		"notice=1&action=copy",
		"notice=1&action=copy&token=",
		"notice=1&action=copy&token=a/b",
		"notice=1&action=copy&token=" + strings.Repeat("a", 65),
		"notice=1&action=copy&token=abc&token=def",
		"notice=1&notice=2&action=copy&token=abc",
		"notice=1&action=copy&token=abc&code=123456",
		"notice=1&action=paste&token=abc",
		"notice=1&action=helper/otp2&token=abc",
		"notice=1&action=helper/otp1",
		"https://example.com/",
	} {
		if id, key, err := ParseToastArguments(s); !errors.Is(err, ErrToastArguments) {
			t.Errorf("ParseToastArguments(%q) = %d %q %v, want refused", s, id, key, err)
		}
	}
	if id, key, err := ParseToastArguments("action=helper%2Fotp2&notice=9"); err != nil || id != 9 || key != "helper/otp2" {
		t.Errorf("helper: %d %q %v", id, key, err)
	}
}

func TestParseToastURL(t *testing.T) {
	for _, tt := range []struct {
		url string
		id  uint32
		key string
	}{
		{ToastURL(7, "copy/0123456789abcdef"), 7, "copy/0123456789abcdef"},
		{"otptray:notice=7&action=copy&token=abc", 7, "copy/abc"},
		{"OTPTRAY:notice=7&action=copy&token=abc", 7, "copy/abc"},
		{"otptray://notice=7&action=copy&token=abc/", 7, "copy/abc"},
		{"otptray:action=helper%2Fotp2&notice=4294967295", 4294967295, "helper/otp2"},
	} {
		id, key, err := ParseToastURL(tt.url)
		if err != nil || id != tt.id || key != tt.key {
			t.Errorf("ParseToastURL(%q) = %d %q %v, want %d %q", tt.url, id, key, err, tt.id, tt.key)
		}
	}
	for _, u := range []string{
		"", "otptray", "otptray:", "otptray:notice=7", "otptrays:notice=7&action=copy&token=abc",
		"notice=7&action=copy&token=abc", "https://example.com/?notice=7&action=copy&token=abc",
		"otptray:notice=7&action=copy&token=abc&code=123456", "otptray:notice=7&action=quit",
		"otptray:notice=7&action=copy&token=../../x", "otptray:notice=7&action=copy&token=a%0Ab",
	} {
		if id, key, err := ParseToastURL(u); !errors.Is(err, ErrToastArguments) {
			t.Errorf("ParseToastURL(%q) = %d %q %v, want refused", u, id, key, err)
		}
	}
	if IsToastURL("notice=7") || IsToastURL("--quit") || !IsToastURL("OtpTray:x") {
		t.Error("IsToastURL does not tell otptray: URLs from other arguments")
	}
}
