/*
 * lending — the tool library's loans and the line of members waiting.
 *
 * An offer is lent by its author: a loan (loans/<offer>/<id>.yaml) names
 * the borrower and a due date, and stays "out" until the lender records
 * its return. Members wait for an offer that is out with a hold
 * (holds/<offer>/<handle>.yaml, their own file): the line is the holds in
 * the order they were made (then by handle), less those already served,
 * a hold being served by a loan to its member made after it. Nothing is
 * rewritten when the line moves: it is derived.
 *
 * The rules the members voted gate borrowing (rules.yaml lending.*):
 * max_items out at once per member, a time-bank balance of at least
 * min_balance hours, at most `renewals` renewals and none while someone
 * waits. A refusal is MUTU_EPERM naming the rule and the member's figure;
 * a request that does not fit the records (lending what is out, returning
 * what is not) is MUTU_EDATA. Every decision is guarded (mutu_guard): a
 * writer that adds a loan or a hold meanwhile makes it MUTU_ETEMP.
 */
#ifndef MUTU_LENDING_H
#define MUTU_LENDING_H

#include "actions.h"
#include "list.h"
#include "record.h"
#include "store.h"

#include <stddef.h>
#include <time.h>

/* What is known of one offer's loans and line at the tip. */
typedef struct {
	const char *offer;          /* the offer's id (the caller's string) */
	mutu_record **loans;        /* every loan of the offer */
	mutu_oid *loan_blobs;
	size_t nloans;
	long out;                   /* the index of the loan out, or -1 */
	mutu_record **holds;        /* the line, first first: waiting holds only */
	size_t nholds;
	mutu_record **all_holds;    /* every hold file, served or not */
	mutu_oid *hold_blobs;
	size_t nall_holds;
	mutu_oid loans_tree, holds_tree;   /* the guards */
	int have_loans, have_holds;
} mutu_lending;

/* Read the loans and the line of the offer named id. */
int mutu_lending_read(mutu_lending *out, mutu_store *st, const char *offer_id);
void mutu_lending_free(mutu_lending *l);

/* The hold of handle in l's line, its place (1 = first) or 0. */
size_t mutu_lending_place(const mutu_lending *l, const char *handle);

/* What a lend asks for. until and need may be NULL (a due date of
 * lending.loan_days from now; no need). */
typedef struct {
	const char *borrower;
	const char *until;          /* RFC 3339, a date (YYYY-MM-DD) or +DURATION */
	const char *need;           /* a need's id, already found */
} mutu_lend_request;

/* Lend offer (a record read at the tip) as the acting member, who must be
 * its author; *loan (may be NULL) gets the loan written. */
int mutu_lend(mutu_record **loan, const mutu_action_ctx *ctx, const mutu_record *offer,
	      const mutu_lend_request *req);

/* Record the return of offer's loan out; *loan (may be NULL) gets it. */
int mutu_lend_return(mutu_record **loan, const mutu_action_ctx *ctx, const mutu_record *offer);

/* Extend offer's loan out to until (NULL: lending.loan_days more). */
int mutu_lend_renew(mutu_record **loan, const mutu_action_ctx *ctx, const mutu_record *offer,
		    const char *until);

/* The acting member gets in line for offer (it must be out, to someone
 * else, or back with others already in line), or leaves the line. */
int mutu_hold(const mutu_action_ctx *ctx, const mutu_record *offer);
int mutu_unhold(const mutu_action_ctx *ctx, const mutu_record *offer);

/* An offer members wait for: the loan it is out on (borrower and due are
 * NULL when it is back, and the first in line should be told), and the
 * line, first first. Strings valid during the callback only. */
typedef struct {
	const char *offer;
	const char *borrower, *due;
	const char *const *line;
	size_t nline;
} mutu_wait;

/* Every offer with someone in line, by offer id, from the catalogs of
 * loans and holds (no record is read). A non-zero return of fn stops. */
int mutu_lending_waits(mutu_store *st, int (*fn)(const mutu_wait *w, void *payload), void *payload);

/* The number of loans out to handle across the commons (the catalog's). */
int mutu_loans_out_to(size_t *n, mutu_store *st, const char *handle);

/* A due time as a person may type it: RFC 3339, a date (the end of that
 * day, UTC), or +DURATION from now; after now. */
int mutu_lending_due(time_t *out, const char *text, time_t now);

#endif
