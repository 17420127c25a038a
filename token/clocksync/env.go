package clocksync

import "strings"

// The environment variables that point the clock check elsewhere, for
// networks that block the public servers; the tray and otptray-cli read
// them alike.
const (
	// EnvNTPServers lists NTP servers, comma-separated; "off" for none.
	EnvNTPServers = "OTPTRAY_NTP_SERVERS"
	// EnvTimeURL is the HTTPS page whose Date is read; "off" for none.
	EnvTimeURL = "OTPTRAY_TIME_URL"
)

// ConfigFromEnv is the configuration with the defaults, or what
// OTPTRAY_NTP_SERVERS and OTPTRAY_TIME_URL ask for.
func ConfigFromEnv(userAgent string, getenv func(string) string) Config {
	cfg := Config{UserAgent: userAgent}
	cfg.SetNTPServers(getenv(EnvNTPServers))
	cfg.SetHTTPSURL(getenv(EnvTimeURL))
	return cfg
}

// SetNTPServers takes a comma-separated list of servers ("off" for none);
// "" keeps the default servers.
func (c *Config) SetNTPServers(list string) {
	if strings.TrimSpace(list) == "" {
		return
	}
	c.NTPServers = []string{}
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" && s != "off" {
			c.NTPServers = append(c.NTPServers, s)
		}
	}
}

// SetHTTPSURL takes the HTTPS page to read the time from ("off" for none);
// "" keeps the default.
func (c *Config) SetHTTPSURL(u string) {
	switch u = strings.TrimSpace(u); u {
	case "":
	case "off":
		c.HTTPSURL = "-"
	default:
		c.HTTPSURL = u
	}
}
