/*
 * audit — history replayed commit by commit, every act checked against
 * what the commons said at the commit's parent.
 *
 * Plain Git lets anyone who can push forge an author, edit another
 * member's ballot or rewrite the rules by hand. An auditor holding a
 * clone trusts nobody: for each commit, parents first, the audit asks
 * the tree of the commit's (first) parent who its author is, which keys
 * they hold, which rules are in force and who owns each record the
 * commit touches; never the commit's dates, which the signer chooses.
 * A merge is replayed, and what each side brings in is judged again
 * against what the other side revoked since they parted (a key removed,
 * a member gone), so a branch built on an old parent revives nothing.
 * A member with no key yet may sign the commit registering their first
 * one with it (trust on first use).
 *
 * The rules a commit may break, by their stable names (tsv, json):
 *
 *   not-a-member     the author is no active member at the parent
 *   unsigned         no signature, and rules.yaml requires signatures
 *   bad-signature    a signature that is not SSH, malformed, or false
 *   foreign-key      signed by a key that is not the author's at the parent
 *   not-owner        a record or ballot of another member changed; a
 *                    member's own file (a hold, an attendee: named by
 *                    their handle) written by another; a loan written by
 *                    anyone but the author of its offer at the parent
 *   rules-outside-proposal  rules.yaml or mutu.yaml changed other than
 *                    by applying an accepted proposal that says so
 *   roles-outside-proposal  roles changed other than by a role proposal,
 *                    a member admitted other than the rules allow
 *   illegal-transition  a status change the record's type does not allow;
 *                    a record history keeps removed (a member, a proposal,
 *                    a loan, an exchange); a loan's offer, lender or
 *                    borrower changed, or a returned loan changed at all;
 *                    an exchange changed once written
 *   ballot-outside-window  a ballot changed while its vote was not open
 *   tally-mismatch   a recorded outcome the ballots, counted again, deny
 *   schema           a record that fails its schema or is not where its id
 *                    says, a file in a record directory that is no record's
 *                    place (files of the group's own elsewhere, NOTES.md,
 *                    are no records: only their author is checked)
 *   merge-mismatch   a merge commit whose tree is not what mutu's record
 *                    merge makes of its parents
 *   future-date      a commit dated after opts->not_after
 *
 * What was verified is remembered in derived data (<gitdir>/mutu/audit:
 * the tip audited and the commits found at fault, with a checksum; a
 * damaged file is ignored and rebuilt), so the next run checks only the
 * new commits and the faulty ones again.
 */
#ifndef MUTU_AUDIT_H
#define MUTU_AUDIT_H

#include "store.h"

#include <stddef.h>
#include <time.h>

/* One violation; every string is valid during the callback only. */
typedef struct {
	char commit[41];
	const char *member;   /* the author's handle, or their email when no member has it */
	const char *rule;     /* a stable name, above */
	const char *path;     /* the file concerned, or "" */
	const char *detail;   /* one line, for a person (translated) */
	time_t when;          /* the commit's author date, as it claims */
} mutu_violation;

/* Called for each violation, in history order (parents first). A
 * non-zero return stops the audit and is returned. */
typedef int (*mutu_violation_fn)(const mutu_violation *v, void *payload);

typedef struct {
	const mutu_oid *tip;          /* NULL: the branch tip */
	const char *since;            /* a revision: audit only what it cannot reach; the
					 remembered audit is then neither read nor written */
	const mutu_oid *known;        /* commits already trusted, with their history */
	size_t nknown;
	int remember;                 /* read and update <gitdir>/mutu/audit */
	time_t not_after;             /* 0, or the latest date a commit may carry */
} mutu_audit_opts;

typedef struct {
	size_t commits;               /* commits checked this run */
	size_t violations;
} mutu_audit_stats;

/* Audit the commits reachable from the tip and not from since, known or
 * (remember) the tip audited before. Returns 0 whether or not violations
 * were found (stats and the callback say); negative when the audit itself
 * could not run (MUTU_EDATA for an unknown revision). */
int mutu_audit(mutu_audit_stats *stats, mutu_store *st, const mutu_audit_opts *opts,
	       mutu_violation_fn fn, void *payload);

#endif
