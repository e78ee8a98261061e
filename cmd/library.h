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

/* What offers and needs add to the verbs they share (items_main). */
extern const struct item_extras offer_extras;
extern const struct item_extras need_extras;

#endif
