package desktop

import (
	"strconv"
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// A press on a toast's button starts a second otptray with the button's
// otptray: URL (toast.go). That start hands the action to the running tray
// as a message of the single-instance channel (single.go), which only the
// same user can send, and exits; the tray then does what the button of a
// freedesktop notification does (NewNotices's onAction).

// noticeMessagePrefix begins the message of a pressed button:
// "notice 7 copy/<token ID>".
const noticeMessagePrefix = "notice "

// NoticeMessage is the message that hands the running tray the press of
// the button key of its notice id.
func NoticeMessage(id uint32, key string) string {
	return noticeMessagePrefix + strconv.FormatUint(uint64(id), 10) + " " + key
}

// ParseNoticeMessage reads a NoticeMessage; ok is false for any other
// message. It checks what ParseToastURL checks, since the channel's
// messages come from another process.
func ParseNoticeMessage(m string) (id uint32, key string, ok bool) {
	rest, found := strings.CutPrefix(m, noticeMessagePrefix)
	if !found {
		return 0, "", false
	}
	n, key, found := strings.Cut(rest, " ")
	if !found {
		return 0, "", false
	}
	got, gotKey, err := ParseToastURL(ToastURL(parseNoticeID(n), key))
	if err != nil || gotKey != key || strconv.FormatUint(uint64(got), 10) != n {
		return 0, "", false
	}
	return got, key, true
}

// parseNoticeID is n as an ID, 0 (which no notice has) when it is not one.
func parseNoticeID(n string) uint32 {
	v, err := strconv.ParseUint(n, 10, 32)
	if err != nil {
		return 0
	}
	return uint32(v)
}

// ForwardToastURL hands the press that u stands for (a program argument
// for which IsToastURL holds) to the otptray that runs for the data folder
// dir. Its errors never repeat u: whoever launched us with it may not be a
// toast.
func ForwardToastURL(dir, u string) error {
	id, key, err := ParseToastURL(u)
	if err != nil {
		return msg.NewPlain("wintoast12.bad_url", nil)
	}
	if _, err := send(dir, NoticeMessage(id, key)); err != nil {
		return msg.NewPlain("wintoast12.not_running", err)
	}
	return nil
}
