/*
 * checks — what a merge must look at beyond one record.
 *
 * A field-by-field merge keeps every record whole, but some rules span
 * records: a ballot counts only inside its proposal's vote window, a vote
 * keeps the terms it started under whatever rules change alongside it
 * (and, with the tool library, one loan per offer, no two bookings of a
 * room that overlap). Two copies can each respect such a rule offline and
 * break it together once merged. After every merge, each record type's
 * checks (its row's `checks`) look at the merged tree; what they find
 * becomes a conflict record, so that nothing a merge cannot honour passes
 * silently.
 *
 * A check must not depend on which copy merges: it sees base and both
 * sides as "one side" and "the other", and what it finds must be the
 * same either way round, so that copies merging each other converge.
 */
#ifndef MUTU_CHECKS_H
#define MUTU_CHECKS_H

#include "store.h"
#include "types.h"

#include <stddef.h>
#include <time.h>

/* Paths a side changed since the merge base, sorted. */
typedef struct {
	const char *const *paths;
	size_t n;
	const mutu_oid *tree;
} mutu_check_side;

typedef struct {
	mutu_store *st;
	const mutu_oid *base;        /* trees */
	const mutu_oid *merged;
	mutu_check_side sides[2];
} mutu_check_ctx;

/* What a check found, about one record of the merged tree. */
typedef struct {
	const char *check;           /* the check's name */
	const mutu_record_type *type;
	const char *path;
	const char *key;
	const char *detail;          /* one line of data: times, names */
	time_t when;                 /* when what was found happened (a time
					the records hold, so both copies agree) */
} mutu_finding;

typedef int (*mutu_finding_fn)(const mutu_finding *f, void *payload);

struct mutu_check {
	const char *name;            /* "ballot-window": in conflict records */
	const char *about;           /* N_(): what a finding means, a sentence */
	int (*run)(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload);
};

/* Run every check of every record type. A negative return from found, or
 * from a check, stops and is returned. */
int mutu_checks_run(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload);

/* The check named name, or NULL. */
const mutu_check *mutu_check_find(const char *name);

/* Whether path is in side (binary search). */
int mutu_check_side_has(const mutu_check_side *side, const char *path);

#endif
