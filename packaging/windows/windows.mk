# Windows release: exes with resources, MSI installer, portable zips, signing,
# and the Windows tests under Wine. Included by the main Makefile; the work is
# done by the scripts beside this file, which also run on their own.
#
#   make windows          dist/windows-amd64/otptray.exe, otptray-cli.exe
#   make windows-arm64    the same for Windows on Arm
#   make msi              dist/otptray-VERSION-windows-amd64.msi
#   make portable         dist/otptray-VERSION-windows-{amd64,arm64}-portable.zip
#   make release-windows  all of them in dist/release with SHA256SUMS, signed
#                         when SIGN_CERT is given
#   make sign SIGN_CERT=cert.pem SIGN_KEY=key.pem [SIGN_TIMESTAMP_URL=URL]
#                         release-windows, signed (see packaging/windows/sign.sh)
#   make release OTPTRAY_SIGNING_KEY=release.key [SIGN_CERT=... as for sign]
#                         release-windows with SHA256SUMS.minisig, the signature
#                         the updater checks (see packaging/signrelease)
#   make test-windows     build, sign with a throwaway certificate, and run the
#                         Windows tests and the installer under Wine
#
# WINDOWS_VERSION is the release version (from the v* git tag; "dev" without
# one); the exe resources and the MSI take its first three numbers.

WINDOWS_DIR     := packaging/windows
WINDOWS_VERSION ?= $(shell $(WINDOWS_DIR)/version.sh)
WINDOWS_DIST    ?= dist

# Debian packages: building the installer, signing, and the tests under Wine
# (wine64 runs 64-bit programs; the MinGW compiler builds the small stand-in
# DLL that Go programs need under Wine 8, see bcryptprimitives/).
WINDOWS_BUILD_DEBS := wixl msitools zip osslsigncode
# The tray test (traytest.sh) drives the tray with xdotool, reads the
# clipboard with xclip and the menus with Tesseract, and needs a Japanese font.
# The update test (updatetest.sh) makes a release key with minisign and
# serves the feed with python3.
WINDOWS_TEST_DEBS  := $(WINDOWS_BUILD_DEBS) minisign python3 wine wine64 gcc-mingw-w64-x86-64-win32 openssl xvfb xauth \
	xdotool xclip tesseract-ocr tesseract-ocr-eng tesseract-ocr-jpn fonts-noto-cjk

SIGN_CERT          ?=
SIGN_KEY           ?=
SIGN_PASS_FILE     ?=
SIGN_TIMESTAMP_URL ?=
WINDOWS_SIGN_ENV = SIGN_CERT="$(SIGN_CERT)" SIGN_KEY="$(SIGN_KEY)" \
	SIGN_PASS_FILE="$(SIGN_PASS_FILE)" SIGN_TIMESTAMP_URL="$(SIGN_TIMESTAMP_URL)"

.PHONY: windows windows-arm64 msi portable release-windows release sign test-windows deps-windows deps-windows-test

deps-windows:
	@$(call ensure_debs,$(WINDOWS_BUILD_DEBS))

deps-windows-test:
	@$(call ensure_debs,$(WINDOWS_TEST_DEBS))

windows:
	GO="$(GO)" $(WINDOWS_DIR)/build.sh amd64 $(WINDOWS_DIST)/windows-amd64 "$(WINDOWS_VERSION)"

windows-arm64:
	GO="$(GO)" $(WINDOWS_DIR)/build.sh arm64 $(WINDOWS_DIST)/windows-arm64 "$(WINDOWS_VERSION)"

msi: deps-windows windows
	$(WINDOWS_DIR)/msi.sh $(WINDOWS_DIST)/windows-amd64 "$(WINDOWS_VERSION)" \
		$(WINDOWS_DIST)/otptray-$(WINDOWS_VERSION)-windows-amd64.msi

portable: deps-windows windows windows-arm64
	$(WINDOWS_DIR)/zip.sh $(WINDOWS_DIST)/windows-amd64 $(WINDOWS_DIST)/otptray-$(WINDOWS_VERSION)-windows-amd64-portable.zip
	$(WINDOWS_DIR)/zip.sh $(WINDOWS_DIST)/windows-arm64 $(WINDOWS_DIST)/otptray-$(WINDOWS_VERSION)-windows-arm64-portable.zip

WINDOWS_RELEASE = GO="$(GO)" $(WINDOWS_SIGN_ENV) $(WINDOWS_DIR)/release.sh $(WINDOWS_DIST)/release "$(WINDOWS_VERSION)"

release-windows: deps-windows
	$(WINDOWS_RELEASE)

sign: deps-windows
	@if [[ -z "$(SIGN_CERT)" ]]; then \
		echo "make sign: give the code-signing certificate: make sign SIGN_CERT=cert.pem SIGN_KEY=key.pem [SIGN_TIMESTAMP_URL=URL]" >&2; \
		exit 2; \
	fi
	$(WINDOWS_RELEASE)

# The key's file only: its password, if any, comes from the environment
# (OTPTRAY_SIGNING_PASSWORD), never from the make command line.
release: deps-windows
	@if [[ -z "$(OTPTRAY_SIGNING_KEY)" ]]; then \
		echo "make release: give the release signing key: make release OTPTRAY_SIGNING_KEY=path/to/release.key (a minisign secret key, mode 600)" >&2; \
		exit 2; \
	fi
	OTPTRAY_SIGNING_KEY="$(OTPTRAY_SIGNING_KEY)" $(WINDOWS_RELEASE)

test-windows: deps-windows-test
	GO="$(GO)" $(WINDOWS_DIR)/test.sh
