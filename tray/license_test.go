package tray

import (
	"html"
	"os"
	"strings"
	"testing"

	"github.com/otptray/otptray/tray/menu"
)

// TestLicenseEntryShowsTheLicense: About → License opens a page that holds
// the BSD 3-Clause text of the LICENSE file, in both languages.
func TestLicenseEntryShowsTheLicense(t *testing.T) {
	bsd3 := []string{
		"BSD 3-Clause License",
		"Copyright (c) The otptray authors.",
		"Redistribution and use in source and binary forms, with or without",
		"3. Neither the name of the copyright holder nor the names of its",
		`THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"`,
	}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			h := newHarness(t)
			now := unix(vecBoundary)
			h.start(now)
			h.click(menu.KeyLang+lang, now)
			h.click(menu.KeyLicense, now)
			if len(h.sys.opened) != 1 || !strings.HasSuffix(h.sys.opened[0], "license."+lang+".html") {
				t.Fatalf("the License entry opened %v, want the license page", h.sys.opened)
			}
			page, err := os.ReadFile(strings.TrimPrefix(h.sys.opened[0], "file://"))
			if err != nil {
				t.Fatalf("the License entry's target: %v", err)
			}
			text := html.UnescapeString(string(page))
			for _, line := range bsd3 {
				if !strings.Contains(text, line) {
					t.Errorf("the license page lacks %q", line)
				}
			}
		})
	}
}
