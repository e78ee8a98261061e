/*
 * records — the verbs every record type shares, driven by its row of the
 * type table: list (filters, sorting, limit), show (several keys or
 * --stdin), edit (--set, list items, or $EDITOR) and the status
 * transitions (close, reopen); plus add for offers and needs, whose
 * commands (mutu-offer.c, mutu-need.c) only name their type.
 */
#ifndef MUTU_CMD_RECORDS_H
#define MUTU_CMD_RECORDS_H

#include "lib/types.h"

int record_list(const mutu_record_type *t, int argc, char **argv);

/* t NULL: a record of any type, by id (mutu show). */
int record_show(const mutu_record_type *t, int argc, char **argv);

int record_edit(const mutu_record_type *t, int argc, char **argv);

int record_transition(const mutu_record_type *t, const char *verb, int argc, char **argv);

/* The main of mutu-offer and mutu-need. */
int items_main(int argc, char **argv, const mutu_record_type *t);

#endif
