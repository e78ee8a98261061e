/*
 * timebank — hours members pay each other for help received.
 *
 * An exchange (exchanges/<2>/<id>.yaml) is written by its payer alone and
 * holds movements: who is paid, how many minutes. Minutes are whole
 * numbers, so that sums are exact; people type and read hours ("1.5").
 * A member's balance is never stored: it is derived, the minutes paid to
 * them less the minutes they paid, over every exchange of the commons, so
 * the balances always total zero.
 */
#ifndef MUTU_TIMEBANK_H
#define MUTU_TIMEBANK_H

#include "record.h"
#include "store.h"

#include <stddef.h>

/* The largest movement: 10,000 hours. */
#define MUTU_MAX_MINUTES 600000L

/* The derived summary of an exchange (its row's derive): a map holding
 * "flows", one "handle:minutes" string per movement, and "hours", the
 * same for people ("bob 1.5"). */
int mutu_exchange_derive(const mutu_record *rec, mutu_value **out);

/* Hours as a person types them ("2", "1.5", "0.25", "1,5") into minutes:
 * MUTU_EDATA, saying why, unless a positive number of whole minutes of at
 * most MUTU_MAX_MINUTES. */
int mutu_hours_parse(long *minutes, const char *text);

/* Minutes as hours, as short as exact: "2", "1.5", "-0.25", "0.33" (a
 * third of an hour is rounded to the hundredth). */
void mutu_hours_format(char out[32], long minutes);

/* A new exchange: payer pays each of to[0..n) minutes (0 only for a
 * recorded help that moves no hours: need meet without --hours); what
 * (may be NULL) says for what, need and offer (may be NULL) what it
 * answers. Refused (MUTU_EDATA) when payer is among to, a recipient twice,
 * or a recipient is no active member of st. */
typedef struct {
	const char *payer;
	const char *const *to;
	size_t n;
	long minutes;
	const char *what, *need, *offer;
} mutu_exchange_request;

int mutu_exchange_new(mutu_record **out, mutu_store *st, const mutu_exchange_request *req);

/* Commit a new exchange, its payer the acting member. */
struct mutu_action_ctx;
int mutu_exchange_add(const struct mutu_action_ctx *ctx, mutu_record *exchange);

/* A need met by an offer: its author (the acting member) pays the
 * offer's author minutes (0: none) and the need is closed, in one commit
 * (need.meet). need was read at need_blob. */
int mutu_need_meet(mutu_record **exchange, const struct mutu_action_ctx *ctx, mutu_record *need,
		   const mutu_oid *need_blob, const mutu_record *offer, long minutes);

/* One member's standing in the time bank. */
typedef struct {
	char handle[33];
	long minutes;      /* received less paid */
	long paid, received;
	size_t exchanges;  /* how many exchanges they took part in */
} mutu_balance;

/* The balance of every member who ever paid or was paid, sorted by
 * handle, from the exchanges catalog (no record is read). */
int mutu_balances(mutu_balance **out, size_t *n, mutu_store *st);

/* One member's balance (zero when they never took part). */
int mutu_balance_of(mutu_balance *out, mutu_store *st, const char *handle);

#endif
