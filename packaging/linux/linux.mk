# Installing for everyday use on Linux and the other XDG desktops, for one
# user and without root. Included by the main Makefile.
#
#   make install     both programs in $(BINDIR), the applications-menu entry
#                    and the icon in $(DATADIR), so otptray is in the menu
#   make uninstall   removes what install put there, and the start-at-login
#                    entry if it starts the program removed
#
# PREFIX=/usr/local (as root) installs for every user; BINDIR and DATADIR
# can be set one by one.

PREFIX  ?= $(HOME)/.local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share

# The sizes of icons/ that the hicolor icon theme has folders for.
HICOLOR_SIZES := 16 24 32 48 64 128 256
DESKTOPFILES  := $(GO) run ./packaging/linux/desktopfiles
LAUNCHER      := $(DATADIR)/applications/otptray.desktop

.PHONY: install uninstall
install: build
	install -d "$(BINDIR)" "$(DATADIR)/applications"
	install -m 755 $(BIN)/otptray $(BIN)/otptray-cli "$(BINDIR)/"
	for s in $(HICOLOR_SIZES); do \
		install -D -m 644 icons/otptray-$$s.png "$(DATADIR)/icons/hicolor/$${s}x$${s}/apps/otptray.png"; \
	done
	$(DESKTOPFILES) launcher "$(BINDIR)/otptray" > "$(LAUNCHER).tmp"
	mv "$(LAUNCHER).tmp" "$(LAUNCHER)"
	$(DESKTOPFILES) installed "$(BINDIR)/otptray"
	@echo "make install: otptray is in $(BINDIR) and in the applications menu."

uninstall:
	$(DESKTOPFILES) removed "$(BINDIR)/otptray"
	rm -f "$(BINDIR)/otptray" "$(BINDIR)/otptray-cli" "$(LAUNCHER)"
	for s in $(HICOLOR_SIZES); do \
		rm -f "$(DATADIR)/icons/hicolor/$${s}x$${s}/apps/otptray.png"; \
	done
