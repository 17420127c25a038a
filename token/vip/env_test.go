package vip_test

import (
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token/vip"
)

func TestConfigFromEnv(t *testing.T) {
	for _, tt := range []struct {
		name            string
		server          string
		env             map[string]string
		wantProv        string
		wantTimeout     time.Duration
		wantErrContains string
	}{
		{"defaults", "", nil, "", 0, ""},
		{"from the environment", "", map[string]string{"OTPTRAY_VIP_URL": "http://127.0.0.1:8080/", "OTPTRAY_VIP_TIMEOUT": "3s"}, "http://127.0.0.1:8080/prov", 3 * time.Second, ""},
		{"the argument wins", "https://vip.example.com", map[string]string{"OTPTRAY_VIP_URL": "http://127.0.0.1:8080"}, "https://vip.example.com/prov", 0, ""},
		{"plain http elsewhere", "", map[string]string{"OTPTRAY_VIP_URL": "http://vip.example.com"}, "", 0, "only https://"},
		{"bad timeout", "", map[string]string{"OTPTRAY_VIP_TIMEOUT": "soon"}, "", 0, "OTPTRAY_VIP_TIMEOUT=soon is not a time limit"},
		{"negative timeout", "", map[string]string{"OTPTRAY_VIP_TIMEOUT": "-1s"}, "", 0, "OTPTRAY_VIP_TIMEOUT=-1s is not a time limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := vip.ConfigFromEnv("1.2.3", tt.server, func(k string) string { return tt.env[k] })
			if tt.wantErrContains != "" {
				if err == nil || !strings.Contains(inEnglish(err), tt.wantErrContains) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErrContains)
				}
				return
			}
			if err != nil || cfg.ProvisionURL != tt.wantProv || cfg.Timeout != tt.wantTimeout || cfg.Version != "1.2.3" {
				t.Errorf("cfg %+v, err %v; want provisioning at %q, timeout %v", cfg, err, tt.wantProv, tt.wantTimeout)
			}
		})
	}
}
