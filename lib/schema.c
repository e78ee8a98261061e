/*
 * A schema is compiled once, when first used, from the value tree its
 * JSON file parses to into a graph of nodes: every $ref resolved to the
 * node it names, the properties of an object in a table sorted by name,
 * each pattern compiled. Validation then walks the record once, looking
 * each field up in O(log p), so its cost is linear in the record (times a
 * small constant), whatever a hostile record holds. It stops at the first
 * violation, which is what a person fixing a file needs and what keeps
 * messages to one line.
 *
 * Patterns are matched by PCRE2 on code points, never by the process
 * locale: the same pattern means the same to ajv (ECMAScript with the "u"
 * flag), to PCRE2 and to any reader of mutu(7), which is why a pattern
 * may only use the syntax common to them (pattern_outside_subset).
 */
#include "schema.h"

#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "utf8.h"
#include "yaml.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

struct schema_source {
	const char *type;
	const char *json;
};

/* Generated from schema/<type>.json by the build (lib/schema_data.c). */
extern const struct schema_source mutu_schema_sources[];

/* After this many matches a pattern is worth JIT-compiling: a command
 * checking one record never pays for the compiler, a list of 100k does. */
#define JIT_AFTER 256

struct pattern {
	const char *source;
	pcre2_code *code;
	unsigned long matches;
	int jitted;
};

struct node;

struct prop {
	const char *name;
	struct node *node;
	int required;
};

struct node {
	unsigned types;                 /* 1u << mutu_type allowed; 0: any */
	const mutu_value *constant;     /* "const", borrowed from the tree */
	const mutu_value *choices;      /* "enum": a MUTU_SEQ */
	struct pattern *pattern;
	long long min_length, max_length, min_items, max_items, minimum, maximum;
	unsigned has;                   /* HAS_* for the bounds above */
	int unique;
	int closed;                     /* additionalProperties: false */
	struct node *items;
	struct prop *props;             /* in the schema's order */
	size_t nprops;
	size_t *by_name;                /* indices into props, sorted by name */
	const char **required_other;    /* required names that are not properties */
	size_t nrequired_other;
};

#define HAS_MIN_LENGTH 1u
#define HAS_MAX_LENGTH 2u
#define HAS_MIN_ITEMS 4u
#define HAS_MAX_ITEMS 8u
#define HAS_MINIMUM 16u
#define HAS_MAXIMUM 32u

struct mutu_schema {
	char *type;
	mutu_value *tree;
	struct node **nodes;            /* every node made, to free them */
	size_t nnodes;
	struct pattern **patterns;
	size_t npatterns;
	struct defn { const char *name; struct node *node; int busy; } *defs;
	size_t ndefs;
	struct node *root;
	struct mutu_schema *next;
};

/* Each thread matches with its own match data (a pattern is shared). */
static _Thread_local pcre2_match_data *match_data;

static mutu_schema *loaded;

static const char *keywords[] = {
	"$schema", "$id", "title", "description", "$defs", "type", "properties",
	"required", "additionalProperties", "enum", "const", "pattern",
	"minLength", "maxLength", "items", "minItems", "maxItems", "uniqueItems",
	"minimum", "maximum", "$ref", NULL,
};

static int bad_schema(const mutu_schema *s, const char *what)
{
	return mutu_error_set(MUTU_EDATA, _("schema/%s.json: %s"), s->type, what);
}

/* --- the pattern subset --- */

/* Characters with a meaning in a pattern, which \ may escape anywhere. */
#define SYNTAX "^$\\.*+?()[]{}|/"

/*
 * Why p is outside the subset of patterns that mean the same to
 * ECMAScript (with "u"), PCRE2 and POSIX ERE, or NULL if it is inside:
 * literal characters; \ before one of ^$\.*+?()[]{}|/; bracket
 * expressions without \ or [ inside ([^…] and ranges allowed); groups
 * without (?; alternation; ^ and $; and the greedy quantifiers * + ? {n}
 * {n,} {n,m}. The dot is left out: the three disagree on line breaks.
 */
static const char *pattern_outside_subset(const char *p)
{
	int depth = 0, can_repeat = 0;

	while (*p) {
		switch (*p) {
		case '\\':
			if (!p[1] || !strchr(SYNTAX, p[1]))
				return N_("\\ may only escape one of ^$\\.*+?()[]{}|/");
			p += 2;
			can_repeat = 1;
			continue;
		case '.':
			return N_("'.' means different things to different regex engines; use a bracket expression");
		case '[':
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				return N_("a bracket expression must not start with ']'");
			for (; *p && *p != ']'; p++)
				if (*p == '\\' || *p == '[')
					return N_("no \\ or [ inside a bracket expression");
			if (!*p)
				return N_("unclosed bracket expression");
			p++;
			can_repeat = 1;
			continue;
		case '(':
			if (p[1] == '?')
				return N_("no (? groups");
			depth++;
			can_repeat = 0;
			break;
		case ')':
			if (depth-- == 0)
				return N_("unbalanced ')'");
			can_repeat = 1;
			break;
		case '*': case '+': case '?':
			if (!can_repeat)
				return N_("a quantifier must follow what it repeats");
			if (p[1] == '?' || p[1] == '+' || p[1] == '*' || p[1] == '{')
				return N_("only greedy quantifiers, one at a time");
			can_repeat = 0;
			break;
		case '{': {
			char *end;
			long lo = strtol(p + 1, &end, 10), hi = lo;

			if (!can_repeat || end == p + 1 || lo < 0 || lo > 1000)
				return N_("'{' must start a quantifier {n}, {n,} or {n,m} after what it repeats");
			if (*end == ',') {
				const char *q = end + 1;

				hi = *q == '}' ? lo : strtol(q, &end, 10);
				if (*q != '}' && (end == q || hi < lo || hi > 1000))
					return N_("bad {n,m} quantifier");
				if (*q == '}')
					end = (char *)q;
			}
			if (*end != '}')
				return N_("bad {n,m} quantifier");
			p = end;
			if (p[1] == '?' || p[1] == '+' || p[1] == '*' || p[1] == '{')
				return N_("only greedy quantifiers, one at a time");
			can_repeat = 0;
			break;
		}
		case ']': case '}':
			return N_("']' and '}' must be escaped outside a bracket expression");
		case '^': case '$': case '|':
			can_repeat = 0;
			break;
		default:
			can_repeat = 1;
			break;
		}
		p++;
	}
	return depth ? N_("unbalanced '('") : NULL;
}

static int compile_pattern(struct pattern **out, mutu_schema *s, const char *source)
{
	struct pattern *p, **grown;
	const char *why;
	PCRE2_SIZE at;
	int code;

	if ((why = pattern_outside_subset(source))) {
		char msg[512];

		snprintf(msg, sizeof(msg), _("pattern '%s' is outside mutu's subset: %s"),
			 mutu_utf8_clip(source, 200),
			 _(why));
		return bad_schema(s, msg);
	}
	if (!(p = calloc(1, sizeof(*p))) ||
	    !(grown = reallocarray(s->patterns, s->npatterns + 1, sizeof(*grown)))) {
		free(p);
		return mutu_error_nomem();
	}
	s->patterns = grown;
	s->patterns[s->npatterns++] = p;
	p->source = source;
	/* $ at the very end only, as in ECMAScript and POSIX */
	p->code = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NO_AUTO_CAPTURE, &code, &at,
				NULL);
	if (!p->code) {
		char msg[512];

		snprintf(msg, sizeof(msg), _("bad pattern '%s'"), mutu_utf8_clip(source, 200));
		return bad_schema(s, msg);
	}
	*out = p;
	return 0;
}

static void jit(struct pattern *p)
{
	pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);  /* failing, it stays interpreted */
	p->jitted = 1;
}

/* 1 if str (valid UTF-8) matches, 0 if not, < 0 on error. */
static int pattern_matches(struct pattern *p, const char *str)
{
	int rc;

	if (!p->jitted && ++p->matches == JIT_AFTER)
		jit(p);
	if (!match_data && !(match_data = pcre2_match_data_create(1, NULL)))
		return mutu_error_nomem();
	rc = pcre2_match(p->code, (PCRE2_SPTR)str, strlen(str), 0, PCRE2_NO_UTF_CHECK, match_data,
			 NULL);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return mutu_error_set(MUTU_EDATA, _("pattern '%s' could not be matched (PCRE2 error %d)"),
			      mutu_utf8_clip(p->source, 200), rc);
}

/* --- compiling a schema --- */

static struct node *new_node(mutu_schema *s)
{
	struct node *n, **grown;

	if (!(n = calloc(1, sizeof(*n))) ||
	    !(grown = reallocarray(s->nodes, s->nnodes + 1, sizeof(*grown)))) {
		free(n);
		mutu_error_nomem();
		return NULL;
	}
	s->nodes = grown;
	s->nodes[s->nnodes++] = n;
	return n;
}

static int compile(struct node **out, mutu_schema *s, const mutu_value *v, int depth);

static int compile_ref(struct node **out, mutu_schema *s, const char *ref, int depth)
{
	size_t i;

	if (strncmp(ref, "#/$defs/", 8) != 0)
		return bad_schema(s, _("only local references (#/$defs/NAME) are allowed"));
	for (i = 0; i < s->ndefs; i++)
		if (!strcmp(s->defs[i].name, ref + 8))
			break;
	if (i == s->ndefs)
		return bad_schema(s, _("a $ref names no definition"));
	if (!s->defs[i].node) {
		const mutu_value *def = mutu_map_get(mutu_map_get(s->tree, "$defs"), s->defs[i].name);
		int err;

		if (s->defs[i].busy)
			return bad_schema(s, _("a definition refers to itself"));
		s->defs[i].busy = 1;
		err = compile(&s->defs[i].node, s, def, depth + 1);
		s->defs[i].busy = 0;
		if (err < 0)
			return err;
	}
	*out = s->defs[i].node;
	return 0;
}

static int type_bit(mutu_schema *s, const mutu_value *name, unsigned *out)
{
	static const struct { const char *name; unsigned bits; } names[] = {
		{ "object", 1u << MUTU_MAP }, { "array", 1u << MUTU_SEQ },
		{ "string", 1u << MUTU_STR }, { "integer", 1u << MUTU_INT },
		{ "number", 1u << MUTU_INT }, { "boolean", 1u << MUTU_BOOL },
		{ "null", 1u << MUTU_NULL },
	};
	size_t i;

	for (i = 0; name->type == MUTU_STR && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name->u.str, names[i].name)) {
			*out |= names[i].bits;
			return 0;
		}
	return bad_schema(s, _("unknown type name"));
}

static int integer_kw(mutu_schema *s, const mutu_value *v, long long *out)
{
	if (v->type != MUTU_INT)
		return bad_schema(s, _("a bound is not an integer"));
	*out = v->u.num;
	return 0;
}

static int compare_props(const void *a, const void *b, void *node)
{
	const struct node *n = node;

	return strcmp(n->props[*(const size_t *)a].name, n->props[*(const size_t *)b].name);
}

static int compile_object(mutu_schema *s, struct node *n, const mutu_value *props,
			  const mutu_value *required, int depth)
{
	const char **grown;
	size_t i, j;
	int err;

	if (props) {
		if (props->type != MUTU_MAP)
			return bad_schema(s, _("properties is not an object"));
		n->nprops = props->u.map.len;
		n->props = calloc(n->nprops ? n->nprops : 1, sizeof(*n->props));
		n->by_name = calloc(n->nprops ? n->nprops : 1, sizeof(*n->by_name));
		if (!n->props || !n->by_name)
			return mutu_error_nomem();
		for (i = 0; i < n->nprops; i++) {
			n->props[i].name = props->u.map.fields[i].key;
			n->by_name[i] = i;
			if ((err = compile(&n->props[i].node, s, props->u.map.fields[i].value,
					   depth + 1)) < 0)
				return err;
		}
		qsort_r(n->by_name, n->nprops, sizeof(*n->by_name), compare_props, n);
	}
	if (!required)
		return 0;
	if (required->type != MUTU_SEQ)
		return bad_schema(s, _("required is not an array"));
	for (i = 0; i < required->u.seq.len; i++) {
		const mutu_value *r = required->u.seq.items[i];

		if (r->type != MUTU_STR)
			return bad_schema(s, _("required names a non-string"));
		for (j = 0; j < n->nprops && strcmp(n->props[j].name, r->u.str); j++)
			;
		if (j < n->nprops) {
			n->props[j].required = 1;
			continue;
		}
		/* required, but with no schema of its own: checked by name */
		grown = reallocarray(n->required_other, n->nrequired_other + 1, sizeof(*grown));
		if (!grown)
			return mutu_error_nomem();
		n->required_other = grown;
		n->required_other[n->nrequired_other++] = r->u.str;
	}
	return 0;
}

static int compile(struct node **out, mutu_schema *s, const mutu_value *v, int depth)
{
	const mutu_value *kw;
	struct node *n;
	size_t i, j;
	int err;

	if (depth > 32)
		return bad_schema(s, _("nesting too deep"));
	if (!v || v->type != MUTU_MAP)
		return bad_schema(s, _("a schema is not an object"));
	for (i = 0; i < v->u.map.len; i++) {
		for (j = 0; keywords[j] && strcmp(keywords[j], v->u.map.fields[i].key); j++)
			;
		if (!keywords[j]) {
			char msg[160];

			snprintf(msg, sizeof(msg), _("keyword '%s' is outside mutu's subset"),
				 mutu_utf8_clip(v->u.map.fields[i].key, 40));
			return bad_schema(s, msg);
		}
	}
	if ((kw = mutu_map_get(v, "$ref"))) {
		for (i = 0; i < v->u.map.len; i++)
			if (strcmp(v->u.map.fields[i].key, "$ref") &&
			    strcmp(v->u.map.fields[i].key, "description") &&
			    strcmp(v->u.map.fields[i].key, "title"))
				return bad_schema(s, _("$ref must stand alone in its schema"));
		if (kw->type != MUTU_STR)
			return bad_schema(s, _("$ref is not a string"));
		return compile_ref(out, s, kw->u.str, depth);
	}
	if (!(n = new_node(s)))
		return MUTU_ENOMEM;
	*out = n;
	if ((kw = mutu_map_get(v, "type"))) {
		if (kw->type == MUTU_SEQ) {
			for (i = 0; i < kw->u.seq.len; i++)
				if ((err = type_bit(s, kw->u.seq.items[i], &n->types)) < 0)
					return err;
		} else if ((err = type_bit(s, kw, &n->types)) < 0) {
			return err;
		}
	}
	n->constant = mutu_map_get(v, "const");
	if ((n->choices = mutu_map_get(v, "enum")) && n->choices->type != MUTU_SEQ)
		return bad_schema(s, _("enum is not an array"));
	if ((kw = mutu_map_get(v, "pattern"))) {
		if (kw->type != MUTU_STR)
			return bad_schema(s, _("pattern is not a string"));
		if ((err = compile_pattern(&n->pattern, s, kw->u.str)) < 0)
			return err;
	}
#define BOUND(name, field, flag) \
	if ((kw = mutu_map_get(v, name))) { \
		if ((err = integer_kw(s, kw, &n->field)) < 0) \
			return err; \
		n->has |= flag; \
	}
	BOUND("minLength", min_length, HAS_MIN_LENGTH)
	BOUND("maxLength", max_length, HAS_MAX_LENGTH)
	BOUND("minItems", min_items, HAS_MIN_ITEMS)
	BOUND("maxItems", max_items, HAS_MAX_ITEMS)
	BOUND("minimum", minimum, HAS_MINIMUM)
	BOUND("maximum", maximum, HAS_MAXIMUM)
#undef BOUND
	kw = mutu_map_get(v, "uniqueItems");
	n->unique = kw && kw->type == MUTU_BOOL && kw->u.truth;
	kw = mutu_map_get(v, "additionalProperties");
	if (kw && kw->type != MUTU_BOOL)
		return bad_schema(s, _("additionalProperties must be true or false"));
	n->closed = kw && !kw->u.truth;
	if ((kw = mutu_map_get(v, "items")) && (err = compile(&n->items, s, kw, depth + 1)) < 0)
		return err;
	return compile_object(s, n, mutu_map_get(v, "properties"), mutu_map_get(v, "required"),
			      depth);
}

static void schema_free(mutu_schema *s)
{
	size_t i;

	for (i = 0; i < s->nnodes; i++) {
		free(s->nodes[i]->props);
		free(s->nodes[i]->by_name);
		free(s->nodes[i]->required_other);
		free(s->nodes[i]);
	}
	for (i = 0; i < s->npatterns; i++) {
		pcre2_code_free(s->patterns[i]->code);
		free(s->patterns[i]);
	}
	free(s->nodes);
	free(s->patterns);
	free(s->defs);
	mutu_value_free(s->tree);
	free(s->type);
	free(s);
}

static int load(mutu_schema *s, const char *json)
{
	const mutu_value *defs;
	mutu_buf name = MUTU_BUF_INIT;
	size_t i;
	int err;

	mutu_buf_printf(&name, "schema/%s.json", s->type);
	err = mutu_yaml_parse(&s->tree, json, strlen(json), mutu_buf_cstr(&name));
	mutu_buf_free(&name);
	if (err < 0)
		return err;
	if ((defs = mutu_map_get(s->tree, "$defs"))) {
		if (defs->type != MUTU_MAP)
			return bad_schema(s, _("$defs is not an object"));
		if (!(s->defs = calloc(defs->u.map.len ? defs->u.map.len : 1, sizeof(*s->defs))))
			return mutu_error_nomem();
		for (i = 0; i < defs->u.map.len; i++)
			s->defs[i].name = defs->u.map.fields[i].key;
		s->ndefs = defs->u.map.len;
		for (i = 0; i < s->ndefs; i++)  /* unused definitions are checked too */
			if (!s->defs[i].node &&
			    (err = compile(&s->defs[i].node, s, defs->u.map.fields[i].value, 1)) < 0)
				return err;
	}
	return compile(&s->root, s, s->tree, 0);
}

int mutu_schema_get(const mutu_schema **out, const char *type)
{
	const struct schema_source *src;
	mutu_schema *s;
	int err;

	for (s = loaded; s; s = s->next)
		if (!strcmp(s->type, type)) {
			*out = s;
			return 0;
		}
	for (src = mutu_schema_sources; src->type && strcmp(src->type, type); src++)
		;
	if (!src->type)
		return mutu_error_set(MUTU_ENOTFOUND, _("no schema for record type '%s'"), type);
	if (!(s = calloc(1, sizeof(*s))) || !(s->type = strdup(type))) {
		free(s);
		return mutu_error_nomem();
	}
	if ((err = load(s, src->json)) < 0) {
		schema_free(s);
		return err;
	}
	s->next = loaded;
	loaded = s;
	*out = s;
	return 0;
}

const char *mutu_schema_source(const char *type)
{
	const struct schema_source *src;

	for (src = mutu_schema_sources; src->type; src++)
		if (!strcmp(src->type, type))
			return src->json;
	return NULL;
}

void mutu_schema_prepare_threads(const mutu_schema *s)
{
	size_t i;

	for (i = 0; i < s->npatterns; i++)
		if (!s->patterns[i]->jitted)
			jit(s->patterns[i]);
}

void mutu_schema_thread_done(void)
{
	pcre2_match_data_free(match_data);
	match_data = NULL;
}

void mutu_schema_cleanup(void)
{
	mutu_schema *s;

	mutu_schema_thread_done();
	while ((s = loaded)) {
		loaded = s->next;
		schema_free(s);
	}
}

/* --- validating --- */

struct ctx {
	const mutu_schema *schema;
	const char *name;
	mutu_buf path;    /* "tags[2]", "voting.quorum" */
	char subject[160];
};

/* What a message is about: 'tags[2]', or the record itself. Every
 * message is one sentence with its subject in it, so that a translator
 * can put the subject where the language wants it. */
static const char *subject(struct ctx *c)
{
	if (!c->path.len)
		return _("the record");
	snprintf(c->subject, sizeof(c->subject), "'%s'", mutu_utf8_clip(mutu_buf_cstr(&c->path), 150));
	return c->subject;
}

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
		mutu_buf_printf(b, "'%s'", mutu_utf8_clip(v->u.str, 40));
		break;
	case MUTU_INT: mutu_buf_printf(b, "%lld", v->u.num); break;
	case MUTU_BOOL: mutu_buf_puts(b, v->u.truth ? "true" : "false"); break;
	case MUTU_NULL: mutu_buf_puts(b, "null"); break;
	default: mutu_buf_puts(b, mutu_type_name(v->type)); break;
	}
}

static void describe_types(mutu_buf *b, unsigned types)
{
	static const mutu_type order[] = { MUTU_MAP, MUTU_SEQ, MUTU_STR, MUTU_INT, MUTU_BOOL, MUTU_NULL };
	size_t i, n = 0;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (types & (1u << order[i]))
			mutu_buf_printf(b, "%s%s", n++ ? "|" : "", mutu_type_name(order[i]));
}

static int check(struct ctx *c, const struct node *n, const mutu_value *v);

/* The property of n named key, or NULL: a binary search. */
static const struct prop *find_prop(const struct node *n, const char *key)
{
	size_t lo = 0, hi = n->nprops;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(key, n->props[n->by_name[mid]].name);

		if (cmp == 0)
			return &n->props[n->by_name[mid]];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The message names the missing field in full, not its parent. */
static int missing(struct ctx *c, const mutu_value *v, const char *key)
{
	return violation(c, v, _("missing required field '%s%s%s'"), mutu_buf_cstr(&c->path),
			 c->path.len ? "." : "", key);
}

static int check_object(struct ctx *c, const struct node *n, const mutu_value *v)
{
	size_t i, mark = c->path.len, seen = 0, required = 0;
	int err;

	/* missing fields first, then each field in order, as a person reads */
	for (i = 0; i < n->nprops; i++)
		required += n->props[i].required != 0;
	for (i = 0; required && i < v->u.map.len; i++) {
		const struct prop *p = find_prop(n, v->u.map.fields[i].key);

		seen += p && p->required;
	}
	/* keys are distinct, so counting tells whether one is missing */
	if (seen < required)
		for (i = 0; i < n->nprops; i++)
			if (n->props[i].required && !mutu_map_get(v, n->props[i].name))
				return missing(c, v, n->props[i].name);
	for (i = 0; i < n->nrequired_other; i++)
		if (!mutu_map_get(v, n->required_other[i]))
			return missing(c, v, n->required_other[i]);
	for (i = 0; i < v->u.map.len; i++) {
		const mutu_field *f = &v->u.map.fields[i];
		const struct prop *p = find_prop(n, f->key);

		if (!p) {
			if (n->closed) {
				mutu_value at = { .line = f->line, .col = f->col };

				return c->path.len ? violation(c, &at, _("unknown field '%s' in %s"), f->key,
							       subject(c))
						   : violation(c, &at, _("unknown field '%s'"), f->key);
			}
			continue;
		}
		if (mark)
			mutu_buf_putc(&c->path, '.');
		mutu_buf_puts(&c->path, f->key);
		if ((err = check(c, p->node, f->value)) < 0)
			return err;
		mutu_buf_truncate(&c->path, mark);
	}
	return 0;
}

static int compare_items(const void *a, const void *b)
{
	return mutu_value_compare(*(const mutu_value *const *)a, *(const mutu_value *const *)b);
}

/* uniqueItems by sorting a copy: O(n log n), not a comparison per pair. */
static int check_unique(struct ctx *c, const mutu_value *v)
{
	const mutu_value **sorted;
	size_t i, n = v->u.seq.len;
	int err = 0;

	if (n < 2)
		return 0;
	if (!(sorted = calloc(n, sizeof(*sorted))))
		return mutu_error_nomem();
	memcpy(sorted, v->u.seq.items, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), compare_items);
	for (i = 1; i < n && err == 0; i++)
		if (mutu_value_compare(sorted[i - 1], sorted[i]) == 0) {
			mutu_buf d = MUTU_BUF_INIT;
			const mutu_value *at = sorted[i]->line >= sorted[i - 1]->line ? sorted[i] : sorted[i - 1];

			describe(&d, sorted[i]);
			err = violation(c, at, _("%s holds %s more than once"), subject(c),
					mutu_buf_cstr(&d));
			mutu_buf_free(&d);
		}
	free(sorted);
	return err;
}

static int check_array(struct ctx *c, const struct node *n, const mutu_value *v)
{
	size_t i, mark = c->path.len;
	int err;

	if ((n->has & HAS_MIN_ITEMS) && (long long)v->u.seq.len < n->min_items)
		return violation(c, v, P_("%s needs at least %lld item", "%s needs at least %lld items",
					  (unsigned long)n->min_items),
				 subject(c), n->min_items);
	if ((n->has & HAS_MAX_ITEMS) && (long long)v->u.seq.len > n->max_items)
		return violation(c, v, P_("%s holds more than %lld item", "%s holds more than %lld items",
					  (unsigned long)n->max_items),
				 subject(c), n->max_items);
	for (i = 0; n->items && i < v->u.seq.len; i++) {
		mutu_buf_printf(&c->path, "[%zu]", i + 1);
		if ((err = check(c, n->items, v->u.seq.items[i])) < 0)
			return err;
		mutu_buf_truncate(&c->path, mark);
	}
	return n->unique ? check_unique(c, v) : 0;
}

static int check_string(struct ctx *c, const struct node *n, const mutu_value *v)
{
	mutu_buf d = MUTU_BUF_INIT;
	size_t len;
	int err;

	/* strings from YAML are checked by libyaml; from options, here */
	if (!mutu_utf8_count(v->u.str, &len))
		return violation(c, v, _("%s is not valid UTF-8"), subject(c));
	if (n->has & (HAS_MIN_LENGTH | HAS_MAX_LENGTH)) {
		if ((n->has & HAS_MIN_LENGTH) && (long long)len < n->min_length)
			return n->min_length == 1
				? violation(c, v, _("%s must not be empty"), subject(c))
				: violation(c, v, P_("%s is shorter than %lld character",
						     "%s is shorter than %lld characters",
						     (unsigned long)n->min_length),
					    subject(c), n->min_length);
		if ((n->has & HAS_MAX_LENGTH) && (long long)len > n->max_length)
			return violation(c, v, P_("%s is longer than %lld character",
						  "%s is longer than %lld characters",
						  (unsigned long)n->max_length),
					 subject(c), n->max_length);
	}
	if (!n->pattern)
		return 0;
	if ((err = pattern_matches(n->pattern, v->u.str)) != 0)
		return err < 0 ? err : 0;
	if (mutu_utf8_has_unsafe(v->u.str, 0))
		return violation(c, v, _("%s may not hold control characters or bidirectional formatting characters"),
				 subject(c));
	describe(&d, v);
	err = violation(c, v, _("%s is %s, which does not match %s"), subject(c), mutu_buf_cstr(&d),
			n->pattern->source);
	mutu_buf_free(&d);
	return err;
}

static int check(struct ctx *c, const struct node *n, const mutu_value *v)
{
	mutu_buf d = MUTU_BUF_INIT;
	size_t i;
	int err = 0;

	if (n->constant && !mutu_value_equal(n->constant, v)) {
		mutu_buf want = MUTU_BUF_INIT;

		describe(&d, v);
		describe(&want, n->constant);
		err = violation(c, v, _("%s is %s but must be %s"), subject(c), mutu_buf_cstr(&d),
				mutu_buf_cstr(&want));
		mutu_buf_free(&want);
		goto out;
	}
	if (n->choices) {
		for (i = 0; i < n->choices->u.seq.len; i++)
			if (mutu_value_equal(n->choices->u.seq.items[i], v))
				break;
		if (i == n->choices->u.seq.len) {
			mutu_buf list = MUTU_BUF_INIT;

			describe(&d, v);
			for (i = 0; i < n->choices->u.seq.len; i++) {
				if (i)
					mutu_buf_puts(&list, ", ");
				describe(&list, n->choices->u.seq.items[i]);
			}
			err = violation(c, v, _("%s is %s, not one of %s"), subject(c),
					mutu_buf_cstr(&d), mutu_buf_cstr(&list));
			mutu_buf_free(&list);
			goto out;
		}
	}
	if (n->types && !(n->types & (1u << v->type))) {
		describe_types(&d, n->types);
		err = violation(c, v, _("%s should be of type %s, not %s"), subject(c),
				mutu_buf_cstr(&d), mutu_type_name(v->type));
		goto out;
	}
	switch (v->type) {
	case MUTU_MAP: err = check_object(c, n, v); break;
	case MUTU_SEQ: err = check_array(c, n, v); break;
	case MUTU_STR: err = check_string(c, n, v); break;
	case MUTU_INT:
		if ((n->has & HAS_MINIMUM) && v->u.num < n->minimum)
			err = violation(c, v, _("%s is %lld, below the minimum %lld"), subject(c), v->u.num,
					n->minimum);
		else if ((n->has & HAS_MAXIMUM) && v->u.num > n->maximum)
			err = violation(c, v, _("%s is %lld, above the maximum %lld"), subject(c), v->u.num,
					n->maximum);
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
	struct ctx c = { s, name, MUTU_BUF_INIT, "" };
	int err;

	err = check(&c, s->root, rec);
	if (err == 0 && c.path.failed)
		err = mutu_error_nomem();
	mutu_buf_free(&c.path);
	return err;
}

/* --- canonical shape --- */

static int is_empty(const mutu_value *v)
{
	return v->type == MUTU_NULL || (v->type == MUTU_STR && !*v->u.str) ||
	       (v->type == MUTU_SEQ && v->u.seq.len == 0);
}

struct ranked {
	mutu_field field;
	size_t rank;      /* the property's place in the schema, or after them all */
};

static int compare_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	return (x->rank > y->rank) - (x->rank < y->rank);
}

static int canonicalize(const struct node *n, mutu_value *rec)
{
	struct ranked *r;
	size_t i, k = 0, len;
	int err;

	if (!n || rec->type != MUTU_MAP)
		return 0;
	len = rec->u.map.len;
	/* nested objects first, so that nothing below can fail half-way */
	for (i = 0; i < len; i++) {
		const struct prop *p = find_prop(n, rec->u.map.fields[i].key);

		if (p && (err = canonicalize(p->node, rec->u.map.fields[i].value)) < 0)
			return err;
	}
	if (len == 0)
		return 0;
	if (!(r = calloc(len, sizeof(*r))))
		return mutu_error_nomem();
	for (i = 0; i < len; i++) {
		const struct prop *p = find_prop(n, rec->u.map.fields[i].key);

		r[i].field = rec->u.map.fields[i];
		/* unknown fields keep their order, after the known ones */
		r[i].rank = p ? (size_t)(p - n->props) : n->nprops + i;
	}
	qsort(r, len, sizeof(*r), compare_ranked);  /* ranks are distinct: stable */
	for (i = 0; i < len; i++) {
		const struct prop *p = r[i].rank < n->nprops ? &n->props[r[i].rank] : NULL;

		if (p && !p->required && is_empty(r[i].field.value)) {
			free(r[i].field.key);
			mutu_value_free(r[i].field.value);
			continue;
		}
		rec->u.map.fields[k++] = r[i].field;
	}
	rec->u.map.len = k;
	free(r);
	return 0;
}

int mutu_schema_canonicalize(const mutu_schema *s, mutu_value *rec)
{
	return canonicalize(s->root, rec);
}

/* --- what a command may ask of a schema --- */

const mutu_value *mutu_schema_enum(const mutu_schema *s, const char *field)
{
	const struct prop *p = find_prop(s->root, field);

	return p && p->node->choices ? p->node->choices : NULL;
}

int mutu_schema_has_field(const mutu_schema *s, const char *field)
{
	return find_prop(s->root, field) != NULL;
}

int mutu_schema_check_field(const mutu_schema *s, const char *field, const mutu_value *v,
			    const char *name)
{
	const struct prop *p = find_prop(s->root, field);
	struct ctx c = { s, name, MUTU_BUF_INIT, "" };
	int err;

	if (!p)
		return mutu_error_set(MUTU_EDATA, _("unknown field '%s'"), field);
	mutu_buf_puts(&c.path, field);
	err = check(&c, p->node, v);
	mutu_buf_free(&c.path);
	return err;
}

int mutu_schema_check_item(const mutu_schema *s, const char *field, const mutu_value *v,
			   const char *name)
{
	const struct prop *p = find_prop(s->root, field);
	struct ctx c = { s, name, MUTU_BUF_INIT, "" };
	int err;

	if (!p || !p->node->items)
		return mutu_error_set(MUTU_EDATA, _("'%s' is not a list"), field);
	mutu_buf_puts(&c.path, field);
	err = check(&c, p->node->items, v);
	mutu_buf_free(&c.path);
	return err;
}
