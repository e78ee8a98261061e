#include "records.h"

#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "schema.h"
#include "trailers.h"
#include "utf8.h"
#include "yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mutu_records_check(const char *type, mutu_record *rec, const char *name)
{
	const mutu_schema *s;
	int err;

	const mutu_record_type *t = mutu_type_find(type);

	if ((err = mutu_schema_get(&s, type)) < 0 ||
	    (err = mutu_schema_canonicalize(s, rec)) < 0 ||
	    (err = mutu_schema_validate(s, rec, name)) < 0)
		return err;
	/* what a schema cannot say: an event ends after it starts */
	return t && t->validate ? t->validate(rec) : 0;
}

int mutu_records_emit(mutu_buf *out, const char *type, mutu_record *rec)
{
	const mutu_schema *s;
	int err;

	if ((err = mutu_schema_get(&s, type)) < 0 ||
	    (err = mutu_schema_canonicalize(s, rec)) < 0)
		return err;
	return mutu_yaml_emit(out, rec);
}

int mutu_records_check_author(const char *name, const char *email, const char *source)
{
	const char *p;

	if (!name || !*name || !email || !*email)
		return mutu_error_set(MUTU_EDATA, _("%s: a member needs a name and an email to act"), source);
	if (!mutu_utf8_valid(name, strlen(name)) || mutu_utf8_has_unsafe(name, 0) || strpbrk(name, "<>"))
		return mutu_error_set(MUTU_EDATA, _("%s: the name '%s' cannot sign a commit: no control characters, bidirectional controls, '<' or '>'"),
				      source, name);
	for (p = name; *p == ' '; p++)
		;
	if (!*p)
		return mutu_error_set(MUTU_EDATA, _("%s: the name is blank"), source);
	if (!mutu_utf8_valid(email, strlen(email)) || mutu_utf8_has_unsafe(email, 0) ||
	    strpbrk(email, "<> ") || !strchr(email, '@'))
		return mutu_error_set(MUTU_EDATA, _("%s: the email '%s' cannot sign a commit: one '@', no blanks, control characters, '<' or '>'"),
				      source, email);
	return 0;
}

void mutu_records_subject(mutu_buf *out, const char *action_words, const char *title)
{
	mutu_buf line = MUTU_BUF_INIT;
	size_t cut;

	mutu_utf8_escape(&line, action_words, 0);
	if (title && *title) {
		mutu_buf_puts(&line, ": ");
		mutu_utf8_escape(&line, title, 0);
	}
	cut = mutu_utf8_cut(mutu_buf_cstr(&line), MUTU_RECORDS_MAX_SUBJECT);
	mutu_buf_put(out, mutu_buf_cstr(&line), cut);
	mutu_buf_free(&line);
}

int mutu_records_write(mutu_store *st, const mutu_actor *who, const char *action,
		       const char *summary, mutu_write *writes, size_t n)
{
	return mutu_records_write_guarded(st, who, action, summary, writes, n, NULL, 0);
}

int mutu_records_write_guarded(mutu_store *st, const mutu_actor *who, const char *action,
			       const char *summary, mutu_write *writes, size_t n,
			       const mutu_guard *guards, size_t nguards)
{
	mutu_commit_info info;
	mutu_trailers trailers = { 0 };
	mutu_change *changes;
	mutu_buf *texts, msg = MUTU_BUF_INIT;
	size_t i;
	int err = 0;

	if ((err = mutu_records_check_author(who->name, who->email, who->handle)) < 0)
		return err;
	changes = calloc(n ? n : 1, sizeof(*changes));
	texts = calloc(n ? n : 1, sizeof(*texts));
	if (!changes || !texts) {
		err = mutu_error_nomem();
		goto out;
	}
	for (i = 0; i < n && err == 0; i++) {
		changes[i].path = writes[i].path;
		changes[i].base = writes[i].base;
		if (!writes[i].rec) {
			if (!writes[i].base)
				err = mutu_error_set(MUTU_EUSAGE, "%s", "a removal needs the blob it removes");
			continue;  /* data NULL: the file goes */
		}
		if (!writes[i].type && writes[i].rec->type == MUTU_STR) {
			changes[i].data = writes[i].rec->u.str;   /* a plain file, as is */
			changes[i].len = strlen(writes[i].rec->u.str);
			continue;
		}
		if ((err = mutu_records_check(writes[i].type, writes[i].rec, NULL)) < 0)
			break;
		err = mutu_yaml_emit(&texts[i], writes[i].rec);
		changes[i].data = mutu_buf_cstr(&texts[i]);
		changes[i].len = texts[i].len;
	}
	if (err < 0)
		goto out;
	mutu_records_subject(&msg, summary, NULL);
	mutu_buf_puts(&msg, "\n\n");
	if (!(trailers.records = calloc(n < MUTU_RECORDS_MAX_TRAILERS ? (n ? n : 1) : MUTU_RECORDS_MAX_TRAILERS,
					sizeof(*trailers.records)))) {
		err = mutu_error_nomem();
		goto out;
	}
	snprintf(trailers.action, sizeof(trailers.action), "%s", action);
	for (i = 0; i < n && i < MUTU_RECORDS_MAX_TRAILERS; i++)
		trailers.records[trailers.nrecords++] = (char *)writes[i].path;
	trailers.count = n;
	mutu_trailers_format(&msg, &trailers);
	info = (mutu_commit_info){ .name = who->name, .email = who->email,
				   .message = mutu_buf_cstr(&msg), .sign = who->sign,
				   .sign_payload = who->sign_payload, .guards = guards,
				   .nguards = nguards };
	if ((err = mutu_buf_check(&msg)) == 0)
		err = mutu_store_commit(st, changes, n, &info);
out:
	if (texts)
		for (i = 0; i < n; i++)
			mutu_buf_free(&texts[i]);
	free(texts);
	free(changes);
	free(trailers.records);   /* the paths are the writes' */
	mutu_buf_free(&msg);
	return err;
}

int mutu_records_parse(mutu_record **out, const char *type, const char *data,
		       size_t len, const char *path, int strict)
{
	const mutu_schema *s;
	mutu_record *rec;
	int err;

	*out = NULL;
	if ((err = mutu_yaml_parse(&rec, data, len, path)) < 0)
		return err;
	if ((err = mutu_schema_get(&s, type)) < 0)
		goto fail;
	if ((err = mutu_schema_validate(s, rec, path)) < 0) {
		if (strict)
			goto fail;
		mutu_warn("%s", mutu_error_last());
		mutu_error_clear();
	}
	*out = rec;
	return 0;
fail:
	mutu_value_free(rec);
	return err;
}

int mutu_records_read(mutu_record **out, mutu_oid *blob, mutu_store *st,
		      const char *type, const char *path, int strict)
{
	mutu_oid id;
	char *data;
	size_t len;
	int err;

	*out = NULL;
	if ((err = mutu_store_lookup(&id, st, path)) < 0)
		return err;
	if ((err = mutu_store_read_blob(&data, &len, st, &id, MUTU_YAML_MAX_DOCUMENT)) < 0) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		return mutu_error_set(err, "%s: %s", path, why);
	}
	err = mutu_records_parse(out, type, data, len, path, strict);
	free(data);
	if (err == 0 && blob)
		*blob = id;
	return err;
}

struct children {
	mutu_store *st;
	const mutu_record_type *t;
	const char *parent;
	const char *dir;
	mutu_record **recs;
	size_t n, cap;
	mutu_oid *blobs;      /* each record's, when wanted */
	int want_blobs;
};

static int read_child(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct children *c = payload;
	char path[512], key[64];
	mutu_record *rec = NULL;
	const char *why, *have;
	char *data;
	size_t len;
	int err;

	snprintf(path, sizeof(path), "%s/%s", c->dir, name);
	if (kind != MUTU_ENTRY_FILE) {
		mutu_warn(_("%s: %s; not listed"), path, _("not a file"));
		return 0;
	}
	if (!mutu_type_place(c->t, path, key, &why)) {
		mutu_warn(_("%s: %s; not listed"), path, _(why));
		return 0;
	}
	if ((err = mutu_store_read_blob(&data, &len, c->st, id, MUTU_YAML_MAX_DOCUMENT)) == 0) {
		err = mutu_records_parse(&rec, c->t->name, data, len, path, 0);
		free(data);
	}
	if (err == MUTU_ENOMEM)
		return err;
	if (err < 0) {
		mutu_warn(_("%s; not listed"), mutu_error_last());
		mutu_error_clear();
		return 0;
	}
	have = mutu_map_str(rec, c->t->key_field);
	if (!have || strcmp(have, key) != 0) {
		mutu_warn(_("%s: its %s field says '%s', not what its file name says; not listed"),
			  path, c->t->key_field, have ? have : "");
		mutu_value_free(rec);
		return 0;
	}
	/* a record copied under another parent is not about it */
	have = mutu_map_str(rec, c->t->parent_field);
	if (!have || strcmp(have, c->parent) != 0) {
		mutu_warn(_("%s: its %s field says '%s', not the record whose directory holds it; not listed"),
			  path, c->t->parent_field, have ? have : "");
		mutu_value_free(rec);
		return 0;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		mutu_record **grown = reallocarray(c->recs, cap, sizeof(*grown));

		if (!grown) {
			mutu_value_free(rec);
			return mutu_error_nomem();
		}
		c->recs = grown;
		c->cap = cap;
	}
	if (c->want_blobs) {
		mutu_oid *grown = reallocarray(c->blobs, c->cap, sizeof(*grown));

		if (!grown) {
			mutu_value_free(rec);
			return mutu_error_nomem();
		}
		c->blobs = grown;
		c->blobs[c->n] = *id;
	}
	c->recs[c->n++] = rec;
	return 0;
}

int mutu_records_children(mutu_record ***out, size_t *n, mutu_store *st,
			  const mutu_record_type *t, const char *parent)
{
	mutu_oid tree;
	int exists;

	return mutu_records_children_at(out, NULL, n, &tree, &exists, st, t, parent);
}

int mutu_records_children_at(mutu_record ***out, mutu_oid **blobs, size_t *n, mutu_oid *dir_tree,
			     int *exists, mutu_store *st, const mutu_record_type *t,
			     const char *parent)
{
	struct children c = { st, t, parent, NULL, NULL, 0, 0, NULL, blobs != NULL };
	char dir[64];
	size_t i;
	int err;

	*out = NULL;
	if (blobs)
		*blobs = NULL;
	*n = 0;
	*exists = 0;
	if ((err = mutu_type_child_dir(dir, t, parent)) < 0)
		return err;
	c.dir = dir;
	if ((err = mutu_store_subdir(dir_tree, st, NULL, dir)) <= 0)
		return err;  /* no records yet, or damage */
	*exists = 1;
	if ((err = mutu_store_list_tree(st, dir_tree, read_child, &c)) < 0) {
		for (i = 0; i < c.n; i++)
			mutu_value_free(c.recs[i]);
		free(c.recs);
		free(c.blobs);
		return err;
	}
	*out = c.recs;
	if (blobs)
		*blobs = c.blobs;
	*n = c.n;
	return 0;
}
