package desktop

import "testing"

func TestAppleScriptString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"New code for Bank: 123 456", `"New code for Bank: 123 456"`},
		{`say "hi" \ bye`, `"say \"hi\" \\ bye"`},
		{"two\nlines\r\tend", `"two\nlines\r\tend"`},
		{"esc\x1b[31mred\x7f\x00", `"esc[31mred"`},
		{"VIP Access の新しいコード", `"VIP Access の新しいコード"`},
		{`" & do shell script "id`, `"\" & do shell script \"id"`},
		{"", `""`},
	}
	for _, tt := range tests {
		if got := appleScriptString(tt.in); got != tt.want {
			t.Errorf("appleScriptString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
