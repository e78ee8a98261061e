/*
 * fuzz regressions — every input the libFuzzer targets found, replayed.
 *
 * The targets themselves (tests/fuzz/fuzz_yaml.c, fuzz_record.c) are
 * compiled in, so an input is held to exactly the promises it broke: a
 * broken promise fails the test here where it aborted there. Inputs live
 * in tests/data/fuzz/yaml/ and tests/data/fuzz/record/ (for fuzz_record
 * the first byte picks the record type), read at run time from the top
 * of the repository, where tests/run.sh runs every test. Each finding
 * also has a test of its own below that says what should happen.
 *
 * The committed seed corpora (tests/fuzz/corpus/) are replayed too: they
 * are small, and they are what the fuzzers start from.
 */
#include "unit.h"

#include <dirent.h>

#include "lib/record.h"
#include "lib/records.h"
#include "lib/schema.h"
#include "lib/yaml.h"

/* The input being replayed, for the message of a broken promise. */
static char replaying[4096] = "an input";

#define FUZZ_FAILED(message) fail_msg("%s: %s", replaying, message)

#define LLVMFuzzerTestOneInput fuzz_yaml_one
#include "tests/fuzz/fuzz_yaml.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_record_one
#define LLVMFuzzerInitialize fuzz_record_init
#include "tests/fuzz/fuzz_record.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize

typedef int (*fuzz_target)(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run target on every file in dir, in name order; returns how many. A
 * missing dir holds nothing, unless it is required. */
static size_t replay_dir(const char *dir, fuzz_target target, int required)
{
	char **names = NULL;
	struct dirent *e;
	size_t n = 0, i, len = 0;
	DIR *d = opendir(dir);
	char *data;

	if (!d && errno == ENOENT && !required)
		return 0;
	if (!d)
		fail_msg("%s: %s (run from the top of the repository)", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		assert_non_null(names);
		names[n] = strdup(e->d_name);
		assert_non_null(names[n++]);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(replaying, sizeof(replaying), "%s/%s", dir, names[i]);
		if (!(data = unit_slurp(replaying, &len)))
			fail_msg("cannot read %s", replaying);
		target((const uint8_t *)data, len);
		free(data);
		free(names[i]);
	}
	free(names);
	return n;
}

/* The input stored in tests/data/fuzz/<target>/<name> (malloc'd). */
UNIT_UNUSED static char *finding(const char *target, const char *name, size_t *len)
{
	char path[4096];
	char *data;

	snprintf(path, sizeof(path), "tests/data/fuzz/%s/%s", target, name);
	if (!(data = unit_slurp(path, len)))
		fail_msg("cannot read %s (run from the top of the repository)", path);
	return data;
}

static void every_yaml_finding_keeps_the_readers_promises(void **state)
{
	(void)state;
	replay_dir("tests/data/fuzz/yaml", fuzz_yaml_one, 0);
}

static void every_record_finding_keeps_the_records_promises(void **state)
{
	(void)state;
	replay_dir("tests/data/fuzz/record", fuzz_record_one, 0);
}

static void the_yaml_seed_corpus_keeps_the_readers_promises(void **state)
{
	(void)state;
	assert_true(replay_dir("tests/fuzz/corpus/yaml", fuzz_yaml_one, 1) > 0);
}

static void the_record_seed_corpus_keeps_the_records_promises(void **state)
{
	(void)state;
	assert_true(replay_dir("tests/fuzz/corpus/record", fuzz_record_one, 1) > 0);
}

/* --- findings: one test each, naming what should happen --- */

/*
 * Found by fuzz_yaml's checks on an input past -max_len: a stream whose
 * first document has not started when the reader's bound is hit (one
 * quoted scalar of 1.25 MiB, past the reader's bound before libyaml
 * has produced any DOCUMENT-START event) was refused as
 * "NAME:0:0: document larger than 1048576 bytes": line and column 0,
 * from doc_line and doc_col, which only a document start sets. Both the
 * memory and the FILE readers do it; mutu_yaml_parse says 1:1.
 */
static char *leading_quoted_scalar_past_the_bound(size_t *len)
{
	size_t n = MUTU_YAML_MAX_DOCUMENT + MUTU_YAML_MAX_DOCUMENT / 4;
	char *text = malloc(n + 3);

	assert_non_null(text);
	text[0] = '"';
	memset(text + 1, 'x', n);
	text[n + 1] = '"';
	text[n + 2] = '\n';
	*len = n + 3;
	return text;
}

static void refused_past_the_bound(mutu_yaml_reader *r)
{
	mutu_value *v = NULL;

	mutu_error_clear();
	assert_code(mutu_yaml_reader_next(&v, r), MUTU_EDATA);
	assert_null(v);
	unit_assert_position(mutu_error_last(), "big.yaml");
	assert_contains(mutu_error_last(), "larger than");
	mutu_yaml_reader_free(r);
}

static void a_stream_too_large_before_its_first_document_names_a_position(void **state)
{
	mutu_yaml_reader *r;
	size_t len;
	char *text = leading_quoted_scalar_past_the_bound(&len);
	FILE *f;

	(void)state;
	assert_ok(mutu_yaml_reader_new(&r, text, len, "big.yaml"));
	refused_past_the_bound(r);
	f = fmemopen(text, len, "r");
	assert_non_null(f);
	assert_ok(mutu_yaml_reader_new_file(&r, f, "big.yaml"));
	refused_past_the_bound(r);
	fclose(f);
	free(text);
}

/*
 * Found by fuzz_yaml and fuzz_record (inputs in tests/data/fuzz/): libyaml
 * reads UTF-16 when the input starts with its byte order mark, and the
 * reader passes it on, so "\xff\xfe{\0}\0" is a record. lib/yaml.h says
 * invalid UTF-8 is refused, and positions are counted in UTF-8 bytes.
 */
static const struct {
	const char *what;
	const char *text;
	size_t len;
} utf16_inputs[] = {
	{ "a UTF-16LE mapping", "\xff\xfe{\0}\0", 6 },
	{ "a UTF-16BE mapping", "\xfe\xff\0a\0:\0 \0" "1\0\n", 12 },
	{ "a UTF-16LE byte order mark alone", "\xff\xfe", 2 },
};

static void utf16_input_is_refused_as_not_utf8(void **state)
{
	mutu_yaml_reader *r;
	mutu_value *v;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(utf16_inputs) / sizeof(utf16_inputs[0]); i++) {
		v = NULL;
		mutu_error_clear();
		if (mutu_yaml_parse(&v, utf16_inputs[i].text, utf16_inputs[i].len, "u.yaml") !=
		    MUTU_EDATA)
			fail_msg("%s was read as a document", utf16_inputs[i].what);
		unit_assert_position(mutu_error_last(), "u.yaml");
		/* the stream reader too: an error, not documents nor a clean end */
		assert_ok(mutu_yaml_reader_new(&r, utf16_inputs[i].text, utf16_inputs[i].len,
					       "u.yaml"));
		while ((rc = mutu_yaml_reader_next(&v, r)) > 0)
			mutu_value_free(v);
		mutu_yaml_reader_free(r);
		if (rc != MUTU_EDATA)
			fail_msg("the stream reader read %s to its end", utf16_inputs[i].what);
		unit_assert_position(mutu_error_last(), "u.yaml");
	}
}

static void a_utf16_record_is_refused_even_by_a_tolerant_read(void **state)
{
	static const char offer[] = "id: 7q3k9m2xh4ta\ntype: offer\ntitle: Perceuse\nkind: tool\n"
				    "status: open\nauthor: alice\ncreated: 2024-05-01T09:30:00Z\n"
				    "updated: 2024-05-02T10:00:00Z\n";
	char utf16[2 + 2 * sizeof(offer)];
	mutu_record *rec = NULL;
	size_t i, len = 0;

	(void)state;
	utf16[len++] = '\xff';
	utf16[len++] = '\xfe';
	for (i = 0; offer[i]; i++) {
		utf16[len++] = offer[i];
		utf16[len++] = '\0';
	}
	assert_code(mutu_records_parse(&rec, "offer", utf16, len, "offers/7q/7q3k9m2xh4ta.yaml", 0),
		    MUTU_EDATA);
	assert_null(rec);
	unit_assert_position(mutu_error_last(), "offers/7q/7q3k9m2xh4ta.yaml");
}

/*
 * Found by fuzz_yaml and fuzz_record's round trip on inputs past
 * -max_len: the canonical text of a value the reader accepted can be
 * larger than MUTU_YAML_MAX_DOCUMENT, and then the reader refuses it.
 * Escapes make it grow: libyaml 0.2.5 writes every character outside the
 * BMP as \UXXXXXXXX (4 bytes become 10) and U+FEFF as \uFEFF, escape_bidi
 * writes bidi controls as \uXXXX (3 bytes become 6). A valid member
 * record, 16 keys of 16384 characters whose comments are U+FEFF, reads
 * from 786 KB and emits 1.57 MB: mutu_records_write would commit a record
 * that mutu_records_read can never read again. Either the emitter refuses
 * (MUTU_EDATA) what it could not read back, or what it writes reads back.
 */
static char *repeat_utf8(mutu_buf *b, const char *ch, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mutu_buf_puts(b, ch);
	return b->ptr;
}

static void written_or_refused(const mutu_buf *out, int rc, const mutu_value *v, const char *type)
{
	mutu_value *back = NULL;

	if (rc != 0) {
		assert_int_equal(rc, MUTU_EDATA);
		return;
	}
	if ((type ? mutu_records_parse(&back, type, out->ptr, out->len, "back.yaml", 1)
		  : mutu_yaml_parse(&back, out->ptr, out->len, "back.yaml")) != 0)
		fail_msg("%zu bytes of canonical YAML do not read back: %s", out->len,
			 mutu_error_last());
	assert_true(mutu_value_equal(v, back));
	mutu_value_free(back);
}

static void canonical_yaml_of_a_document_read_reads_back(void **state)
{
	static const char *grow[] = { "\xe2\x80\xae", "\xf0\x9f\x98\x80", "\xef\xbb\xbf" };
	mutu_buf text = MUTU_BUF_INIT, out = MUTU_BUF_INIT;
	mutu_value *v;
	size_t g, k, n;

	(void)state;
	for (g = 0; g < sizeof(grow) / sizeof(grow[0]); g++) {
		/* four values, each just under MUTU_YAML_MAX_SCALAR */
		n = (MUTU_YAML_MAX_SCALAR - 16) / strlen(grow[g]);
		mutu_buf_clear(&text);
		for (k = 0; k < 4; k++) {
			mutu_buf_printf(&text, "k%zu: \"x", k);
			repeat_utf8(&text, grow[g], n);
			mutu_buf_puts(&text, "\"\n");
		}
		assert_true(text.len < MUTU_YAML_MAX_DOCUMENT);
		assert_ok(mutu_yaml_parse(&v, text.ptr, text.len, "big.yaml"));
		mutu_buf_clear(&out);
		written_or_refused(&out, mutu_yaml_emit(&out, v), v, NULL);
		mutu_value_free(v);
	}
	mutu_buf_free(&text);
	mutu_buf_free(&out);
}

static void a_valid_member_record_is_written_so_that_it_reads_back(void **state)
{
	static const char prefix[] = "ssh-ed25519 AAAA ";
	mutu_buf text = MUTU_BUF_INIT, out = MUTU_BUF_INIT;
	mutu_record *rec = NULL;
	size_t k;
	int rc;

	(void)state;
	mutu_buf_puts(&text, "handle: alice\nname: Alice\nemail: alice@example.org\nkeys:\n");
	for (k = 0; k < 16; k++) {
		mutu_buf_printf(&text, "  - \"%s", prefix);
		repeat_utf8(&text, "\xef\xbb\xbf", 16384 - (sizeof(prefix) - 1) - 1);
		mutu_buf_printf(&text, "%zx\"\n", k);
	}
	mutu_buf_puts(&text, "joined: 2024-05-01T09:30:00Z\n");
	rc = mutu_records_parse(&rec, "member", text.ptr, text.len, "members/alice.yaml", 1);
	if (rc != 0) {
		/* a schema that refuses such keys fixes it too */
		assert_int_equal(rc, MUTU_EDATA);
	} else {
		written_or_refused(&out, mutu_records_emit(&out, "member", rec), rec, "member");
		mutu_value_free(rec);
	}
	mutu_buf_free(&text);
	mutu_buf_free(&out);
}

static int setup(void **state)
{
	(void)state;
	return fuzz_record_init(NULL, NULL);
}

static int teardown(void **state)
{
	(void)state;
	mutu_warn_handler(NULL);
	mutu_schema_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_yaml_finding_keeps_the_readers_promises),
		cmocka_unit_test(every_record_finding_keeps_the_records_promises),
		cmocka_unit_test(the_yaml_seed_corpus_keeps_the_readers_promises),
		cmocka_unit_test(the_record_seed_corpus_keeps_the_records_promises),
		cmocka_unit_test(a_stream_too_large_before_its_first_document_names_a_position),
		cmocka_unit_test(utf16_input_is_refused_as_not_utf8),
		cmocka_unit_test(a_utf16_record_is_refused_even_by_a_tolerant_read),
		cmocka_unit_test(canonical_yaml_of_a_document_read_reads_back),
		cmocka_unit_test(a_valid_member_record_is_written_so_that_it_reads_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
