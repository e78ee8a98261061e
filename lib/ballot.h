/*
 * ballot — a member's ballot on a proposal (votes/<proposal>/<voter>.yaml,
 * one file per voter, so voters never conflict): made from what the
 * member typed, checked against the proposal's method, cast, changed or
 * retracted while the vote is open, and read back for a count.
 *
 * A ballot names options by their text. One that does not fit its
 * proposal (an unknown option, a grade outside the scale, an option
 * ranked twice, approval of nothing) is refused when cast, and not
 * counted, with a warning naming its file, when someone put it there by
 * hand.
 */
#ifndef MUTU_BALLOT_H
#define MUTU_BALLOT_H

#include "actions.h"
#include "proposal.h"
#include "tally.h"

/* What a member typed: exactly one of these. Options are named by their
 * text or their number (1 the first); grades too (1 the worst). */
typedef struct {
	const char *choice;    /* yes, no, abstain, block */
	const char *approve;   /* OPT[,OPT...] */
	const char *rank;      /* OPT[,OPT...], best first; A=B ties them (schulze) */
	const char *grade;     /* OPT=GRADE[,OPT=GRADE...] */
} mutu_ballot_input;

/* The field a ballot of method m holds its marks in: "approve", "rank",
 * "grade", or "choice" for yes-no and consent. */
const char *mutu_ballot_field(mutu_method m);

/* The ballot voter casts on the proposal id, options resolved to their
 * text, checked against s. Times are the caller's to stamp. */
int mutu_ballot_make(mutu_record **out, const mutu_vote_setup *s, const char *proposal,
		     const char *voter, const mutu_ballot_input *in);

/* The tally's view of a ballot record: its marks go to marks (s's
 * noptions of them). MUTU_EDATA saying what does not fit. */
int mutu_ballot_decode(mutu_ballot *out, int *marks, const mutu_record *rec,
		       const mutu_vote_setup *s);

/* Cast (or change) the acting member's ballot on the proposal rec, or
 * retract it (in NULL). The vote must be open and the member active. *
 * changed gets 0 for a first ballot, 1 for a change. */
int mutu_ballot_cast(const mutu_action_ctx *ctx, const mutu_record *proposal,
		     const mutu_ballot_input *in, int *changed);

/* Every ballot record of the proposal at the tip, in voter order, for a
 * person or an auditor to read (those that do not fit included, with a
 * warning). */
int mutu_ballot_list(mutu_record ***out, size_t *n, mutu_store *st, const char *proposal);

#endif
