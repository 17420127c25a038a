package vip_test

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/otptray/otptray/token/vip"
)

// A service nobody listens at is told in plain words, with the system's
// error on the details line.
func TestProvisionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, _, err = vip.Provision(context.Background(), vip.Config{Version: "1.2.3"}.WithBase("http://"+addr), vip.DefaultModel)
	if errID(err) != "vip.net.refused" {
		t.Fatalf("err = %v", err)
	}
	text := inEnglish(err)
	sentence, details, _ := strings.Cut(text, "\n")
	if sentence != "The VIP service ("+addr+") refused the connection. Try again later." {
		t.Errorf("sentence %q", sentence)
	}
	if !strings.HasPrefix(details, "Details: dial tcp "+addr+": connect: connection refused") {
		t.Errorf("details %q", details)
	}
}
