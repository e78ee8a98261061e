/*
 * clock — the one source of "now", so tests and audits can fix it.
 *
 * A fixed time (the commands take it from MUTU_NOW: RFC 3339, UTC "Z" or
 * an offset) replaces the system clock everywhere, commit times included.
 * Record times are written as YYYY-MM-DDTHH:MM:SSZ.
 */
#ifndef MUTU_CLOCK_H
#define MUTU_CLOCK_H

#include <time.h>

#define MUTU_TIME_LEN 20   /* "2026-11-25T09:56:00Z" */

/* Fix "now" to the time text names (NULL: the system clock again). The
 * text is read when the time is first needed, so a malformed one fails
 * only the commands that need the time. name says where it came from. */
void mutu_clock_fix(const char *text, const char *name);

/* Now: the fixed time (MUTU_EDATA if malformed), else the system's. */
int mutu_clock_now(time_t *out);

/* Parse an RFC 3339 date-time ("2026-11-25T09:56:00Z", "…+01:00"). */
int mutu_clock_parse(time_t *out, const char *s);

/* A duration: a number from 1 to 9999 then h, d or w ("12h", "7d",
 * "2w"), as rules.yaml spells them; into seconds. MUTU_EDATA naming text if malformed. */
int mutu_clock_duration(long *out, const char *text);

/* The time text holds (RFC 3339), or 0 when it holds none, NULL
 * included: for a time a record holds, which may be anything. The last
 * error is left clear. */
time_t mutu_clock_read(const char *text);

/* A time a person gave: RFC 3339, or "+" and a duration from now
 * ("+7d"). */
int mutu_clock_resolve(time_t *out, const char *text, time_t now);

/* Format t as YYYY-MM-DDTHH:MM:SSZ into out (MUTU_TIME_LEN + 1 bytes). */
void mutu_clock_format(char out[MUTU_TIME_LEN + 1], time_t t);

#endif
