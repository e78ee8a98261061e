/*
 * tally — from ballots to an outcome, one pure function per method.
 *
 * Nothing here reads the commons, the clock or the environment: the same
 * ballots and parameters always give the same result, byte for byte, so
 * anyone can replay a tally from history. Every tie rule is written here
 * and in mutu(7) ("TALLY METHODS").
 *
 * Options are indexes into params->options (0-based). With status_quo,
 * the LAST option is "status quo" and is ranked like any other; when it
 * wins, the outcome is rejected.
 */
#ifndef MUTU_TALLY_H
#define MUTU_TALLY_H

#include "buf.h"

#include <stddef.h>

typedef enum {
	MUTU_METHOD_YES_NO,
	MUTU_METHOD_CONSENT,
	MUTU_METHOD_APPROVAL,
	MUTU_METHOD_MAJORITY_JUDGMENT,
	MUTU_METHOD_SCHULZE,
	MUTU_METHOD_STV,
} mutu_method;

#define MUTU_METHOD_COUNT 6

/* "yes-no", "consent", "approval", "majority-judgment", "schulze", "stv". */
const char *mutu_method_name(mutu_method m);

/* MUTU_EUSAGE naming the methods if name is none of them. */
int mutu_method_parse(mutu_method *out, const char *name);

/* Whether m's ballots name options (all but yes-no and consent). */
int mutu_method_has_options(mutu_method m);

/* A yes-no or consent ballot's choice. block exists in consent only. */
typedef enum {
	MUTU_CHOICE_YES,
	MUTU_CHOICE_NO,
	MUTU_CHOICE_ABSTAIN,
	MUTU_CHOICE_BLOCK,
} mutu_choice;

/* "yes", "no", "abstain", "block"; parse: -1 if none. */
const char *mutu_choice_name(mutu_choice c);
int mutu_choice_parse(const char *name);

/*
 * One ballot, already checked against the method (see mutu_tally_check).
 *   yes-no, consent:    choice.
 *   approval:           marks[i] is 1 if option i is approved, else 0.
 *   majority-judgment:  marks[i] is the grade of option i, an index into
 *                       params->scale (0 the worst), or -1 if not graded:
 *                       counted as the worst grade.
 *   schulze, stv:       marks[i] is the rank of option i, 1 the best; equal
 *                       ranks are a tie (schulze only); 0 means unranked:
 *                       below every ranked option (schulze), never
 *                       transferred to (stv).
 * marks has params->noptions entries (NULL for yes-no and consent).
 */
typedef struct {
	mutu_choice choice;
	int *marks;
} mutu_ballot;

typedef struct {
	mutu_method method;
	const char *const *options;  /* option texts, status quo last if status_quo */
	size_t noptions;
	const char *const *scale;    /* majority-judgment grades, worst first */
	size_t nscale;
	int status_quo;              /* schulze, majority-judgment */
	size_t seats;                /* stv: at least 1 */
	unsigned quorum;             /* % of eligible members who must cast a ballot */
	unsigned threshold;          /* yes-no: % of yes among yes + no */
	size_t eligible;             /* active members when counted */
} mutu_tally_params;

typedef enum {
	MUTU_OUTCOME_ACCEPTED,
	MUTU_OUTCOME_REJECTED,
	MUTU_OUTCOME_NO_QUORUM,
	MUTU_OUTCOME_UNDECIDED,      /* a tie the method's rule leaves unbroken */
} mutu_outcome;

/* "accepted", "rejected", "no-quorum", "undecided"; parse: -1 if none. */
const char *mutu_outcome_name(mutu_outcome o);
int mutu_outcome_parse(const char *name);

/* The outcome for a person, translated: "Outcome: accepted". */
const char *mutu_outcome_sentence(mutu_outcome o);

/* One round of an stv count. */
typedef struct {
	long long *votes;   /* per option, in millionths of a vote (1000000 = 1 vote) */
	int elected;        /* option elected in this round, or -1 */
	int eliminated;     /* option eliminated in this round, or -1 */
} mutu_stv_round;

typedef struct {
	size_t ballots;          /* ballots counted */
	int quorum_met;
	mutu_outcome outcome;
	int winner;              /* option index, or -1 (yes-no, consent, stv, no winner) */
	size_t *ranking;         /* option indexes, best first; nranking = noptions, or 0 */
	size_t nranking;
	size_t *winners;         /* stv: in the order elected */
	size_t nwinners;

	/* yes-no and consent */
	size_t yes, no, abstain, block;
	/* approval: approvals per option */
	size_t *approvals;
	/* majority-judgment: median grade per option (index into scale) and
	 * the counts of each grade per option (noptions × nscale, row-major) */
	int *median;
	size_t *grades;
	/* schulze: d[i*n+j] voters preferring i to j; p[i*n+j] strength of
	 * the strongest path from i to j */
	size_t *d, *p;
	/* stv */
	long long quota;         /* Droop quota, in millionths of a vote */
	mutu_stv_round *rounds;
	size_t nrounds;
} mutu_tally_result;

/*
 * Check one ballot against params (method, options, scale): MUTU_EDATA,
 * with a sentence saying what is wrong (an option ranked twice, a grade
 * outside the scale, approval of nothing, block outside consent, a tie in
 * an stv ranking, ranks that are not 1..k with ties counted, …).
 */
int mutu_tally_check(const mutu_tally_params *params, const mutu_ballot *ballot);

/*
 * Count n ballots (each already passed mutu_tally_check). out is filled
 * and owns its arrays: free with mutu_tally_result_free. MUTU_EUSAGE if
 * params are inconsistent (no options for a method that needs them, stv
 * without seats, majority-judgment without a scale). Only MUTU_ENOMEM
 * otherwise.
 */
int mutu_tally(mutu_tally_result *out, const mutu_tally_params *params,
	       const mutu_ballot *ballots, size_t n);

void mutu_tally_result_free(mutu_tally_result *r);

/*
 * The result as the JSON object CLI.md fixes, on one line, no newline:
 *   {"proposal":…,"method":…,"final":…,"eligible":…,"ballots":…,
 *    "quorum_met":…,"outcome":…,"winner":…,"ranking":[…], …details}
 * Options are named by their text. The details per method: yes-no and
 * consent "yes","no","abstain"(,"block"), "quorum","threshold";
 * approval "approvals":{option:count}; majority-judgment "median":
 * {option:grade}, "grades":{option:{grade:count}}; schulze "d" and "p"
 * as arrays of arrays in option order; stv "seats","quota" (a number
 * with 6 decimals),"winners":[…],"rounds":[{"votes":{…},"elected":…,
 * "eliminated":…}].
 */
int mutu_tally_json(mutu_buf *out, const char *proposal, int final,
		    const mutu_tally_params *params, const mutu_tally_result *r);

/*
 * The result for a person (translated sentences, one per line): the
 * counts, the outcome and the winner or the ranking, the stv rounds.
 * Option texts are escaped for the terminal.
 */
int mutu_tally_text(mutu_buf *out, const mutu_tally_params *params, const mutu_tally_result *r);

#endif
