#include "items.h"

#include "buf.h"
#include "cache.h"
#include "clock.h"
#include "error.h"
#include "output.h"
#include "schema.h"
#include "utf8.h"
#include "yaml.h"

#include <stdlib.h>
#include <string.h>

const mutu_item_type mutu_item_offer = { "offer", "offers" };
const mutu_item_type mutu_item_need = { "need", "needs" };

static const char *user_fields[] = {
	"title", "kind", "tags", "body", "location", "availability", NULL,
};

int mutu_item_user_field(const char *field)
{
	size_t i;

	for (i = 0; user_fields[i]; i++)
		if (!strcmp(user_fields[i], field))
			return 1;
	return 0;
}

int mutu_item_path(char out[64], const mutu_item_type *t, const char *id)
{
	if (!mutu_id_valid(id))
		return mutu_error_set(MUTU_EDATA, "malformed id '%.40s'", id);
	snprintf(out, 64, "%s/%.2s/%s.yaml", t->dir, id, id);
	return 0;
}

static int stamp(mutu_record *rec, const char *field)
{
	char when[MUTU_TIME_LEN + 1];
	time_t now;
	int err;

	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	mutu_clock_format(when, now);
	return mutu_map_set_str(rec, field, when);
}

int mutu_item_new(mutu_record **out, const mutu_item_type *t, const char *author)
{
	char id[MUTU_ID_LEN + 1];
	mutu_record *rec;
	int err;

	*out = NULL;
	if ((err = mutu_id_new(id)) < 0)
		return err;
	if (!(rec = mutu_value_map()))
		return MUTU_ENOMEM;
	if ((err = mutu_map_set_str(rec, "id", id)) < 0 ||
	    (err = mutu_map_set_str(rec, "type", t->type)) < 0 ||
	    (err = mutu_map_set_str(rec, "kind", "other")) < 0 ||
	    (err = mutu_map_set_str(rec, "status", "open")) < 0 ||
	    (err = mutu_map_set_str(rec, "author", author)) < 0 ||
	    (err = stamp(rec, "created")) < 0 ||
	    (err = mutu_map_set_str(rec, "updated", mutu_map_str(rec, "created"))) < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

static int commit_new(mutu_store *st, const mutu_actor *who, const mutu_item_type *t,
		      mutu_record **recs, size_t n)
{
	mutu_write *w;
	char (*paths)[64];
	char summary[300];
	size_t i;
	int err = 0;

	if (n == 0)
		return mutu_error_set(MUTU_EDATA, "no records to add");
	w = calloc(n, sizeof(*w));
	paths = calloc(n, sizeof(*paths));
	if (!w || !paths) {
		err = mutu_error_nomem();
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((err = mutu_item_path(paths[i], t, mutu_map_str(recs[i], "id"))) < 0)
			goto out;
		w[i] = (mutu_write){ t->type, paths[i], recs[i], NULL };
	}
	if (n == 1)
		snprintf(summary, sizeof(summary), "%s add %.8s: %.200s", t->type,
			 mutu_map_str(recs[0], "id"), mutu_map_str(recs[0], "title"));
	else
		snprintf(summary, sizeof(summary), "%s add: %zu records", t->type, n);
	{
		char action[64];

		snprintf(action, sizeof(action), "%s.add", t->type);
		err = mutu_records_write(st, who, action, summary, w, n);
	}
out:
	free(w);
	free(paths);
	return err;
}

int mutu_item_add(mutu_store *st, const mutu_actor *who, const mutu_item_type *t,
		  mutu_record **recs, size_t n)
{
	/* mutu_records_write checks every record before anything is committed */
	return commit_new(st, who, t, recs, n);
}

static int schema_knows(const char *type, const char *field)
{
	const mutu_schema *s;

	return type && mutu_schema_get(&s, type) == 0 && mutu_schema_has_field(s, field);
}

static int known_field(const mutu_item_type *t, const char *field)
{
	return schema_knows(t->type, field);
}

/* One imported document: user fields only, then the full record checked. */
static int import_one(mutu_record **out, const mutu_item_type *t, const mutu_actor *who,
		      const mutu_value *doc, const char *name)
{
	mutu_record *rec;
	size_t i;
	int err;

	for (i = 0; i < doc->u.map.len; i++) {
		const mutu_field *f = &doc->u.map.fields[i];

		if (mutu_item_user_field(f->key))
			continue;
		if (known_field(t, f->key))
			return mutu_error_set(MUTU_EDATA, "%s:%u:%u: field '%s' is set by mutu, not by the input",
					      name, f->line, f->col, f->key);
		return mutu_error_set(MUTU_EDATA, "%s:%u:%u: unknown field '%s'", name, f->line,
				      f->col, f->key);
	}
	if ((err = mutu_item_new(&rec, t, who->handle)) < 0)
		return err;
	for (i = 0; i < doc->u.map.len && err == 0; i++)
		err = mutu_map_set(rec, doc->u.map.fields[i].key,
				   mutu_value_dup(doc->u.map.fields[i].value));
	if (err == 0 && !mutu_map_get(doc, "title"))
		err = mutu_error_set(MUTU_EDATA, "%s:%u:%u: missing required field 'title'", name,
				     doc->line, doc->col);
	if (err == 0)
		err = mutu_records_check(t->type, rec, name);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

int mutu_item_import(mutu_record ***out, size_t *n, mutu_store *st, const mutu_actor *who,
		     const mutu_item_type *t, FILE *f, const char *name, mutu_progress_fn progress)
{
	mutu_yaml_reader *r;
	mutu_record **recs = NULL, **grown;
	mutu_value *doc;
	size_t len = 0, cap = 0, i;
	int err;

	*out = NULL;
	*n = 0;
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
		err = import_one(&recs[len], t, who, doc, name);
		mutu_value_free(doc);
		if (err < 0)
			break;
		if (++len % 1000 == 0 && progress)
			progress("Importing records", len, 0);
	}
	mutu_yaml_reader_free(r);
	if (err == 0 && len == 0)
		err = mutu_error_set(MUTU_EDATA, "%s: no records to add", name);
	if (err == 0) {
		if (progress)
			progress("Importing records", len, len);
		err = commit_new(st, who, t, recs, len);
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

/* --- finding records --- */

struct resolve {
	const char *prefix;
	size_t plen;
	mutu_buf found;      /* "id1, id2, ..." */
	size_t count;
	char first[MUTU_ID_LEN + 1];
};

static int match_prefix(const char *path, const char *name, const mutu_oid *blob, void *payload)
{
	struct resolve *r = payload;

	(void)path;
	(void)blob;
	if (strncmp(name, r->prefix, r->plen) != 0 || !mutu_id_valid(name))
		return 0;
	if (r->count++ == 0)
		memcpy(r->first, name, sizeof(r->first));
	mutu_buf_printf(&r->found, "%s%s", r->found.len ? " " : "", name);
	return 0;
}

int mutu_item_resolve(char id[MUTU_ID_LEN + 1], mutu_store *st, const mutu_item_type *t,
		      const char *typed)
{
	char prefix[MUTU_ID_LEN + 1], dir[64];
	struct resolve r = { 0 };
	int err;

	if ((err = mutu_id_prefix(prefix, typed)) < 0)
		return err;
	r.prefix = prefix;
	r.plen = strlen(prefix);
	/* the fan-out directory is the prefix's first two characters */
	snprintf(dir, sizeof(dir), "%s/%.2s", t->dir, prefix);
	if ((err = mutu_store_walk(st, dir, match_prefix, &r)) < 0)
		goto out;
	if (r.count == 0)
		err = mutu_error_set(MUTU_ENOTFOUND, "no %s with id %s", t->type, prefix);
	else if (r.count > 1)
		err = mutu_error_set(MUTU_EUSAGE, "ambiguous id prefix '%s' (%zu %ss): %.900s",
				     prefix, r.count, t->type, mutu_buf_cstr(&r.found));
	else
		memcpy(id, r.first, MUTU_ID_LEN + 1);
out:
	mutu_buf_free(&r.found);
	return err;
}

int mutu_item_load(mutu_record **out, mutu_oid *blob, mutu_store *st,
		   const mutu_item_type *t, const char *id)
{
	char path[64];
	int err;

	if ((err = mutu_item_path(path, t, id)) < 0)
		return err;
	err = mutu_records_read(out, blob, st, t->type, path, 0);
	if (err == MUTU_ENOTFOUND)
		return mutu_error_set(MUTU_ENOTFOUND, "no %s with id %s", t->type, id);
	return err;
}

/* --- changing records --- */

int mutu_item_set_field(mutu_record *rec, const char *field, const char *value)
{
	mutu_value *tags;
	const char *p, *end;

	if (!mutu_item_user_field(field))
		return mutu_error_set(MUTU_EUSAGE, "cannot set '%s': settable fields are title, kind, tags, body, location, availability",
				      field);
	if (strcmp(field, "tags") != 0)
		return mutu_map_set_str(rec, field, value);
	if (!(tags = mutu_value_seq()))
		return MUTU_ENOMEM;
	for (p = value; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (end > p && mutu_seq_push(tags, mutu_value_strn(p, (size_t)(end - p))) < 0) {
			mutu_value_free(tags);
			return MUTU_ENOMEM;
		}
	}
	return mutu_map_set(rec, "tags", tags);
}

int mutu_item_tag(mutu_record *rec, const char *tag, int add)
{
	mutu_value *tags = mutu_map_get(rec, "tags");
	long at;
	int err;

	if (!tags || tags->type != MUTU_SEQ) {
		if (!add)
			return 0;
		if ((err = mutu_map_set(rec, "tags", mutu_value_seq())) < 0)
			return err;
		tags = mutu_map_get(rec, "tags");
	}
	at = mutu_seq_find_str(tags, tag);
	if (add && at < 0)
		return mutu_seq_push(tags, mutu_value_str(tag));
	if (!add && at >= 0)
		mutu_seq_remove(tags, (size_t)at);
	return 0;
}

int mutu_item_apply_edit(mutu_record *rec, const mutu_record *edited, const char *name)
{
	size_t i;
	int err;

	for (i = 0; i < edited->u.map.len; i++) {
		const mutu_field *f = &edited->u.map.fields[i];
		const mutu_value *was = mutu_map_get(rec, f->key);

		if (mutu_item_user_field(f->key))
			continue;
		if (!schema_knows(mutu_map_str(rec, "type"), f->key))
			return mutu_error_set(MUTU_EDATA, "%s:%u:%u: unknown field '%s'", name,
					      f->line, f->col, f->key);
		if (!was || !mutu_value_equal(was, f->value))
			return mutu_error_set(MUTU_EDATA, "%s:%u:%u: field '%s' is mutu's to change, not an editor's",
					      name, f->line, f->col, f->key);
	}
	for (i = 0; user_fields[i]; i++) {
		const mutu_value *v = mutu_map_get(edited, user_fields[i]);

		if (!v)
			mutu_map_remove(rec, user_fields[i]);
		else if ((err = mutu_map_set(rec, user_fields[i], mutu_value_dup(v))) < 0)
			return err;
	}
	return 0;
}

int mutu_item_check_author(const mutu_item_type *t, const mutu_record *rec,
			   const mutu_actor *who, const char *verb)
{
	const char *author = mutu_map_str(rec, "author"), *id = mutu_map_str(rec, "id");

	if (author && !strcmp(author, who->handle))
		return 0;
	return mutu_error_set(MUTU_EPERM, "only the author (%s) can %s %s %.8s; you are %s",
			      author ? author : "unknown", verb, t->type, id ? id : "?", who->handle);
}

int mutu_item_save(mutu_store *st, const mutu_actor *who, const mutu_item_type *t,
		   mutu_record *rec, const mutu_oid *base, const char *verb)
{
	const char *id = mutu_map_str(rec, "id");
	char path[64], summary[300], action[64];
	mutu_write w;
	int err;

	if (!id || (err = mutu_item_path(path, t, id)) < 0)
		return mutu_error_set(MUTU_EDATA, "record has no valid id");
	if ((err = mutu_item_check_author(t, rec, who, verb)) < 0 ||
	    (err = stamp(rec, "updated")) < 0)
		return err;
	snprintf(summary, sizeof(summary), "%s %s %.8s: %.200s", t->type, verb, id,
		 mutu_map_str(rec, "title") ? mutu_map_str(rec, "title") : "");
	snprintf(action, sizeof(action), "%s.%s", t->type, verb);
	w = (mutu_write){ t->type, path, rec, base };
	return mutu_records_write(st, who, action, summary, &w, 1);
}

/* --- listing --- */

struct lister {
	mutu_store *st;
	const mutu_item_type *t;
	const mutu_item_query *q;
	char *grep;                /* folded */
	mutu_cache *cache;
	const mutu_schema *schema;
	mutu_item_row *rows;       /* a heap (worst first) while limited */
	size_t len, cap;
	char prev[MUTU_ID_LEN + 1];
	mutu_item_row *prev_row;   /* row of prev, if kept; valid until the
				      next insertion, which comes after its use */
	int err;
};

static const char *field(const mutu_item_row *r, const char *k)
{
	const char *s = mutu_map_str(r->rec, k);

	return s ? s : "";
}

/* < 0 when a comes before b in the listing. */
static int row_order(const mutu_item_row *a, const mutu_item_row *b, mutu_sort sort)
{
	int c = 0;

	switch (sort) {
	case MUTU_SORT_CREATED: c = -strcmp(field(a, "created"), field(b, "created")); break;
	case MUTU_SORT_UPDATED: c = -strcmp(field(a, "updated"), field(b, "updated")); break;
	case MUTU_SORT_TITLE: c = strcoll(field(a, "title"), field(b, "title")); break;
	}
	return c ? c : strcmp(field(a, "id"), field(b, "id"));
}

static int row_cmp(const void *a, const void *b, void *sort)
{
	return row_order(a, b, *(const mutu_sort *)sort);
}

/* Max-heap on listing order: the root is the row that would print last. */
static size_t sift_down(struct lister *l, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, m = i;
		mutu_item_row tmp;

		if (c < l->len && row_order(&l->rows[c], &l->rows[m], l->q->sort) > 0)
			m = c;
		if (c + 1 < l->len && row_order(&l->rows[c + 1], &l->rows[m], l->q->sort) > 0)
			m = c + 1;
		if (m == i)
			return i;
		tmp = l->rows[i];
		l->rows[i] = l->rows[m];
		l->rows[m] = tmp;
		i = m;
	}
}

static size_t sift_up(struct lister *l, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		mutu_item_row tmp;

		if (row_order(&l->rows[i], &l->rows[p], l->q->sort) <= 0)
			return i;
		tmp = l->rows[i];
		l->rows[i] = l->rows[p];
		l->rows[p] = tmp;
		i = p;
	}
	return 0;
}

static int has_tag(const char *tags, const char *tag)
{
	size_t n = strlen(tag);
	const char *p;

	for (p = tags; (p = strstr(p, tag)); p += n)
		if ((p == tags || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The filters that the summary alone can decide. */
static int summary_matches(const mutu_item_query *q, const mutu_summary *s)
{
	const char *want = q->status ? q->status : "open";
	size_t i;

	if (strcmp(want, "all") != 0 && strcmp(s->status, want) != 0)
		return 0;
	if (q->kind && strcmp(q->kind, s->kind) != 0)
		return 0;
	if (q->author && strcmp(q->author, s->author) != 0)
		return 0;
	for (i = 0; i < q->ntags; i++)
		if (!has_tag(s->tags, q->tags[i]))
			return 0;
	return 1;
}

static int text_matches(const char *folded_needle, const mutu_record *rec)
{
	const char *title = mutu_map_str(rec, "title"), *body = mutu_map_str(rec, "body");
	char *ft = mutu_utf8_fold(title ? title : ""), *fb = mutu_utf8_fold(body ? body : "");
	int hit = ft && fb && (strstr(ft, folded_needle) || strstr(fb, folded_needle));

	free(ft);
	free(fb);
	return hit;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The summary of a parsed record; its strings point into rec and tags. */
static void summarize(mutu_summary *s, const mutu_record *rec, mutu_buf *tags, unsigned flags)
{
	s->id = or_empty(mutu_map_str(rec, "id"));
	s->status = or_empty(mutu_map_str(rec, "status"));
	s->kind = or_empty(mutu_map_str(rec, "kind"));
	s->author = or_empty(mutu_map_str(rec, "author"));
	s->created = or_empty(mutu_map_str(rec, "created"));
	s->updated = or_empty(mutu_map_str(rec, "updated"));
	s->title = or_empty(mutu_map_str(rec, "title"));
	mutu_output_join(tags, mutu_map_get(rec, "tags"), ",");
	s->tags = mutu_buf_cstr(tags);
	s->flags = flags;
}

/* A row's record: the summary's fields, in schema order. */
static mutu_record *row_record(const mutu_item_type *t, const mutu_summary *s)
{
	mutu_record *rec = mutu_value_map();
	const char *p, *end;
	mutu_value *tags;
	int err;

	if (!rec)
		return NULL;
	err = mutu_map_set_str(rec, "id", s->id);
	if (!err) err = mutu_map_set_str(rec, "type", t->type);
	if (!err) err = mutu_map_set_str(rec, "title", s->title);
	if (!err) err = mutu_map_set_str(rec, "kind", s->kind);
	if (!err) err = mutu_map_set_str(rec, "status", s->status);
	if (!err) err = mutu_map_set_str(rec, "author", s->author);
	if (!err) err = mutu_map_set_str(rec, "created", s->created);
	if (!err) err = mutu_map_set_str(rec, "updated", s->updated);
	if (!err && *s->tags) {
		if (!(tags = mutu_value_seq()))
			err = MUTU_ENOMEM;
		for (p = s->tags; !err && *p; p = *end ? end + 1 : end) {
			end = p + strcspn(p, ",");
			err = mutu_seq_push(tags, mutu_value_strn(p, (size_t)(end - p)));
		}
		if (!err)
			err = mutu_map_set(rec, "tags", tags);
	}
	if (err) {
		mutu_value_free(rec);
		return NULL;
	}
	return rec;
}

/* Keep row (taking its record); *at is where it landed, or NULL if the
 * limit turned it away. The heap keeps the worst row at its root. */
static int keep_row(struct lister *l, mutu_item_row *row, mutu_item_row **at)
{
	mutu_item_row *grown;
	size_t cap;

	*at = NULL;
	if (l->q->limit && l->len == l->q->limit) {
		if (row_order(row, &l->rows[0], l->q->sort) >= 0) {
			mutu_value_free(row->rec);
			return 0;
		}
		mutu_value_free(l->rows[0].rec);
		l->rows[0] = *row;
		*at = &l->rows[sift_down(l, 0)];
		return 0;
	}
	if (l->len == l->cap) {
		cap = l->cap ? l->cap * 2 : 64;
		if (l->q->limit && cap > l->q->limit)
			cap = l->q->limit;
		if (!(grown = reallocarray(l->rows, cap, sizeof(*grown)))) {
			mutu_value_free(row->rec);
			return mutu_error_nomem();
		}
		l->rows = grown;
		l->cap = cap;
	}
	l->rows[l->len++] = *row;
	*at = &l->rows[l->q->limit ? sift_up(l, l->len - 1) : l->len - 1];
	return 0;
}

static int read_record(mutu_record **rec, struct lister *l, const char *path,
		       const mutu_oid *blob, int validate)
{
	char *data;
	size_t len;
	int err;

	if ((err = mutu_store_read_blob(&data, &len, l->st, blob)) < 0)
		return err;
	if (validate)
		err = mutu_records_parse(rec, l->t->type, data, len, path, 0);
	else
		err = mutu_yaml_parse(rec, data, len, path);
	free(data);
	return err;
}

static int visit(const char *path, const char *name, const mutu_oid *blob, void *payload)
{
	struct lister *l = payload;
	const char *key = path + strlen(l->t->dir) + 1;
	mutu_buf tags = MUTU_BUF_INIT;
	mutu_record *rec = NULL;
	mutu_summary sum;
	mutu_item_row row;
	size_t common;
	int err = 0;

	if (!mutu_id_valid(name)) {
		mutu_warn("%s: not a record id; skipped", path);
		return 0;
	}
	/* the walk is in id order, so the shortest unique prefix of an id
	 * depends only on its neighbours */
	common = mutu_id_common(l->prev, name);
	if (l->prev_row && l->prev_row->unique < common + 1)
		l->prev_row->unique = common + 1;
	memcpy(l->prev, name, sizeof(l->prev));
	l->prev_row = NULL;

	if (mutu_cache_lookup(l->cache, key, blob, &sum)) {
		/* a record failing its schema is listed, and said so, every time */
		if ((sum.flags & MUTU_SUMMARY_INVALID) &&
		    read_record(&rec, l, path, blob, 1) == 0) {
			mutu_value_free(rec);
			rec = NULL;
		}
	} else {
		unsigned flags = 0;

		if (read_record(&rec, l, path, blob, 0) < 0) {
			mutu_warn("%s", mutu_error_last());
			return 0;
		}
		if (mutu_schema_validate(l->schema, rec, path) < 0) {
			mutu_warn("%s", mutu_error_last());
			flags = MUTU_SUMMARY_INVALID;
		}
		summarize(&sum, rec, &tags, flags);
		mutu_cache_put(l->cache, key, blob, &sum);
	}
	if (!summary_matches(l->q, &sum))
		goto out;
	if (l->grep) {
		if (!rec && (err = read_record(&rec, l, path, blob, 0)) < 0)
			goto out;
		if (!text_matches(l->grep, rec))
			goto out;
	}
	memset(&row, 0, sizeof(row));
	if (!(row.rec = row_record(l->t, &sum))) {
		err = MUTU_ENOMEM;
		goto out;
	}
	row.blob = *blob;
	snprintf(row.path, sizeof(row.path), "%s", path);
	row.unique = common + 1;
	err = keep_row(l, &row, &l->prev_row);
out:
	mutu_value_free(rec);
	mutu_buf_free(&tags);
	return err;
}

int mutu_item_list(mutu_item_row **rows, size_t *n, mutu_store *st,
		   const mutu_item_type *t, const mutu_item_query *q)
{
	struct lister l = { 0 };
	int err;

	*rows = NULL;
	*n = 0;
	l.st = st;
	l.t = t;
	l.q = q;
	if (q->grep && !(l.grep = mutu_utf8_fold(q->grep)))
		return MUTU_ENOMEM;
	if ((err = mutu_schema_get(&l.schema, t->type)) < 0 ||
	    (err = mutu_cache_open(&l.cache, st, t->dir)) < 0) {
		free(l.grep);
		return err;
	}
	err = mutu_store_walk(st, t->dir, visit, &l);
	free(l.grep);
	if (err < 0)
		mutu_cache_free(l.cache);
	else
		mutu_cache_finish(l.cache);
	if (err < 0) {
		mutu_item_rows_free(l.rows, l.len);
		return err;
	}
	if (l.len)
		qsort_r(l.rows, l.len, sizeof(*l.rows), row_cmp, (void *)&q->sort);
	*rows = l.rows;
	*n = l.len;
	return 0;
}

void mutu_item_rows_free(mutu_item_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mutu_value_free(rows[i].rec);
	free(rows);
}
