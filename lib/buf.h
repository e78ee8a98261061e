/*
 * buf — a growable byte string, always NUL-terminated.
 *
 * Allocation failures are sticky: after one, every further append is a
 * no-op and mutu_buf_failed() is true, so a caller builds a whole string
 * and checks once at the end.
 */
#ifndef MUTU_BUF_H
#define MUTU_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	char *ptr;   /* "" until something is appended; owned by the buf */
	size_t len;
	size_t cap;
	int failed;
} mutu_buf;

#define MUTU_BUF_INIT { NULL, 0, 0, 0 }

int mutu_buf_grow(mutu_buf *b, size_t extra);
int mutu_buf_put(mutu_buf *b, const void *data, size_t len);
int mutu_buf_puts(mutu_buf *b, const char *s);
int mutu_buf_putc(mutu_buf *b, char c);
int mutu_buf_printf(mutu_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int mutu_buf_vprintf(mutu_buf *b, const char *fmt, va_list ap);

/* The contents; "" for an empty buf, never NULL. */
const char *mutu_buf_cstr(const mutu_buf *b);

/* Empty it, keeping the allocation. */
void mutu_buf_clear(mutu_buf *b);

/* Keep only the first len bytes (nothing changes if it is not longer). */
void mutu_buf_truncate(mutu_buf *b, size_t len);

/* Hand the allocation to the caller (never NULL unless it failed). */
char *mutu_buf_detach(mutu_buf *b);

/* 0, or MUTU_ENOMEM (with the last error set) if any append failed. */
int mutu_buf_check(const mutu_buf *b);

void mutu_buf_free(mutu_buf *b);

/* Little-endian integers, as derived files (the catalog, the ballot
 * cache) store them: appended to b, or read from p. */
void mutu_buf_put_le32(mutu_buf *b, uint32_t v);
void mutu_buf_put_le64(mutu_buf *b, uint64_t v);
uint32_t mutu_le32(const unsigned char *p);
uint64_t mutu_le64(const unsigned char *p);

#endif
