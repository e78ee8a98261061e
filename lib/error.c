#include "error.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[1024];
static _Thread_local int last_code;

/*
 * Messages quote what people typed and what files hold. So that an error
 * is always one line of valid text, control characters and bytes that are
 * not UTF-8 are written as escapes (\n, \t, \xNN).
 */
static void sanitize(char *out, size_t size, const char *in)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, n, i;

	while (*p && o + 5 < size) {
		if (*p == '\n' || *p == '\t' || *p == '\r') {
			out[o++] = '\\';
			out[o++] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
			p++;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p++);
			continue;
		}
		n = *p < 0x80 ? 1 : (*p >= 0xc2 && *p <= 0xdf) ? 2 : (*p >= 0xe0 && *p <= 0xef) ? 3
		  : (*p >= 0xf0 && *p <= 0xf4) ? 4 : 0;
		for (i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				n = 0;
		if (n == 0) {
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p++);
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	out[o] = '\0';
}

int mutu_error_set(int code, const char *fmt, ...)
{
	char raw[sizeof(last_message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	sanitize(last_message, sizeof(last_message), raw);
	last_code = code;
	return code;
}

int mutu_error_git(const char *what)
{
	const git_error *e = git_error_last();

	return mutu_error_set(MUTU_EIO, "%s: %s", what,
			      e && e->message ? e->message : "unknown Git error");
}

int mutu_error_nomem(void)
{
	return mutu_error_set(MUTU_ENOMEM, "out of memory");
}

const char *mutu_error_last(void)
{
	return last_message;
}

int mutu_error_last_code(void)
{
	return last_code;
}

void mutu_error_clear(void)
{
	last_message[0] = '\0';
	last_code = MUTU_OK;
}

int mutu_error_exit_code(int code)
{
	switch (code) {
	case MUTU_OK: return 0;
	case MUTU_ENOMATCH: return 1;
	case MUTU_EUSAGE: return 2;
	case MUTU_EDATA: return 65;
	case MUTU_ENOTFOUND: return 66;
	case MUTU_ENOMEM: return 71;
	case MUTU_EIO: return 74;
	case MUTU_ETEMP: return 75;
	case MUTU_EPERM: return 77;
	default: return 70;
	}
}

static mutu_warn_fn warn_fn;

void mutu_warn_handler(mutu_warn_fn fn)
{
	warn_fn = fn;
}

void mutu_warn(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!warn_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn_fn(msg);
}
