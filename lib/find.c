#include "find.h"

#include "buf.h"
#include "catalog.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "records.h"
#include "yaml.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

struct search {
	const mutu_record_type *t;
	const char *prefix;
	size_t plen;
	mutu_found first;
	size_t count;
	mutu_buf found;    /* "offer 7q3k9m2xh4ta, need 7q3k…" */
	int several_types;
};

/* A key found: the first is kept, the others named in the message. */
static void found_key(struct search *s, const char *key, const char *path)
{
	if (s->count++ == 0) {
		s->first.type = s->t;
		snprintf(s->first.key, sizeof(s->first.key), "%s", key);
		snprintf(s->first.path, sizeof(s->first.path), "%s", path);
	}
	if (s->found.len < 900) {
		if (s->found.len)
			mutu_buf_puts(&s->found, ", ");
		if (s->several_types)
			mutu_buf_printf(&s->found, "%s ", s->t->name);
		mutu_buf_puts(&s->found, key);
	}
}

static int match_row(const mutu_catalog_row *row, void *payload)
{
	struct search *s = payload;

	if ((row->problem == MUTU_ROW_OK || row->problem == MUTU_ROW_INVALID) &&
	    !strncmp(row->key, s->prefix, s->plen) && strlen(row->path) < 64)
		found_key(s, row->key, row->path);
	return 0;
}

static void restart_rows(void *payload)
{
	struct search *s = payload;

	s->count = 0;
	mutu_buf_clear(&s->found);
}

/* Look for the prefix among the records of a type that live under their
 * parents (loans, bookings): their catalog knows every one of them. */
static int search_children(struct search *s, mutu_store *st, const mutu_record_type *t)
{
	mutu_catalog_visitor v = { match_row, restart_rows, s };

	s->t = t;
	return mutu_catalog_scan(st, t, &v, NULL);
}

static int match(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct search *s = payload;
	size_t len = strlen(name);
	char key[64], path[64];

	(void)id;
	if (kind != MUTU_ENTRY_FILE || len != MUTU_ID_LEN + 5 || strcmp(name + MUTU_ID_LEN, ".yaml") ||
	    strncmp(name, s->prefix, s->plen) != 0)
		return 0;
	memcpy(key, name, MUTU_ID_LEN);
	key[MUTU_ID_LEN] = '\0';
	if (!mutu_id_valid(key))
		return 0;
	mutu_type_path(path, s->t, key);
	found_key(s, key, path);
	return 0;
}

/* Look for the prefix in one type's fan-out directory. */
static int search_type(struct search *s, mutu_store *st, const mutu_record_type *t)
{
	mutu_oid dir;
	char path[64];

	s->t = t;
	snprintf(path, sizeof(path), "%s/%.2s", t->dir, s->prefix);
	if (mutu_store_dir(&dir, st, path) < 0) {
		mutu_error_clear();
		return 0;
	}
	return mutu_store_list_tree(st, &dir, match, s);
}

int mutu_find(mutu_found *out, mutu_store *st, const mutu_record_type *t, const char *typed)
{
	char prefix[MUTU_ID_LEN + 1];
	struct search s = { 0 };
	size_t i;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (t && t->key == MUTU_KEY_HANDLE) {
		if ((err = mutu_type_path(out->path, t, typed)) < 0)
			return err;
		if (mutu_store_lookup(&(mutu_oid){ { 0 } }, st, out->path) < 0)
			return mutu_error_set(MUTU_ENOTFOUND, _("no %s '%s' in this commons"), t->name, typed);
		out->type = t;
		snprintf(out->key, sizeof(out->key), "%s", typed);
		return 0;
	}
	if ((err = mutu_id_prefix(prefix, typed)) < 0)
		return err;
	s.prefix = prefix;
	s.plen = strlen(prefix);
	s.several_types = t == NULL;
	for (i = 0; err == 0 && mutu_types[i]; i++)
		if (t ? mutu_types[i] == t : mutu_types[i]->key == MUTU_KEY_ID)
			err = search_type(&s, st, mutu_types[i]);
	for (i = 0; err == 0 && mutu_child_types[i]; i++)
		if (t ? mutu_child_types[i] == t : mutu_child_types[i]->findable)
			err = search_children(&s, st, mutu_child_types[i]);
	if (err == 0 && s.count == 0)
		err = t ? mutu_error_set(MUTU_ENOTFOUND, _("no %s with id %s"), t->name, prefix)
			: mutu_error_set(MUTU_ENOTFOUND, _("no record with id %s"), prefix);
	else if (err == 0 && s.count > 1)
		err = mutu_error_set(MUTU_EUSAGE, _("ambiguous id prefix '%s' (%zu records): %s"), prefix,
				     s.count, mutu_buf_cstr(&s.found));
	else if (err == 0)
		*out = s.first;
	mutu_buf_free(&s.found);
	return err;
}

int mutu_find_load(mutu_record **out, mutu_oid *blob, mutu_store *st, const mutu_found *f,
		   unsigned flags)
{
	const char *have;
	mutu_oid id;
	char *data;
	size_t len;
	int err;

	if (flags & MUTU_FIND_QUIET) {
		*out = NULL;
		if ((err = mutu_store_lookup(&id, st, f->path)) < 0 ||
		    (err = mutu_store_read(&data, &len, st, f->path, MUTU_YAML_MAX_DOCUMENT)) < 0)
			return err == MUTU_ENOTFOUND
				? mutu_error_set(MUTU_ENOTFOUND, _("no %s with id %s"), f->type->name, f->key)
				: err;
		err = mutu_yaml_parse(out, data, len, f->path);
		free(data);
		if (err == 0 && blob)
			*blob = id;
		return err;
	}
	err = mutu_records_read(out, blob, st, f->type->name, f->path, 0);
	if (err == MUTU_ENOTFOUND)
		return mutu_error_set(MUTU_ENOTFOUND, _("no %s with id %s"), f->type->name, f->key);
	if (err < 0)
		return err;
	have = mutu_map_str(*out, f->type->key_field);
	if (!have || strcmp(have, f->key) != 0)
		mutu_warn(_("%s: its %s field says '%s', not what its file name says"), f->path,
			  f->type->key_field, have ? have : "");
	return 0;
}
