/*
 * library — the tool library's verbs: mutu-offer's lend, return, renew,
 * hold, unhold, loans, book, unbook, bookings, join and leave, and
 * mutu-need's meet; and what `show` says of an offer beyond its record
 * (who has it, who waits, who comes). See mutu-offer(1) and mutu-need(1).
 */
#ifndef MUTU_CMD_LIBRARY_H
#define MUTU_CMD_LIBRARY_H

#include "common.h"
#include "records.h"

/* NULL-terminated verb tables, added to the shared ones. */
extern const struct verb offer_library_verbs[];
extern const struct verb need_library_verbs[];

/* After an offer `show` prints: its loan, its line, its roll, its
 * bookings to come (a table only: json and yaml print the record alone). */
void offer_show_more(mutu_buf *b, mutu_store *st, const mutu_found *found,
		     const mutu_record *rec, mutu_format f);

/* The column an offer list's table adds: to whom each offer is lent and
 * until when; NULL when nothing is out. */
const struct record_column *offer_lent_column(mutu_store *st);

#endif
