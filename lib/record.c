#include "record.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

static mutu_value *value_new(mutu_type t)
{
	mutu_value *v = calloc(1, sizeof(*v));

	if (!v)
		mutu_error_nomem();
	else
		v->type = t;
	return v;
}

mutu_value *mutu_value_null(void) { return value_new(MUTU_NULL); }
mutu_value *mutu_value_seq(void) { return value_new(MUTU_SEQ); }
mutu_value *mutu_value_map(void) { return value_new(MUTU_MAP); }

mutu_value *mutu_value_strn(const char *s, size_t len)
{
	mutu_value *v = value_new(MUTU_STR);

	if (!v)
		return NULL;
	v->u.str = malloc(len + 1);
	if (!v->u.str) {
		free(v);
		mutu_error_nomem();
		return NULL;
	}
	memcpy(v->u.str, s, len);
	v->u.str[len] = '\0';
	return v;
}

mutu_value *mutu_value_str(const char *s)
{
	return mutu_value_strn(s, strlen(s));
}

mutu_value *mutu_value_int(long long n)
{
	mutu_value *v = value_new(MUTU_INT);

	if (v)
		v->u.num = n;
	return v;
}

mutu_value *mutu_value_bool(int truth)
{
	mutu_value *v = value_new(MUTU_BOOL);

	if (v)
		v->u.truth = !!truth;
	return v;
}

void mutu_value_free(mutu_value *v)
{
	size_t i;

	if (!v)
		return;
	switch (v->type) {
	case MUTU_STR:
		free(v->u.str);
		break;
	case MUTU_SEQ:
		for (i = 0; i < v->u.seq.len; i++)
			mutu_value_free(v->u.seq.items[i]);
		free(v->u.seq.items);
		break;
	case MUTU_MAP:
		for (i = 0; i < v->u.map.len; i++) {
			free(v->u.map.fields[i].key);
			mutu_value_free(v->u.map.fields[i].value);
		}
		free(v->u.map.fields);
		break;
	default:
		break;
	}
	free(v);
}

mutu_value *mutu_value_dup(const mutu_value *v)
{
	mutu_value *c = NULL;
	size_t i;

	switch (v->type) {
	case MUTU_NULL: c = mutu_value_null(); break;
	case MUTU_STR: c = mutu_value_str(v->u.str); break;
	case MUTU_INT: c = mutu_value_int(v->u.num); break;
	case MUTU_BOOL: c = mutu_value_bool(v->u.truth); break;
	case MUTU_SEQ:
		if (!(c = mutu_value_seq()))
			return NULL;
		for (i = 0; i < v->u.seq.len; i++)
			if (mutu_seq_push(c, mutu_value_dup(v->u.seq.items[i])) < 0)
				goto fail;
		break;
	case MUTU_MAP:
		if (!(c = mutu_value_map()))
			return NULL;
		/* the keys of v are distinct: append, without a lookup each */
		for (i = 0; i < v->u.map.len; i++) {
			const mutu_field *f = &v->u.map.fields[i];

			if (mutu_map_append(c, f->key, mutu_value_dup(f->value)) < 0)
				goto fail;
			c->u.map.fields[i].line = f->line;
			c->u.map.fields[i].col = f->col;
		}
		break;
	}
	if (c) {
		c->line = v->line;
		c->col = v->col;
	}
	return c;
fail:
	mutu_value_free(c);
	return NULL;
}

const char *mutu_type_name(mutu_type t)
{
	static const char *names[] = {
		"null", "string", "integer", "boolean", "array", "object",
	};

	return names[t];
}

static int compare_fields(const void *a, const void *b)
{
	const mutu_field *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* The fields of map, sorted by key, in a new array (NULL if empty or out
 * of memory; *failed tells which). */
static const mutu_field **sorted_fields(const mutu_value *map, int *failed)
{
	const mutu_field **f;
	size_t i, n = map->u.map.len;

	*failed = 0;
	if (n == 0)
		return NULL;
	if (!(f = calloc(n, sizeof(*f)))) {
		*failed = 1;
		return NULL;
	}
	for (i = 0; i < n; i++)
		f[i] = &map->u.map.fields[i];
	qsort(f, n, sizeof(*f), compare_fields);
	return f;
}

static int compare_maps(const mutu_value *a, const mutu_value *b)
{
	const mutu_field **fa, **fb;
	size_t i, n;
	int c = 0, fail_a, fail_b;

	/* the usual case, two records in one order, needs no sorting */
	if (a->u.map.len == b->u.map.len) {
		for (i = 0; i < a->u.map.len; i++)
			if (strcmp(a->u.map.fields[i].key, b->u.map.fields[i].key))
				break;
		if (i == a->u.map.len) {
			for (i = 0; i < a->u.map.len && c == 0; i++)
				c = mutu_value_compare(a->u.map.fields[i].value, b->u.map.fields[i].value);
			return c;
		}
	}
	fa = sorted_fields(a, &fail_a);
	fb = sorted_fields(b, &fail_b);
	if (fail_a || fail_b) {
		free(fa);
		free(fb);
		return a < b ? -1 : 1;  /* out of memory: call them different */
	}
	n = a->u.map.len < b->u.map.len ? a->u.map.len : b->u.map.len;
	for (i = 0; i < n && c == 0; i++) {
		c = strcmp(fa[i]->key, fb[i]->key);
		if (c == 0)
			c = mutu_value_compare(fa[i]->value, fb[i]->value);
	}
	if (c == 0)
		c = (a->u.map.len > b->u.map.len) - (a->u.map.len < b->u.map.len);
	free(fa);
	free(fb);
	return c;
}

int mutu_value_compare(const mutu_value *a, const mutu_value *b)
{
	size_t i, n;
	int c;

	if (!a || !b)   /* an absent field: before any value */
		return (a != NULL) - (b != NULL);
	if (a->type != b->type)
		return (a->type > b->type) - (a->type < b->type);
	switch (a->type) {
	case MUTU_NULL: return 0;
	case MUTU_STR: return strcmp(a->u.str, b->u.str);
	case MUTU_INT: return (a->u.num > b->u.num) - (a->u.num < b->u.num);
	case MUTU_BOOL: return a->u.truth - b->u.truth;
	case MUTU_SEQ:
		n = a->u.seq.len < b->u.seq.len ? a->u.seq.len : b->u.seq.len;
		for (i = 0; i < n; i++)
			if ((c = mutu_value_compare(a->u.seq.items[i], b->u.seq.items[i])))
				return c;
		return (a->u.seq.len > b->u.seq.len) - (a->u.seq.len < b->u.seq.len);
	case MUTU_MAP:
		return compare_maps(a, b);
	}
	return 0;
}

int mutu_value_equal(const mutu_value *a, const mutu_value *b)
{
	return mutu_value_compare(a, b) == 0;
}

const mutu_field *mutu_map_field(const mutu_value *map, const char *key)
{
	size_t i;

	if (!map || map->type != MUTU_MAP)
		return NULL;
	for (i = 0; i < map->u.map.len; i++)
		if (strcmp(map->u.map.fields[i].key, key) == 0)
			return &map->u.map.fields[i];
	return NULL;
}

mutu_value *mutu_map_get(const mutu_value *map, const char *key)
{
	const mutu_field *f = mutu_map_field(map, key);

	return f ? f->value : NULL;
}

const char *mutu_map_str(const mutu_value *map, const char *key)
{
	const mutu_value *v = mutu_map_get(map, key);

	return v && v->type == MUTU_STR ? v->u.str : NULL;
}

const char *mutu_map_text(const mutu_value *map, const char *key)
{
	const char *s = mutu_map_str(map, key);

	return s ? s : "";
}

int mutu_map_append(mutu_value *map, const char *key, mutu_value *v)
{
	mutu_field *f;
	size_t cap;

	if (!v)
		return MUTU_ENOMEM;
	if (map->u.map.len == map->u.map.cap) {
		cap = map->u.map.cap ? map->u.map.cap * 2 : 8;
		f = reallocarray(map->u.map.fields, cap, sizeof(*f));
		if (!f)
			goto fail;
		map->u.map.fields = f;
		map->u.map.cap = cap;
	}
	f = &map->u.map.fields[map->u.map.len];
	if (!(f->key = strdup(key)))
		goto fail;
	f->line = f->col = 0;
	f->value = v;
	map->u.map.len++;
	return 0;
fail:
	mutu_value_free(v);
	return mutu_error_nomem();
}

int mutu_map_set(mutu_value *map, const char *key, mutu_value *v)
{
	mutu_field *f;

	if (!v)
		return MUTU_ENOMEM;
	if ((f = (mutu_field *)mutu_map_field(map, key))) {
		mutu_value_free(f->value);
		f->value = v;
		return 0;
	}
	return mutu_map_append(map, key, v);
}

int mutu_map_set_str(mutu_value *map, const char *key, const char *s)
{
	return mutu_map_set(map, key, mutu_value_str(s));
}

int mutu_map_remove(mutu_value *map, const char *key)
{
	mutu_field *f = (mutu_field *)mutu_map_field(map, key);
	size_t i;

	if (!f)
		return 0;
	i = (size_t)(f - map->u.map.fields);
	free(f->key);
	mutu_value_free(f->value);
	memmove(f, f + 1, (map->u.map.len - i - 1) * sizeof(*f));
	map->u.map.len--;
	return 1;
}

int mutu_seq_push(mutu_value *seq, mutu_value *v)
{
	mutu_value **items;
	size_t cap;

	if (!v)
		return MUTU_ENOMEM;
	if (seq->u.seq.len == seq->u.seq.cap) {
		cap = seq->u.seq.cap ? seq->u.seq.cap * 2 : 4;
		items = reallocarray(seq->u.seq.items, cap, sizeof(*items));
		if (!items) {
			mutu_value_free(v);
			return mutu_error_nomem();
		}
		seq->u.seq.items = items;
		seq->u.seq.cap = cap;
	}
	seq->u.seq.items[seq->u.seq.len++] = v;
	return 0;
}

long mutu_seq_find_str(const mutu_value *seq, const char *s)
{
	size_t i;

	if (!seq || seq->type != MUTU_SEQ)
		return -1;
	for (i = 0; i < seq->u.seq.len; i++) {
		const mutu_value *v = seq->u.seq.items[i];

		if (v->type == MUTU_STR && strcmp(v->u.str, s) == 0)
			return (long)i;
	}
	return -1;
}

void mutu_seq_remove(mutu_value *seq, size_t i)
{
	mutu_value_free(seq->u.seq.items[i]);
	memmove(&seq->u.seq.items[i], &seq->u.seq.items[i + 1],
		(seq->u.seq.len - i - 1) * sizeof(seq->u.seq.items[0]));
	seq->u.seq.len--;
}
