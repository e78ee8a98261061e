#include "list.h"

#include "buf.h"
#include "catalog.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "records.h"
#include "utf8.h"
#include "yaml.h"

#include <stdlib.h>
#include <string.h>


struct lister {
	mutu_store *st;
	const mutu_record_type *t;
	const mutu_query *q;
	const mutu_sort_key *sort;
	int sort_field;            /* its index in the summary */
	int *filter_fields;        /* the summary index of each filter */
	char *grep;                /* folded */
	mutu_row *rows;            /* a heap (worst at the root) while limited */
	size_t len, cap;
	char prev[64];             /* the last placed key seen */
	mutu_row *prev_row;        /* its row, if kept: valid until the next insertion */
	size_t *filter_lens;       /* the length of each filter's value */
	mutu_catalog_problems problems;
	size_t nsummary;
	mutu_buf joined, folded;   /* scratch: a row's sort text, its fold */
};

static void row_clear(mutu_row *r)
{
	free(r->values);
	memset(r, 0, sizeof(*r));
}

void mutu_rows_free(mutu_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		row_clear(&rows[i]);
	free(rows);
}

const char *mutu_row_value(const mutu_record_type *t, const mutu_row *row, const char *field)
{
	int i = mutu_type_summary_index(t, field);

	return i < 0 ? "" : row->values[i];
}

/* < 0 when a comes before b in the listing. */
static int row_order(const struct lister *l, const mutu_row *a, const mutu_row *b)
{
	/* folded titles that are equal are a tie: the key decides */
	int c = strcmp(a->sort_key, b->sort_key);

	if (l->sort->newest_first)
		c = -c;
	return c ? c : strcmp(a->key, b->key);
}

static int row_cmp(const void *a, const void *b, void *l)
{
	return row_order(l, a, b);
}

/* Max-heap on listing order: the root is the row that would print last. */
static size_t sift_down(struct lister *l, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, m = i;
		mutu_row tmp;

		if (c < l->len && row_order(l, &l->rows[c], &l->rows[m]) > 0)
			m = c;
		if (c + 1 < l->len && row_order(l, &l->rows[c + 1], &l->rows[m]) > 0)
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
		mutu_row tmp;

		if (row_order(l, &l->rows[i], &l->rows[p]) <= 0)
			return i;
		tmp = l->rows[i];
		l->rows[i] = l->rows[p];
		l->rows[p] = tmp;
		i = p;
	}
	return 0;
}

/* Keep row (taking what it owns); *at is where it landed, or NULL if the
 * limit turned it away. */
static int keep_row(struct lister *l, mutu_row *row, mutu_row **at)
{
	size_t limit = l->q->limit, cap;
	mutu_row *grown;

	*at = NULL;
	if (limit && l->len == limit) {
		if (row_order(l, row, &l->rows[0]) >= 0) {
			row_clear(row);
			return 0;
		}
		row_clear(&l->rows[0]);
		l->rows[0] = *row;
		*at = &l->rows[sift_down(l, 0)];
		return 0;
	}
	if (l->len == l->cap) {
		cap = l->cap ? l->cap * 2 : 64;
		if (limit && cap > limit)
			cap = limit;
		if (!(grown = reallocarray(l->rows, cap, sizeof(*grown)))) {
			row_clear(row);
			return mutu_error_nomem();
		}
		l->rows = grown;
		l->cap = cap;
	}
	l->rows[l->len++] = *row;
	*at = &l->rows[limit ? sift_up(l, l->len - 1) : l->len - 1];
	return 0;
}

/* A summary field as one string, a list joined with ",". */
static void join_field(mutu_buf *b, const mutu_summary_field *f)
{
	size_t i;

	if (f && f->kind == 1)
		mutu_buf_put(b, f->str, f->len);
	for (i = 0; f && f->kind == 2 && i < f->nitems; i++) {
		if (i)
			mutu_buf_putc(b, ',');
		mutu_buf_put(b, f->items[i], f->item_lens[i]);
	}
}

static const mutu_summary_field *row_field(const mutu_catalog_row *r, int k)
{
	return k >= 0 && (size_t)k < r->nfields ? &r->fields[k] : NULL;
}

/* What r sorts by: text in Unicode's case-folded order; times newest
 * first, which fold to themselves. Valid until the next call; NULL if
 * memory ran out. */
static const char *sort_text(struct lister *l, const mutu_catalog_row *r)
{
	mutu_buf_clear(&l->joined);
	join_field(&l->joined, row_field(r, l->sort_field));
	if (l->sort->newest_first)
		return l->joined.failed ? NULL : mutu_buf_cstr(&l->joined);
	mutu_buf_clear(&l->folded);
	mutu_utf8_fold_to(&l->folded, mutu_buf_cstr(&l->joined));
	return l->joined.failed || l->folded.failed ? NULL : mutu_buf_cstr(&l->folded);
}

static int field_holds(const mutu_summary_field *f, const char *value, size_t n)
{
	size_t i;

	if (f->kind == 1)
		return f->len == n && !memcmp(f->str, value, n);
	for (i = 0; f->kind == 2 && i < f->nitems; i++)
		if (f->item_lens[i] == n && !memcmp(f->items[i], value, n))
			return 1;
	return 0;
}

static int filters_hold(const struct lister *l, const mutu_catalog_row *r)
{
	size_t i;

	for (i = 0; i < l->q->nfilters; i++) {
		int k = l->filter_fields[i];

		if (k < 0 || (size_t)k >= r->nfields ||
		    !field_holds(&r->fields[k], l->q->filters[i].value, l->filter_lens[i]))
			return 0;
	}
	return 1;
}

/* Whether the record's grep fields hold the folded needle. */
static int grep_holds(struct lister *l, const mutu_catalog_row *r)
{
	mutu_record *rec = NULL;
	const char *const *f;
	char *data;
	size_t len;
	int hit = 0;

	if (mutu_store_read_blob(&data, &len, l->st, &r->blob, MUTU_YAML_MAX_DOCUMENT) < 0)
		return 0;
	if (mutu_yaml_parse(&rec, data, len, r->path) == 0)
		for (f = l->t->grep_fields; f && *f && !hit; f++) {
			const char *s = mutu_map_str(rec, *f);

			if (s) {
				mutu_buf_clear(&l->folded);
				mutu_utf8_fold_to(&l->folded, s);
				hit = strstr(mutu_buf_cstr(&l->folded), l->grep) != NULL;
			}
		}
	mutu_error_clear();
	free(data);
	mutu_value_free(rec);
	return hit;
}


/* The row a list keeps, sorting by sort (r's sort_text): summary values
 * as strings, lists joined, all in one allocation. */
static int make_row(struct lister *l, const mutu_catalog_row *r, const char *sort,
		    mutu_row *out)
{
	size_t i, n = l->nsummary, size, len;
	mutu_buf b = MUTU_BUF_INIT;
	char *at;

	/* the strings, each NUL-terminated, then the pointers to them */
	for (i = 0; i < n; i++) {
		join_field(&b, row_field(r, (int)i));
		mutu_buf_putc(&b, '\0');
	}
	mutu_buf_puts(&b, r->path);
	mutu_buf_putc(&b, '\0');
	mutu_buf_puts(&b, r->key);
	mutu_buf_putc(&b, '\0');
	mutu_buf_puts(&b, sort);
	if (b.failed) {
		mutu_buf_free(&b);
		return mutu_error_nomem();
	}
	size = (n + 1) * sizeof(char *);
	memset(out, 0, sizeof(*out));
	if (!(out->values = malloc(size + b.len + 1))) {
		mutu_buf_free(&b);
		return mutu_error_nomem();
	}
	at = memcpy((char *)out->values + size, b.ptr, b.len + 1);
	mutu_buf_free(&b);
	for (i = 0; i < n; i++, at += len + 1) {
		len = strlen(at);
		out->values[i] = at;
	}
	out->values[n] = NULL;
	out->path = at;
	out->key = at += strlen(at) + 1;
	out->sort_key = at + strlen(at) + 1;
	out->blob = r->blob;
	out->invalid = r->problem == MUTU_ROW_INVALID;
	return 0;
}

/* Whether r, sorting by sort, would come before the worst row kept (the
 * heap's root). */
static int beats_worst(const struct lister *l, const mutu_catalog_row *r, const char *sort)
{
	const mutu_row *worst = &l->rows[0];
	int c = strcmp(sort, worst->sort_key);

	if (l->sort->newest_first)
		c = -c;
	return (c ? c : strcmp(r->key, worst->key)) < 0;
}

static int visit(const mutu_catalog_row *r, void *payload)
{
	struct lister *l = payload;
	const char *sort;
	mutu_row row;
	size_t common, len;
	int err;

	/* rows come in key order: a key's shortest unique prefix depends on
	 * its neighbours only, and every file in its place counts, listed or
	 * not (not YAML, another id inside): a prefix that finds it is taken */
	common = 0;
	if (r->problem != MUTU_ROW_MISPLACED && r->problem != MUTU_ROW_NOT_A_FILE && *r->key) {
		common = mutu_id_common(l->prev, r->key);
		if (l->prev_row && l->prev_row->unique < common + 1)
			l->prev_row->unique = common + 1;
		len = strlen(r->key);
		memcpy(l->prev, r->key, len < sizeof(l->prev) ? len + 1 : 0);
		l->prev[sizeof(l->prev) - 1] = '\0';
		l->prev_row = NULL;
	}
	if (r->problem != MUTU_ROW_OK && r->problem != MUTU_ROW_INVALID)
		return mutu_catalog_problems_add(&l->problems, r);
	if (!filters_hold(l, r))
		return 0;
	if (!(sort = sort_text(l, r)))
		return mutu_error_nomem();
	/* a full heap turns most rows away: decide before building one, and
	 * before reading a blob for --grep (only an invalid record turned
	 * away is read, to warn about it if it was selected) */
	if (l->q->limit && l->len == l->q->limit && !beats_worst(l, r, sort))
		return r->problem == MUTU_ROW_INVALID && (!l->grep || grep_holds(l, r))
			? mutu_catalog_problems_add(&l->problems, r) : 0;
	if (l->grep && !grep_holds(l, r))
		return 0;
	if ((err = make_row(l, r, sort, &row)) < 0)
		return err;
	row.unique = common + 1;
	if (r->problem == MUTU_ROW_INVALID && (err = mutu_catalog_problems_add(&l->problems, r)) < 0) {
		row_clear(&row);
		return err;
	}
	return keep_row(l, &row, &l->prev_row);
}


/* The catalog was damaged after rows came: they come again. */
static void restart(void *payload)
{
	struct lister *l = payload;

	mutu_rows_free(l->rows, l->len);
	l->rows = NULL;
	l->len = l->cap = 0;
	l->prev[0] = '\0';
	l->prev_row = NULL;
	mutu_catalog_problems_clear(&l->problems);
}


int mutu_list(mutu_row **rows, size_t *n, mutu_store *st, const mutu_record_type *t,
	      const mutu_query *q, void (*progress)(const char *what, size_t done, size_t total))
{
	struct lister l = { .st = st, .t = t, .q = q };
	mutu_catalog_visitor v = { visit, restart, &l };
	size_t i;
	int err = 0;

	*rows = NULL;
	*n = 0;
	while (t->summary[l.nsummary])
		l.nsummary++;
	l.sort = q->sort ? q->sort : mutu_type_sort(t, NULL);
	l.sort_field = mutu_type_summary_index(t, l.sort->field);
	if (q->grep && !(l.grep = mutu_utf8_fold(q->grep)))
		return MUTU_ENOMEM;
	if (!(l.filter_fields = calloc(q->nfilters + 1, sizeof(*l.filter_fields))) ||
	    !(l.filter_lens = calloc(q->nfilters + 1, sizeof(*l.filter_lens)))) {
		free(l.filter_fields);
		free(l.grep);
		return mutu_error_nomem();
	}
	for (i = 0; i < q->nfilters; i++) {
		l.filter_fields[i] = mutu_type_summary_index(t, q->filters[i].field);
		l.filter_lens[i] = strlen(q->filters[i].value);
	}
	err = mutu_catalog_scan(st, t, &v, progress);
	if (err == 0)
		mutu_catalog_problems_warn(&l.problems, st, t);
	mutu_catalog_problems_clear(&l.problems);
	free(l.grep);
	free(l.filter_fields);
	free(l.filter_lens);
	mutu_buf_free(&l.joined);
	mutu_buf_free(&l.folded);
	if (err < 0) {
		mutu_rows_free(l.rows, l.len);
		return err;
	}
	if (l.len)
		qsort_r(l.rows, l.len, sizeof(*l.rows), row_cmp, &l);
	*rows = l.rows;
	*n = l.len;
	return 0;
}
