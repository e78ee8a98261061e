/*
 * record — typed values and the ordered map every record is.
 *
 * A record is a mutu_value of type MUTU_MAP whose keys keep the order in
 * which they were set (or read). Values read from YAML remember the line
 * and column they came from (1-based) so that later checks, such as the
 * schema's, can point at them; values built in memory have line 0.
 * No I/O happens here.
 *
 * Ownership: a map or sequence owns the values put into it; setting a key
 * that exists frees the old value. mutu_value_free frees the whole tree.
 */
#ifndef MUTU_RECORD_H
#define MUTU_RECORD_H

#include <stddef.h>

typedef enum {
	MUTU_NULL,
	MUTU_STR,
	MUTU_INT,
	MUTU_BOOL,
	MUTU_SEQ,
	MUTU_MAP,
} mutu_type;

typedef struct mutu_value mutu_value;

typedef struct {
	char *key;
	unsigned line, col;      /* where the key was read; 0 if built */
	mutu_value *value;
} mutu_field;

struct mutu_value {
	mutu_type type;
	unsigned line, col;
	union {
		char *str;       /* MUTU_STR: UTF-8, no NUL inside */
		long long num;   /* MUTU_INT */
		int truth;       /* MUTU_BOOL */
		struct { mutu_value **items; size_t len, cap; } seq;
		struct { mutu_field *fields; size_t len, cap; } map;
	} u;
};

typedef mutu_value mutu_record;

/* Constructors return NULL on allocation failure (last error set). */
mutu_value *mutu_value_null(void);
mutu_value *mutu_value_str(const char *s);
mutu_value *mutu_value_strn(const char *s, size_t len);
mutu_value *mutu_value_int(long long n);
mutu_value *mutu_value_bool(int truth);
mutu_value *mutu_value_seq(void);
mutu_value *mutu_value_map(void);
mutu_value *mutu_value_dup(const mutu_value *v);
void mutu_value_free(mutu_value *v);

/* Name of a type for messages: "string", "integer", ... */
const char *mutu_type_name(mutu_type t);

/* A total order on values (positions ignored): by type, then by content;
 * maps compare as sets of key-value pairs, whatever their key order. NULL
 * (a field a record lacks, mutu_map_get's answer) is a value too, before
 * every other, so that two records' fields compare whether or not they
 * have them. Costs
 * O(n log n) in the size of the values, never more. */
int mutu_value_compare(const mutu_value *a, const mutu_value *b);

/* Deep equality: mutu_value_compare(a, b) == 0. */
int mutu_value_equal(const mutu_value *a, const mutu_value *b);

/* The value under key, or NULL. Borrowed: owned by the map. */
mutu_value *mutu_map_get(const mutu_value *map, const char *key);
const mutu_field *mutu_map_field(const mutu_value *map, const char *key);

/* The string under key, or NULL if absent or not a string. */
const char *mutu_map_str(const mutu_value *map, const char *key);

/* The same, "" instead of NULL: for messages and comparisons. */
const char *mutu_map_text(const mutu_value *map, const char *key);

/* Set key to v, taking ownership of v (freed on failure too). Finding key
 * costs O(fields): build large maps with mutu_map_append. */
int mutu_map_set(mutu_value *map, const char *key, mutu_value *v);

/* Add key, which the caller knows is not in map yet, in O(1) amortized
 * (ownership as mutu_map_set). */
int mutu_map_append(mutu_value *map, const char *key, mutu_value *v);
int mutu_map_set_str(mutu_value *map, const char *key, const char *s);

/* Remove key if present; returns 1 if it was there. */
int mutu_map_remove(mutu_value *map, const char *key);

/* Append v to seq, taking ownership of v (freed on failure too). */
int mutu_seq_push(mutu_value *seq, mutu_value *v);

/* Index of the string s in seq, or -1. */
long mutu_seq_find_str(const mutu_value *seq, const char *s);

/* Remove item i of seq, freeing it. */
void mutu_seq_remove(mutu_value *seq, size_t i);

#endif
