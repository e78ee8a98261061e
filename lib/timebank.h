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
 * "flows", one "handle:minutes" string per movement. */
int mutu_exchange_derive(const mutu_record *rec, mutu_value **out);

/* Hours as a person types them ("2", "1.5", "0.25", "1,5") into minutes:
 * MUTU_EDATA, saying why, unless a positive number of whole minutes of at
 * most MUTU_MAX_MINUTES. */
int mutu_hours_parse(long *minutes, const char *text);

/* Minutes as hours, as short as exact: "2", "1.5", "-0.25", "0.33" (a
 * third of an hour is rounded to the hundredth). */
void mutu_hours_format(char out[32], long minutes);

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
