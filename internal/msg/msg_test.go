package msg

import (
	"errors"
	"io/fs"
	"testing"
)

func TestErrorText(t *testing.T) {
	for _, tt := range []struct {
		err  *Error
		want string
	}{
		{New("store.empty", nil), "store.empty"},
		{New("store.read", fs.ErrPermission, "Path", "/x/tokens.json"), `store.read(Path="/x/tokens.json"): permission denied`},
		{New("uri.digits", nil, "Value", 9, "Field", "digits"), `uri.digits(Field="digits", Value=9)`},
		{New("store.corrupt", nil, "Detail", New("token.digits", nil, "Digits", 12)), `store.corrupt(Detail="token.digits(Digits=12)")`},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestUnwrap(t *testing.T) {
	inner := New("store.read", fs.ErrNotExist)
	outer := New("transfer.read", inner)
	if !errors.Is(outer, fs.ErrNotExist) {
		t.Error("the cause chain is not followed")
	}
	var e *Error
	if !errors.As(outer, &e) || e.ID != "transfer.read" {
		t.Errorf("errors.As found %v", e)
	}
}
