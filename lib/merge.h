/*
 * merge — a three-way merge of one record, field by field, never line by
 * line: the two versions two clones made of it, against the version they
 * both started from.
 *
 * Pure: no I/O, no clock. Which side wins a field both sides changed is
 * the caller's to say (sync orders changes by commit ancestry, then by a
 * fixed tie-break that both clones compute alike), so that A merging B
 * and B merging A keep the same values and the clones converge. The
 * value that loses is never dropped: it comes back as a conflict, which
 * sync writes as a conflict record.
 *
 *   - a field changed on one side only: that side's value;
 *   - a list field of the type (tags): merged as a set, the additions of
 *     both sides kept and the removals of both honoured, no conflict;
 *   - the type's update time: the later of the two, and its creation
 *     time the earlier (mutu's own stamps, no member's choice: no
 *     conflict);
 *   - the same field changed to different values: the winner's value,
 *     and a conflict holding the other;
 *   - removed on one side, changed on the other: the record stays, as the
 *     side that changed it has it, with a conflict on the record itself
 *     (field NULL, the removal the value that lost);
 *   - added on both sides (no base) with different contents: for a type
 *     keyed by handle (a member's ballot cast on two machines), one
 *     record merged field by field as if from an empty base, each
 *     disagreement a conflict; for a type keyed by id, an id collision:
 *     nothing is merged, the winner's record is returned, and both must
 *     survive (the caller gives the other a new id).
 *
 * Where order matters (fields, set items), the winner's comes first, so
 * that both clones emit the same bytes.
 */
#ifndef MUTU_MERGE_H
#define MUTU_MERGE_H

#include "record.h"
#include "types.h"

#include <stddef.h>

typedef enum {
	MUTU_SIDE_OURS,
	MUTU_SIDE_THEIRS,
} mutu_side;

/* A value a merge could not keep. */
typedef struct {
	char *field;            /* NULL: the record as a whole (removed vs changed) */
	mutu_value *kept;       /* the value the merge kept (NULL: absent) */
	mutu_value *lost;       /* the value it did not (NULL: absent or removed) */
	mutu_side lost_side;
} mutu_merge_conflict;

typedef struct {
	mutu_record *merged;    /* NULL: the record is removed */
	int collision;          /* id-keyed, added on both sides differently */
	mutu_merge_conflict *conflicts;
	size_t nconflicts;
} mutu_merge_result;

/*
 * Merge ours and theirs (either NULL: removed on that side) against base
 * (NULL: the record is new on the sides that have it), records of type t.
 * winner says which side wins a field both changed. out owns what it
 * holds: free it with mutu_merge_result_free.
 */
int mutu_merge_record(mutu_merge_result *out, const mutu_record_type *t, const mutu_record *base,
		      const mutu_record *ours, const mutu_record *theirs, mutu_side winner);

void mutu_merge_result_free(mutu_merge_result *r);

#endif
