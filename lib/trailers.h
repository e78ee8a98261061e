/*
 * trailers — what a mutu commit says of itself, in the trailers of its
 * message, written and read back in one place:
 *
 *   Mutu-Action: offer.add          the action: <type>.<verb>
 *   Mutu-Record: offers/7q/….yaml   each file it wrote (up to a bound)
 *   Mutu-Count: 100000              how many, when they were too many
 *   Mutu-Conflict: 7q3k9m2xh4ta     a conflict record a merge wrote
 *
 * A commit's message is anyone's text (plain git commits, hostile ones):
 * reading it is bounded and linear, through libgit2's trailer parser,
 * and every value is checked before it is believed. Trailers of other
 * tools are ignored; a Mutu-* trailer that is unknown, repeated where it
 * may not be, or malformed makes the whole reading MUTU_EDATA, naming
 * it: an audit reports it, a log shows no action.
 */
#ifndef MUTU_TRAILERS_H
#define MUTU_TRAILERS_H

#include "buf.h"

#include <stddef.h>

typedef struct {
	char action[64];          /* "" when the message names none */
	char **records;           /* the Mutu-Record paths, in order */
	size_t nrecords;
	size_t count;             /* Mutu-Count, else nrecords */
	char **conflicts;         /* the Mutu-Conflict ids */
	size_t nconflicts;
} mutu_trailers;

/* Append t's trailers to a message (after its blank line). */
void mutu_trailers_format(mutu_buf *out, const mutu_trailers *t);

/* Read the trailers of message (a NUL-terminated commit message) into
 * out; free it with mutu_trailers_free, also after an error. */
int mutu_trailers_parse(mutu_trailers *out, const char *message);

void mutu_trailers_free(mutu_trailers *t);

/* Whether s is an action as mutu writes one: <type>.<verb>, lower case
 * letters and dashes. */
int mutu_trailers_valid_action(const char *s);

#endif
