package clocksync_test

import (
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token/clocksync"
)

func TestText(t *testing.T) {
	en, ja := i18n.New("en").T, i18n.New("ja").T
	for d, want := range map[time.Duration][2]string{
		37 * time.Second:                        {"37 s", "37 秒"},
		-37 * time.Second:                       {"-37 s", "-37 秒"},
		1500 * time.Millisecond:                 {"1.5 s", "1.5 秒"},
		1449 * time.Millisecond:                 {"1.4 s", "1.4 秒"},
		120500 * time.Millisecond:               {"2 min 1 s", "2 分 1 秒"},
		59*time.Minute + 59600*time.Millisecond: {"1 h 0 min", "1 時間 0 分"},
		0:                                       {"0 s", "0 秒"},
		90 * time.Minute:                        {"1 h 30 min", "1 時間 30 分"},
		-26 * time.Hour:                         {"-26 h 0 min", "-26 時間 0 分"},
	} {
		if got := clocksync.Text(en, d); got != want[0] {
			t.Errorf("en: Text(%v) = %q, want %q", d, got, want[0])
		}
		if got := clocksync.Text(ja, d); got != want[1] {
			t.Errorf("ja: Text(%v) = %q, want %q", d, got, want[1])
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, tt := range []struct {
		ntp, url  string
		wantNTP   []string
		wantHTTPS string
	}{
		{"", "", nil, ""},
		{"a.example, b.example:123 ,", "https://t.example/", []string{"a.example", "b.example:123"}, "https://t.example/"},
		{"off", "off", []string{}, "-"},
		{"  ", " https://t.example/ ", nil, "https://t.example/"},
	} {
		env := map[string]string{clocksync.EnvNTPServers: tt.ntp, clocksync.EnvTimeURL: tt.url}
		cfg := clocksync.ConfigFromEnv("otptray/test", func(k string) string { return env[k] })
		if (cfg.NTPServers == nil) != (tt.wantNTP == nil) || len(cfg.NTPServers) != len(tt.wantNTP) {
			t.Errorf("%q: NTPServers = %#v, want %#v", tt.ntp, cfg.NTPServers, tt.wantNTP)
		}
		for i := range tt.wantNTP {
			if i < len(cfg.NTPServers) && cfg.NTPServers[i] != tt.wantNTP[i] {
				t.Errorf("%q: NTPServers = %#v, want %#v", tt.ntp, cfg.NTPServers, tt.wantNTP)
			}
		}
		if cfg.HTTPSURL != tt.wantHTTPS || cfg.UserAgent != "otptray/test" {
			t.Errorf("%q: HTTPSURL %q, UserAgent %q", tt.url, cfg.HTTPSURL, cfg.UserAgent)
		}
	}
}
