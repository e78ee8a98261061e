/*
 * records — the verbs every record type shares, driven by its row of the
 * type table: list (filters, sorting, limit), show (several keys or
 * --stdin), edit (--set, list items, or $EDITOR) and the status
 * transitions (close, reopen); plus add for offers and needs, whose
 * commands (mutu-offer.c, mutu-need.c) only name their type.
 */
#ifndef MUTU_CMD_RECORDS_H
#define MUTU_CMD_RECORDS_H

#include "lib/buf.h"
#include "lib/find.h"
#include "lib/list.h"
#include "lib/output.h"
#include "lib/types.h"

int record_list(const mutu_record_type *t, int argc, char **argv);

/* t NULL: a record of any type, by id (mutu show). */
int record_show(const mutu_record_type *t, int argc, char **argv);

/* What a type's show adds after each record it prints (comments, a
 * count): called with the record, in format f. */
typedef void (*record_show_more)(mutu_buf *b, mutu_store *st, const mutu_found *found,
				 const mutu_record *rec, mutu_format f);
int record_show_with(const mutu_record_type *t, int argc, char **argv, record_show_more more);

int record_edit(const mutu_record_type *t, int argc, char **argv);

/* One record, in format f (the nth of a show: table records are
 * separated by a blank line). */
void record_print(mutu_buf *b, const mutu_record_type *t, mutu_record *rec, mutu_format f,
		  size_t nth);

/* Listed rows of t (mutu_list's), in the output format: a table, tsv
 * lines, whole records in json or yaml, or keys. with_status: the list
 * mixes statuses, so the table shows them. */
void record_print_rows(mutu_store *st, const mutu_record_type *t, const mutu_row *rows, size_t n,
		       int with_status);

/* A column a table adds after its type's own, worked out per row (what
 * is lent out, to whom): its cell text, "" for none. */
struct record_column {
	const char *heading;   /* N_() */
	const char *(*value)(const mutu_row *row, void *payload);
	void *payload;
};
void record_print_rows_with(mutu_store *st, const mutu_record_type *t, const mutu_row *rows,
			    size_t n, int with_status, const struct record_column *more);

/* Whole records of t, in format f: a table of t's columns (ids cut to 8
 * characters), tsv lines, json or yaml records, or keys. */
void record_print_records(mutu_buf *b, const mutu_record_type *t, mutu_record *const *recs,
			  size_t n, mutu_format f);

/* A detail line's label ("Title:", translated), padded to the column
 * where values start, so that what a type's show adds lines up. */
void record_print_label(mutu_buf *b, const char *label);

/* A Markdown body, rendered for the terminal and escaped. */
void record_print_body(mutu_buf *b, const char *body);

/* The record of t the one argument names (usage error unless nargs is 1),
 * loaded quietly with its blob; dies on error. */
mutu_record *record_load(mutu_store *st, const mutu_record_type *t, int nargs, char **args,
			 const char *usage, mutu_oid *blob, mutu_found *found);

/* What every verb that changes one record starts with: open the commons,
 * load the record the one argument names, then find who acts (so that a
 * missing record is said before a missing identity). */
struct session;
mutu_record *record_open(struct session *s, const mutu_record_type *t, int nargs, char **args,
			 const char *usage, mutu_oid *blob, mutu_found *found);

int record_transition(const mutu_record_type *t, const char *verb, int argc, char **argv);

/* What offers or needs add to the verbs they share. */
struct verb;
struct item_extras {
	const struct verb *verbs;       /* their own verbs, NULL-terminated, or NULL */
	record_show_more show_more;     /* what show adds, or NULL */
	/* a column a list's table adds (NULL: none this time), or NULL */
	const struct record_column *(*list_column)(mutu_store *st);
	int events;                     /* add takes --start, --end, --capacity;
					   list prints --format ics */
};

/* The main of mutu-offer and mutu-need: the shared verbs, then theirs. */
int items_main(int argc, char **argv, const mutu_record_type *t, const struct item_extras *x);

#endif
