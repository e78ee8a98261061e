/*
 * ballotbox — every ballot of one proposal, read for a count.
 *
 * A ballot counts when its file is where its voter puts it
 * (votes/<proposal>/<handle>.yaml), its voter is an active member, it
 * says it was cast while the vote was open, and what it says fits the
 * proposal (schema, options, method). The others
 * are warned about by path and left out: nothing is skipped silently.
 *
 * Reading 10,000 ballots means parsing 10,000 blobs; a count is asked for
 * again and again while a vote is open. So what each ballot says, decoded,
 * is kept as derived data (<gitdir>/mutu/ballots/<proposal>), never
 * committed and never believed unchecked: keyed by the tree id of the
 * proposal's votes directory and by the proposal's terms, checksummed,
 * rebuilt when damaged. A count with no new ballot reads that file alone;
 * after a new ballot, only the blobs that changed are parsed again.
 */
#ifndef MUTU_BALLOTBOX_H
#define MUTU_BALLOTBOX_H

#include "proposal.h"
#include "store.h"
#include "tally.h"

#include <time.h>

typedef struct {
	mutu_ballot *ballots;
	size_t n;
	int *marks;            /* s->params.noptions per ballot */
} mutu_ballot_box;

/* When a vote was open: a ballot counts if the time it says it was last
 * cast is in [from, until). */
typedef struct {
	time_t from, until;
} mutu_vote_window;

/* The ballots that count, of the proposal (its id) in tree (NULL: the
 * tip's), under the terms s; active: the active members' handles,
 * sorted. */
int mutu_ballot_box_load(mutu_ballot_box *out, mutu_store *st, const mutu_oid *tree,
			 const char *proposal, const mutu_vote_setup *s,
			 char *const *active, size_t nactive, const mutu_vote_window *window);

void mutu_ballot_box_free(mutu_ballot_box *b);

#endif
