/*
 * catalog — a derived, disposable index of one record type's summaries.
 *
 * Listing 100k records by parsing every blob costs seconds; a list only
 * needs the few fields its type declares as summary (an offer's id,
 * status, kind, author, times, title and tags). The catalog keeps them,
 * per record, in <gitdir>/mutu/catalog/<dir>, never committed and never a
 * source of truth: delete it and every answer is the same, damage it and
 * it is rebuilt.
 *
 * It is keyed by tree ids. It records the id of the type's directory it
 * was built from and, for each fan-out directory (for a type whose records
 * live under a parent record, each parent's directory), that directory's tree
 * id and its rows; a scan whose directory did not change reads the file
 * alone, and one where it did re-reads only the fan-out directories whose
 * tree id changed (and, in those, parses only the blobs that changed).
 * The file ends with an XXH3-64 checksum of everything before it; a file
 * that does not match, or was built for another layout, is rebuilt
 * before any row of it is believed.
 *
 * Every entry of the directory becomes a row, so that nothing is skipped
 * silently: a record, or an entry that is not where a record should be
 * (its problem says why), with its path, so that a command can warn about
 * it by name.
 */
#ifndef MUTU_CATALOG_H
#define MUTU_CATALOG_H

#include "store.h"
#include "types.h"

#include <stddef.h>

/* What is wrong with an entry, if anything. */
typedef enum {
	MUTU_ROW_OK,
	MUTU_ROW_INVALID,      /* read, but fails its schema: listed, with a warning */
	MUTU_ROW_UNREADABLE,   /* not a YAML mapping, or too large: detail is empty */
	MUTU_ROW_KEY_DIFFERS,  /* its id (or handle) field differs from its file name: detail */
	MUTU_ROW_MISPLACED,    /* not where a record lives: detail is why (an N_() string) */
	MUTU_ROW_NOT_A_FILE,   /* a link, a submodule, a directory: detail is what */
} mutu_row_problem;

/* One summary field: absent, a string, or a list of strings. */
typedef struct {
	int kind;              /* 0 absent, 1 string, 2 list */
	const char *str;       /* kind 1 */
	size_t len;
	const char *const *items;   /* kind 2 */
	const size_t *item_lens;
	size_t nitems;
} mutu_summary_field;

/* A row: strings valid during the callback only. */
typedef struct {
	const char *path;      /* "offers/7q/7q3k9m2xh4ta.yaml" */
	const char *key;       /* from the file name; "" when there is none */
	mutu_oid blob;
	mutu_row_problem problem;
	const char *detail;
	size_t nfields;        /* the type's summary fields, in order */
	const mutu_summary_field *fields;
} mutu_catalog_row;

/* What a scan calls: row for each entry (first those directly in the
 * type's directory, then each fan-out (or parent's) directory's, so
 * records come in key order); restart, when a damaged catalog was found
 * after rows were delivered: forget them, they come again. A visitor
 * returns 0, or a negative code that stops the scan. */
typedef struct {
	int (*row)(const mutu_catalog_row *row, void *payload);
	void (*restart)(void *payload);
	void *payload;
} mutu_catalog_visitor;

/*
 * Visit every entry of t's directory at the tip, bringing the catalog up
 * to date first (writing it is best effort: a read-only repository is
 * still listed). A non-zero return from row stops the scan and is
 * returned. progress, when not NULL, is called while many records are
 * parsed.
 */
int mutu_catalog_scan(mutu_store *st, const mutu_record_type *t, const mutu_catalog_visitor *v,
		      void (*progress)(const char *what, size_t done, size_t total));

/* Entries a scan met that are no listable record, kept to be warned
 * about by path once the scan is over (nothing is skipped silently). */
typedef struct {
	char *path;
	mutu_row_problem what;
	char *detail;
	mutu_oid blob;
} mutu_catalog_problem;

typedef struct {
	mutu_catalog_problem *v;
	size_t n, cap;
} mutu_catalog_problems;

/* Keep row's problem (row->problem is not MUTU_ROW_OK). */
int mutu_catalog_problems_add(mutu_catalog_problems *p, const mutu_catalog_row *row);

/* Warn about each, in the reader's language, naming its path: a record
 * of t that fails its schema or is not YAML is read again for the
 * message, since such records are rare and the message must be today's.
 * One that fails its schema says it is "listed anyway". */
void mutu_catalog_problems_warn(const mutu_catalog_problems *p, mutu_store *st,
				const mutu_record_type *t);

/* Forget them all (a scan that restarts; the end of one). */
void mutu_catalog_problems_clear(mutu_catalog_problems *p);

/* The summary field named field of a row, or NULL if t has none. */
const mutu_summary_field *mutu_catalog_field(const mutu_record_type *t, const mutu_catalog_row *row,
					     const char *field);

#endif
