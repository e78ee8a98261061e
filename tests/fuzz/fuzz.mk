# tests/fuzz/fuzz.mk — libFuzzer targets for the YAML reader and records.
# Included by the Makefile; never part of `make check` or CI.
#
#   make fuzz                      each target for FUZZ_SECONDS (60) on its corpus
#   make fuzz FUZZ_SECONDS=600     longer; exits non-zero if any target crashed
#   make fuzz-build                only build build-fuzz/fuzz_yaml, build-fuzz/fuzz_record
#   make fuzz-merge                shrink tests/fuzz/corpus/* to the inputs that
#                                  add coverage (after a run, before committing)
#   FUZZ_LIBYAML=DIR               also build libyaml from the source tree DIR
#                                  (the version pkg-config reports, 0.2.5 on
#                                  Debian 12: `apt-get source libyaml`, or tag
#                                  0.2.5 of github.com/yaml/libyaml) with the
#                                  same instrumentation, so that libFuzzer sees
#                                  coverage inside the parser, not only in lib/
#   FUZZ_DEFS=-DNAME               compile the targets with extra defines
#
# Everything is built with clang into build-fuzz/: libmutu again, with
# -fsanitize=fuzzer-no-link,address,undefined, and each target linked
# with -fsanitize=fuzzer,address,undefined. The main build is untouched.
# New inputs go to build-fuzz/corpus/<target>, crashes and slow inputs to
# build-fuzz/artifacts/; the committed seeds are only read. A finding is
# replayed for good by tests/unit/test_fuzz_regressions.c.

FUZZ_CC ?= clang
FUZZ_BUILD = build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_MAX_LEN ?= 16384
FUZZ_FLAGS ?=
FUZZ_DEFS ?=
FUZZ_TARGETS = yaml record ballot merge trailers sshsig

FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -DMUTU_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	-I. -g -O1 $(WARN) $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
FUZZ_LIB_SRC = $(filter-out lib/schema_data.c,$(wildcard lib/*.c))
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/lib/schema_data.o
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_LIBYAML ?=
ifneq ($(FUZZ_LIBYAML),)
FUZZ_YAML_SRC = $(wildcard $(FUZZ_LIBYAML)/src/*.c)
FUZZ_YAML_OBJ = $(FUZZ_YAML_SRC:$(FUZZ_LIBYAML)/src/%.c=$(FUZZ_BUILD)/libyaml/%.o)
FUZZ_YAML_VERSION := $(shell $(PKG_CONFIG) --modversion yaml-0.1 2>/dev/null || echo 0.2.5)
FUZZ_YAML_LIB = $(FUZZ_BUILD)/libyaml.a
endif
FUZZ_ENV = ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

fuzz-clang:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { \
		echo "make fuzz needs clang with libFuzzer: apt-get install -y clang" \
		     "(or FUZZ_CC=clang-NN)" >&2; exit 1; }

$(FUZZ_BUILD)/lib/schema_data.c: $(SCHEMAS) tools/embed-schemas.sh
	@mkdir -p $(@D)
	sh tools/embed-schemas.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(FUZZ_BUILD)/lib/schema_data.o: $(FUZZ_BUILD)/lib/schema_data.c | fuzz-clang
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

$(filter-out $(FUZZ_BUILD)/lib/schema_data.o,$(FUZZ_LIB_OBJ)): $(FUZZ_BUILD)/%.o: %.c | fuzz-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/libmutu.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# libyaml as the system has it, instrumented: it comes before -lyaml at link time
$(FUZZ_YAML_OBJ): $(FUZZ_BUILD)/libyaml/%.o: $(FUZZ_LIBYAML)/src/%.c | fuzz-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu99 -g -O1 -w -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
		-I$(FUZZ_LIBYAML)/include -I$(FUZZ_LIBYAML)/src \
		-DYAML_VERSION_STRING='"$(FUZZ_YAML_VERSION)"' \
		-DYAML_VERSION_MAJOR=$(word 1,$(subst ., ,$(FUZZ_YAML_VERSION))) \
		-DYAML_VERSION_MINOR=$(word 2,$(subst ., ,$(FUZZ_YAML_VERSION))) \
		-DYAML_VERSION_PATCH=$(word 3,$(subst ., ,$(FUZZ_YAML_VERSION))) -c -o $@ $<

$(FUZZ_BUILD)/libyaml.a: $(FUZZ_YAML_OBJ)
	rm -f $@
	ar rcs $@ $^

# how the targets were built: relink when FUZZ_LIBYAML or FUZZ_DEFS change
$(FUZZ_BUILD)/targets.flags: fuzz-clang
	@mkdir -p $(@D)
	@echo '$(FUZZ_LIBYAML) $(FUZZ_DEFS)' | cmp -s - $@ || echo '$(FUZZ_LIBYAML) $(FUZZ_DEFS)' > $@

$(FUZZ_BINS): $(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libmutu.a \
	$(FUZZ_YAML_LIB) $(FUZZ_BUILD)/targets.flags | fuzz-clang
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_DEFS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
		$(FUZZ_BUILD)/libmutu.a \
		$(FUZZ_YAML_LIB) $(MUTU_LIBS) $(LDFLAGS)

fuzz-build: $(FUZZ_BINS)

# One target after the other, one process each (the machine is shared).
fuzz: fuzz-build
	@status=0; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts; \
		echo "fuzz: fuzz_$$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_ENV) $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-timeout=$(FUZZ_TIMEOUT) -max_len=$(FUZZ_MAX_LEN) -dict=tests/fuzz/yaml.dict \
			-artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- -print_final_stats=1 \
			$(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t || { \
			echo "fuzz: fuzz_$$t FAILED: the input is in $(FUZZ_BUILD)/artifacts/" >&2; \
			status=1; }; \
	done; \
	exit $$status

# Keep in tests/fuzz/corpus/<target> only the inputs, old or new, that reach an edge
# no smaller one reaches (edges, not hit counts: a few hundred files, not thousands).
fuzz-merge: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		rm -rf $(FUZZ_BUILD)/merged/$$t && mkdir -p $(FUZZ_BUILD)/merged/$$t \
			$(FUZZ_BUILD)/corpus/$$t && \
		$(FUZZ_ENV) $(FUZZ_BUILD)/fuzz_$$t -merge=1 -use_counters=0 -timeout=$(FUZZ_TIMEOUT) \
			-max_len=$(FUZZ_MAX_LEN) $(FUZZ_BUILD)/merged/$$t \
			tests/fuzz/corpus/$$t $(FUZZ_BUILD)/corpus/$$t && \
		rm -f tests/fuzz/corpus/$$t/* && \
		cp $(FUZZ_BUILD)/merged/$$t/* tests/fuzz/corpus/$$t/ || exit 1; \
		echo "fuzz-merge: tests/fuzz/corpus/$$t: $$(ls tests/fuzz/corpus/$$t | wc -l) inputs"; \
	done

.PHONY: fuzz fuzz-build fuzz-clang fuzz-merge

-include $(wildcard $(FUZZ_BUILD)/lib/*.d)
