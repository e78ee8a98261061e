/*
 * proposal — how members decide together: a proposal's life, draft →
 * discussion → vote → accepted | rejected | no-quorum (or withdrawn), its
 * consultation (comments), its count and what applying it changes.
 *
 * The rules (rules.yaml) bound every step: which methods a proposal may
 * pick, the least quorum and threshold it may ask for, how long it must
 * be discussed and how long its vote stays open. When a vote starts, the
 * proposal records the method, quorum, threshold and closing time it runs
 * under, so that a rules change accepted meanwhile applies only to votes
 * started after it.
 *
 * rules.yaml, mutu.yaml and members' roles change only by applying an
 * accepted proposal of kind rules, role or admit, in a commit that names
 * it; nothing else in mutu writes them.
 *
 * Every refusal sets the last error and changes nothing: an illegal
 * transition is MUTU_EDATA; acting outside a time window, or without the
 * right (not the author, not an active member), MUTU_EPERM.
 */
#ifndef MUTU_PROPOSAL_H
#define MUTU_PROPOSAL_H

#include "actions.h"
#include "record.h"
#include "rules.h"
#include "store.h"
#include "tally.h"

#include <stddef.h>
#include <time.h>

#define MUTU_MAX_OPTIONS 64
#define MUTU_MAX_GRADES 16
#define MUTU_STATUS_QUO "status quo"

/* What a member gives when proposing or amending; NULL, 0 or -1 for
 * what is not given. Strings are borrowed. */
typedef struct {
	const char *title, *body;
	const char *kind;                 /* general, rules, role, admit */
	const char *method;
	const char *const *options;       /* noptions of them, or NULL */
	size_t noptions;
	const char *const *scale;         /* majority-judgment grades, worst first */
	size_t nscale;
	long seats;                       /* stv; 0: not given */
	int status_quo;                   /* -1: not given */
	const char *closes;               /* RFC 3339, or +DURATION from now */
	int quorum, threshold;            /* -1: not given */
	const char *target;               /* rules: "rules.yaml" or "mutu.yaml" */
	const char *content;              /* rules: the proposed file's text */
	size_t content_len;
	const char *content_name;         /* where it came from, for messages */
	const char *member;               /* role, admit */
	const char *grant, *revoke;       /* role */
	const char *name, *email;         /* admit */
	const char *const *tags;
	size_t ntags;
	int draft;
} mutu_proposal_spec;

/* A new proposal from spec, checked against the rules, committed. */
int mutu_proposal_add(mutu_record **out, const mutu_action_ctx *ctx, const mutu_proposal_spec *spec);

/* The author changes their proposal while it is a draft or in
 * discussion; history keeps every version. */
int mutu_proposal_amend(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
			const mutu_proposal_spec *spec);

/* The author moves their proposal: submit (draft → discussion), start
 * (discussion → vote, once the discussion time has passed; freezes the
 * terms), withdraw (draft, discussion or vote → withdrawn; note is why). */
int mutu_proposal_step(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
		       const char *verb, const char *note);

/* The hook of the start transition (types.c): the discussion time has
 * passed and the terms fit the rules now in force. */
int mutu_proposal_check_start(const mutu_record_type *t, const mutu_record *rec,
			      const struct mutu_action_ctx *ctx);

/* How a proposal is voted on, as the tally takes it: its method and
 * options ("status quo" last when it has one), from the proposal, the
 * rules filling in what a proposal not yet started leaves out. Strings
 * are borrowed from rec. */
typedef struct {
	mutu_tally_params params;
	const char *options[MUTU_MAX_OPTIONS + 1];
	const char *scale[MUTU_MAX_GRADES];
} mutu_vote_setup;

int mutu_proposal_setup(mutu_vote_setup *out, const mutu_record *rec, const mutu_rules *rules);

/* The default majority-judgment scale, worst first. */
extern const char *const mutu_default_scale[];

/* A count: the ballots in a tree (the tip while the vote is open; the
 * tree recorded at closing once it is closed) against the active members
 * there. Owns its result; setup borrows from the proposal record, and its
 * params point into it: a count is filled in place and never copied. */
typedef struct {
	mutu_vote_setup setup;
	mutu_tally_result result;
	mutu_oid tree;
	int final;
} mutu_count;

/* Count rec's ballots (never writes). MUTU_EDATA if rec has no vote yet. */
int mutu_proposal_count(mutu_count *out, mutu_store *st, const mutu_record *rec);
void mutu_count_free(mutu_count *c);

/* Whether the tally a closed proposal records (outcome, counts, winner)
 * is what its ballots, counted again in the tree it names, give: 0, or
 * MUTU_EDATA saying what differs. For an auditor: "accepted" is a word
 * anyone can write with plain git. */
int mutu_proposal_check_tally(mutu_store *st, const mutu_record *rec);

/* Close the vote (any active member, once its closing time has passed,
 * or before where the rules allow it and every active member voted):
 * record the outcome, the counts and the tree they were counted from.
 * out, when not NULL, gets the count. */
int mutu_proposal_close(mutu_count *out, const mutu_action_ctx *ctx, mutu_record *rec,
			const mutu_oid *blob);

/* Apply an accepted proposal of kind rules, role or admit, once, in one
 * commit with the proposal marked applied. */
int mutu_proposal_apply(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob);

/* Did an accepted proposal reach its aim? result: met, partly, not-met;
 * any active member, any number of times: each evaluation is kept. */
int mutu_proposal_evaluate(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
			   const char *result, const char *note);

/* A comment on a proposal in discussion or vote, by any active member: a
 * record of its own (comments/<proposal>/<id>.yaml). */
int mutu_proposal_comment(mutu_record **out, const mutu_action_ctx *ctx, const mutu_record *rec,
			  const char *body);

/* The comments on the record id at the tip, oldest first (by created,
 * then id): each malloc'd, in a malloc'd array. One that cannot be read
 * is warned about by path and left out. */
int mutu_proposal_comments(mutu_record ***out, size_t *n, mutu_store *st, const char *id);

/* Whether the vote of rec is open at now: MUTU_EPERM (or MUTU_EDATA for
 * a proposal not in vote) saying why not. */
int mutu_proposal_vote_open(const mutu_record *rec, time_t now);

#endif
