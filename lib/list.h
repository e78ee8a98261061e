/*
 * list — the records of one type a query selects, sorted, from the
 * catalog: filters on summary fields cost nothing per record beyond the
 * catalog's own scan; --grep reads only the records the other filters
 * kept. Memory is bounded by what is returned: with a limit, only that
 * many rows are ever held (a heap of the best so far).
 *
 * Entries that are not listable records (not where a record lives, not
 * YAML, an id that differs from the file name) are never skipped
 * silently: each is warned about, by path, once the scan is over. A
 * record that fails its schema is listed, with a warning, when it is
 * selected.
 */
#ifndef MUTU_LIST_H
#define MUTU_LIST_H

#include "store.h"
#include "types.h"

#include <stddef.h>

/* Keep a record when field (a summary field) equals value, or, for a
 * list field, holds value. */
typedef struct {
	const char *field;
	const char *value;
} mutu_filter;

typedef struct {
	const mutu_filter *filters;  /* all must hold */
	size_t nfilters;
	const char *grep;            /* case-insensitive, in the type's grep fields */
	const mutu_sort_key *sort;   /* NULL: the type's default */
	size_t limit;                /* 0: all */
} mutu_query;

/* A listed record. Its strings all live in the one allocation values
 * points to: a row is one malloc, however many fields its type keeps. */
typedef struct {
	const char *path;
	const char *key;
	mutu_oid blob;
	size_t unique;    /* the shortest prefix of key that finds this record alone */
	int invalid;      /* fails its schema (warned about) */
	char **values;    /* per summary field: the string, a list joined with ","; "" absent */
	const char *sort_key;
} mutu_row;

/* The records of t that q selects, in q's order. progress may be NULL. */
int mutu_list(mutu_row **rows, size_t *n, mutu_store *st, const mutu_record_type *t,
	      const mutu_query *q, void (*progress)(const char *what, size_t done, size_t total));

void mutu_rows_free(mutu_row *rows, size_t n);

/* The value of field in a row ("" if the type keeps no such summary).
 * A loop over many rows looks the field's index up once instead, with
 * mutu_type_summary_index, and reads row->values[i]. */
const char *mutu_row_value(const mutu_record_type *t, const mutu_row *row, const char *field);

#endif
