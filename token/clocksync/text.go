package clocksync

import (
	"math"
	"strconv"
	"time"
)

// Text writes an offset for people in the language of t (a catalogue's
// T, such as (*i18n.Localizer).T): "37 s",
// "-1.5 s", "2 min 5 s", "1 h 30 min". The tray's menu and notifications
// and otptray-cli all show offsets through it, so they agree.
func Text(t func(id string, kv ...any) string, d time.Duration) string {
	neg, scale, h, m, sec := split(d)
	var out string
	switch scale {
	case 2:
		out = t("clock.dur_hm", "H", h, "M", m)
	case 1:
		out = t("clock.dur_ms", "M", m, "S", int(sec))
	default:
		out = t("clock.dur_s", "S", strconv.FormatFloat(sec, 'f', -1, 64))
	}
	if neg {
		out = "-" + out
	}
	return out
}

// split breaks an offset into what people read: hours and minutes from an
// hour up, minutes and whole seconds from a minute up, else seconds to a
// tenth. Scale says which: 2, 1 or 0.
func split(d time.Duration) (neg bool, scale, hours, minutes int, seconds float64) {
	if d < 0 {
		neg, d = true, -d
	}
	if r := d.Round(time.Second); r >= time.Minute {
		d = r
	}
	switch {
	case d >= time.Hour:
		d = d.Round(time.Minute)
		return neg, 2, int(d / time.Hour), int((d % time.Hour) / time.Minute), 0
	case d >= time.Minute:
		return neg, 1, 0, int(d / time.Minute), float64((d % time.Minute) / time.Second)
	}
	return neg, 0, 0, 0, math.Round(d.Seconds()*10) / 10
}
