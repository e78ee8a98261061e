/*
 * match — `mutu-need match ID` and `mutu-offer match ID`: the open records
 * of the other type (offers for a need, needs for an offer) ranked by how
 * well they answer the one named, which may be open or closed, each with
 * why. lib/match.h says how words are made and how a score is counted.
 *
 * Output, best first (--limit N keeps the first N):
 *   table  ID, SCORE, AUTHOR, TITLE, WHY ("tags: bricolage; words:
 *          perceuse, visseuse; same kind; same location"), for people
 *   tsv    a stable line: id, score, author, created, title, the shared
 *          tags joined with ",", the shared words joined with ",", kind
 *          and location ("true" when the same, else "false")
 *   json   one object a line: {"id", "title", "score", "author",
 *          "created", "reasons": {"tags": [...], "words": [...],
 *          "kind": bool, "location": bool}}; tags as the record named
 *          writes them, words folded
 *   yaml   the same objects, as documents separated by "---"
 *   ids    the ids
 * Exit status: 0 when something matches, 1 when nothing does (like
 * grep), 2 on a usage error or an ambiguous id prefix, 65 for a malformed
 * id, 66 when no such record exists.
 */
#ifndef MUTU_CMD_MATCH_H
#define MUTU_CMD_MATCH_H

#include "lib/types.h"

/* The verb: t is the type of the record named (a need ranks offers, an
 * offer needs); argc and argv are what follows the verb. */
int item_match(const mutu_record_type *t, int argc, char **argv);

#endif
