package vip

import (
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// The environment variables that point the VIP client elsewhere, read by
// the tray and otptray-cli alike.
const (
	// EnvURL is a base URL offering /prov, /otpCheck and /otpSync (a test
	// server or a proxy).
	EnvURL = "OTPTRAY_VIP_URL"
	// EnvTimeout is each request's timeout, as a Go duration ("10s").
	EnvTimeout = "OTPTRAY_VIP_TIMEOUT"
)

// ConfigFromEnv is the configuration of otptray version: the real
// endpoints, or all three under the base URL server, or when server is ""
// under the one in OTPTRAY_VIP_URL; OTPTRAY_VIP_TIMEOUT sets the timeout of
// each request. A bad address or timeout is an error before anything is
// sent.
func ConfigFromEnv(version, server string, getenv func(string) string) (Config, error) {
	cfg := Config{Version: version}
	if strings.TrimSpace(server) == "" {
		server = getenv(EnvURL)
	}
	if server = strings.TrimSpace(server); server != "" {
		if _, err := CheckEndpoint(server); err != nil {
			return cfg, err
		}
		cfg = cfg.WithBase(server)
	}
	if s := strings.TrimSpace(getenv(EnvTimeout)); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return cfg, msg.New("vip.bad_timeout", nil, "Value", s)
		}
		cfg.Timeout = d
	}
	return cfg, nil
}
