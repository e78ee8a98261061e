/* yaml — the strict, bounded reader and the canonical writer. */
#include "unit.h"

#include "lib/yaml.h"

#define NAME "t.yaml"

/* Parse text as one document; on success return the record. */
static mutu_value *parse_ok(const char *text)
{
	mutu_value *v = NULL;

	mutu_error_clear();
	if (mutu_yaml_parse(&v, text, strlen(text), NAME) != 0)
		fail_msg("parse of '%s' failed: %s", text, mutu_error_last());
	assert_non_null(v);
	assert_int_equal(v->type, MUTU_MAP);
	return v;
}

/* Parse must fail with MUTU_EDATA at line:col, the message holding what. */
static void refused_at(const char *text, size_t len, unsigned line, unsigned col,
		       const char *what)
{
	mutu_value *v = (mutu_value *)0x1;

	mutu_error_clear();
	if (mutu_yaml_parse(&v, text, len, NAME) != MUTU_EDATA)
		fail_msg("'%s' was not refused with MUTU_EDATA (last error: %s)", text,
			 mutu_error_last());
	assert_null(v);
	unit_assert_position(mutu_error_last(), NAME);
	if (line)
		unit_assert_at(mutu_error_last(), NAME, line, col);
	assert_contains(mutu_error_last(), what);
}

#define REFUSED_AT(text, line, col, what) refused_at(text, sizeof(text) - 1, line, col, what)

static void refuses_aliases(void **state)
{
	(void)state;
	REFUSED_AT("a: 1\nb: *x\n", 2, 4, "alias");
	REFUSED_AT("a: [1, *x]\n", 1, 8, "alias");
}

static void refuses_anchors(void **state)
{
	(void)state;
	REFUSED_AT("a: &x 1\nb: *x\n", 1, 4, "anchor");
	REFUSED_AT("a: 1\nb: &y [1]\n", 2, 4, "anchor");
	REFUSED_AT("a: 1\nb: &z {c: 1}\n", 2, 4, "anchor");
	REFUSED_AT("&root\na: 1\n", 1, 1, "anchor");
}

static void refuses_explicit_tags(void **state)
{
	(void)state;
	REFUSED_AT("a: !!str 1\n", 1, 4, "tag");
	REFUSED_AT("a: 1\nb: !custom x\n", 2, 4, "tag");
	REFUSED_AT("a: !!seq [1]\n", 1, 4, "tag");
	REFUSED_AT("--- !!map\na: 1\n", 1, 5, "tag");
	REFUSED_AT("!!str k: v\n", 1, 1, "tag");
}

static void refuses_duplicate_keys(void **state)
{
	(void)state;
	REFUSED_AT("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a'");
	REFUSED_AT("m:\n  x: 1\n  x: 2\n", 3, 3, "duplicate key 'x'");
	REFUSED_AT("{a: 1, a: 1}\n", 1, 8, "duplicate key");
	/* a quoted key is the same key */
	REFUSED_AT("a: 1\n\"a\": 2\n", 2, 1, "duplicate key");
}

static void refuses_keys_that_are_not_strings(void **state)
{
	(void)state;
	REFUSED_AT("? [a]\n: 1\n", 1, 3, "key");
	REFUSED_AT("? {a: 1}\n: 1\n", 1, 3, "key");
}

static void refuses_invalid_utf8(void **state)
{
	(void)state;
	REFUSED_AT("a: \xff\n", 0, 0, "");
	REFUSED_AT("a: ok\nb: caf\xc3\n", 0, 0, "");
	REFUSED_AT("a: \xed\xa0\x80\n", 0, 0, ""); /* a surrogate */
	REFUSED_AT("a: \xc0\xaf\n", 0, 0, "");     /* overlong */
}

static void refuses_invalid_utf8_naming_the_right_line(void **state)
{
	(void)state;
	REFUSED_AT("a: ok\nb: fine\nc: caf\xc3\n", 3, 0, "");
}

/* libyaml would take a UTF-16 or UTF-32 byte order mark and decode the
 * rest; mutu reads UTF-8 only, so columns are always UTF-8 bytes. */
static void refuses_utf16_whatever_its_byte_order_mark(void **state)
{
	(void)state;
	REFUSED_AT("\xff\xfe", 1, 1, "UTF-8");
	REFUSED_AT("\xff\xfe" "a\0:\0 \0b\0\n\0", 1, 1, "UTF-8");
	REFUSED_AT("\xfe\xff\0a\0:\0 \0b\0\n", 1, 1, "UTF-8");
}

static void skips_a_utf8_byte_order_mark(void **state)
{
	mutu_value *v = parse_ok("\xef\xbb\xbf" "a: b\n");

	(void)state;
	assert_string_equal(mutu_map_get(v, "a")->u.str, "b");
	mutu_value_free(v);
}

static void refuses_nul_characters(void **state)
{
	(void)state;
	REFUSED_AT("a: \"x\\0y\"\n", 1, 4, "NUL");
	REFUSED_AT("a: ok\nb: \"\\0\"\n", 2, 4, "NUL");
	REFUSED_AT("\"k\\0\": v\n", 1, 1, "NUL");
	/* a raw NUL byte in the input is refused too */
	refused_at("a: x\0y\n", 7, 0, 0, "");
}

static void refuses_documents_that_are_not_mappings(void **state)
{
	(void)state;
	REFUSED_AT("hello\n", 1, 1, "not a mapping");
	REFUSED_AT("42\n", 1, 1, "not a mapping");
	REFUSED_AT("- a\n- b\n", 1, 1, "not a mapping");
	REFUSED_AT("[a, b]\n", 1, 1, "not a mapping");
	REFUSED_AT("", 1, 1, "not a mapping");
	REFUSED_AT("# only a comment\n", 1, 1, "not a mapping");
	REFUSED_AT("---\n", 0, 0, "not a mapping");
	REFUSED_AT("--- ~\n", 1, 5, "not a mapping");
}

static void refuses_more_than_one_document(void **state)
{
	(void)state;
	REFUSED_AT("a: 1\n---\nb: 2\n", 2, 1, "more than one document");
	REFUSED_AT("---\na: 1\n...\n---\nb: 2\n", 4, 1, "more than one document");
	REFUSED_AT("a: 1\n--- x\n", 0, 0, "");
}

static void refuses_malformed_yaml_with_a_position(void **state)
{
	(void)state;
	REFUSED_AT("a: [1, 2\n", 0, 0, "");
	REFUSED_AT("a: 'open\n", 0, 0, "");
	REFUSED_AT("a: 1\n b: 2\n", 0, 0, "");
	REFUSED_AT("a: 1\n\tb: 2\n", 0, 0, "");
}

/* A document whose deepest node is at depth (the root mapping is 1, a
 * scalar directly in it 2), as nested flow mappings. */
static char *nested(int depth)
{
	mutu_buf b = MUTU_BUF_INIT;
	int i;

	mutu_buf_puts(&b, "a: ");
	for (i = 2; i < depth; i++)
		mutu_buf_puts(&b, "{a: ");
	mutu_buf_puts(&b, "x");
	for (i = 2; i < depth; i++)
		mutu_buf_puts(&b, "}");
	mutu_buf_puts(&b, "\n");
	return mutu_buf_detach(&b);
}

static void accepts_nesting_up_to_the_limit(void **state)
{
	char *text = nested(MUTU_YAML_MAX_DEPTH);
	mutu_value *v = parse_ok(text), *p = v;
	int depth = 1;

	(void)state;
	while (p->type == MUTU_MAP) {
		p = mutu_map_get(p, "a");
		depth++;
	}
	assert_int_equal(depth, MUTU_YAML_MAX_DEPTH);
	assert_string_equal(p->u.str, "x");
	mutu_value_free(v);
	free(text);
}

static void refuses_nesting_deeper_than_the_limit(void **state)
{
	char *text = nested(MUTU_YAML_MAX_DEPTH + 1), *deep = nested(1000);
	mutu_buf blk = MUTU_BUF_INIT;
	int i;

	(void)state;
	/* the first node past the limit is the scalar, at column 4 + 4 * 7 */
	refused_at(text, strlen(text), 1, 4 + 4 * (MUTU_YAML_MAX_DEPTH - 1), "deep");
	refused_at(deep, strlen(deep), 1, 0, "deep");
	/* block style */
	for (i = 0; i < MUTU_YAML_MAX_DEPTH + 2; i++) {
		int j;

		for (j = 0; j < i; j++)
			mutu_buf_puts(&blk, "  ");
		mutu_buf_puts(&blk, "k:\n");
	}
	refused_at(mutu_buf_cstr(&blk), blk.len, 0, 0, "deep");
	mutu_buf_free(&blk);
	/* sequences count too */
	mutu_buf_puts(&blk, "a: ");
	for (i = 0; i < MUTU_YAML_MAX_DEPTH; i++)
		mutu_buf_putc(&blk, '[');
	mutu_buf_putc(&blk, 'x');
	for (i = 0; i < MUTU_YAML_MAX_DEPTH; i++)
		mutu_buf_putc(&blk, ']');
	mutu_buf_putc(&blk, '\n');
	refused_at(mutu_buf_cstr(&blk), blk.len, 1, 0, "deep");
	mutu_buf_free(&blk);
	free(text);
	free(deep);
}

static char *big_scalar_doc(size_t n, char quote)
{
	mutu_buf b = MUTU_BUF_INIT;
	size_t i;

	mutu_buf_puts(&b, "k: ok\nbig: ");
	if (quote)
		mutu_buf_putc(&b, quote);
	mutu_buf_grow(&b, n + 8);
	for (i = 0; i < n; i++)
		mutu_buf_putc(&b, (char)('a' + i % 26));
	if (quote)
		mutu_buf_putc(&b, quote);
	mutu_buf_puts(&b, "\n");
	return mutu_buf_detach(&b);
}

static void accepts_a_scalar_of_the_maximum_size(void **state)
{
	char *text = big_scalar_doc(MUTU_YAML_MAX_SCALAR, 0);
	mutu_value *v = parse_ok(text);

	(void)state;
	assert_int_equal(strlen(mutu_map_str(v, "big")), MUTU_YAML_MAX_SCALAR);
	mutu_value_free(v);
	free(text);
}

static void refuses_a_scalar_over_the_maximum_size(void **state)
{
	char *plain = big_scalar_doc(MUTU_YAML_MAX_SCALAR + 1, 0);
	char *quoted = big_scalar_doc(MUTU_YAML_MAX_SCALAR + 1, '"');

	(void)state;
	refused_at(plain, strlen(plain), 2, 6, "too large");
	refused_at(quoted, strlen(quoted), 2, 6, "too large");
	free(plain);
	free(quoted);
}

/* ndocs documents of about per bytes each (keys of 200 KiB scalars). */
static char *big_stream(size_t ndocs, size_t per)
{
	mutu_buf b = MUTU_BUF_INIT;
	size_t d, k, i, chunk = 200 * 1024;

	for (d = 0; d < ndocs; d++) {
		mutu_buf_puts(&b, "---\n");
		for (k = 0; k * chunk < per; k++) {
			mutu_buf_printf(&b, "k%zu: ", k);
			mutu_buf_grow(&b, chunk + 2);
			for (i = 0; i < chunk; i++)
				mutu_buf_putc(&b, 'x');
			mutu_buf_putc(&b, '\n');
		}
	}
	return mutu_buf_detach(&b);
}

static void refuses_a_document_over_the_maximum_size_from_memory(void **state)
{
	char *text = big_stream(1, MUTU_YAML_MAX_DOCUMENT + 1);
	char *small = big_stream(1, 800 * 1024);
	mutu_value *v = NULL;

	(void)state;
	assert_true(strlen(text) > MUTU_YAML_MAX_DOCUMENT);
	refused_at(text, strlen(text), 1, 1, "larger than");
	assert_true(strlen(small) < MUTU_YAML_MAX_DOCUMENT);
	assert_ok(mutu_yaml_parse(&v, small, strlen(small), NAME));
	mutu_value_free(v);
	free(text);
	free(small);
}

/* Read every document of f; return how many were read before the first
 * error (or the end), the error in *err. */
static size_t read_all(mutu_yaml_reader *r, int *err)
{
	mutu_value *v;
	size_t n = 0;

	while ((*err = mutu_yaml_reader_next(&v, r)) > 0) {
		assert_non_null(v);
		mutu_value_free(v);
		n++;
	}
	return n;
}

static void refuses_a_document_over_the_maximum_size_from_a_stream(void **state)
{
	/* three documents: fine, too large, fine */
	char *a = big_stream(1, 100), *b = big_stream(1, MUTU_YAML_MAX_DOCUMENT + 300 * 1024);
	mutu_buf all = MUTU_BUF_INIT;
	mutu_yaml_reader *r;
	char msg[3][512];
	size_t n[3];
	int err[3], way;
	FILE *f;

	(void)state;
	mutu_buf_puts(&all, a);
	mutu_buf_puts(&all, b);
	mutu_buf_puts(&all, a);
	free(a);
	free(b);
	/* through tmpfile, fmemopen and memory; checked once all is freed */
	for (way = 0; way < 3; way++) {
		f = NULL;
		if (way == 0) {
			f = tmpfile();
			assert_non_null(f);
			assert_int_equal(fwrite(all.ptr, 1, all.len, f), all.len);
			rewind(f);
		} else if (way == 1) {
			f = fmemopen(all.ptr, all.len, "r");
			assert_non_null(f);
		}
		if (f)
			assert_ok(mutu_yaml_reader_new_file(&r, f, NAME));
		else
			assert_ok(mutu_yaml_reader_new(&r, all.ptr, all.len, NAME));
		n[way] = read_all(r, &err[way]);
		snprintf(msg[way], sizeof(msg[way]), "%s", mutu_error_last());
		mutu_yaml_reader_free(r);
		if (f)
			fclose(f);
	}
	mutu_buf_free(&all);
	for (way = 0; way < 3; way++) {
		assert_int_equal(n[way], 1);
		assert_int_equal(err[way], MUTU_EDATA);
		assert_contains(msg[way], "larger than");
		/* the second document starts on line 3 */
		unit_assert_at(msg[way], NAME, 3, 0);
		unit_assert_position(msg[way], NAME);
	}
}

static void the_document_bound_is_per_document_in_a_stream(void **state)
{
	/* 3 documents of 800 KiB: 2.4 MiB in all, each under the bound */
	char *text = big_stream(3, 800 * 1024);
	mutu_yaml_reader *r;
	FILE *f = fmemopen(text, strlen(text), "r");
	size_t n;
	int err;

	(void)state;
	assert_non_null(f);
	assert_ok(mutu_yaml_reader_new_file(&r, f, NAME));
	n = read_all(r, &err);
	if (err < 0)
		fail_msg("%s", mutu_error_last());
	assert_int_equal(n, 3);
	mutu_yaml_reader_free(r);
	fclose(f);
	free(text);
}

static void types_plain_scalars_narrowly(void **state)
{
	mutu_value *v = parse_ok(
		"n1: null\nn2: ~\nn3:\nt: true\nf: false\ni: 42\nneg: -7\nzero: 0\n"
		"lead: 0123\nq1: \"1\"\nq2: '1'\nqn: \"null\"\nqt: 'true'\nexp: 1e3\n"
		"yes: yes\nno: no\non: on\nhex: 0x1F\noct: 0o17\nflt: 1.5\ndate: 2026-01-01\n"
		"inf: .inf\nsexa: 12:30\nplus: +1\nminus0: -0\nhuge: 99999999999999999999\n"
		"words: hello world\n");
	static const char *strings[][2] = {
		{ "lead", "0123" }, { "q1", "1" }, { "q2", "1" }, { "qn", "null" },
		{ "qt", "true" }, { "exp", "1e3" }, { "yes", "yes" }, { "no", "no" },
		{ "on", "on" }, { "hex", "0x1F" }, { "oct", "0o17" }, { "flt", "1.5" },
		{ "date", "2026-01-01" }, { "inf", ".inf" }, { "sexa", "12:30" },
		{ "huge", "99999999999999999999" }, { "words", "hello world" },
	};
	size_t i;

	(void)state;
	assert_int_equal(mutu_map_get(v, "n1")->type, MUTU_NULL);
	assert_int_equal(mutu_map_get(v, "n2")->type, MUTU_NULL);
	assert_int_equal(mutu_map_get(v, "n3")->type, MUTU_NULL);
	assert_int_equal(mutu_map_get(v, "t")->type, MUTU_BOOL);
	assert_true(mutu_map_get(v, "t")->u.truth);
	assert_int_equal(mutu_map_get(v, "f")->type, MUTU_BOOL);
	assert_false(mutu_map_get(v, "f")->u.truth);
	assert_int_equal(mutu_map_get(v, "i")->type, MUTU_INT);
	assert_int_equal(mutu_map_get(v, "i")->u.num, 42);
	assert_int_equal(mutu_map_get(v, "neg")->type, MUTU_INT);
	assert_int_equal(mutu_map_get(v, "neg")->u.num, -7);
	assert_int_equal(mutu_map_get(v, "zero")->type, MUTU_INT);
	assert_int_equal(mutu_map_get(v, "zero")->u.num, 0);
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		const mutu_value *s = mutu_map_get(v, strings[i][0]);

		assert_non_null(s);
		if (s->type != MUTU_STR)
			fail_msg("'%s' is a %s, not a string", strings[i][0], mutu_type_name(s->type));
		assert_string_equal(s->u.str, strings[i][1]);
	}
	mutu_value_free(v);
}

static void reads_sequences_and_nested_mappings_in_order(void **state)
{
	mutu_value *v = parse_ok("title: Perceuse\ntags:\n  - a\n  - b\nvoting:\n  z: 1\n  a: 2\n"
				 "flow: [x, {k: v}]\n");
	const mutu_value *tags = mutu_map_get(v, "tags"), *voting = mutu_map_get(v, "voting");

	(void)state;
	assert_string_equal(v->u.map.fields[0].key, "title");
	assert_string_equal(v->u.map.fields[1].key, "tags");
	assert_string_equal(v->u.map.fields[2].key, "voting");
	assert_int_equal(tags->type, MUTU_SEQ);
	assert_int_equal(tags->u.seq.len, 2);
	assert_string_equal(tags->u.seq.items[1]->u.str, "b");
	assert_string_equal(voting->u.map.fields[0].key, "z");
	assert_string_equal(voting->u.map.fields[1].key, "a");
	assert_int_equal(mutu_map_get(v, "flow")->u.seq.items[1]->type, MUTU_MAP);
	mutu_value_free(v);
}

static void remembers_where_keys_and_values_were_read(void **state)
{
	mutu_value *v = parse_ok("# comment\ntitle: Perceuse\nkind:   tool\ntags:\n  - a\n");
	const mutu_field *f = mutu_map_field(v, "kind");

	(void)state;
	assert_int_equal(v->line, 2);
	assert_int_equal(v->col, 1);
	assert_int_equal(f->line, 3);
	assert_int_equal(f->col, 1);
	assert_int_equal(f->value->line, 3);
	assert_int_equal(f->value->col, 9);
	assert_int_equal(mutu_map_get(v, "tags")->u.seq.items[0]->line, 5);
	assert_int_equal(mutu_map_get(v, "tags")->u.seq.items[0]->col, 5);
	mutu_value_free(v);
}

static void reads_a_multi_document_stream(void **state)
{
	static const char text[] = "a: 1\n---\nb: 2\n...\n---\n# c\nc: 3\n";
	const char *keys[] = { "a", "b", "c" };
	unsigned lines[] = { 1, 2, 5 };
	mutu_yaml_reader *r;
	mutu_value *v;
	size_t i;
	FILE *f;
	int pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		f = NULL;
		if (pass == 0) {
			assert_ok(mutu_yaml_reader_new(&r, text, sizeof(text) - 1, NAME));
		} else {
			f = fmemopen((void *)text, sizeof(text) - 1, "r");
			assert_non_null(f);
			assert_ok(mutu_yaml_reader_new_file(&r, f, NAME));
		}
		for (i = 0; i < 3; i++) {
			assert_int_equal(mutu_yaml_reader_next(&v, r), 1);
			assert_non_null(v);
			assert_int_equal(v->u.map.len, 1);
			assert_string_equal(v->u.map.fields[0].key, keys[i]);
			assert_int_equal(mutu_map_get(v, keys[i])->u.num, (long long)i + 1);
			assert_int_equal(mutu_yaml_reader_line(r), lines[i]);
			mutu_value_free(v);
		}
		assert_int_equal(mutu_yaml_reader_next(&v, r), 0);
		assert_null(v);
		assert_int_equal(mutu_yaml_reader_next(&v, r), 0);
		mutu_yaml_reader_free(r);
		if (f)
			fclose(f);
	}
}

static void a_stream_stops_at_its_first_bad_document(void **state)
{
	static const char text[] = "a: 1\n---\nb: 2\n---\n- not a map\n---\nd: 4\n";
	mutu_yaml_reader *r;
	mutu_value *v;

	(void)state;
	assert_ok(mutu_yaml_reader_new(&r, text, sizeof(text) - 1, NAME));
	assert_int_equal(mutu_yaml_reader_next(&v, r), 1);
	mutu_value_free(v);
	assert_int_equal(mutu_yaml_reader_next(&v, r), 1);
	mutu_value_free(v);
	assert_code(mutu_yaml_reader_next(&v, r), MUTU_EDATA);
	unit_assert_at(mutu_error_last(), NAME, 5, 1);
	assert_contains(mutu_error_last(), "not a mapping");
	assert_null(v);
	mutu_yaml_reader_free(r);
}

static void an_empty_stream_has_no_documents(void **state)
{
	mutu_yaml_reader *r;
	mutu_value *v = (mutu_value *)0x1;

	(void)state;
	assert_ok(mutu_yaml_reader_new(&r, "", 0, NAME));
	assert_int_equal(mutu_yaml_reader_next(&v, r), 0);
	assert_null(v);
	mutu_yaml_reader_free(r);
}

/* --- writing --- */

static char *emit(const mutu_value *m)
{
	mutu_buf b = MUTU_BUF_INIT;

	if (mutu_yaml_emit(&b, m) != 0)
		fail_msg("emit failed: %s", mutu_error_last());
	return mutu_buf_detach(&b);
}

static const char *corpus[] = {
	"plain", "Perceuse à percussion", "yes", "no", "on", "off", "y", "n", "Yes", "NO",
	"On", "OFF", "true", "false", "True", "FALSE", "null", "Null", "NULL", "~", "",
	"0", "0123", "123", "-1", "+1", "1e3", "1.5", ".5", "1_000", "0x1F", "0o17",
	".inf", "-.inf", ".nan", "12:30", "2026-01-01", "2026-01-01T00:00:00Z", "- x",
	"-", "--", "---", "...", "a: b", "a:b", "a:", ":", ": a", "? x", "?", "#x", "#",
	"a #b", "a#b", "&a", "*a", "!x", "!!str", "%x", "@x", "`x", "|", ">", "|-",
	"'", "\"", "'quoted'", "\"dq\"", "[a]", "{a}", "a, b", ",", "=", "<<",
	" leading", "trailing ", "  both  ", " ", "\t", "a\tb", "tab at end\t",
	"line1\nline2", "line1\nline2\n", "line1\nline2\n\n", "\nleading newline",
	"trailing spaces \nnext", "spaces  \n  indented\n", "  indented first\nx",
	"a\r\nb", "cr\ronly", "a\\b", "back\\slash\\n", "é", "Échelle", "日本語",
	"🔧 perceuse", "🔧", "zero\xe2\x80\x8bwidth", "nbsp\xc2\xa0here", "\xc2\xa0lead",
	"line\xe2\x80\xa8sep", "next\xc2\x85line", "bom\xef\xbb\xbfin", "\x7f" "del",
	"bell\x07", "esc\x1b[31m", "ends with colon:", "a - b", "x: y: z",
	"very long line that goes on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on",
};

static void write_read_write_gives_the_same_bytes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		mutu_value *m = mutu_value_map(), *back = NULL;
		char *first, *second;
		const char *got;

		assert_ok(mutu_map_set_str(m, "k", corpus[i]));
		first = emit(m);
		mutu_error_clear();
		if (mutu_yaml_parse(&back, first, strlen(first), NAME) != 0)
			fail_msg("corpus[%zu]: cannot read back\n%s\n%s", i, first, mutu_error_last());
		got = mutu_map_str(back, "k");
		if (!got || strcmp(got, corpus[i]) != 0)
			fail_msg("corpus[%zu] '%s' read back as %s '%s' from\n%s", i, corpus[i],
				 mutu_type_name(mutu_map_get(back, "k")->type), got ? got : "?", first);
		second = emit(back);
		if (strcmp(first, second) != 0)
			fail_msg("corpus[%zu]: second emission differs:\n%s---\n%s", i, first, second);
		free(first);
		free(second);
		mutu_value_free(m);
		mutu_value_free(back);
	}
}

static void tricky_keys_round_trip_too(void **state)
{
	mutu_value *m = mutu_value_map(), *back = NULL;
	char *first, *second;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++)
		if (!strchr(corpus[i], '\n') && strlen(corpus[i]) < 100)
			assert_ok(mutu_map_set(m, corpus[i], mutu_value_int((long long)i)));
	first = emit(m);
	if (mutu_yaml_parse(&back, first, strlen(first), NAME) != 0)
		fail_msg("cannot read back\n%s\n%s", first, mutu_error_last());
	assert_true(mutu_value_equal(m, back));
	for (i = 0; i < m->u.map.len; i++)
		assert_string_equal(back->u.map.fields[i].key, m->u.map.fields[i].key);
	second = emit(back);
	assert_string_equal(first, second);
	free(first);
	free(second);
	mutu_value_free(m);
	mutu_value_free(back);
}

static void emission_is_canonical(void **state)
{
	mutu_value *m = mutu_value_map(), *tags = mutu_value_seq(), *sub = mutu_value_map();
	char *text;

	(void)state;
	mutu_map_set_str(m, "title", "Perceuse");
	mutu_map_set_str(m, "kind", "yes");
	mutu_map_set_str(m, "code", "0123");
	mutu_map_set(m, "num", mutu_value_int(42));
	mutu_map_set(m, "ok", mutu_value_bool(0));
	mutu_map_set(m, "z", mutu_value_null());
	mutu_seq_push(tags, mutu_value_str("a"));
	mutu_seq_push(tags, mutu_value_str("on"));
	mutu_map_set(m, "tags", tags);
	mutu_map_set_str(sub, "method", "yes-no");
	mutu_map_set(m, "voting", sub);
	mutu_map_set_str(m, "body", "line 1\nline 2\n");
	mutu_map_set_str(m, "note", "line 1\nline 2");
	text = emit(m);
	assert_string_equal(text,
			    "title: Perceuse\n"
			    "kind: \"yes\"\n"
			    "code: \"0123\"\n"
			    "num: 42\n"
			    "ok: false\n"
			    "z: null\n"
			    "tags:\n"
			    "- a\n"
			    "- \"on\"\n"
			    "voting:\n"
			    "  method: yes-no\n"
			    "body: |\n"
			    "  line 1\n"
			    "  line 2\n"
			    "note: |-\n"
			    "  line 1\n"
			    "  line 2\n");
	free(text);
	mutu_value_free(m);
}

static void emission_keeps_text_readable(void **state)
{
	mutu_value *m = mutu_value_map();
	char *text;

	(void)state;
	mutu_map_set_str(m, "title", "Échelle 日本語");
	text = emit(m);
	assert_string_equal(text, "title: Échelle 日本語\n");
	free(text);
	mutu_value_free(m);
}

static void emitting_an_empty_map_reads_back_as_a_map(void **state)
{
	mutu_value *m = mutu_value_map(), *back = NULL;
	char *text = emit(m);

	(void)state;
	assert_ok(mutu_yaml_parse(&back, text, strlen(text), NAME));
	assert_int_equal(back->type, MUTU_MAP);
	assert_int_equal(back->u.map.len, 0);
	free(text);
	mutu_value_free(m);
	mutu_value_free(back);
}

static void emission_appends_to_what_the_buffer_holds(void **state)
{
	mutu_value *m = mutu_value_map();
	mutu_buf b = MUTU_BUF_INIT;

	(void)state;
	mutu_map_set_str(m, "a", "x1");
	mutu_buf_puts(&b, "---\n");
	assert_ok(mutu_yaml_emit(&b, m));
	assert_ok(mutu_yaml_emit(&b, m));
	assert_string_equal(mutu_buf_cstr(&b), "---\na: x1\na: x1\n");
	mutu_buf_free(&b);
	mutu_value_free(m);
}

/* An emoji is 4 bytes read and 10 written (\\U0001F527): a record near the
 * reading bound could be written out of reach of every later read. */
static void emission_refuses_what_no_reader_would_take_back(void **state)
{
	mutu_value *m = mutu_value_map();
	mutu_buf b = MUTU_BUF_INIT, s = MUTU_BUF_INIT;
	char key[16];
	int i, n;

	(void)state;
	for (n = 0; n < 4 * 16384; n++)
		mutu_buf_puts(&s, "\xf0\x9f\x94\xa7");  /* 256 KiB read */
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		mutu_map_set_str(m, key, mutu_buf_cstr(&s));
	}
	mutu_buf_puts(&b, "kept\n");
	mutu_error_clear();
	assert_int_equal(mutu_yaml_emit(&b, m), MUTU_EDATA);
	assert_contains(mutu_error_last(), "1048576");
	assert_string_equal(mutu_buf_cstr(&b), "kept\n");
	mutu_buf_free(&b);
	mutu_buf_free(&s);
	mutu_value_free(m);
}

static void needs_quotes_for_strings_another_reader_would_retype(void **state)
{
	static const char *quote[] = {
		"", "yes", "no", "on", "off", "y", "n", "Y", "N", "Yes", "NO", "On", "OFF",
		"true", "false", "True", "FALSE", "null", "Null", "NULL", "~", "0", "0123",
		"123", "-1", "+1", "1e3", "1.5", ".5", "1_000", "0x1F", ".inf", "-.inf", ".nan",
		"12:30", "2026-01-01", "- x", "-", "---", "...", "a: b", "a:", ":", "? x", "?",
		"#x", "#", "a #b", "&a", "*a", "!x", "%x", "@x", "`x", "|", ">", "'", "\"",
		"[a]", "]", "{a}", "}", ",", " leading", "trailing ", "\t", "a\tb", "bell\x07",
		"esc\x1b", "\x7f" "del", "line1\nline2", "cr\r",
	};
	static const char *plain[] = {
		"plain", "Perceuse à percussion", "yes-no", "a:b", "a#b", "a-b", "hello world",
		"é", "日本語", "🔧 perceuse", "perceuse 🔧", "x1", "a, b", "bricolage",
		"open", "tool", "alice@example.org",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(quote) / sizeof(quote[0]); i++)
		if (!mutu_yaml_needs_quotes(quote[i]))
			fail_msg("'%s' should need quotes", quote[i]);
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (mutu_yaml_needs_quotes(plain[i]))
			fail_msg("'%s' should not need quotes", plain[i]);
}

/* The contract is "must be quoted to stay a string for every reader":
 * strings that merely start with a digit but are no number, date or time
 * in YAML 1.1 or 1.2 stay plain (rules.yaml's "discussion: 7d"). */
static void needs_quotes_only_when_some_reader_would_retype(void **state)
{
	static const char *plain[] = { "7d", "14d", "2w", "1x", "3-pin plug", "2nd floor", "4K" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (mutu_yaml_needs_quotes(plain[i]))
			fail_msg("'%s' should not need quotes", plain[i]);
}

static void values_of_every_type_round_trip(void **state)
{
	mutu_value *m = mutu_value_map(), *seq = mutu_value_seq(), *inner = mutu_value_map();
	mutu_value *back = NULL;
	char *first, *second;

	(void)state;
	mutu_map_set(m, "i", mutu_value_int(-9223372036854775807LL - 1));
	mutu_map_set(m, "j", mutu_value_int(9223372036854775807LL));
	mutu_map_set(m, "t", mutu_value_bool(1));
	mutu_map_set(m, "z", mutu_value_null());
	mutu_seq_push(seq, mutu_value_str("yes"));
	mutu_seq_push(seq, mutu_value_int(1));
	mutu_seq_push(seq, mutu_value_str("1"));
	mutu_seq_push(seq, mutu_value_str("multi\nline\n"));
	mutu_map_set_str(inner, "deep", "~");
	mutu_seq_push(seq, inner);
	mutu_map_set(m, "s", seq);
	mutu_map_set(m, "e", mutu_value_seq());
	mutu_map_set(m, "em", mutu_value_map());
	first = emit(m);
	if (mutu_yaml_parse(&back, first, strlen(first), NAME) != 0)
		fail_msg("cannot read back\n%s\n%s", first, mutu_error_last());
	assert_true(mutu_value_equal(m, back));
	second = emit(back);
	assert_string_equal(first, second);
	free(first);
	free(second);
	mutu_value_free(m);
	mutu_value_free(back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses_aliases),
		cmocka_unit_test(refuses_anchors),
		cmocka_unit_test(refuses_explicit_tags),
		cmocka_unit_test(refuses_duplicate_keys),
		cmocka_unit_test(refuses_keys_that_are_not_strings),
		cmocka_unit_test(refuses_invalid_utf8),
		cmocka_unit_test(refuses_invalid_utf8_naming_the_right_line),
		cmocka_unit_test(refuses_utf16_whatever_its_byte_order_mark),
		cmocka_unit_test(skips_a_utf8_byte_order_mark),
		cmocka_unit_test(refuses_nul_characters),
		cmocka_unit_test(refuses_documents_that_are_not_mappings),
		cmocka_unit_test(refuses_more_than_one_document),
		cmocka_unit_test(refuses_malformed_yaml_with_a_position),
		cmocka_unit_test(accepts_nesting_up_to_the_limit),
		cmocka_unit_test(refuses_nesting_deeper_than_the_limit),
		cmocka_unit_test(accepts_a_scalar_of_the_maximum_size),
		cmocka_unit_test(refuses_a_scalar_over_the_maximum_size),
		cmocka_unit_test(refuses_a_document_over_the_maximum_size_from_memory),
		cmocka_unit_test(refuses_a_document_over_the_maximum_size_from_a_stream),
		cmocka_unit_test(the_document_bound_is_per_document_in_a_stream),
		cmocka_unit_test(types_plain_scalars_narrowly),
		cmocka_unit_test(reads_sequences_and_nested_mappings_in_order),
		cmocka_unit_test(remembers_where_keys_and_values_were_read),
		cmocka_unit_test(reads_a_multi_document_stream),
		cmocka_unit_test(a_stream_stops_at_its_first_bad_document),
		cmocka_unit_test(an_empty_stream_has_no_documents),
		cmocka_unit_test(write_read_write_gives_the_same_bytes),
		cmocka_unit_test(tricky_keys_round_trip_too),
		cmocka_unit_test(emission_is_canonical),
		cmocka_unit_test(emission_keeps_text_readable),
		cmocka_unit_test(emitting_an_empty_map_reads_back_as_a_map),
		cmocka_unit_test(emission_appends_to_what_the_buffer_holds),
		cmocka_unit_test(emission_refuses_what_no_reader_would_take_back),
		cmocka_unit_test(needs_quotes_for_strings_another_reader_would_retype),
		cmocka_unit_test(needs_quotes_only_when_some_reader_would_retype),
		cmocka_unit_test(values_of_every_type_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
