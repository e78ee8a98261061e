/*
 * utf8 — the few Unicode facts mutu needs: code points, display width,
 * case folding, and what must never reach a terminal raw.
 *
 * Width and folding do not follow the process locale: they are Unicode's,
 * read through glibc's C.UTF-8 tables whatever LANG says, so that what a
 * filter matches and how a list sorts never change with the locale. Input
 * is assumed valid UTF-8; any byte that is not decodes as U+FFFD, so
 * nothing here can overrun.
 */
#ifndef MUTU_UTF8_H
#define MUTU_UTF8_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (not at NUL); returns bytes used (>= 1). A
 * byte that does not start a well-formed sequence decodes as U+FFFD in 1. */
size_t mutu_utf8_decode(const char *s, uint32_t *cp);

/* Whether len bytes at s are valid UTF-8 without NUL or surrogates. */
int mutu_utf8_valid(const char *s, size_t len);

/* Whether s is valid UTF-8 (without surrogates), its number of code
 * points into *count if so: validating and counting in one pass. */
int mutu_utf8_count(const char *s, size_t *count);

/* Columns one code point takes on a terminal (0, 1 or 2). */
int mutu_utf8_cp_width(uint32_t cp);

/* Columns s takes on a terminal. */
size_t mutu_utf8_width(const char *s);

/* The longest prefix of s, in bytes, that fits in width columns;
 * its width goes to *used if not NULL. */
size_t mutu_utf8_fit(const char *s, size_t width, size_t *used);

/* The longest prefix of s of at most max bytes that ends on a character
 * boundary: text cut for a commit subject or a message stays UTF-8. */
size_t mutu_utf8_cut(const char *s, size_t max);

/* s cut to at most max bytes on a character boundary, with "…" after a
 * cut, for quoting what people typed in a message: one of a few
 * thread-local buffers, valid until this thread's eighth call after this
 * one (enough for the arguments of one message). */
const char *mutu_utf8_clip(const char *s, size_t max);

/* A newly allocated lower-case copy of s, or NULL (last error set). */
char *mutu_utf8_fold(const char *s);

/* The same, appended to out (a failure is out's, sticky): for a loop
 * that folds many strings into one buffer. */
void mutu_utf8_fold_to(mutu_buf *out, const char *s);

/*
 * Whether cp must never reach a terminal as it is: C0 controls, DEL, C1
 * controls, the line and paragraph separators, and the bidirectional
 * formatting characters (marks, embeddings, overrides and isolates) that
 * can make a terminal show text other than what it holds.
 */
int mutu_utf8_unsafe(uint32_t cp);

#define MUTU_ESCAPE_KEEP_LINES 1u  /* newline and tab pass: multi-line text */
#define MUTU_ESCAPE_BACKSLASH 2u   /* \ becomes \\ so that tsv reads back */
#define MUTU_ESCAPE_JSON 4u        /* JSON's forms: \" and \u00XX, U+FFFD for a bad byte */

/* Whether s holds an unsafe code point (newline and tab not counted with
 * MUTU_ESCAPE_KEEP_LINES). */
int mutu_utf8_has_unsafe(const char *s, unsigned flags);

/*
 * Append s with every unsafe code point visibly escaped: \t, \n and \r;
 * \xNN for other C0 controls, DEL and bytes that are not UTF-8; \uXXXX
 * for C1 controls, separators and bidirectional formatting characters.
 */
void mutu_utf8_escape(mutu_buf *out, const char *s, unsigned flags);

/* The same into a fixed array, cut on a character boundary and always
 * NUL-terminated; returns the length written. For messages, which must
 * be built without allocating. */
size_t mutu_utf8_escape_to(char *out, size_t size, const char *s, unsigned flags);

#endif
