//go:build crashtest

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/otptray/otptray/token"
)

// With the crashtest tag (tests only) and OTPTRAY_TEST_CRASH=1, a goroutine
// panics two seconds after start with the first token's secret and code in
// its arguments and message, as a careless bug would: the crash report
// test checks that neither reaches the report.
func init() {
	if os.Getenv("OTPTRAY_TEST_CRASH") != "1" {
		return
	}
	go func() {
		time.Sleep(2 * time.Second)
		dir, err := token.DefaultDir()
		if err != nil {
			panic(err)
		}
		s := token.Open(dir, token.SystemKeyring{})
		d, err := s.Load()
		if err != nil || len(d.Tokens) == 0 {
			panic(fmt.Sprint("crash test: no token: ", err))
		}
		tok, err := s.WithSecret(d.Tokens[0])
		if err != nil {
			panic(err)
		}
		w, err := tok.WindowAt(time.Now(), 0)
		if err != nil {
			panic(err)
		}
		crashWith(w.Code, tok.Secret)
	}()
}

//go:noinline
func crashWith(code string, secret []byte) {
	panic(fmt.Sprintf("crash test: code %s, secret %x %v", code, secret, secret))
}
