package menu

import (
	"path/filepath"
	"time"

	"github.com/otptray/otptray/token"
)

// Following a backup file (package token/follow): its entries sit in the
// Add token submenu, and the tokens it brought are marked in their lines.

// Follow is a click on one of the entries of a followed backup file.
type Follow struct{ Do string } // FollowStart, FollowStop, FollowPrune

func (Follow) isAction() {}

const (
	FollowStart = "start" // follow the file whose path is on the clipboard
	FollowStop  = "stop"
	FollowPrune = "prune" // remove the tokens the file no longer has
)

// Keys of the entries.
const (
	KeyFollowStart = "add/follow"
	KeyFollowState = "add/follow/state"
	KeyFollowPrune = "add/follow/prune"
	KeyFollowStop  = "add/follow/stop"
)

// FollowStatus is what the tray knows of the followed file beside the
// setting.
type FollowStatus struct {
	Err     error     // why the file stays unreadable, nil when the last read was good
	Reading bool      // a file chosen from the clipboard is being read
	Read    time.Time // the last good read of this run; zero: the setting's Synced
}

// followEntries are the Add token entries of following a file: start (or
// follow another), the state line, remove what is gone, stop. The lines
// that do not apply are hidden, so that starting and stopping change no
// structure.
func (b *builder) followEntries() []Entry {
	f := b.in.Settings.Follow
	following := f != nil && f.File != ""
	start := item(KeyFollowStart, actionOf(b.in.Memo, Follow{FollowStart}), b.T("follow.tray.start"))
	if following {
		start.Label = b.T("follow.tray.other")
	}
	start.Tooltip = b.T("follow.tray.start_tip")
	if b.in.Status.Follow.Reading {
		start = inactive(start)
	}
	state := disabled(KeyFollowState, "")
	prune := item(KeyFollowPrune, actionOf(b.in.Memo, Follow{FollowPrune}), "")
	stop := item(KeyFollowStop, actionOf(b.in.Memo, Follow{FollowStop}), b.T("follow.tray.stop"))
	state.Visible, prune.Visible, stop.Visible = following, false, following
	if !following {
		return []Entry{start, state, prune, stop}
	}
	name := filepath.Base(f.File)
	switch {
	case b.in.Status.Follow.Err != nil:
		state.Label = b.T("follow.tray.state_error", "File", name, "Detail", b.in.Loc.Err(b.in.Status.Follow.Err))
	case !b.in.Status.Follow.Read.IsZero():
		state.Label = b.T("follow.tray.state", "File", name, "Time", b.in.Status.Follow.Read.Local().Format("15:04"))
	case !f.Synced.IsZero():
		state.Label = b.T("follow.tray.state", "File", name, "Time", f.Synced.Local().Format("15:04"))
	default:
		state.Label = b.T("follow.tray.state_new", "File", name)
	}
	state.Tooltip = f.File
	gone := 0
	for _, tv := range b.in.Tokens {
		if o := tv.Token.Origin; o != nil && o.Gone {
			gone++
		}
	}
	if gone > 0 {
		prune.Visible = true
		prune.Label = b.T("follow.tray.prune", "Count", gone)
	}
	return []Entry{start, state, prune, stop}
}

// tokenName is a token's name in its code line, marked when it comes from
// the followed file.
func (b *builder) tokenName(t token.Token) string {
	switch {
	case t.Origin == nil:
		return t.Name
	case t.Origin.Gone:
		return b.T("follow.tray.mark_gone", "Name", t.Name)
	}
	return b.T("follow.tray.mark", "Name", t.Name)
}
