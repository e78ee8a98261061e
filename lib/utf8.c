#include "utf8.h"

#include "buf.h"
#include "error.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

size_t mutu_utf8_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		goto bad;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

int mutu_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (s[i] == '\0')
			return 0;
		if ((unsigned char)s[i] >= 0x80) {
			/* decode reads at most 4 bytes, stopping at a non-continuation */
			if (len - i < 4) {
				char tail[5] = { 0 };

				memcpy(tail, s + i, len - i);
				n = mutu_utf8_decode(tail, &cp);
			} else {
				n = mutu_utf8_decode(s + i, &cp);
			}
			if (cp == 0xfffd && n == 1)
				return 0;
			i += n;
		} else {
			i++;
		}
	}
	return 1;
}

int mutu_utf8_count(const char *s, size_t *count)
{
	size_t n = 0, k;
	uint32_t cp;

	for (; *s; s += k, n++) {
		if ((unsigned char)*s < 0x80) {
			k = 1;
			continue;
		}
		/* a NUL ends the string, and stops decode as any non-continuation */
		if ((k = mutu_utf8_decode(s, &cp)) == 1 && cp == 0xfffd)
			return 0;
	}
	*count = n;
	return 1;
}

/*
 * Unicode's width and case tables, as glibc's C.UTF-8 locale holds them.
 * The locale object is made once; C.UTF-8 is built into glibc 2.35 and
 * later, so it exists even where no locale was generated. Without it the
 * answers fall back to ASCII's, never to the process locale's.
 */
static locale_t unicode_locale(void)
{
	static locale_t loc;
	static int tried;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

int mutu_utf8_cp_width(uint32_t cp)
{
	locale_t loc, old;
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 0;
	if (cp < 0x7f)
		return 1;
	if (!(loc = unicode_locale()))
		return 1;
	/* glibc has no wcwidth_l: switch this thread's locale around the call */
	old = uselocale(loc);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w < 0 ? 1 : w;
}

size_t mutu_utf8_width(const char *s)
{
	size_t w = 0;
	uint32_t cp;

	while (*s) {
		s += mutu_utf8_decode(s, &cp);
		w += (size_t)mutu_utf8_cp_width(cp);
	}
	return w;
}

size_t mutu_utf8_fit(const char *s, size_t width, size_t *used)
{
	size_t w = 0, n, off = 0;
	uint32_t cp;
	int cw;

	while (s[off]) {
		n = mutu_utf8_decode(s + off, &cp);
		cw = mutu_utf8_cp_width(cp);
		if (w + (size_t)cw > width)
			break;
		w += (size_t)cw;
		off += n;
	}
	if (used)
		*used = w;
	return off;
}

static void put_cp(mutu_buf *b, uint32_t cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	mutu_buf_put(b, out, n);
}

void mutu_utf8_fold_to(mutu_buf *out, const char *s)
{
	uint32_t cp;

	mutu_buf_grow(out, strlen(s));
	while (*s) {
		s += mutu_utf8_decode(s, &cp);
		if (cp < 0x80)
			cp = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
		else if (unicode_locale())
			cp = (uint32_t)towlower_l((wint_t)cp, unicode_locale());
		put_cp(out, cp);
	}
}

char *mutu_utf8_fold(const char *s)
{
	mutu_buf b = MUTU_BUF_INIT;

	mutu_utf8_fold_to(&b, s);
	if (mutu_buf_check(&b) < 0) {
		mutu_buf_free(&b);
		return NULL;
	}
	return mutu_buf_detach(&b);
}

size_t mutu_utf8_cut(const char *s, size_t max)
{
	size_t off = 0, n;
	uint32_t cp;

	while (s[off]) {
		n = mutu_utf8_decode(s + off, &cp);
		if (off + n > max)
			break;
		off += n;
	}
	return off;
}

const char *mutu_utf8_clip(const char *s, size_t max)
{
	static _Thread_local char ring[8][512];
	static _Thread_local unsigned next;
	char *out = ring[next++ % 8];
	size_t n;

	if (max > sizeof(ring[0]) - 4)
		max = sizeof(ring[0]) - 4;
	n = mutu_utf8_cut(s, max);
	memcpy(out, s, n);
	strcpy(out + n, s[n] ? "…" : "");
	return out;
}

int mutu_utf8_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

int mutu_utf8_has_unsafe(const char *s, unsigned flags)
{
	int keep = (flags & MUTU_ESCAPE_KEEP_LINES) != 0;
	uint32_t cp;

	while (*s) {
		s += mutu_utf8_decode(s, &cp);
		if (mutu_utf8_unsafe(cp) && !(keep && (cp == '\n' || cp == '\t')))
			return 1;
	}
	return 0;
}

/* The escaped form of the character at s into out (>= 8 bytes); its
 * length in s goes to *used. 0 when the character passes as it is. */
static size_t escape_one(char out[8], const char *s, size_t *used, unsigned flags)
{
	unsigned char c = (unsigned char)*s;
	uint32_t cp;

	*used = mutu_utf8_decode(s, &cp);
	if (cp == 0xfffd && *used == 1)   /* JSON is UTF-8: U+FFFD stands in */
		return (size_t)snprintf(out, 8, flags & MUTU_ESCAPE_JSON ? "\\ufffd" : "\\x%02x", c);
	if (c == '\\' && (flags & MUTU_ESCAPE_BACKSLASH))
		return (size_t)snprintf(out, 8, "\\\\");
	if (c == '"' && (flags & MUTU_ESCAPE_JSON))
		return (size_t)snprintf(out, 8, "\\\"");
	if ((c == '\n' || c == '\t') && (flags & MUTU_ESCAPE_KEEP_LINES))
		return 0;
	if (!mutu_utf8_unsafe(cp))
		return 0;
	switch (c) {
	case '\n': return (size_t)snprintf(out, 8, "\\n");
	case '\t': return (size_t)snprintf(out, 8, "\\t");
	case '\r': return (size_t)snprintf(out, 8, "\\r");
	default: break;
	}
	if (cp < 0x80 && !(flags & MUTU_ESCAPE_JSON))
		return (size_t)snprintf(out, 8, "\\x%02x", (unsigned)cp);
	return (size_t)snprintf(out, 8, "\\u%04x", (unsigned)cp);
}

void mutu_utf8_escape(mutu_buf *out, const char *s, unsigned flags)
{
	const char *run = s;
	char esc[8];
	size_t used, n;

	while (*s) {
		if ((unsigned char)*s >= 0x20 && *s != '\\' && *s != '"' && (unsigned char)*s < 0x7f) {
			s++;   /* the common case: plain ASCII passes in runs */
			continue;
		}
		n = escape_one(esc, s, &used, flags);
		if (n) {
			mutu_buf_put(out, run, (size_t)(s - run));
			mutu_buf_put(out, esc, n);
			run = s + used;
		}
		s += used;
	}
	mutu_buf_put(out, run, (size_t)(s - run));
}

size_t mutu_utf8_escape_to(char *out, size_t size, const char *s, unsigned flags)
{
	char esc[8];
	size_t o = 0, used, n;

	if (size == 0)
		return 0;
	while (*s) {
		n = escape_one(esc, s, &used, flags);
		if (n == 0) {
			if (o + used >= size)
				break;
			memcpy(out + o, s, used);
			o += used;
		} else {
			if (o + n >= size)
				break;
			memcpy(out + o, esc, n);
			o += n;
		}
		s += used;
	}
	out[o] = '\0';
	return o;
}
