/*
 * find — a record named by what a person typed: a unique prefix of its
 * id (4 characters or more; ids are unique across types, so a prefix may
 * be resolved across all of them), or a handle for the types named by
 * one. A prefix is looked for in one fan-out directory per type (the one
 * its first two characters name), so finding costs the same at 100 or
 * 100,000 records; records that live under their parent (a loan, a
 * booking) are found in their type's catalog.
 */
#ifndef MUTU_FIND_H
#define MUTU_FIND_H

#include "record.h"
#include "store.h"
#include "types.h"

typedef struct {
	const mutu_record_type *type;
	char key[64];
	char path[64];
} mutu_found;

/*
 * Resolve typed within t, or, when t is NULL, across every type keyed by
 * id that stands alone and every findable child type (t->findable). MUTU_EDATA if typed is malformed, MUTU_ENOTFOUND if nothing has it,
 * MUTU_EUSAGE if several do (all listed in the message).
 */
int mutu_find(mutu_found *out, mutu_store *st, const mutu_record_type *t, const char *typed);

#define MUTU_FIND_QUIET 1u  /* no warnings: the record is about to be checked
			       whole, and any refusal must be one line */

/* Read what was found (a tolerant read: a schema violation is a warning,
 * and so is a key field that differs from the file name, unless
 * MUTU_FIND_QUIET); *blob, if not NULL, gets its blob, the base of a
 * later save. */
int mutu_find_load(mutu_record **out, mutu_oid *blob, mutu_store *st, const mutu_found *f,
		   unsigned flags);

#endif
