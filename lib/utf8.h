/*
 * utf8 — the few Unicode facts mutu needs: code points, display width,
 * case folding. Width and folding follow the C library's locale (the
 * commands call setlocale); input is assumed valid UTF-8, and any byte
 * that is not decodes as U+FFFD so nothing here can overrun.
 */
#ifndef MUTU_UTF8_H
#define MUTU_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (not at NUL); returns bytes used (>= 1). */
size_t mutu_utf8_decode(const char *s, uint32_t *cp);

/* Whether len bytes at s are valid UTF-8 without NUL or surrogates. */
int mutu_utf8_valid(const char *s, size_t len);

/* Number of code points in s. */
size_t mutu_utf8_length(const char *s);

/* Columns one code point takes on a terminal (0, 1 or 2). */
int mutu_utf8_cp_width(uint32_t cp);

/* Columns s takes on a terminal. */
size_t mutu_utf8_width(const char *s);

/* The longest prefix of s, in bytes, that fits in width columns;
 * its width goes to *used if not NULL. */
size_t mutu_utf8_fit(const char *s, size_t width, size_t *used);

/* A newly allocated lower-case copy of s, or NULL (last error set). */
char *mutu_utf8_fold(const char *s);

#endif
