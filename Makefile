# mutu — plain make. `make demo` and `make check` install what is missing
# (Debian packages, as root), build, and run; see README.md.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
DESTDIR ?=
BUILD ?= build
VERSION = 0.1.0

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = libgit2 yaml-0.1 libcmark libpcre2-8 zlib libxxhash libcrypto
OPT ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wno-format-nonliteral -Wvla
ifeq ($(CI),true)
WARN += -Werror
endif
SAN ?=
LOCALEDIR ?= $(DATADIR)/locale
MUTU_CFLAGS = -std=c11 -D_GNU_SOURCE -DMUTU_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' -I. \
	$(OPT) $(WARN) $(SAN) $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
MUTU_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lmbedcrypto -pthread
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

LIB_SRC = $(filter-out lib/schema_data.c,$(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/lib/schema_data.o
CMD_COMMON = $(BUILD)/cmd/common.o $(BUILD)/cmd/records.o $(BUILD)/cmd/library.o \
	$(BUILD)/cmd/match.o
COMMANDS = mutu mutu-init mutu-member mutu-offer mutu-need mutu-show mutu-propose mutu-vote \
	mutu-sync mutu-clone mutu-conflicts mutu-merge-driver mutu-log mutu-audit mutu-exchange \
	mutu-calendar
BINS = $(COMMANDS:%=$(BUILD)/bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SCHEMAS = $(wildcard schema/*.json)
MANPAGES = $(wildcard man/*.1 man/*.7)

PO = $(wildcard po/*.po)
MO = $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/mutu.mo)
POT_SOURCES = $(wildcard lib/*.c cmd/*.c)

all: build-deps $(BINS) $(MO)

# Before anything is compiled: what a build needs, named, and how to get
# it, rather than a compiler error about a missing header.
build-deps:
	@missing=; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing $(CC)"; \
	command -v $(PKG_CONFIG) >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing msgfmt(gettext)"; \
	if command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
		for p in $(PKGS); do $(PKG_CONFIG) --exists $$p || missing="$$missing $$p"; done; \
	fi; \
	if command -v $(CC) >/dev/null 2>&1 && \
	   ! echo '#include <mbedtls/sha1.h>' | $(CC) -E -x c - >/dev/null 2>&1; then \
		missing="$$missing mbedtls"; fi; \
	if [ -n "$$missing" ]; then \
		echo "mutu: cannot build: missing$$missing; 'make deps' installs them (as root, from Debian's packages)" >&2; \
		exit 1; fi

$(BUILD)/locale/%/LC_MESSAGES/mutu.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

# po/mutu.pot: every message a person reads, from the sources and the demo
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -kgettext -keval_gettext \
		--add-comments=TRANSLATORS --package-name=mutu --package-version=$(VERSION) \
		--msgid-bugs-address=maintainers@mutu.invalid -o po/mutu.pot \
		$(POT_SOURCES) tools/demo.sh

$(BUILD)/lib/schema_data.c: $(SCHEMAS) tools/embed-schemas.sh
	@mkdir -p $(@D)
	sh tools/embed-schemas.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(BUILD)/lib/schema_data.o: $(BUILD)/lib/schema_data.c
	$(CC) $(MUTU_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(MUTU_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libmutu.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/bin/mutu-offer $(BUILD)/bin/mutu-need $(BUILD)/bin/mutu-member $(BUILD)/bin/mutu-show \
	$(BUILD)/bin/mutu-propose $(BUILD)/bin/mutu-vote $(BUILD)/bin/mutu-conflicts $(BUILD)/bin/mutu-log \
	$(BUILD)/bin/mutu-exchange $(BUILD)/bin/mutu-calendar: $(CMD_COMMON)
$(BUILD)/bin/mutu-init $(BUILD)/bin/mutu $(BUILD)/bin/mutu-sync $(BUILD)/bin/mutu-clone \
	$(BUILD)/bin/mutu-merge-driver $(BUILD)/bin/mutu-audit: $(BUILD)/cmd/common.o
$(BUILD)/bin/mutu-sync $(BUILD)/bin/mutu-clone: $(BUILD)/cmd/lsan_remote.o

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(BUILD)/libmutu.a
	@mkdir -p $(@D)
	$(CC) $(MUTU_CFLAGS) -o $@ $(filter %.o,$^) $(BUILD)/libmutu.a $(MUTU_LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libmutu.a
	@mkdir -p $(@D)
	$(CC) $(MUTU_CFLAGS) -o $@ $< $(BUILD)/libmutu.a $(MUTU_LIBS) $(TEST_LIBS) $(LDFLAGS)

$(BUILD)/tests/schema-check: tests/schema/schema-check.c $(BUILD)/libmutu.a
	@mkdir -p $(@D)
	$(CC) $(MUTU_CFLAGS) -o $@ $< $(BUILD)/libmutu.a $(MUTU_LIBS) $(LDFLAGS)

$(BUILD)/tests/yaml-emit: tests/compat/yaml-emit.c $(BUILD)/libmutu.a
	@mkdir -p $(@D)
	$(CC) $(MUTU_CFLAGS) -o $@ $< $(BUILD)/libmutu.a $(MUTU_LIBS) $(LDFLAGS)

$(BUILD)/bench/add-inproc: bench/add-inproc.c $(BUILD)/libmutu.a
	@mkdir -p $(@D)
	$(CC) $(MUTU_CFLAGS) -o $@ $< $(BUILD)/libmutu.a $(MUTU_LIBS) $(LDFLAGS)

deps:
	@sh tools/deps.sh

build: deps
	$(MAKE) all

demo: deps
	$(MAKE) all
	sh tools/demo.sh $(BUILD)/bin $(BUILD)/locale

test-bins: $(BINS) $(MO) $(UNIT_BINS) $(BUILD)/tests/schema-check \
	$(if $(wildcard tests/compat/yaml-emit.c),$(BUILD)/tests/yaml-emit)

check: deps
	$(MAKE) test-bins
	BUILD=$(BUILD) sh tests/run.sh

asan: deps
	$(MAKE) BUILD=build-asan OPT='-O1 -g' \
		SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' test-bins
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		BUILD=build-asan sh tests/run.sh

bench: deps
	$(MAKE) all $(BUILD)/bench/add-inproc
	bash bench/budgets.sh $(BUILD)/bin
	bash bench/scale.sh $(BUILD)/bin

install: all
	for m in $(MO); do l=$${m#$(BUILD)/locale/}; l=$${l%%/*}; \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
		install -m 644 $$m $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/mutu.mo; done
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions \
		$(DESTDIR)$(DATADIR)/zsh/site-functions $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	for m in $(MANPAGES); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; done
	install -m 644 completions/mutu.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/mutu
	install -m 644 completions/_mutu $(DESTDIR)$(DATADIR)/zsh/site-functions/_mutu
	install -m 644 completions/mutu.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/mutu.fish
	# bash and fish look completions up by command name: one link per command
	for c in $(filter-out mutu,$(COMMANDS)); do \
		ln -sf mutu $(DESTDIR)$(DATADIR)/bash-completion/completions/$$c; \
		ln -sf mutu.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/$$c.fish; done

uninstall:
	rm -f $(COMMANDS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(COMMANDS:%=$(DESTDIR)$(DATADIR)/bash-completion/completions/%) \
		$(COMMANDS:%=$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/%.fish) \
		$(DESTDIR)$(DATADIR)/zsh/site-functions/_mutu
	for m in $(MANPAGES); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	for p in $(PO); do l=$${p#po/}; rm -f $(DESTDIR)$(LOCALEDIR)/$${l%.po}/LC_MESSAGES/mutu.mo; done

# make fuzz FUZZ_SECONDS=N: the libFuzzer targets (clang), never in CI
-include tests/fuzz/fuzz.mk

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all build-deps deps build demo check asan bench install uninstall clean test-bins pot
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
