/*
 * schema — records checked against schema/<type>.json.
 *
 * The JSON Schema files are compiled into the library (schema_data.c is
 * generated from schema/ at build time), so an installed command needs
 * nothing else. They are read through the yaml module (JSON is YAML) and
 * compiled once per process. The subset of JSON Schema 2020-12 understood
 * is the one mutu(7) declares: type, properties, required,
 * additionalProperties: false, enum, const, pattern, minLength/maxLength
 * (code points), items, minItems/maxItems, uniqueItems, minimum/maximum
 * and local $ref into $defs. Patterns use only the syntax ECMAScript (ajv)
 * and PCRE2 read alike, and match code points whatever the locale. A
 * schema using anything else is refused when it is loaded, so the subset
 * cannot silently grow.
 *
 * Validation costs O(n log p) for a record of n fields against p
 * properties; uniqueItems O(n log n): nothing a record holds can make it
 * quadratic.
 */
#ifndef MUTU_SCHEMA_H
#define MUTU_SCHEMA_H

#include "record.h"

typedef struct mutu_schema mutu_schema;

/* The schema of a record type ("offer", "member", ...). Loaded on first use
 * and kept for the life of the process: borrowed, never freed by callers. */
int mutu_schema_get(const mutu_schema **out, const char *type);

/* Check rec. On the first violation, MUTU_EDATA with a message naming
 * name (a path, or NULL), the line and column when rec was read from YAML,
 * and the field: "offers/7q/7q3k9m2xh4ta.yaml:4:1: unknown field 'colour'". */
int mutu_schema_validate(const mutu_schema *s, const mutu_value *rec, const char *name);

/* Put rec in canonical shape: fields in the schema's order (recursively),
 * optional fields that are null, "" or [] left out. Unknown fields keep
 * their order after the known ones. */
int mutu_schema_canonicalize(const mutu_schema *s, mutu_value *rec);

/* The allowed values of a top-level string field with an enum (such as
 * "kind"), as a MUTU_SEQ borrowed from the schema, or NULL. */
const mutu_value *mutu_schema_enum(const mutu_schema *s, const char *field);

/* Whether field is one of the schema's properties. */
int mutu_schema_has_field(const mutu_schema *s, const char *field);

/* Check one top-level field's value, or one item of a list field (a tag),
 * as a whole record would be: MUTU_EDATA naming name and the field. */
int mutu_schema_check_field(const mutu_schema *s, const char *field, const mutu_value *v,
			    const char *name);
int mutu_schema_check_item(const mutu_schema *s, const char *field, const mutu_value *v,
			   const char *name);

/* The JSON text of type's schema, as built in (for a checksum of what a
 * derived index was computed with), or NULL. */
const char *mutu_schema_source(const char *type);

/* Before several threads validate against s: after this, validating
 * changes nothing shared (its patterns are compiled to machine code now,
 * not after their first matches). Each such thread ends with
 * mutu_schema_thread_done(). Loading a schema is not thread-safe: load
 * it (mutu_schema_get) before the threads start. */
void mutu_schema_prepare_threads(const mutu_schema *s);
void mutu_schema_thread_done(void);

/* Free every loaded schema (for leak checkers at exit). */
void mutu_schema_cleanup(void);

#endif
