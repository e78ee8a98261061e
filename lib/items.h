/*
 * items — offers and needs, and every record type shaped like them.
 *
 * One implementation parameterised by a type table (as git's command table
 * drives its builtins): the table says the record type (its schema) and
 * its directory. Records live at <dir>/<first two id chars>/<id>.yaml.
 *
 * Rules until governance roles exist: anyone may add; only a record's
 * author edits, closes or reopens it (MUTU_EPERM otherwise).
 */
#ifndef MUTU_ITEMS_H
#define MUTU_ITEMS_H

#include "id.h"
#include "record.h"
#include "records.h"
#include "store.h"

#include <stdio.h>

typedef struct {
	const char *type;   /* schema and "type" field: "offer" */
	const char *dir;    /* "offers" */
} mutu_item_type;

extern const mutu_item_type mutu_item_offer;
extern const mutu_item_type mutu_item_need;

/* "<dir>/<2>/<id>.yaml" into out (64 bytes); id must be whole and valid. */
int mutu_item_path(char out[64], const mutu_item_type *t, const char *id);

/* Whether a user may give field on add or --set: title, kind, tags, body,
 * location, availability. The others are mutu's to set. */
int mutu_item_user_field(const char *field);

/* A new open record by author with a fresh id and times; the caller adds
 * the user fields. */
int mutu_item_new(mutu_record **out, const mutu_item_type *t, const char *author);

/* Commit n new records in one commit (all checked first). */
int mutu_item_add(mutu_store *st, const mutu_actor *who, const mutu_item_type *t,
		  mutu_record **recs, size_t n);

/* Progress of long work: done so far, and the total if known (else 0). */
typedef void (*mutu_progress_fn)(const char *what, size_t done, size_t total);

/* Read YAML documents from f (named name in messages), each holding user
 * fields only; make them records and commit them all in ONE commit, or
 * nothing at all. The records go to *out (caller frees each, then the
 * array). progress may be NULL. */
int mutu_item_import(mutu_record ***out, size_t *n, mutu_store *st, const mutu_actor *who,
		     const mutu_item_type *t, FILE *f, const char *name, mutu_progress_fn progress);

/* The whole id a typed prefix names. MUTU_EDATA if malformed, MUTU_ENOTFOUND
 * if none, MUTU_EUSAGE if several (all listed in the message). */
int mutu_item_resolve(char id[MUTU_ID_LEN + 1], mutu_store *st, const mutu_item_type *t,
		      const char *typed);

/* Read a record by whole id (tolerant); blob gets its base for a save. */
int mutu_item_load(mutu_record **out, mutu_oid *blob, mutu_store *st,
		   const mutu_item_type *t, const char *id);

/* Change a user field from text: "tags" takes a comma-separated list; an
 * empty value removes an optional field. MUTU_EUSAGE for other fields. */
int mutu_item_set_field(mutu_record *rec, const char *field, const char *value);

/* Add or remove one tag (no-op if already so). */
int mutu_item_tag(mutu_record *rec, const char *tag, int add);

/* Take the user fields of edited (a whole record a person changed in an
 * editor) into rec; user fields left out of edited are removed. MUTU_EDATA,
 * naming name:line:column, if edited changes a field mutu owns or adds one
 * the schema does not know. */
int mutu_item_apply_edit(mutu_record *rec, const mutu_record *edited, const char *name);

/* MUTU_EPERM unless who wrote rec (verb names the refused action). */
int mutu_item_check_author(const mutu_item_type *t, const mutu_record *rec,
			   const mutu_actor *who, const char *verb);

/* Commit a changed record read from base: checks that who is its author,
 * stamps "updated", validates. verb names the action ("edit", "close"). */
int mutu_item_save(mutu_store *st, const mutu_actor *who, const mutu_item_type *t,
		   mutu_record *rec, const mutu_oid *base, const char *verb);

/* What a list keeps, in what order. */
typedef enum { MUTU_SORT_CREATED, MUTU_SORT_UPDATED, MUTU_SORT_TITLE } mutu_sort;

typedef struct {
	const char *status;         /* "open" (default), "closed" or "all" */
	const char *kind;           /* NULL: any */
	const char *author;         /* NULL: any */
	const char *grep;           /* case-insensitive, in title and body */
	const char *const *tags;    /* all of them must be present */
	size_t ntags;
	mutu_sort sort;             /* created and updated: newest first */
	size_t limit;               /* 0: no limit; else only limit rows kept */
} mutu_item_query;

typedef struct {
	mutu_record *rec;           /* the record without its body */
	mutu_oid blob;              /* to read the whole record */
	char path[64];
	size_t unique;              /* shortest prefix unique among this type */
} mutu_item_row;

/* The records matching q, sorted. Memory is bounded by what is returned. */
int mutu_item_list(mutu_item_row **rows, size_t *n, mutu_store *st,
		   const mutu_item_type *t, const mutu_item_query *q);

void mutu_item_rows_free(mutu_item_row *rows, size_t n);

#endif
