/*
 * output — the writers every command prints through.
 *
 * Formats: table (for people: aligned by display width, the flexible
 * column cut with "…" to fit the terminal), tsv (one record per line;
 * tab, newline, carriage return and backslash inside a field written
 * \t \n \r \\), json (one object per line), yaml (canonical documents
 * separated by "---") and ids. Writers append to a mutu_buf; the command
 * decides where it goes.
 */
#ifndef MUTU_OUTPUT_H
#define MUTU_OUTPUT_H

#include "buf.h"
#include "record.h"

typedef enum {
	MUTU_FORMAT_TABLE,
	MUTU_FORMAT_TSV,
	MUTU_FORMAT_JSON,
	MUTU_FORMAT_YAML,
	MUTU_FORMAT_IDS,
} mutu_format;

/* MUTU_EUSAGE naming the choices if name is not a format. */
int mutu_format_parse(mutu_format *out, const char *name);

/* Append s as one tsv field (escaped as above). */
void mutu_output_tsv_field(mutu_buf *b, const char *s);

/* Append the strings of seq (NULL or not a sequence: nothing) joined by
 * sep; items that are not strings are skipped. */
void mutu_output_join(mutu_buf *b, const mutu_value *seq, const char *sep);

/* Append s as a JSON string, quotes included. */
void mutu_output_json_string(mutu_buf *b, const char *s);

/* Append v as compact JSON on one line (no newline). */
void mutu_output_json(mutu_buf *b, const mutu_value *v);

typedef struct mutu_table mutu_table;

int mutu_table_new(mutu_table **out, size_t ncols, const char *const *headers);

/* Add a row of ncols cells (copied). */
int mutu_table_add(mutu_table *t, const char *const *cells);

/* Append the table. If width > 0, column flex is cut (with "…") so that
 * lines fit width columns; cells never contain tabs or newlines once
 * rendered (they print as spaces). */
int mutu_table_render(mutu_buf *out, const mutu_table *t, size_t width, size_t flex);

void mutu_table_free(mutu_table *t);

#endif
