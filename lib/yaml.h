/*
 * yaml — YAML text to records and back, through libyaml.
 *
 * Reading is strict and bounded. Each document must be one mapping with
 * string keys; anchors, aliases and explicit tags are refused, as are
 * duplicate keys, invalid UTF-8, NUL characters, nesting deeper than
 * MUTU_YAML_MAX_DEPTH, scalars over MUTU_YAML_MAX_SCALAR bytes and
 * documents over MUTU_YAML_MAX_DOCUMENT bytes. Every error is MUTU_EDATA
 * with a message "NAME:LINE:COLUMN: what" (1-based).
 *
 * Plain scalars are typed as YAML 1.2's core schema would, but narrowly:
 * null, ~ and the empty scalar are null; true and false are booleans;
 * decimal integers without leading zeros are integers; everything else,
 * and every quoted scalar, is a string.
 *
 * Writing is canonical: fields in the order the record holds them (the
 * schema module puts them in schema order), strings that any YAML 1.1 or
 * 1.2 reader could take for something else quoted, multi-line text as a
 * literal block. Write, read, write again gives the same bytes.
 */
#ifndef MUTU_YAML_H
#define MUTU_YAML_H

#include "buf.h"
#include "record.h"

#include <stdio.h>

#define MUTU_YAML_MAX_DEPTH 8
#define MUTU_YAML_MAX_SCALAR (256 * 1024)
#define MUTU_YAML_MAX_DOCUMENT (1024 * 1024)

typedef struct mutu_yaml_reader mutu_yaml_reader;

/* A reader over len bytes of memory (borrowed: must outlive the reader).
 * name is used in messages (a file name, "-", "<stdin>"). */
int mutu_yaml_reader_new(mutu_yaml_reader **out, const char *data, size_t len,
			 const char *name);

/* A reader over a stream, read as needed (borrowed). */
int mutu_yaml_reader_new_file(mutu_yaml_reader **out, FILE *f, const char *name);

/* The next document: 1 and *out set, 0 at the end of the stream, or < 0. */
int mutu_yaml_reader_next(mutu_value **out, mutu_yaml_reader *r);

/* Position of the start of the last document read (1-based line). */
unsigned mutu_yaml_reader_line(const mutu_yaml_reader *r);

void mutu_yaml_reader_free(mutu_yaml_reader *r);

/* Exactly one document from memory. */
int mutu_yaml_parse(mutu_value **out, const char *data, size_t len, const char *name);

/* Append map as one canonical YAML document (no "---" marker); MUTU_EDATA,
 * with out unchanged, if the text would be over MUTU_YAML_MAX_DOCUMENT. */
int mutu_yaml_emit(mutu_buf *out, const mutu_value *map);

/* Whether s must be quoted to stay a string for every YAML reader. */
int mutu_yaml_needs_quotes(const char *s);

#endif
