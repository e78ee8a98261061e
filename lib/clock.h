/*
 * clock — the one source of "now", so tests and audits can fix it.
 *
 * MUTU_NOW (RFC 3339, UTC "Z" or an offset) replaces the system clock
 * everywhere, commit times included. Record times are written as
 * YYYY-MM-DDTHH:MM:SSZ.
 */
#ifndef MUTU_CLOCK_H
#define MUTU_CLOCK_H

#include <time.h>

#define MUTU_TIME_LEN 20   /* "2026-11-25T09:56:00Z" */

/* Now, from MUTU_NOW if set (MUTU_EDATA if malformed), else the system. */
int mutu_clock_now(time_t *out);

/* Parse an RFC 3339 date-time ("2026-11-25T09:56:00Z", "…+01:00"). */
int mutu_clock_parse(time_t *out, const char *s);

/* Format t as YYYY-MM-DDTHH:MM:SSZ into out (MUTU_TIME_LEN + 1 bytes). */
void mutu_clock_format(char out[MUTU_TIME_LEN + 1], time_t t);

#endif
