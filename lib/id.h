/*
 * id — record ids made without coordination, and their prefixes.
 *
 * An id is 12 characters of lower-case Crockford base32 (0-9 a-z without
 * i, l, o, u): 60 random bits from getrandom(2), so members working
 * offline never collide (about 4 in a billion at 100k records). A prefix
 * of 4 to 12 characters names a record when it is unique. Handles are
 * ^[a-z][a-z0-9-]{1,31}$. Both are checked here before they ever become
 * part of a path.
 */
#ifndef MUTU_ID_H
#define MUTU_ID_H

#include <stddef.h>

#define MUTU_ID_LEN 12
#define MUTU_ID_MIN_PREFIX 4
#define MUTU_ID_SHORT 8          /* what tables show, when unique */

/* Fill out (MUTU_ID_LEN + 1 bytes) with a new random id. */
int mutu_id_new(char out[MUTU_ID_LEN + 1]);

/* The id spelled by the first bytes of a hash: for what two copies
 * must name alike without talking (a conflict record, a record moved off
 * a colliding id), where a random id would make their trees differ. */
void mutu_id_derived(char out[MUTU_ID_LEN + 1], const unsigned char hash[8]);

/* Whether s is a whole, well-formed id. */
int mutu_id_valid(const char *s);

/* Normalise a typed prefix into out (MUTU_ID_LEN + 1 bytes): lower case,
 * and Crockford's readings of look-alikes (i and l are 1, o is 0).
 * MUTU_EDATA if it is not 4 to 12 id characters. */
int mutu_id_prefix(char out[MUTU_ID_LEN + 1], const char *typed);

/* Whether s is a well-formed member handle. */
int mutu_handle_valid(const char *s);

/* MUTU_EDATA with a message naming what (e.g. "handle") unless valid. */
int mutu_handle_check(const char *s);

/* Length of the common prefix of two ids. */
size_t mutu_id_common(const char *a, const char *b);

#endif
