/*
 * fuzz.h — what every libFuzzer target of mutu asserts about messages.
 *
 * A target aborts on the first broken promise, so libFuzzer keeps the
 * input: an error that is not one line of valid UTF-8, or that does not
 * point at "NAME:LINE:COLUMN: " with 1-based numbers as lib/yaml.h says.
 *
 * tests/unit/test_fuzz_regressions.c includes the targets themselves to
 * replay what they found, defining FUZZ_FAILED to fail a cmocka test
 * instead of aborting.
 */
#ifndef MUTU_FUZZ_H
#define MUTU_FUZZ_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/error.h"
#include "lib/utf8.h"
#include "lib/yaml.h"

#define FUZZ_UNUSED __attribute__((unused))

/* The name a target gives emitted text when it reads it back. */
#define FUZZ_EMITTED "emitted.yaml"

/* Escapes make emitted text up to 2.5 times the size of what was read
 * ("\U0001F600" for 4 bytes), so the emitter may refuse, with MUTU_EDATA,
 * what it could not read back, but only when the input was this big: on
 * anything smaller a refusal is a finding. */
#define FUZZ_BIG_INPUT ((size_t)MUTU_YAML_MAX_DOCUMENT / 4)

/* What a broken promise does once described: abort, for libFuzzer. */
#ifndef FUZZ_FAILED
#define FUZZ_FAILED(message) abort()
#endif

/* Say which promise broke, then stop: the input is the finding. */
FUZZ_UNUSED __attribute__((noreturn, format(printf, 1, 2))) static void
fuzz_fail(const char *fmt, ...)
{
	static char message[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	fprintf(stderr, "fuzz: %s\n", message);
	FUZZ_FAILED(message);
	abort();
}

/* msg must be one line of valid UTF-8 that a terminal shows as it is. */
FUZZ_UNUSED static void fuzz_check_one_line(const char *msg)
{
	if (!*msg)
		fuzz_fail("empty error message");
	if (!mutu_utf8_valid(msg, strlen(msg)))
		fuzz_fail("message is not valid UTF-8: %s", msg);
	if (mutu_utf8_has_unsafe(msg, 0))
		fuzz_fail("message holds a control or bidi character: %s", msg);
}

/* A decimal number >= 1 at *p, followed by ':'; advances past the ':'. */
FUZZ_UNUSED static int fuzz_positive(const char **p)
{
	const char *s = *p;

	if (*s < '1' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s != ':')
		return 0;
	*p = s + 1;
	return 1;
}

/* msg must start with "NAME:LINE:COLUMN: " (1-based). */
FUZZ_UNUSED static void fuzz_check_position(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const char *p = msg + n;

	if (strncmp(msg, name, n) != 0 || *p++ != ':' || !fuzz_positive(&p) ||
	    !fuzz_positive(&p) || *p != ' ')
		fuzz_fail("message does not start with '%s:LINE:COLUMN: ': %s", name, msg);
}

/* A failed call: rc must be MUTU_EDATA, the message one positioned line. */
FUZZ_UNUSED static void fuzz_check_error(int rc, const char *name)
{
	const char *msg = mutu_error_last();

	if (rc != MUTU_EDATA)
		fuzz_fail("returned %d, not MUTU_EDATA (%d): %s", rc, MUTU_EDATA, msg);
	fuzz_check_one_line(msg);
	fuzz_check_position(msg, name);
}

#endif
