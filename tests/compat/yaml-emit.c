/*
 * yaml-emit — mutu's side of the YAML reader compatibility check.
 *
 *   yaml-emit [--expect FILE] STRINGS   the canonical YAML stream on stdout
 *   yaml-emit --check STRINGS           mutu's own reader on that stream
 *
 * STRINGS is tests/compat/strings.txt: one string a line, with C-style
 * escapes (\n \t \r \\ \xNN \uXXXX \UXXXXXXXX, and \& for nothing, so
 * that "\&" alone is the empty string); '#' starts a comment line and
 * "## NAME" a section; blank lines are skipped. A raw tab, carriage
 * return or trailing space is refused, since an editor would lose it, and
 * so is anything that does not decode to UTF-8 without NUL.
 *
 * For each string s, two documents, each through mutu_yaml_emit and each
 * after a "---" line of its own:
 *
 *   v: s          s as a value and as a list item
 *   l:
 *   - s
 *   ---
 *   s:            s as a key, at the top (where "---" and "..." would
 *     s: 0        be markers) and nested
 *
 * --expect FILE writes one line per string: "SECTION LINE HEX" (tab-
 * separated; LINE in STRINGS, HEX the string's UTF-8 bytes), which is how
 * check.py and check.mjs know what each pair of documents must hold.
 *
 * --check reads every document back with mutu_yaml_parse, and the whole
 * stream with mutu_yaml_reader, and prints one result line per section,
 * "ok - mutu: SECTION (N strings)" or "not ok - ...", then "# " lines
 * saying what differed: the value, the list item and both keys must come
 * back as the same string; emitting what was read must give the same
 * bytes; and strings of a "plain-*" section must be written unquoted
 * (mutu quotes no more than it must). run.sh numbers these lines as TAP.
 *
 * Exit status: 0, 1 if a check failed, 2 usage or a bad STRINGS file.
 */
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/record.h"
#include "lib/utf8.h"
#include "lib/yaml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHOWN 5 /* failures described per section */

struct entry {
	char *text;
	size_t len;
	unsigned line;
	size_t section; /* index into sections */
};

struct corpus {
	struct entry *entries;
	size_t len, cap;
	char **sections;
	size_t nsections;
};

static const char *path;

static int bad_line(unsigned line, const char *what)
{
	fprintf(stderr, "yaml-emit: %s:%u: %s\n", path, line, what);
	return -1;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n hex digits at s, or -1. */
static long hex_run(const char *s, int n)
{
	long v = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		if ((d = hex_digit((unsigned char)s[i])) < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static void put_utf8(mutu_buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		mutu_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		mutu_buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		mutu_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		mutu_buf_put(b, u, 4);
	}
}

/* Decode one corpus line (without its newline) into out. */
static int decode(mutu_buf *out, const char *s, size_t len, unsigned line)
{
	size_t i;
	long v;
	int n;

	if (len && (s[len - 1] == ' '))
		return bad_line(line, "raw trailing space: write it \\x20");
	for (i = 0; i < len; i++) {
		if (s[i] == '\t' || s[i] == '\r')
			return bad_line(line, "raw tab or carriage return: write it \\t or \\r");
		if (s[i] != '\\') {
			mutu_buf_putc(out, s[i]);
			continue;
		}
		if (++i == len)
			return bad_line(line, "backslash at the end of the line");
		switch (s[i]) {
		case 'n':
			mutu_buf_putc(out, '\n');
			continue;
		case 't':
			mutu_buf_putc(out, '\t');
			continue;
		case 'r':
			mutu_buf_putc(out, '\r');
			continue;
		case '\\':
			mutu_buf_putc(out, '\\');
			continue;
		case '&':
			continue;
		case 'x':
			n = 2;
			break;
		case 'u':
			n = 4;
			break;
		case 'U':
			n = 8;
			break;
		default:
			return bad_line(line, "unknown escape");
		}
		if (len - i - 1 < (size_t)n || (v = hex_run(s + i + 1, n)) < 0)
			return bad_line(line, "escape without its hex digits");
		i += (size_t)n;
		if (v == 0)
			return bad_line(line, "NUL cannot be in a string");
		if (n == 2)
			mutu_buf_putc(out, (char)v); /* a byte: checked as UTF-8 below */
		else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return bad_line(line, "not a Unicode scalar value");
		else
			put_utf8(out, (unsigned long)v);
	}
	if (!mutu_utf8_valid(out->ptr ? out->ptr : "", out->len))
		return bad_line(line, "not UTF-8");
	return 0;
}

/* Whether the last section, if any, holds a string: an empty one would
 * print no result line at all, which nothing downstream could notice. */
static int last_section_filled(const struct corpus *c, unsigned line)
{
	if (c->nsections && (c->len == 0 || c->entries[c->len - 1].section != c->nsections - 1))
		return bad_line(line, "the section before this line has no strings");
	return 0;
}

static int add_section(struct corpus *c, const char *name, unsigned line)
{
	char **more;

	if (last_section_filled(c, line) < 0)
		return -1;
	more = realloc(c->sections, (c->nsections + 1) * sizeof(*more));

	if (!more || !(more[c->nsections] = strdup(name))) {
		if (more)
			c->sections = more;
		return bad_line(0, "out of memory");
	}
	c->sections = more;
	c->nsections++;
	return 0;
}

static int add_entry(struct corpus *c, mutu_buf *text, unsigned line)
{
	if (c->len == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		struct entry *more = realloc(c->entries, cap * sizeof(*more));

		if (!more)
			return bad_line(line, "out of memory");
		c->entries = more;
		c->cap = cap;
	}
	if (mutu_buf_check(text) < 0)
		return bad_line(line, "out of memory");
	c->entries[c->len].len = text->len;
	c->entries[c->len].text = mutu_buf_detach(text);
	c->entries[c->len].line = line;
	c->entries[c->len].section = c->nsections - 1;
	if (!c->entries[c->len].text)
		return bad_line(line, "out of memory");
	c->len++;
	return 0;
}

static int read_corpus(struct corpus *c, FILE *f)
{
	char *s = NULL;
	size_t cap = 0, len;
	ssize_t got;
	unsigned line = 0;
	int err = 0;

	while (err == 0 && (got = getline(&s, &cap, f)) >= 0) {
		mutu_buf text = MUTU_BUF_INIT;

		line++;
		len = (size_t)got;
		if (len && s[len - 1] == '\n')
			s[--len] = '\0';
		if (strlen(s) != len) {
			err = bad_line(line, "NUL byte in the file");
		} else if (len == 0) {
			continue;
		} else if (strncmp(s, "## ", 3) == 0) {
			if (strcspn(s + 3, " \t") != len - 3 || len == 3)
				err = bad_line(line, "a section name is one word");
			else
				err = add_section(c, s + 3, line);
		} else if (s[0] == '#') {
			continue;
		} else if (c->nsections == 0) {
			err = bad_line(line, "a string before the first section");
		} else if ((err = decode(&text, s, len, line)) == 0) {
			err = add_entry(c, &text, line);
		}
		mutu_buf_free(&text);
	}
	free(s);
	if (err == 0 && ferror(f))
		err = bad_line(line, strerror(errno));
	if (err == 0 && c->len == 0)
		err = bad_line(line, "no strings");
	if (err == 0)
		err = last_section_filled(c, line + 1);
	return err;
}

/* The two documents for s (see the top of this file), without markers. */
static int emit_pair(mutu_buf *a, mutu_buf *b, const char *s)
{
	mutu_value *doc = mutu_value_map(), *seq = mutu_value_seq();
	mutu_value *key = mutu_value_map(), *inner = mutu_value_map();
	int err = -1;

	if (!doc || !seq || !key || !inner) {
		mutu_value_free(seq);
		mutu_value_free(inner);
		goto out;
	}
	if (mutu_map_append(doc, "v", mutu_value_str(s)) < 0 ||
	    mutu_seq_push(seq, mutu_value_str(s)) < 0 || mutu_map_append(doc, "l", seq) < 0 ||
	    mutu_map_append(inner, s, mutu_value_int(0)) < 0 || mutu_map_append(key, s, inner) < 0)
		goto out;
	if (mutu_yaml_emit(a, doc) < 0 || mutu_yaml_emit(b, key) < 0)
		goto out;
	err = 0;
out:
	mutu_value_free(doc);
	mutu_value_free(key);
	return err;
}

/* s, escaped for one diagnostic line, cut to a readable length. */
static void show(mutu_buf *out, const char *s, size_t max)
{
	mutu_buf all = MUTU_BUF_INIT;

	mutu_utf8_escape(&all, s, MUTU_ESCAPE_BACKSLASH);
	if (all.len > max) {
		mutu_buf_put(out, all.ptr, mutu_utf8_cut(all.ptr, max));
		mutu_buf_printf(out, "... (%zu bytes)", strlen(s));
	} else {
		mutu_buf_put(out, all.ptr, all.len);
	}
	mutu_buf_free(&all);
}

static const char *str_of(const mutu_value *v)
{
	return v && v->type == MUTU_STR ? v->u.str : NULL;
}

/* What mutu's reader got wrong in document a ("v: s, l: [s]"), or NULL. */
static const char *check_value_doc(const mutu_value *d, const char *s)
{
	const mutu_value *l;
	const char *got;

	if (d->u.map.len != 2)
		return "the document does not have exactly the keys v and l";
	if (!(got = str_of(mutu_map_get(d, "v"))) || strcmp(got, s) != 0)
		return "v is not the string";
	l = mutu_map_get(d, "l");
	if (!l || l->type != MUTU_SEQ || l->u.seq.len != 1)
		return "l is not a list of one item";
	if (!(got = str_of(l->u.seq.items[0])) || strcmp(got, s) != 0)
		return "the list item is not the string";
	return NULL;
}

/* The same for document b ("s: {s: 0}"). */
static const char *check_key_doc(const mutu_value *d, const char *s)
{
	const mutu_value *inner;

	if (d->u.map.len != 1 || strcmp(d->u.map.fields[0].key, s) != 0)
		return "the top-level key is not the string";
	inner = d->u.map.fields[0].value;
	if (inner->type != MUTU_MAP || inner->u.map.len != 1 ||
	    strcmp(inner->u.map.fields[0].key, s) != 0)
		return "the nested key is not the string";
	if (inner->u.map.fields[0].value->type != MUTU_INT ||
	    inner->u.map.fields[0].value->u.num != 0)
		return "the nested key's value is not 0";
	return NULL;
}

/* Read one emitted document back; NULL on success, else what failed
 * (details appended to why). */
static const char *read_back(const mutu_buf *doc, const char *s, int is_key, mutu_buf *why)
{
	mutu_value *d = NULL;
	mutu_buf again = MUTU_BUF_INIT;
	const char *what;

	mutu_error_clear();
	if (mutu_yaml_parse(&d, mutu_buf_cstr(doc), doc->len, "doc") < 0) {
		mutu_buf_puts(why, mutu_error_last());
		return "mutu_yaml_parse refused it";
	}
	what = is_key ? check_key_doc(d, s) : check_value_doc(d, s);
	if (!what && (mutu_yaml_emit(&again, d) < 0 || again.len != doc->len ||
		      memcmp(again.ptr, doc->ptr, doc->len) != 0)) {
		what = "emitting what was read gives other bytes";
		show(why, mutu_buf_cstr(&again), 300);
	}
	mutu_buf_free(&again);
	mutu_value_free(d);
	return what;
}

/* Whether a plain-* string came out unquoted, as a value, item and key. */
static int written_plain(const mutu_buf *a, const mutu_buf *b, const char *s)
{
	mutu_buf want = MUTU_BUF_INIT;
	int ok;

	mutu_buf_printf(&want, "v: %s\nl:\n- %s\n", s, s);
	ok = strcmp(mutu_buf_cstr(a), mutu_buf_cstr(&want)) == 0;
	mutu_buf_clear(&want);
	mutu_buf_printf(&want, "%s:\n  %s: 0\n", s, s);
	ok = ok && strcmp(mutu_buf_cstr(b), mutu_buf_cstr(&want)) == 0;
	mutu_buf_free(&want);
	return ok;
}

struct tally {
	size_t n, failed;
	mutu_buf diag;
};

static void fail_entry(struct tally *t, const struct entry *e, const char *what,
		       const mutu_buf *doc, const mutu_buf *why)
{
	if (t->failed++ >= MAX_SHOWN)
		return;
	mutu_buf_printf(&t->diag, "#   %s:%u: ", path, e->line);
	show(&t->diag, e->text, 120);
	mutu_buf_printf(&t->diag, ": %s\n#     emitted: ", what);
	show(&t->diag, mutu_buf_cstr(doc), 300);
	mutu_buf_putc(&t->diag, '\n');
	if (why && why->len) {
		mutu_buf_puts(&t->diag, "#     ");
		show(&t->diag, mutu_buf_cstr(why), 300);
		mutu_buf_putc(&t->diag, '\n');
	}
}

static void report(const char *reader, const char *section, struct tally *t)
{
	if (t->failed)
		printf("not ok - %s: %s (%zu of %zu strings fail)\n", reader, section, t->failed,
		       t->n);
	else
		printf("ok - %s: %s (%zu strings)\n", reader, section, t->n);
	fputs(mutu_buf_cstr(&t->diag), stdout);
	if (t->failed > MAX_SHOWN)
		printf("#   ... and %zu more\n", t->failed - MAX_SHOWN);
	mutu_buf_free(&t->diag);
	t->n = t->failed = 0;
}

/* Read the whole stream as mutu_yaml_reader does a multi-record file: the
 * "---" markers must separate the documents and nothing else. */
static int check_stream(const struct corpus *c, const mutu_buf *stream)
{
	struct tally t = {0, 0, MUTU_BUF_INIT};
	mutu_yaml_reader *r;
	mutu_value *d = NULL;
	const char *what;
	size_t i;
	int got = 1, k;

	if (mutu_yaml_reader_new(&r, mutu_buf_cstr(stream), stream->len, "stream") < 0) {
		printf("not ok - mutu: the whole stream, read as one (%s)\n", mutu_error_last());
		return 1;
	}
	for (i = 0; i < c->len && got > 0; i++) {
		const struct entry *e = &c->entries[i];

		for (k = 0, what = NULL; k < 2 && got > 0; k++) {
			if ((got = mutu_yaml_reader_next(&d, r)) <= 0) {
				what = got < 0 ? mutu_error_last() : "the stream ends early";
				break;
			}
			if (!what)
				what = k ? check_key_doc(d, e->text) : check_value_doc(d, e->text);
			mutu_value_free(d);
		}
		if (what && t.failed++ < MAX_SHOWN)
			mutu_buf_printf(&t.diag, "#   %s:%u: %s\n", path, e->line, what);
	}
	if (got > 0 && mutu_yaml_reader_next(&d, r) != 0) {
		mutu_value_free(d);
		mutu_buf_puts(&t.diag, "#   documents after the last string\n");
		t.failed++;
	}
	mutu_yaml_reader_free(r);
	t.n = c->len;
	report("mutu", "the whole stream, read as one", &t);
	return t.failed != 0;
}

static int run(const struct corpus *c, int check, FILE *expect)
{
	mutu_buf a = MUTU_BUF_INIT, b = MUTU_BUF_INIT, stream = MUTU_BUF_INIT, why = MUTU_BUF_INIT;
	struct tally t = {0, 0, MUTU_BUF_INIT};
	int status = 0;
	size_t i, j;
	const char *what;

	for (i = 0; i < c->len; i++) {
		const struct entry *e = &c->entries[i];

		mutu_buf_clear(&a);
		mutu_buf_clear(&b);
		mutu_buf_clear(&why);
		if (emit_pair(&a, &b, e->text) < 0) {
			fprintf(stderr, "yaml-emit: %s:%u: cannot emit: %s\n", path, e->line,
				mutu_error_last());
			status = 1;
			mutu_buf_puts(&a, "# (not emitted)\n");
			mutu_buf_puts(&b, "# (not emitted)\n");
		}
		mutu_buf_printf(&stream, "---\n%s---\n%s", mutu_buf_cstr(&a), mutu_buf_cstr(&b));
		if (expect) {
			fprintf(expect, "%s\t%u\t", c->sections[e->section], e->line);
			for (j = 0; j < e->len; j++)
				fprintf(expect, "%02x", (unsigned char)e->text[j]);
			fputc('\n', expect);
		}
		if (!check)
			continue;
		t.n++;
		if ((what = read_back(&a, e->text, 0, &why)))
			fail_entry(&t, e, what, &a, &why);
		else if ((what = read_back(&b, e->text, 1, &why)))
			fail_entry(&t, e, what, &b, &why);
		else if (strncmp(c->sections[e->section], "plain", 5) == 0 &&
			 !written_plain(&a, &b, e->text))
			fail_entry(&t, e, "quoted, though no reader would retype it", &a, NULL);
		if (i + 1 == c->len || c->entries[i + 1].section != e->section) {
			status |= t.failed != 0;
			report("mutu", c->sections[e->section], &t);
		}
	}
	if (mutu_buf_check(&stream) < 0) {
		fprintf(stderr, "yaml-emit: %s\n", mutu_error_last());
		status = 1;
	} else if (check) {
		status |= check_stream(c, &stream);
	} else {
		fwrite(stream.ptr, 1, stream.len, stdout);
	}
	mutu_buf_free(&a);
	mutu_buf_free(&b);
	mutu_buf_free(&why);
	mutu_buf_free(&stream);
	return status;
}

static void corpus_free(struct corpus *c)
{
	size_t i;

	for (i = 0; i < c->len; i++)
		free(c->entries[i].text);
	for (i = 0; i < c->nsections; i++)
		free(c->sections[i]);
	free(c->entries);
	free(c->sections);
}

int main(int argc, char **argv)
{
	struct corpus c = {0};
	const char *expect_path = NULL;
	FILE *f, *expect = NULL;
	int check = 0, status;

	if (argc == 3 && strcmp(argv[1], "--check") == 0) {
		check = 1;
	} else if (argc == 4 && strcmp(argv[1], "--expect") == 0) {
		expect_path = argv[2];
	} else if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: yaml-emit [--expect FILE | --check] STRINGS\n");
		return 2;
	}
	path = argv[argc - 1];
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "yaml-emit: %s: %s\n", path, strerror(errno));
		return 2;
	}
	status = read_corpus(&c, f);
	fclose(f);
	if (status == 0 && expect_path && !(expect = fopen(expect_path, "w"))) {
		fprintf(stderr, "yaml-emit: %s: %s\n", expect_path, strerror(errno));
		status = -1;
	}
	if (status == 0) {
		status = run(&c, check, expect);
		if (expect && fclose(expect) != 0) {
			fprintf(stderr, "yaml-emit: %s: %s\n", expect_path, strerror(errno));
			status = 2;
		}
	} else {
		status = 2;
	}
	if (fflush(stdout) != 0)
		status = 2;
	corpus_free(&c);
	return status;
}
