package transfer

import (
	"strings"
	"testing"
)

const vipaccessFile = "version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\nid VSST12345678\nexpiry 2019-01-15T12:00:00.000Z\n"

// A python-vipaccess file is detected by its content and decoded with the
// credential ID; --format vipaccess reaches the same decoder.
func TestDecodeVipaccess(t *testing.T) {
	for _, in := range []string{vipaccessFile, "\ufeff# made by vipaccess\r\nversion 1\r\nsecret\tLJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\r\nID VSST12345678\r\n"} {
		if f := Detect([]byte(in)); f != FormatVipaccess {
			t.Errorf("Detect(%q) = %q", in, f)
		}
		for _, opt := range []Options{{}, {Format: FormatVipaccess}} {
			res, err := Decode([]byte(in), opt)
			if err != nil {
				t.Fatalf("Decode(%q, %+v): %v", in, opt, err)
			}
			if res.Format != FormatVipaccess || len(res.Tokens) != 1 || res.Tokens[0].VIP == nil ||
				res.Tokens[0].VIP.CredentialID != "VSST12345678" || len(res.Tokens[0].Secret) != 20 {
				t.Errorf("Decode(%q) = %+v", in, res)
			}
		}
	}
	if f, err := ParseFormat(" VipAccess "); err != nil || f != FormatVipaccess {
		t.Errorf("ParseFormat = %q, %v", f, err)
	}
}

// Text that is not only the file's keys is not taken for one.
func TestDetectNotVipaccess(t *testing.T) {
	for _, in := range []string{
		"secret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\n",                    // no id
		"id VSST12345678\n",                                            // no secret
		"secret ABC\nid X\nname mine\n",                                // an unknown key
		"secret ABC\nid X\notpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n", // a URI line
		"secret\xff ABC\nid X\n",                                       // not UTF-8
	} {
		if f := Detect([]byte(in)); f == FormatVipaccess {
			t.Errorf("Detect(%q) = vipaccess", in)
		}
	}
}

// A damaged file says which line, and never quotes the secret.
func TestDecodeVipaccessDamaged(t *testing.T) {
	_, err := Decode([]byte("version 1\nsecret !!notbase32\nid VSST12345678\n"), Options{Format: FormatVipaccess})
	if err == nil {
		t.Fatal("no error")
	}
	if got := inEnglish(err); !strings.Contains(got, "line 2") || strings.Contains(got, "notbase32") {
		t.Errorf("error %q", got)
	}
}
