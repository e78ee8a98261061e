#include "buf.h"

#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mutu_buf_grow(mutu_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (b->failed)
		return MUTU_ENOMEM;
	if (extra > (size_t)-1 / 2 - b->len)
		goto fail;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	p = realloc(b->ptr, cap);
	if (!p)
		goto fail;
	p[b->len] = '\0';  /* a buf that only grew still reads as "" */
	b->ptr = p;
	b->cap = cap;
	return 0;
fail:
	b->failed = 1;
	return MUTU_ENOMEM;
}

int mutu_buf_put(mutu_buf *b, const void *data, size_t len)
{
	if (mutu_buf_grow(b, len) < 0)
		return MUTU_ENOMEM;
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int mutu_buf_puts(mutu_buf *b, const char *s)
{
	return mutu_buf_put(b, s, strlen(s));
}

int mutu_buf_putc(mutu_buf *b, char c)
{
	return mutu_buf_put(b, &c, 1);
}

int mutu_buf_vprintf(mutu_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || mutu_buf_grow(b, (size_t)n) < 0)
		return b->failed = 1, MUTU_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int mutu_buf_printf(mutu_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mutu_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

const char *mutu_buf_cstr(const mutu_buf *b)
{
	return b->ptr ? b->ptr : "";
}

void mutu_buf_clear(mutu_buf *b)
{
	mutu_buf_truncate(b, 0);
}

void mutu_buf_truncate(mutu_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

char *mutu_buf_detach(mutu_buf *b)
{
	char *p;

	if (b->failed) {
		mutu_buf_free(b);
		return NULL;
	}
	p = b->ptr ? b->ptr : strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

int mutu_buf_check(const mutu_buf *b)
{
	return b->failed ? mutu_error_nomem() : 0;
}

void mutu_buf_free(mutu_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

uint32_t mutu_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t mutu_le64(const unsigned char *p)
{
	return (uint64_t)mutu_le32(p) | (uint64_t)mutu_le32(p + 4) << 32;
}

void mutu_buf_put_le32(mutu_buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	mutu_buf_put(b, p, 4);
}

void mutu_buf_put_le64(mutu_buf *b, uint64_t v)
{
	mutu_buf_put_le32(b, (uint32_t)v);
	mutu_buf_put_le32(b, (uint32_t)(v >> 32));
}
