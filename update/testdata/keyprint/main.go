// Command keyprint prints the IDs of the release keys compiled into it,
// one a line, or the message ID of the error: the test of setting them
// with the linker (keys_link_test.go).
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/update"
)

func main() {
	keys, err := update.TrustedKeys()
	if err != nil {
		var m *msg.Error
		if errors.As(err, &m) {
			fmt.Println(m.ID)
		}
		os.Exit(1)
	}
	for _, k := range keys {
		fmt.Printf("%016X\n", k.ID())
	}
}
