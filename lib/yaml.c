/*
 * The reader drives libyaml's event parser and builds values itself, so it
 * can refuse what a record must never contain (aliases, tags, duplicate
 * keys) at the event that carries it, and stop reading input once a
 * document grows past its bound, before libyaml buffers any more of it.
 */
#include "yaml.h"

#include "error.h"
#include "i18n.h"
#include "utf8.h"

#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* A copy of what was last handed to libyaml from a stream, so that an
 * encoding error, which libyaml reports as a byte offset, can be turned
 * into a line and column. Two chunks cover libyaml's read-ahead. */
struct chunk {
	size_t start, len;
	unsigned line, col;     /* position of the chunk's first byte (0-based) */
	unsigned char *data;
};

struct mutu_yaml_reader {
	yaml_parser_t parser;
	struct chunk chunks[2];
	unsigned line, col;     /* position after everything consumed */
	const char *name;
	const char *data;        /* memory input, or NULL */
	size_t len, pos;
	FILE *file;              /* stream input, or NULL */
	size_t consumed;         /* bytes handed to libyaml so far */
	size_t doc_start;        /* consumed when the current document began */
	size_t doc_mark;         /* libyaml's offset of the document's start */
	unsigned doc_col;
	unsigned doc_line;
	int done, failed;
};

/* Feed libyaml, refusing to read far past the document bound. */
static int read_input(void *ctx, unsigned char *buf, size_t size, size_t *got)
{
	mutu_yaml_reader *r = ctx;
	size_t n;

	if (r->consumed - r->doc_start > MUTU_YAML_MAX_DOCUMENT + 65536) {
		r->failed = 1;
		return 0;
	}
	if (r->data) {
		n = r->len - r->pos < size ? r->len - r->pos : size;
		memcpy(buf, r->data + r->pos, n);
		r->pos += n;
	} else {
		struct chunk *c = &r->chunks[0];
		size_t i;

		n = fread(buf, 1, size, r->file);
		if (n == 0 && ferror(r->file))
			return 0;
		/* keep this chunk and the one before it: the older buffer is reused */
		unsigned char *spare = realloc(r->chunks[1].data, size ? size : 1);

		if (!spare)
			return 0;  /* chunks[1] keeps its buffer, freed with the reader */
		r->chunks[1] = r->chunks[0];
		c->data = spare;
		memcpy(c->data, buf, n);
		c->start = r->consumed;
		c->len = n;
		c->line = r->line;
		c->col = r->col;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				r->line++, r->col = 0;
			else if ((buf[i] & 0xc0) != 0x80)
				r->col++;
		}
	}
	r->consumed += n;
	*got = n;
	return 1;
}

static int reader_init(mutu_yaml_reader **out, const char *name)
{
	mutu_yaml_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return mutu_error_nomem();
	if (!yaml_parser_initialize(&r->parser)) {
		free(r);
		return mutu_error_nomem();
	}
	r->name = name ? name : "-";
	r->doc_line = r->doc_col = 1;   /* until a document starts: its beginning */
	/* UTF-8 only: left to guess, libyaml would take a UTF-16 byte order
	 * mark and read the rest as UTF-16. A UTF-8 one is still skipped. */
	yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input(&r->parser, read_input, r);
	*out = r;
	return 0;
}

int mutu_yaml_reader_new(mutu_yaml_reader **out, const char *data, size_t len,
			 const char *name)
{
	int err = reader_init(out, name);

	if (err == 0) {
		(*out)->data = data ? data : "";
		(*out)->len = len;
	}
	return err;
}

int mutu_yaml_reader_new_file(mutu_yaml_reader **out, FILE *f, const char *name)
{
	int err = reader_init(out, name);

	if (err == 0)
		(*out)->file = f;
	return err;
}

void mutu_yaml_reader_free(mutu_yaml_reader *r)
{
	if (!r)
		return;
	free(r->chunks[0].data);
	free(r->chunks[1].data);
	yaml_parser_delete(&r->parser);
	free(r);
}

unsigned mutu_yaml_reader_line(const mutu_yaml_reader *r)
{
	return r->doc_line;
}

/* Line and column (1-based, in characters) of byte offset off of the
 * input; 0 if those bytes are no longer at hand. */
static int position_of(const mutu_yaml_reader *r, size_t off, unsigned *line, unsigned *col)
{
	const unsigned char *p;
	size_t i, len;
	unsigned l = 0, c = 0;
	int k;

	if (r->data) {
		p = (const unsigned char *)r->data;
		len = off < r->len ? off : r->len;
	} else {
		for (k = 0; k < 2; k++)
			if (r->chunks[k].data && off >= r->chunks[k].start &&
			    off <= r->chunks[k].start + r->chunks[k].len)
				break;
		if (k == 2)
			return 0;
		p = r->chunks[k].data;
		len = off - r->chunks[k].start;
		l = r->chunks[k].line;
		c = r->chunks[k].col;
	}
	for (i = 0; i < len; i++) {
		if (p[i] == '\n')
			l++, c = 0;
		else if ((p[i] & 0xc0) != 0x80)
			c++;
	}
	*line = l + 1;
	*col = c + 1;
	return 1;
}

static int fail_at(mutu_yaml_reader *r, const yaml_mark_t *m, const char *what)
{
	r->done = 1;
	return mutu_error_set(MUTU_EDATA, "%s:%zu:%zu: %s", r->name, m->line + 1,
			      m->column + 1, what);
}

static int next_event(mutu_yaml_reader *r, yaml_event_t *ev)
{
	if (yaml_parser_parse(&r->parser, ev))
		return 0;
	r->done = 1;
	if (r->failed)
		return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: document larger than %d bytes"),
				      r->name, r->doc_line, r->doc_col, MUTU_YAML_MAX_DOCUMENT);
	if (r->parser.error == YAML_MEMORY_ERROR)
		return mutu_error_nomem();
	if (r->parser.error == YAML_READER_ERROR) {
		unsigned line, col;

		if (r->file && ferror(r->file))
			return mutu_error_set(MUTU_EIO, "%s: %s", r->name, strerror(errno));
		/* libyaml reports a byte offset, not a line, for encoding errors */
		if (!position_of(r, r->parser.problem_offset, &line, &col))
			line = col = 0;
		return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: %s (byte %zu)"), r->name, line, col,
				      r->parser.problem ? r->parser.problem : _("unreadable input"),
				      r->parser.problem_offset + 1);
	}
	return mutu_error_set(MUTU_EDATA, "%s:%zu:%zu: %s%s%s", r->name,
			      r->parser.problem_mark.line + 1,
			      r->parser.problem_mark.column + 1,
			      r->parser.problem ? r->parser.problem : _("malformed YAML"),
			      r->parser.context ? " " : "",
			      r->parser.context ? r->parser.context : "");
}

static int is_null_word(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

/* Decimal integer without leading zeros, in range. */
static int parse_int(const char *s, long long *out)
{
	const char *p = s;
	char *end;

	if (*p == '-' || *p == '+')
		p++;
	if (!*p || (*p == '0' && p[1]) || strspn(p, "0123456789") != strlen(p))
		return 0;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static mutu_value *scalar_value(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	long long n;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return mutu_value_strn(s, ev->data.scalar.length);
	if (is_null_word(s))
		return mutu_value_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return mutu_value_bool(1);
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return mutu_value_bool(0);
	if (parse_int(s, &n))
		return mutu_value_int(n);
	return mutu_value_strn(s, ev->data.scalar.length);
}

/* What every node event must not carry. */
static int check_node(mutu_yaml_reader *r, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return fail_at(r, &ev->start_mark, _("aliases are not allowed"));
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		if (ev->data.scalar.length > MUTU_YAML_MAX_SCALAR)
			return fail_at(r, &ev->start_mark, _("scalar too large"));
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
			return fail_at(r, &ev->start_mark, _("NUL character in scalar"));
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor)
		return fail_at(r, &ev->start_mark, _("anchors are not allowed"));
	if (tag)
		return fail_at(r, &ev->start_mark, _("explicit tags are not allowed"));
	return 0;
}

static int parse_node(mutu_value **out, mutu_yaml_reader *r, yaml_event_t *ev, int depth);

struct key_at {
	const char *key;
	size_t index;    /* order in the mapping */
};

static int compare_keys(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/*
 * Duplicate keys, found by sorting once the mapping is read: O(n log n)
 * whatever the keys, where a lookup per key would be quadratic and a hash
 * table could be flooded by crafted keys. The error names the first key,
 * in document order, that repeats an earlier one.
 */
static int check_duplicates(mutu_yaml_reader *r, const mutu_value *map)
{
	size_t i, n = map->u.map.len, first = (size_t)-1;
	struct key_at *keys;

	if (n < 2)
		return 0;
	if (!(keys = calloc(n, sizeof(*keys))))
		return mutu_error_nomem();
	for (i = 0; i < n; i++)
		keys[i] = (struct key_at){ map->u.map.fields[i].key, i };
	qsort(keys, n, sizeof(*keys), compare_keys);
	for (i = 1; i < n; i++)
		if (!strcmp(keys[i].key, keys[i - 1].key) && keys[i].index < first)
			first = keys[i].index;
	free(keys);
	if (first != (size_t)-1) {
		const mutu_field *f = &map->u.map.fields[first];

		r->done = 1;
		return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: duplicate key '%s'"), r->name,
				      f->line, f->col, mutu_utf8_clip(f->key, 80));
	}
	return 0;
}

static int parse_mapping(mutu_value *map, mutu_yaml_reader *r, int depth)
{
	yaml_event_t key, ev;
	mutu_value *v = NULL;
	mutu_field *f;
	int err;

	for (;;) {
		if ((err = next_event(r, &key)) < 0)
			return err;
		if (key.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&key);
			return check_duplicates(r, map);
		}
		if ((err = check_node(r, &key)) < 0)
			goto out_key;
		if (key.type != YAML_SCALAR_EVENT) {
			err = fail_at(r, &key.start_mark, _("keys must be plain strings"));
			goto out_key;
		}
		if ((err = next_event(r, &ev)) < 0)
			goto out_key;
		err = parse_node(&v, r, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (err < 0)
			goto out_key;
		/* duplicates are looked for once, at the end of the mapping */
		if ((err = mutu_map_append(map, (const char *)key.data.scalar.value, v)) < 0)
			goto out_key;
		f = &map->u.map.fields[map->u.map.len - 1];
		f->line = (unsigned)key.start_mark.line + 1;
		f->col = (unsigned)key.start_mark.column + 1;
		yaml_event_delete(&key);
	}
out_key:
	yaml_event_delete(&key);
	return err;
}

static int parse_sequence(mutu_value *seq, mutu_yaml_reader *r, int depth)
{
	yaml_event_t ev;
	mutu_value *v = NULL;
	int err;

	for (;;) {
		if ((err = next_event(r, &ev)) < 0)
			return err;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		err = parse_node(&v, r, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (err < 0 || (err = mutu_seq_push(seq, v)) < 0)
			return err;
	}
}

/* Build the node that starts with ev (which the caller deletes). */
static int parse_node(mutu_value **out, mutu_yaml_reader *r, yaml_event_t *ev, int depth)
{
	mutu_value *v;
	int err;

	if ((err = check_node(r, ev)) < 0)
		return err;
	if (depth > MUTU_YAML_MAX_DEPTH)
		return fail_at(r, &ev->start_mark, _("nesting too deep"));
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = scalar_value(ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		v = mutu_value_seq();
		break;
	case YAML_MAPPING_START_EVENT:
		v = mutu_value_map();
		break;
	default:
		return fail_at(r, &ev->start_mark, _("unexpected YAML event"));
	}
	if (!v)
		return MUTU_ENOMEM;
	v->line = (unsigned)ev->start_mark.line + 1;
	v->col = (unsigned)ev->start_mark.column + 1;
	if (ev->type == YAML_SEQUENCE_START_EVENT)
		err = parse_sequence(v, r, depth);
	else if (ev->type == YAML_MAPPING_START_EVENT)
		err = parse_mapping(v, r, depth);
	if (err < 0) {
		mutu_value_free(v);
		return err;
	}
	*out = v;
	return 0;
}

int mutu_yaml_reader_next(mutu_value **out, mutu_yaml_reader *r)
{
	yaml_event_t ev;
	mutu_value *v = NULL;
	size_t end;
	int err;

	*out = NULL;
	while (!r->done) {
		if ((err = next_event(r, &ev)) < 0)
			return err;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			r->done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			r->doc_start = r->consumed;
			r->doc_mark = ev.start_mark.index;
			r->doc_line = (unsigned)ev.start_mark.line + 1;
			r->doc_col = (unsigned)ev.start_mark.column + 1;
			yaml_event_delete(&ev);
			if ((err = next_event(r, &ev)) < 0)
				return err;
			if (ev.type != YAML_MAPPING_START_EVENT)
				err = fail_at(r, &ev.start_mark, _("document is not a mapping"));
			else
				err = parse_node(&v, r, &ev, 1);
			yaml_event_delete(&ev);
			if (err < 0)
				return err;
			if ((err = next_event(r, &ev)) < 0) { /* DOCUMENT_END */
				mutu_value_free(v);
				return err;
			}
			end = ev.end_mark.index;
			yaml_event_delete(&ev);
			if (end - r->doc_mark > MUTU_YAML_MAX_DOCUMENT) {
				mutu_value_free(v);
				return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: document larger than %d bytes"),
						      r->name, r->doc_line, r->doc_col,
						      MUTU_YAML_MAX_DOCUMENT);
			}
			*out = v;
			return 1;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	return 0;
}

int mutu_yaml_parse(mutu_value **out, const char *data, size_t len, const char *name)
{
	mutu_yaml_reader *r;
	mutu_value *v = NULL, *extra = NULL;
	int err;

	*out = NULL;
	if (len > MUTU_YAML_MAX_DOCUMENT)
		return mutu_error_set(MUTU_EDATA, _("%s:1:1: document larger than %d bytes"),
				      name, MUTU_YAML_MAX_DOCUMENT);
	if ((err = mutu_yaml_reader_new(&r, data, len, name)) < 0)
		return err;
	err = mutu_yaml_reader_next(&v, r);
	if (err == 0)
		err = mutu_error_set(MUTU_EDATA, _("%s:1:1: document is not a mapping"), name);
	else if (err > 0 && (err = mutu_yaml_reader_next(&extra, r)) > 0)
		err = mutu_error_set(MUTU_EDATA, _("%s:%u:1: more than one document"), name,
				     mutu_yaml_reader_line(r));
	mutu_yaml_reader_free(r);
	mutu_value_free(extra);
	if (err < 0) {
		mutu_value_free(v);
		return err;
	}
	*out = v;
	return 0;
}

/* --- writing --- */

/*
 * Whether a YAML 1.1 or 1.2 reader could resolve s (which starts with a
 * digit, or with e or E) to a number, a date or a time: 1.1's octal,
 * binary, hexadecimal, underscored and base-60 integers and floats, 1.2's
 * core forms, and any string that begins with a date. "7d" and "3D
 * printer" stay plain.
 *
 * The exponent alone ("e3", "E-10") is there because the yaml package for
 * JavaScript (eemeli/yaml, 1.x and 2.x), reading YAML 1.1, makes every
 * part of a float before the exponent optional and reads those as NaN
 * (tests/compat). "e", "ex3" and "e3x" stay plain.
 */
static int looks_numeric(const char *s)
{
	static const char *forms =
		"^[-+]?[0-9][0-9_]*$"
		"|^[-+]?0[bB][01_]+$|^[-+]?0[xX][0-9a-fA-F_]+$|^[-+]?0[oO][0-7_]+$"
		"|^[-+]?([0-9][0-9_]*)?[.][0-9_]*([eE][-+]?[0-9]+)?$"
		"|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"
		"|^[eE][-+]?[0-9]+$"
		"|^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+([.][0-9_]*)?$"
		"|^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?";
	static regex_t re;
	static int state;  /* 0: not compiled, 1: ready, -1: failed */

	if (state == 0)
		state = regcomp(&re, forms, REG_EXTENDED | REG_NOSUB) == 0 ? 1 : -1;
	if (state < 0)
		return 1;  /* cannot tell: quoting is always safe */
	return regexec(&re, s, 0, NULL, 0) == 0;
}

int mutu_yaml_needs_quotes(const char *s)
{
	/* YAML 1.1's booleans and null, and the value ("=") and merge ("<<")
	 * keys that PyYAML and js-yaml resolve as something else */
	static const char *words[] = {
		"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "=", "<<",
	};
	const unsigned char *p;
	size_t i, len = strlen(s);

	if (len == 0)
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	/* signs and dots start numbers, .inf and .nan, and indicators */
	if (strchr("+-.", s[0]))
		return 1;
	if (((s[0] >= '0' && s[0] <= '9') || s[0] == 'e' || s[0] == 'E') && looks_numeric(s))
		return 1;
	/* indicators that change meaning at the start of a plain scalar */
	if (strchr("?:,[]{}#&*!|>'\"%@` \t", s[0]))
		return 1;
	if (s[len - 1] == ' ' || s[len - 1] == ':' || s[len - 1] == '\t')
		return 1;
	if (strstr(s, ": ") || strstr(s, " #") || strchr(s, '\t'))
		return 1;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

static int write_output(void *ctx, unsigned char *data, size_t size)
{
	return mutu_buf_put(ctx, data, size) == 0;
}

static int emit_scalar(yaml_emitter_t *em, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					  (int)strlen(s), 1, 1, style))
		return 0;
	return yaml_emitter_emit(em, &ev);
}

static int emit_string(yaml_emitter_t *em, const char *s)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

	if (mutu_utf8_has_unsafe(s, MUTU_ESCAPE_KEEP_LINES))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;   /* escaped by escape_bidi() */
	else if (strchr(s, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;  /* libyaml falls back to quotes if it must */
	else if (mutu_yaml_needs_quotes(s))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return emit_scalar(em, s, style);
}

static int emit_value(yaml_emitter_t *em, const mutu_value *v)
{
	yaml_event_t ev;
	char num[32];
	size_t i;

	switch (v->type) {
	case MUTU_NULL:
		return emit_scalar(em, "null", YAML_PLAIN_SCALAR_STYLE);
	case MUTU_STR:
		return emit_string(em, v->u.str);
	case MUTU_INT:
		snprintf(num, sizeof(num), "%lld", v->u.num);
		return emit_scalar(em, num, YAML_PLAIN_SCALAR_STYLE);
	case MUTU_BOOL:
		return emit_scalar(em, v->u.truth ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
	case MUTU_SEQ:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return 0;
		for (i = 0; i < v->u.seq.len; i++)
			if (!emit_value(em, v->u.seq.items[i]))
				return 0;
		yaml_sequence_end_event_initialize(&ev);
		return yaml_emitter_emit(em, &ev);
	case MUTU_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return 0;
		for (i = 0; i < v->u.map.len; i++)
			if (!emit_string(em, v->u.map.fields[i].key) ||
			    !emit_value(em, v->u.map.fields[i].value))
				return 0;
		yaml_mapping_end_event_initialize(&ev);
		return yaml_emitter_emit(em, &ev);
	}
	return 0;
}

/*
 * libyaml escapes C0 and C1 controls and the line separators in a double-
 * quoted scalar, but writes the bidirectional formatting characters as
 * they are. Every string holding one was emitted double-quoted (see
 * emit_string), so each such character in the output lies inside double
 * quotes, where \uXXXX means the same character to every YAML reader.
 */
static void escape_bidi(mutu_buf *out, size_t from)
{
	mutu_buf fixed = MUTU_BUF_INIT;
	const char *p = out->ptr + from, *run = p;
	uint32_t cp;
	size_t n;

	while (*p) {
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		n = mutu_utf8_decode(p, &cp);
		if (mutu_utf8_unsafe(cp)) {
			mutu_buf_put(&fixed, run, (size_t)(p - run));
			mutu_buf_printf(&fixed, "\\u%04X", (unsigned)cp);
			run = p + n;
		}
		p += n;
	}
	if (run == out->ptr + from)
		return;  /* nothing to escape: leave out as it is */
	mutu_buf_put(&fixed, run, (size_t)(p - run));
	out->len = from;
	mutu_buf_put(out, fixed.ptr, fixed.len);
	mutu_buf_free(&fixed);
}

int mutu_yaml_emit(mutu_buf *out, const mutu_value *map)
{
	size_t from = out->len;
	yaml_emitter_t em;
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return mutu_error_nomem();
	yaml_emitter_set_output(&em, write_output, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = yaml_emitter_emit(&em, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ok = ok && yaml_emitter_emit(&em, &ev);
	ok = ok && emit_value(&em, map);
	yaml_document_end_event_initialize(&ev, 1);
	ok = ok && yaml_emitter_emit(&em, &ev);
	yaml_stream_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&em, &ev);
	/* libyaml ends a stripped block scalar ("|-") without a line break */
	if (ok && out->len && out->ptr[out->len - 1] != '\n')
		mutu_buf_putc(out, '\n');
	if (ok && !out->failed)
		escape_bidi(out, from);
	if (!ok && !out->failed)
		mutu_error_set(MUTU_EIO, _("cannot write YAML: %s"),
			       em.problem ? em.problem : "emitter error");
	yaml_emitter_delete(&em);
	if (out->failed)
		return mutu_error_nomem();
	if (!ok)
		return MUTU_EIO;
	/* Escapes can make the text longer than what was read (an emoji is
	 * 4 bytes in, 10 out): never write what no reader would take back. */
	if (out->len - from > MUTU_YAML_MAX_DOCUMENT) {
		size_t len = out->len - from;

		mutu_buf_truncate(out, from);
		return mutu_error_set(MUTU_EDATA,
				      _("the record would take %zu bytes of YAML, over the limit of %d"),
				      len, MUTU_YAML_MAX_DOCUMENT);
	}
	return 0;
}
