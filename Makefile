# otptray: build, run and test.
#
#   make run    build, then start the tray
#   make install  both programs, the menu entry and the icon, for this user
#                 (make uninstall removes them; see packaging/linux/linux.mk)
#   make fuzz   every fuzz target for FUZZTIME each (default 10m; FUZZ=regexp picks)
#   make test   vet, format check, then all tests (with -race) in a throwaway
#               headless desktop session (scripts/headless-session)
#
# Both install the Debian packages they need when missing: as root directly,
# otherwise they print the apt-get command to run.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO      ?= go
BIN     := bin
# The release version from the v* git tag (1.2.3, or 1.2.3-4-gabc between
# releases), "dev" without one.
VERSION ?= $(shell packaging/windows/version.sh)
# Each main package declares `var version = "dev"`.
LDFLAGS := -X main.version=$(VERSION)

# ---------------------------------------------------------------- packages

# Debian packages. gcc: the race detector needs cgo (the programs
# themselves use no C library). Not dbus-x11: with it, godbus starts stray
# session buses where there is none, instead of failing.
BUILD_DEBS := gcc
# desktop-file-utils: the install test validates the .desktop files.
# minisign: the reference tool checks the release signature's format.
TEST_DEBS  := minisign xvfb xauth x11-xkb-utils xkb-data xdotool xclip gnome-keyring libsecret-tools dunst dbus dbus-daemon desktop-file-utils python3-gi gir1.2-gtk-3.0 gir1.2-dbusmenu-gtk3-0.4

# ensure_debs installs the Debian packages in $(1) that are not installed.
# `apt-get update` runs only when the package lists are older than a day.
# Off Debian it only warns: scripts/headless-session names what is missing.
define ensure_debs
if [[ $$(uname -s) != Linux ]]; then exit 0; fi; \
if ! command -v dpkg-query >/dev/null; then \
	echo "make: not a Debian system; make sure these (Debian names) are installed: $(1)" >&2; exit 0; \
fi; \
missing=(); \
for p in $(1); do \
	[[ $$(dpkg-query -W -f='$${db:Status-Status}' "$$p" 2>/dev/null) == installed ]] || missing+=("$$p"); \
done; \
if (( $${#missing[@]} == 0 )); then exit 0; fi; \
install="DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $${missing[*]}"; \
if (( $$(id -u) != 0 )); then \
	echo "make: missing Debian packages: $${missing[*]}; install them as root:" >&2; \
	echo "  sudo apt-get update && sudo $$install" >&2; \
	exit 1; \
fi; \
echo "make: installing $${missing[*]}"; \
if [[ -z $$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -1) ]]; then \
	apt-get update -q; \
fi; \
env $$install
endef

include packaging/windows/windows.mk
include packaging/linux/linux.mk

.PHONY: deps-build deps-test
deps-build:
	@$(call ensure_debs,$(BUILD_DEBS))

deps-test:
	@$(call ensure_debs,$(TEST_DEBS))

# ---------------------------------------------------------------- build, run

.PHONY: build run
build: deps-build
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/ ./cmd/...

run: build
	@if [[ $$(uname -s) == Linux && -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]]; then \
		echo "make run: the tray needs a desktop session (DISPLAY and WAYLAND_DISPLAY are empty)." >&2; \
		echo "Without one, the console program does the same work:" >&2; \
		echo "  $(BIN)/otptray-cli add < uri.txt   add a token from its otpauth:// URI" >&2; \
		echo "  $(BIN)/otptray-cli code            print the default token's code" >&2; \
		echo "  $(BIN)/otptray-cli help            every command" >&2; \
		exit 1; \
	fi
	$(BIN)/otptray

# ---------------------------------------------------------------- checks

.PHONY: test vet fmt-check
# The modules patched under third_party (each a module of its own, outside ./...).
PATCHED := fyne.io/systray
test: deps-build deps-test vet fmt-check
	bash scripts/headless-session $(GO) test -race ./... $(PATCHED)
	$(MAKE) --no-print-directory test-windows

# On macOS fyne.io/systray and golang.design/x/hotkey need cgo and a macOS
# SDK, so GOOS=darwin vets every package that does not import them (the
# token packages, the CLI, i18n and tray/desktop with its *_darwin.go files).
DARWIN_CGO_ONLY := fyne\.io/systray|golang\.design/x/hotkey

vet:
	$(GO) vet ./... $(PATCHED)
	GOOS=windows CGO_ENABLED=0 $(GO) vet ./... $(PATCHED)
	pkgs=$$(GOOS=darwin CGO_ENABLED=0 $(GO) list -f '{{.ImportPath}} {{join .Deps " "}}' ./... | \
		grep -vE ' ($(DARWIN_CGO_ONLY))( |$$)' | cut -d' ' -f1); \
	GOOS=darwin CGO_ENABLED=0 $(GO) vet $$pkgs

fmt-check:
	@files=$$(gofmt -l .); \
	if [[ -n $$files ]]; then echo "gofmt: these files need formatting (gofmt -w):" >&2; echo "$$files" >&2; exit 1; fi

# ---------------------------------------------------------------- benchmarks

.PHONY: bench
bench: deps-build deps-test
	$(GO) test -run '^$$' -bench . -skip '^BenchmarkTray' -benchmem ./...
	bash scripts/headless-session $(GO) test -run '^$$' -bench '^BenchmarkTray' -benchtime 1x ./tray/
	bash scripts/headless-session $(GO) test -run '^$$' -bench '^BenchmarkType' ./typing/
	bash scripts/headless-session $(GO) test -run '^$$' -bench '^BenchmarkCurrent' ./foreground/
	bash scripts/headless-session bash scripts/bench-cli
	GO="$(GO)" bash scripts/bench-size

# ---------------------------------------------------------------- fuzzing

# Not part of `make test`: every fuzz target for FUZZTIME each (FUZZJOBS at a
# time), then executions per second for each (scripts/fuzz).
FUZZTIME ?= 10m
FUZZJOBS ?= 1
.PHONY: fuzz
fuzz: deps-build
	GO="$(GO)" FUZZTIME="$(FUZZTIME)" FUZZJOBS="$(FUZZJOBS)" bash scripts/fuzz '$(FUZZ)'

# ---------------------------------------------------------------- cleaning

.PHONY: clean
clean:
	rm -rf $(BIN) dist
