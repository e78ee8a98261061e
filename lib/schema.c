/*
 * A schema is kept as the value tree its JSON file parses to, plus a cache
 * of compiled patterns. Validation walks the record and the schema side by
 * side and stops at the first violation, which is what a person fixing a
 * file needs and what keeps messages one line long.
 */
#include "schema.h"

#include "buf.h"
#include "error.h"
#include "utf8.h"
#include "yaml.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

struct schema_source {
	const char *type;
	const char *json;
};

/* Generated from schema/<type>.json by the build (lib/schema_data.c). */
extern const struct schema_source mutu_schema_sources[];

struct pattern {
	const mutu_value *owner;  /* the "pattern" string value in the schema */
	regex_t re;
};

struct mutu_schema {
	char *type;
	mutu_value *root;
	struct pattern *patterns;
	size_t npatterns;
	struct mutu_schema *next;
};

static mutu_schema *loaded;

static const char *keywords[] = {
	"$schema", "$id", "title", "description", "$defs", "type", "properties",
	"required", "additionalProperties", "enum", "const", "pattern",
	"minLength", "maxLength", "items", "minItems", "maxItems", "uniqueItems",
	"minimum", "maximum", "$ref", NULL,
};

/* Refuse keywords outside the declared subset; compile every pattern. */
static int prepare(mutu_schema *s, const mutu_value *node, int in_props)
{
	size_t i, j;
	int err;

	if (node->type != MUTU_MAP)
		return 0;
	for (i = 0; i < node->u.map.len; i++) {
		const mutu_field *f = &node->u.map.fields[i];

		if (in_props) {
			if ((err = prepare(s, f->value, 0)) < 0)
				return err;
			continue;
		}
		for (j = 0; keywords[j] && strcmp(keywords[j], f->key); j++)
			;
		if (!keywords[j])
			return mutu_error_set(MUTU_EDATA, "schema/%s.json: keyword '%s' is outside mutu's subset",
					      s->type, f->key);
		if (!strcmp(f->key, "properties") || !strcmp(f->key, "$defs")) {
			if ((err = prepare(s, f->value, 1)) < 0)
				return err;
		} else if (!strcmp(f->key, "items")) {
			if ((err = prepare(s, f->value, 0)) < 0)
				return err;
		} else if (!strcmp(f->key, "pattern")) {
			struct pattern *p;

			if (f->value->type != MUTU_STR)
				return mutu_error_set(MUTU_EDATA, "schema/%s.json: pattern is not a string", s->type);
			p = reallocarray(s->patterns, s->npatterns + 1, sizeof(*p));
			if (!p)
				return mutu_error_nomem();
			s->patterns = p;
			p += s->npatterns;
			p->owner = f->value;
			if (regcomp(&p->re, f->value->u.str, REG_EXTENDED | REG_NOSUB) != 0)
				return mutu_error_set(MUTU_EDATA, "schema/%s.json: bad pattern '%s'",
						      s->type, f->value->u.str);
			s->npatterns++;
		}
	}
	return 0;
}

static void schema_free(mutu_schema *s)
{
	size_t i;

	for (i = 0; i < s->npatterns; i++)
		regfree(&s->patterns[i].re);
	free(s->patterns);
	mutu_value_free(s->root);
	free(s->type);
	free(s);
}

int mutu_schema_get(const mutu_schema **out, const char *type)
{
	const struct schema_source *src;
	mutu_schema *s;
	mutu_buf name = MUTU_BUF_INIT;
	int err;

	for (s = loaded; s; s = s->next)
		if (!strcmp(s->type, type)) {
			*out = s;
			return 0;
		}
	for (src = mutu_schema_sources; src->type && strcmp(src->type, type); src++)
		;
	if (!src->type)
		return mutu_error_set(MUTU_ENOTFOUND, "no schema for record type '%s'", type);
	if (!(s = calloc(1, sizeof(*s))) || !(s->type = strdup(type))) {
		free(s);
		return mutu_error_nomem();
	}
	mutu_buf_printf(&name, "schema/%s.json", type);
	err = mutu_yaml_parse(&s->root, src->json, strlen(src->json), mutu_buf_cstr(&name));
	mutu_buf_free(&name);
	if (err == 0)
		err = prepare(s, s->root, 0);
	if (err < 0) {
		schema_free(s);
		return err;
	}
	s->next = loaded;
	loaded = s;
	*out = s;
	return 0;
}

void mutu_schema_cleanup(void)
{
	mutu_schema *s;

	while ((s = loaded)) {
		loaded = s->next;
		schema_free(s);
	}
}

/* Follow "$ref": "#/$defs/NAME" (one level is all the subset needs, but
 * chains are followed, bounded). */
static const mutu_value *resolve(const mutu_schema *s, const mutu_value *node)
{
	const char *ref;
	int hops = 0;

	while (node && (ref = mutu_map_str(node, "$ref")) && hops++ < 8) {
		if (strncmp(ref, "#/$defs/", 8) != 0)
			return NULL;
		node = mutu_map_get(mutu_map_get(s->root, "$defs"), ref + 8);
	}
	return node;
}

static const regex_t *pattern_of(const mutu_schema *s, const mutu_value *owner)
{
	size_t i;

	for (i = 0; i < s->npatterns; i++)
		if (s->patterns[i].owner == owner)
			return &s->patterns[i].re;
	return NULL;
}

struct ctx {
	const mutu_schema *schema;
	const char *name;
	mutu_buf path;    /* "tags[2]", "voting.quorum" */
};

static int violation(struct ctx *c, const mutu_value *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int violation(struct ctx *c, const mutu_value *at, const char *fmt, ...)
{
	mutu_buf msg = MUTU_BUF_INIT;
	va_list ap;

	if (c->name)
		mutu_buf_printf(&msg, "%s:", c->name);
	if (at && at->line)
		mutu_buf_printf(&msg, "%u:%u:", at->line, at->col);
	if (msg.len)
		mutu_buf_putc(&msg, ' ');
	if (c->path.len)
		mutu_buf_printf(&msg, "field '%s': ", mutu_buf_cstr(&c->path));
	va_start(ap, fmt);
	mutu_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mutu_error_set(MUTU_EDATA, "%s", mutu_buf_cstr(&msg));
	mutu_buf_free(&msg);
	return MUTU_EDATA;
}

/* A short quoted rendering of a value for messages. */
static void describe(mutu_buf *b, const mutu_value *v)
{
	switch (v->type) {
	case MUTU_STR:
		if (strlen(v->u.str) > 40)
			mutu_buf_printf(b, "'%.40s…'", v->u.str);
		else
			mutu_buf_printf(b, "'%s'", v->u.str);
		break;
	case MUTU_INT: mutu_buf_printf(b, "%lld", v->u.num); break;
	case MUTU_BOOL: mutu_buf_puts(b, v->u.truth ? "true" : "false"); break;
	case MUTU_NULL: mutu_buf_puts(b, "null"); break;
	default: mutu_buf_puts(b, mutu_type_name(v->type)); break;
	}
}

static int type_matches(const mutu_value *want, const mutu_value *v)
{
	size_t i;

	if (want->type == MUTU_SEQ) {
		for (i = 0; i < want->u.seq.len; i++)
			if (type_matches(want->u.seq.items[i], v))
				return 1;
		return 0;
	}
	if (want->type != MUTU_STR)
		return 0;
	if (!strcmp(want->u.str, "object")) return v->type == MUTU_MAP;
	if (!strcmp(want->u.str, "array")) return v->type == MUTU_SEQ;
	if (!strcmp(want->u.str, "string")) return v->type == MUTU_STR;
	if (!strcmp(want->u.str, "integer") || !strcmp(want->u.str, "number"))
		return v->type == MUTU_INT;
	if (!strcmp(want->u.str, "boolean")) return v->type == MUTU_BOOL;
	if (!strcmp(want->u.str, "null")) return v->type == MUTU_NULL;
	return 0;
}

static int check(struct ctx *c, const mutu_value *sch, const mutu_value *v);

static int check_object(struct ctx *c, const mutu_value *sch, const mutu_value *v)
{
	const mutu_value *props = mutu_map_get(sch, "properties");
	const mutu_value *req = mutu_map_get(sch, "required");
	const mutu_value *addl = mutu_map_get(sch, "additionalProperties");
	size_t i, mark = c->path.len;
	int err;

	if (req && req->type == MUTU_SEQ)
		for (i = 0; i < req->u.seq.len; i++) {
			const char *k = req->u.seq.items[i]->u.str;

			if (!mutu_map_get(v, k)) {
				size_t save = c->path.len;

				/* the message names the missing field in full, not its parent */
				c->path.len = 0;
				err = violation(c, v, "missing required field '%s%s%s'",
						save ? c->path.ptr : "", save ? "." : "", k);
				c->path.len = save;
				return err;
			}
		}
	for (i = 0; i < v->u.map.len; i++) {
		const mutu_field *f = &v->u.map.fields[i];
		const mutu_value *ps = mutu_map_get(props, f->key);

		if (mark)
			mutu_buf_putc(&c->path, '.');
		mutu_buf_puts(&c->path, f->key);
		if (!ps) {
			if (addl && addl->type == MUTU_BOOL && !addl->u.truth) {
				mutu_value at = { .line = f->line, .col = f->col };

				c->path.len = mark;
				c->path.ptr[mark] = '\0';
				return violation(c, &at, "unknown field '%s'", f->key);
			}
		} else if ((err = check(c, ps, f->value)) < 0) {
			return err;
		}
		c->path.len = mark;
		c->path.ptr[mark] = '\0';
	}
	return 0;
}

static int check_array(struct ctx *c, const mutu_value *sch, const mutu_value *v)
{
	const mutu_value *items = mutu_map_get(sch, "items");
	const mutu_value *kw;
	size_t i, j, mark = c->path.len;
	int err;

	if ((kw = mutu_map_get(sch, "minItems")) && (long long)v->u.seq.len < kw->u.num)
		return violation(c, v, "needs at least %lld items", kw->u.num);
	if ((kw = mutu_map_get(sch, "maxItems")) && (long long)v->u.seq.len > kw->u.num)
		return violation(c, v, "has more than %lld items", kw->u.num);
	for (i = 0; i < v->u.seq.len; i++) {
		kw = mutu_map_get(sch, "uniqueItems");
		if (kw && kw->type == MUTU_BOOL && kw->u.truth)
			for (j = 0; j < i; j++)
				if (mutu_value_equal(v->u.seq.items[i], v->u.seq.items[j])) {
					mutu_buf d = MUTU_BUF_INIT;

					describe(&d, v->u.seq.items[i]);
					err = violation(c, v->u.seq.items[i], "%s is repeated",
							mutu_buf_cstr(&d));
					mutu_buf_free(&d);
					return err;
				}
		if (!items)
			continue;
		mutu_buf_printf(&c->path, "[%zu]", i + 1);
		if ((err = check(c, items, v->u.seq.items[i])) < 0)
			return err;
		c->path.len = mark;
		c->path.ptr[mark] = '\0';
	}
	return 0;
}

static int check_string(struct ctx *c, const mutu_value *sch, const mutu_value *v)
{
	const mutu_value *kw;
	size_t n;
	const regex_t *re;

	/* strings from YAML are checked by libyaml; from options, here */
	if (!mutu_utf8_valid(v->u.str, strlen(v->u.str)))
		return violation(c, v, "is not valid UTF-8");
	n = mutu_utf8_length(v->u.str);

	if ((kw = mutu_map_get(sch, "minLength")) && (long long)n < kw->u.num)
		return violation(c, v, kw->u.num == 1 ? "must not be empty"
						      : "is shorter than %lld characters", kw->u.num);
	if ((kw = mutu_map_get(sch, "maxLength")) && (long long)n > kw->u.num)
		return violation(c, v, "is longer than %lld characters", kw->u.num);
	if ((kw = mutu_map_get(sch, "pattern")) && (re = pattern_of(c->schema, kw)) &&
	    regexec(re, v->u.str, 0, NULL, 0) != 0) {
		mutu_buf d = MUTU_BUF_INIT;
		const unsigned char *p;
		int err;

		for (p = (const unsigned char *)v->u.str; *p && *p >= 0x20 && *p != 0x7f; p++)
			;
		if (*p) {
			err = violation(c, v, "control characters are not allowed");
		} else {
			describe(&d, v);
			mutu_buf_puts(&d, " does not match ");
			/* patterns hold raw control characters: show them escaped */
			for (p = (const unsigned char *)kw->u.str; *p; p++)
				if (*p < 0x20 || *p == 0x7f)
					mutu_buf_printf(&d, "\\x%02x", *p);
				else
					mutu_buf_putc(&d, (char)*p);
			err = violation(c, v, "%s", mutu_buf_cstr(&d));
		}
		mutu_buf_free(&d);
		return err;
	}
	return 0;
}

static int check(struct ctx *c, const mutu_value *sch, const mutu_value *v)
{
	const mutu_value *kw;
	mutu_buf d = MUTU_BUF_INIT;
	size_t i;
	int err = 0;

	if (!(sch = resolve(c->schema, sch)))
		return violation(c, v, "schema has an unresolvable $ref");
	if ((kw = mutu_map_get(sch, "const")) && !mutu_value_equal(kw, v)) {
		describe(&d, v);
		mutu_buf_puts(&d, " must be ");
		describe(&d, kw);
		err = violation(c, v, "%s", mutu_buf_cstr(&d));
		goto out;
	}
	if ((kw = mutu_map_get(sch, "enum"))) {
		for (i = 0; i < kw->u.seq.len; i++)
			if (mutu_value_equal(kw->u.seq.items[i], v))
				break;
		if (i == kw->u.seq.len) {
			describe(&d, v);
			mutu_buf_puts(&d, " is not one of ");
			for (i = 0; i < kw->u.seq.len; i++) {
				if (i)
					mutu_buf_puts(&d, ", ");
				describe(&d, kw->u.seq.items[i]);
			}
			err = violation(c, v, "%s", mutu_buf_cstr(&d));
			goto out;
		}
	}
	if ((kw = mutu_map_get(sch, "type")) && !type_matches(kw, v)) {
		err = violation(c, v, "expected %s, found %s",
				kw->type == MUTU_STR ? kw->u.str : "another type",
				mutu_type_name(v->type));
		goto out;
	}
	switch (v->type) {
	case MUTU_MAP: err = check_object(c, sch, v); break;
	case MUTU_SEQ: err = check_array(c, sch, v); break;
	case MUTU_STR: err = check_string(c, sch, v); break;
	case MUTU_INT:
		if ((kw = mutu_map_get(sch, "minimum")) && v->u.num < kw->u.num)
			err = violation(c, v, "%lld is below the minimum %lld", v->u.num, kw->u.num);
		else if ((kw = mutu_map_get(sch, "maximum")) && v->u.num > kw->u.num)
			err = violation(c, v, "%lld is above the maximum %lld", v->u.num, kw->u.num);
		break;
	default:
		break;
	}
out:
	mutu_buf_free(&d);
	return err;
}

int mutu_schema_validate(const mutu_schema *s, const mutu_value *rec, const char *name)
{
	struct ctx c = { s, name, MUTU_BUF_INIT };
	int err;

	mutu_buf_puts(&c.path, "");
	err = check(&c, s->root, rec);
	if (err == 0 && c.path.failed)
		err = mutu_error_nomem();
	mutu_buf_free(&c.path);
	return err;
}

static int is_empty(const mutu_value *v)
{
	return v->type == MUTU_NULL || (v->type == MUTU_STR && !*v->u.str) ||
	       (v->type == MUTU_SEQ && v->u.seq.len == 0);
}

static int canonicalize(const mutu_schema *s, const mutu_value *sch, mutu_value *rec)
{
	const mutu_value *props, *req, *sub;
	mutu_field *fields, *old;
	size_t i, j, n = 0, len;
	int err;

	if (!(sch = resolve(s, sch)) || rec->type != MUTU_MAP)
		return 0;
	props = mutu_map_get(sch, "properties");
	req = mutu_map_get(sch, "required");
	len = rec->u.map.len;
	/* nested objects first, so that nothing below can fail half-way */
	for (j = 0; j < len; j++)
		if ((sub = mutu_map_get(props, rec->u.map.fields[j].key)) &&
		    (err = canonicalize(s, sub, rec->u.map.fields[j].value)) < 0)
			return err;
	if (!(fields = calloc(len ? len : 1, sizeof(*fields))))
		return mutu_error_nomem();
	old = rec->u.map.fields;
	for (i = 0; props && i < props->u.map.len; i++) {
		const char *key = props->u.map.fields[i].key;

		for (j = 0; j < len; j++)
			if (old[j].key && !strcmp(old[j].key, key))
				break;
		if (j == len)
			continue;
		if (is_empty(old[j].value) && mutu_seq_find_str(req, key) < 0) {
			free(old[j].key);
			mutu_value_free(old[j].value);
		} else {
			fields[n++] = old[j];
		}
		old[j].key = NULL;
	}
	for (j = 0; j < len; j++)
		if (old[j].key)
			fields[n++] = old[j];
	free(old);
	rec->u.map.fields = fields;
	rec->u.map.len = n;
	rec->u.map.cap = len ? len : 1;
	return 0;
}

int mutu_schema_canonicalize(const mutu_schema *s, mutu_value *rec)
{
	return canonicalize(s, s->root, rec);
}

const mutu_value *mutu_schema_enum(const mutu_schema *s, const char *field)
{
	const mutu_value *p = mutu_map_get(mutu_map_get(s->root, "properties"), field);
	const mutu_value *e;

	p = resolve(s, p);
	e = mutu_map_get(p, "enum");
	return e && e->type == MUTU_SEQ ? e : NULL;
}

int mutu_schema_has_field(const mutu_schema *s, const char *field)
{
	return mutu_map_get(mutu_map_get(s->root, "properties"), field) != NULL;
}
