/*
 * conflict — settling what a merge could not keep side by side.
 *
 * A conflict record (mergetree.h writes them) names a record, a field
 * (or the record as a whole), the value the merge kept and the one it
 * lost. Resolving it is one commit, by the member who resolves, holding
 * both the record as settled and the conflict marked resolved (by whom,
 * when, how), so that history says who chose what:
 *
 *   ours    the record stays as the merge left it;
 *   theirs  the lost value comes back (a lost removal removes the
 *           record, a lost absence removes the field);
 *   value   a new value, given as text, set as `mutu <type> edit --set`
 *           would, then checked against the type's schema; only for a
 *           field a member sets (never a status, a count, a time).
 *
 * Who may: the record's owner (its author, the member themselves, the
 * voter), since settling a value is editing the record; a ballot changes
 * only while its vote is open. A conflict a check found (a ballot that
 * came too late) names no value: any active member acknowledges it with
 * ours.
 * An already resolved conflict is refused (MUTU_EDATA).
 */
#ifndef MUTU_CONFLICT_H
#define MUTU_CONFLICT_H

#include "actions.h"
#include "record.h"
#include "store.h"

typedef enum {
	MUTU_KEEP_OURS,
	MUTU_KEEP_THEIRS,
	MUTU_KEEP_VALUE,
} mutu_keep;

/* Resolve the conflict rec (read from blob) by keep; value is the text
 * of MUTU_KEEP_VALUE. */
int mutu_conflict_resolve(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
			  mutu_keep keep, const char *value);

#endif
