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
		for (i = 0; i < v->u.map.len; i++)
			if (mutu_map_set(c, v->u.map.fields[i].key,
					 mutu_value_dup(v->u.map.fields[i].value)) < 0)
				goto fail;
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

int mutu_value_equal(const mutu_value *a, const mutu_value *b)
{
	size_t i;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case MUTU_NULL: return 1;
	case MUTU_STR: return strcmp(a->u.str, b->u.str) == 0;
	case MUTU_INT: return a->u.num == b->u.num;
	case MUTU_BOOL: return a->u.truth == b->u.truth;
	case MUTU_SEQ:
		if (a->u.seq.len != b->u.seq.len)
			return 0;
		for (i = 0; i < a->u.seq.len; i++)
			if (!mutu_value_equal(a->u.seq.items[i], b->u.seq.items[i]))
				return 0;
		return 1;
	case MUTU_MAP:
		if (a->u.map.len != b->u.map.len)
			return 0;
		for (i = 0; i < a->u.map.len; i++) {
			const mutu_field *f = &a->u.map.fields[i];
			const mutu_value *o = mutu_map_get(b, f->key);

			if (!o || !mutu_value_equal(f->value, o))
				return 0;
		}
		return 1;
	}
	return 0;
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

int mutu_map_set(mutu_value *map, const char *key, mutu_value *v)
{
	mutu_field *f;
	size_t cap;

	if (!v)
		return MUTU_ENOMEM;
	if ((f = (mutu_field *)mutu_map_field(map, key))) {
		mutu_value_free(f->value);
		f->value = v;
		return 0;
	}
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
