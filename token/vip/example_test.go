package vip_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token/vip"
	"github.com/otptray/otptray/token/vip/viptest"
)

// The calls a front end makes: provision, store (not shown), check, and
// sync once two periods have passed since the check.
func Example() {
	fake := viptest.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cfg := vip.Config{Version: "1.0.0"}.WithBase(srv.URL) // zero Config: the real service

	ctx := context.Background()
	tok, info, err := vip.Provision(ctx, cfg, vip.DefaultModel)
	if err != nil {
		fmt.Println(i18n.English().Err(err)) // through the catalogue, in the user's language
		return
	}
	fmt.Println(tok.Kind, tok.Period, tok.VIP.Model, len(tok.VIP.CredentialID), info.ServerSkew.Abs() <= time.Second)

	now := time.Now()
	_, cur, _ := vip.Codes(tok, now, 0)
	res, _ := vip.Check(ctx, cfg, tok.VIP.CredentialID, cur)
	fmt.Println("check:", res.Outcome)

	prev, cur, _ := vip.Codes(tok, now, 0)
	_, err = vip.Sync(ctx, cfg, vip.SyncRequest{CredentialID: tok.VIP.CredentialID, Previous: prev, Current: cur, LastContact: now, Period: tok.Period})
	fmt.Println("sync right after:", i18n.English().Err(err))
	// Output:
	// totp 30 SYDC 12 true
	// check: working
	// sync right after: wait 60 more seconds: the VIP service only accepts a sync two periods after the last check or sync
}
