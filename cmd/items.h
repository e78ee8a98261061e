/*
 * items — the offer and need commands: one implementation, driven by the
 * record-type table in lib/items.h. mutu-offer.c and mutu-need.c only name
 * their type.
 */
#ifndef MUTU_CMD_ITEMS_H
#define MUTU_CMD_ITEMS_H

#include "lib/items.h"

int items_main(int argc, char **argv, const mutu_item_type *type);

#endif
