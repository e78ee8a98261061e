#include "actions.h"

#include "buf.h"
#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "utf8.h"
#include "id.h"
#include "schema.h"
#include "yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int mutu_action_stamp(mutu_record *rec, const char *field, time_t when)
{
	char text[MUTU_TIME_LEN + 1];

	mutu_clock_format(text, when);
	return mutu_map_set_str(rec, field, text);
}

/* field, when the type has one, stamped now */
static int stamp(mutu_record *rec, const char *field)
{
	time_t now;
	int err;

	if (!field)
		return 0;
	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	return mutu_action_stamp(rec, field, now);
}

int mutu_action_new(mutu_record **out, const mutu_record_type *t, const char *actor,
		    const char *key)
{
	char id[MUTU_ID_LEN + 1];
	const mutu_default *d;
	mutu_record *rec;
	int err;

	*out = NULL;
	if (t->key == MUTU_KEY_ID) {
		if ((err = mutu_id_new(id)) < 0)
			return err;
		key = id;
	} else if ((err = mutu_type_check_key(t, key)) < 0) {
		return err;
	}
	if (!(rec = mutu_value_map()))
		return MUTU_ENOMEM;
	err = mutu_map_set_str(rec, t->key_field, key);
	if (err == 0 && t->has_type_field)
		err = mutu_map_set_str(rec, "type", t->name);
	for (d = t->defaults; err == 0 && d && d->field; d++)
		err = mutu_map_set_str(rec, d->field, d->value);
	if (err == 0 && t->status_field)
		err = mutu_map_set_str(rec, t->status_field, t->initial_status);
	if (err == 0 && strcmp(t->owner_field, t->key_field) != 0)
		err = mutu_map_set_str(rec, t->owner_field, actor);
	if (err == 0)
		err = stamp(rec, t->created_field);
	if (err == 0 && t->updated_field)
		err = mutu_map_set_str(rec, t->updated_field, mutu_map_str(rec, t->created_field));
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

static void settable_list(mutu_buf *b, const mutu_record_type *t)
{
	const char *const *f;

	for (f = t->settable; f && *f; f++)
		mutu_buf_printf(b, "%s%s", f == t->settable ? "" : ", ", *f);
}

/* A whole number where the schema wants one (an event's capacity), text
 * otherwise: a person types both the same way. */
static int set_scalar(mutu_record *rec, const mutu_record_type *t, const char *field,
		      const char *value)
{
	const mutu_schema *s;
	mutu_value *n;
	long long v;
	char *end;
	int fits;

	if (!*value || mutu_schema_get(&s, t->name) < 0) {
		mutu_error_clear();
		return mutu_map_set_str(rec, field, value);
	}
	errno = 0;
	v = strtoll(value, &end, 10);
	if (*end || errno || !(n = mutu_value_int(v)))
		return mutu_map_set_str(rec, field, value);
	fits = mutu_schema_check_field(s, field, n, "") == 0;
	mutu_error_clear();
	if (!fits) {
		mutu_value *text = mutu_value_str(value);

		/* neither fits: the number, whose refusal says what is wrong
		 * with it ("below 1"), not that it is no string */
		fits = !text || mutu_schema_check_field(s, field, text, "") != 0;
		mutu_error_clear();
		mutu_value_free(text);
	}
	if (fits)
		return mutu_map_set(rec, field, n);
	mutu_value_free(n);
	return mutu_map_set_str(rec, field, value);
}

int mutu_action_set(mutu_record *rec, const mutu_record_type *t, const char *field,
		    const char *value)
{
	mutu_value *list;
	const char *p, *end;
	mutu_buf names = MUTU_BUF_INIT;
	int err;

	if (!mutu_type_settable(t, field)) {
		settable_list(&names, t);
		err = mutu_error_set(MUTU_EDATA, _("cannot set '%s': the fields a member sets are %s"),
				     mutu_utf8_clip(field, 40), mutu_buf_cstr(&names));
		mutu_buf_free(&names);
		return err;
	}
	if (!mutu_type_list_field(t, field))
		return set_scalar(rec, t, field, value);
	if (!(list = mutu_value_seq()))
		return MUTU_ENOMEM;
	/* each step moves past a comma or to the end: linear, whatever value is */
	for (p = value; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (end > p && mutu_seq_push(list, mutu_value_strn(p, (size_t)(end - p))) < 0) {
			mutu_value_free(list);
			return MUTU_ENOMEM;
		}
	}
	return mutu_map_set(rec, field, list);
}

int mutu_action_list_item(mutu_record *rec, const mutu_record_type *t, const char *field,
			  const char *item, int add)
{
	mutu_value *list = mutu_map_get(rec, field);
	long at;
	int err;

	if (!mutu_type_list_field(t, field))
		return mutu_error_set(MUTU_EDATA, _("'%s' is not a list"), field);
	if (!list || list->type != MUTU_SEQ) {
		if (!add)
			return 0;
		if ((err = mutu_map_set(rec, field, mutu_value_seq())) < 0)
			return err;
		list = mutu_map_get(rec, field);
	}
	at = mutu_seq_find_str(list, item);
	if (add && at < 0)
		return mutu_seq_push(list, mutu_value_str(item));
	if (!add && at >= 0)
		mutu_seq_remove(list, (size_t)at);
	return 0;
}

static int schema_knows(const mutu_record_type *t, const char *field)
{
	const mutu_schema *s;

	return mutu_schema_get(&s, t->name) == 0 && mutu_schema_has_field(s, field);
}

int mutu_action_apply_edit(mutu_record *rec, const mutu_record_type *t, const mutu_record *edited,
			   const char *name)
{
	const char *const *f;
	size_t i;
	int err;

	for (i = 0; i < edited->u.map.len; i++) {
		const mutu_field *e = &edited->u.map.fields[i];
		const mutu_value *was = mutu_map_get(rec, e->key);

		if (mutu_type_settable(t, e->key))
			continue;
		if (!schema_knows(t, e->key))
			return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: unknown field '%s'"), name,
					      e->line, e->col, e->key);
		if (!was || !mutu_value_equal(was, e->value))
			return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: field '%s' is mutu's to change, not an editor's"),
					      name, e->line, e->col, e->key);
	}
	for (f = t->settable; f && *f; f++) {
		const mutu_value *v = mutu_map_get(edited, *f);

		if (!v)
			mutu_map_remove(rec, *f);
		else if ((err = mutu_map_set(rec, *f, mutu_value_dup(v))) < 0)
			return err;
	}
	return 0;
}

int mutu_action_check_owner(const mutu_record_type *t, const mutu_record *rec,
			    const mutu_actor *who, const char *verb)
{
	const char *owner = mutu_map_str(rec, t->owner_field);
	const char *key = mutu_map_str(rec, t->key_field);

	if (owner && !strcmp(owner, who->handle))
		return 0;
	if (t->key == MUTU_KEY_HANDLE)
		return mutu_error_set(MUTU_EPERM, _("only %s can %s their own record; you are %s"),
				      owner ? owner : "?", verb, who->handle);
	return mutu_error_set(MUTU_EPERM, _("only %s, the author, can %s %s %s; you are %s"),
			      owner ? owner : "?", verb, t->name, mutu_utf8_clip(key ? key : "?", 8),
			      who->handle);
}

int mutu_action_transition(mutu_record *rec, const mutu_record_type *t,
			   const mutu_transition *tr, const char *note, const mutu_action_ctx *ctx)
{
	const char *status = mutu_map_str(rec, t->status_field);
	const char *const *c;
	int err;

	if (status && !strcmp(status, tr->to))
		return 1;
	if (!status || strcmp(status, tr->from) != 0)
		return mutu_error_set(MUTU_EDATA, _("cannot %s %s %s: it is %s, not %s"), tr->verb,
				      t->name, mutu_utf8_clip(mutu_map_str(rec, t->key_field) ?
							      mutu_map_str(rec, t->key_field) : "?", 8),
				      status ? status : "?", tr->from);
	if (tr->check && (err = tr->check(t, rec, ctx)) < 0)
		return err;
	if ((err = mutu_map_set_str(rec, t->status_field, tr->to)) < 0)
		return err;
	for (c = tr->clear; c && *c; c++)
		mutu_map_remove(rec, *c);
	if (note && tr->note_field)
		return mutu_map_set_str(rec, tr->note_field, note);
	return 0;
}

/* "offer add 7q3k9m2x", for a commit subject. */
static void action_words(mutu_buf *b, const mutu_record_type *t, const char *verb,
			 const char *key)
{
	size_t n = t->key == MUTU_KEY_ID ? 8 : strlen(key);

	mutu_buf_printf(b, "%s %s %.*s", t->name, verb, (int)n, key);
}

static int commit_new(const mutu_action_ctx *ctx, const mutu_record_type *t, mutu_record **recs,
		      size_t n)
{
	mutu_buf words = MUTU_BUF_INIT, summary = MUTU_BUF_INIT;
	char (*paths)[64] = NULL, action[64];
	mutu_write *w = NULL;
	mutu_oid existing;
	size_t i;
	int err = 0;

	if (n == 0)
		return mutu_error_set(MUTU_EDATA, _("no records to add"));
	w = calloc(n, sizeof(*w));
	paths = calloc(n, sizeof(*paths));
	if (!w || !paths) {
		err = mutu_error_nomem();
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *key = mutu_map_str(recs[i], t->key_field);

		if ((err = mutu_type_path(paths[i], t, key ? key : "")) < 0)
			goto out;
		w[i] = (mutu_write){ t->name, paths[i], recs[i], NULL };
	}
	if (n == 1 && t->key == MUTU_KEY_HANDLE && mutu_store_lookup(&existing, ctx->st, paths[0]) == 0) {
		err = mutu_error_set(MUTU_EUSAGE, _("%s '%s' already exists"), t->name,
				     mutu_map_str(recs[0], t->key_field));
		goto out;
	}
	mutu_error_clear();
	if (n == 1) {
		action_words(&words, t, "add", mutu_map_str(recs[0], t->key_field));
		mutu_records_subject(&summary, mutu_buf_cstr(&words),
				     mutu_map_str(recs[0], t->title_field));
	} else {
		mutu_buf_printf(&summary, "%s add: %zu records", t->name, n);
	}
	mutu_type_action(action, t, "add");
	err = mutu_records_write(ctx->st, ctx->who, action, mutu_buf_cstr(&summary), w, n);
out:
	mutu_buf_free(&words);
	mutu_buf_free(&summary);
	free(w);
	free(paths);
	return err;
}

int mutu_action_add(const mutu_action_ctx *ctx, const mutu_record_type *t, mutu_record **recs,
		    size_t n)
{
	/* mutu_records_write checks every record before anything is committed */
	return commit_new(ctx, t, recs, n);
}

/* One imported document: settable fields only, then the record checked. */
static int import_one(mutu_record **out, const mutu_record_type *t, const mutu_actor *who,
		      const mutu_value *doc, const char *name)
{
	mutu_record *rec;
	size_t i;
	int err;

	for (i = 0; i < doc->u.map.len; i++) {
		const mutu_field *f = &doc->u.map.fields[i];

		if (mutu_type_settable(t, f->key))
			continue;
		if (schema_knows(t, f->key))
			return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: field '%s' is set by mutu, not by the input"),
					      name, f->line, f->col, f->key);
		return mutu_error_set(MUTU_EDATA, _("%s:%u:%u: unknown field '%s'"), name, f->line,
				      f->col, f->key);
	}
	if ((err = mutu_action_new(&rec, t, who->handle, NULL)) < 0)
		return err;
	for (i = 0; i < doc->u.map.len && err == 0; i++)
		err = mutu_map_set(rec, doc->u.map.fields[i].key,
				   mutu_value_dup(doc->u.map.fields[i].value));
	if (err == 0 && t->title_field && !mutu_map_get(doc, t->title_field))
		err = mutu_error_set(MUTU_EDATA, _("%s:%u:%u: missing required field '%s'"), name,
				     doc->line, doc->col, t->title_field);
	if (err == 0)
		err = mutu_records_check(t->name, rec, name);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

int mutu_action_import(mutu_record ***out, size_t *n, const mutu_action_ctx *ctx,
		       const mutu_record_type *t, FILE *f, const char *name,
		       mutu_progress_fn progress)
{
	mutu_yaml_reader *r;
	mutu_record **recs = NULL, **grown;
	mutu_value *doc;
	size_t len = 0, cap = 0, i;
	int err;

	*out = NULL;
	*n = 0;
	if (t->key != MUTU_KEY_ID)
		return mutu_error_set(MUTU_EUSAGE, _("%s cannot be imported in bulk"), t->plural);
	if ((err = mutu_yaml_reader_new_file(&r, f, name)) < 0)
		return err;
	while ((err = mutu_yaml_reader_next(&doc, r)) > 0) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(grown = reallocarray(recs, cap, sizeof(*recs)))) {
				mutu_value_free(doc);
				err = mutu_error_nomem();
				break;
			}
			recs = grown;
		}
		err = import_one(&recs[len], t, ctx->who, doc, name);
		mutu_value_free(doc);
		if (err < 0)
			break;
		if (++len % 1000 == 0 && progress)
			progress(_("Importing records"), len, 0);
	}
	mutu_yaml_reader_free(r);
	if (err == 0 && len == 0)
		err = mutu_error_set(MUTU_EDATA, _("%s: no records to add"), name);
	if (err == 0) {
		if (progress)
			progress(_("Importing records"), len, len);
		err = commit_new(ctx, t, recs, len);
	}
	if (err < 0) {
		for (i = 0; i < len; i++)
			mutu_value_free(recs[i]);
		free(recs);
		return err;
	}
	*out = recs;
	*n = len;
	return 0;
}

int mutu_action_save(const mutu_action_ctx *ctx, const mutu_record_type *t, mutu_record *rec,
		     const mutu_oid *base, const char *verb)
{
	const char *key = mutu_map_str(rec, t->key_field);
	mutu_buf words = MUTU_BUF_INIT, summary = MUTU_BUF_INIT;
	char path[64], action[64];
	mutu_write w;
	int err;

	if (!key || mutu_type_path(path, t, key) < 0)
		return mutu_error_set(MUTU_EDATA, _("the record has no valid %s"), t->key_field);
	if ((err = mutu_action_check_owner(t, rec, ctx->who, verb)) < 0 ||
	    (err = stamp(rec, t->updated_field)) < 0)
		return err;
	action_words(&words, t, verb, key);
	mutu_records_subject(&summary, mutu_buf_cstr(&words), mutu_map_str(rec, t->title_field));
	mutu_type_action(action, t, verb);
	w = (mutu_write){ t->name, path, rec, base };
	err = mutu_records_write(ctx->st, ctx->who, action, mutu_buf_cstr(&summary), &w, 1);
	mutu_buf_free(&words);
	mutu_buf_free(&summary);
	return err;
}

int mutu_action_commit_child(const mutu_action_ctx *ctx, const mutu_record_type *parent_type,
			     const mutu_record *parent, const mutu_record_type *t, mutu_record *rec,
			     const char *key, const mutu_oid *base, const char *verb,
			     const char *about, const mutu_guard *guards, size_t nguards)
{
	const char *id = mutu_map_str(parent, parent_type->key_field);
	mutu_buf words = MUTU_BUF_INIT, summary = MUTU_BUF_INIT;
	char path[64], action[64];
	mutu_write w;
	int err;

	if (!id || (err = mutu_type_child_path(path, t, id, key)) < 0)
		return id ? err : mutu_error_set(MUTU_EDATA, _("the record has no valid %s"),
						 parent_type->key_field);
	action_words(&words, parent_type, verb, id);
	if (about)
		mutu_buf_printf(&words, " %s", about);
	mutu_records_subject(&summary, mutu_buf_cstr(&words),
			     parent_type->title_field ? mutu_map_str(parent, parent_type->title_field) : NULL);
	mutu_type_action(action, parent_type, verb);
	w = (mutu_write){ t->name, path, rec, base };
	err = mutu_records_write_guarded(ctx->st, ctx->who, action, mutu_buf_cstr(&summary), &w, 1,
					 guards, nguards);
	mutu_buf_free(&words);
	mutu_buf_free(&summary);
	return err;
}
