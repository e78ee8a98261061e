/*
 * match — which offers answer a need, and which needs an offer could
 * answer: shared tags, shared words of title and body, the same kind, the
 * same location when both give one. Every score comes with its reasons,
 * and the same commons always gives the same order.
 *
 * Words are what the catalog keeps of each offer and need (a derived
 * summary field, "words"), so that ranking 100,000 offers reads no
 * record: case and accents folded, common French and English words left
 * out.
 */
#ifndef MUTU_MATCH_H
#define MUTU_MATCH_H

#include "record.h"

/* How words are computed: change it, and every catalog is rebuilt. */
#define MUTU_MATCH_WORDS_VERSION 1

/* The derived summary of an offer or a need (a row's derive): a map
 * holding "words", the words of its title and body. */
int mutu_match_derive(const mutu_record *rec, mutu_value **out);

#endif
