/*
 * mergetree — two histories of a commons made one, record by record.
 *
 * Given two commits (ours, theirs), the tree of their merge: every path
 * changed on one side only is taken from that side; a path both sides
 * changed differently is, for a record, merged field by field
 * (merge.h), and, for any other file, merged line by line as git does.
 * Which side wins a field both changed is a fixed, symmetric rule: the
 * side whose version of the record has the greater blob id. Causal order
 * comes first through the merge base itself: a value set after seeing
 * another one is already the other side's history, so only truly
 * concurrent edits meet here. Everything that depends on who merges is
 * left out, so that A merging B and B merging A build the same tree and
 * copies converge.
 *
 * Nothing is lost: the value a field loses becomes a conflict record
 * (conflicts/<2>/<id>.yaml, its id derived from what conflicted, so both
 * copies name it alike) naming the record, the field, both values, and
 * the last commit and member that set each. Two records born apart under
 * one id both stay: the loser moves to an id derived from its contents.
 * Then every check that spans records (checks.h) looks at the result,
 * and what it finds becomes a conflict record too.
 *
 * Writes objects (blobs, trees) to the repository, never a reference.
 */
#ifndef MUTU_MERGETREE_H
#define MUTU_MERGETREE_H

#include "buf.h"
#include "store.h"
#include "types.h"

#include <stddef.h>

typedef enum {
	MUTU_MERGED_CONFLICT,   /* a field (or the record) kept one of two values */
	MUTU_MERGED_MOVED,      /* a record moved off an id the other side also used */
	MUTU_MERGED_FOUND,      /* a check spanning records found something */
} mutu_merged_kind;

/* What a merge tells the member. */
typedef struct {
	mutu_merged_kind kind;
	const mutu_record_type *type;
	char key[64];           /* the record */
	char what[64];          /* CONFLICT: the field, "" for the record as a
				   whole; FOUND: the check's name */
	char id[64];            /* MOVED: the record's new id; else the
				   conflict record's */
} mutu_merged_note;

typedef struct {
	mutu_oid tree;
	mutu_merged_note *notes;
	size_t nnotes;
} mutu_merged;

/*
 * Merge the commits ours and theirs. MUTU_EDATA, changing nothing, when
 * they share no history, or naming the file when a file that is not a
 * record was changed on both sides in the same lines (no conflict marker
 * is ever written into a tree). Free out with mutu_merged_free.
 */
int mutu_mergetree(mutu_merged *out, mutu_store *st, const mutu_oid *ours,
		   const mutu_oid *theirs, unsigned flags);

/* For a merge a person already settled (mutu merge-driver --finish): a
 * file that is no record and conflicts keeps ours, with no error; only
 * what the record merge adds is wanted then. */
#define MUTU_MERGETREE_SETTLED 1u

void mutu_merged_free(mutu_merged *m);

/*
 * One file of a merge, as git's merge driver sees it: the three versions'
 * bytes (NULL: absent on that side) of path. For a record, *out is the
 * merged record, the same bytes mutu_mergetree writes, and *clean is 1;
 * the conflict records and a moved record are the tree merge's to write
 * (mutu merge-driver --finish). For any other file, git's line merge,
 * with conflict markers and *clean 0 when the same lines changed.
 */
int mutu_mergetree_file(mutu_buf *out, int *clean, const char *path, const char *base,
			size_t base_len, const char *ours, size_t ours_len, const char *theirs,
			size_t theirs_len);

#endif
