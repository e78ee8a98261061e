#include "error.h"

#include "i18n.h"
#include "utf8.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[1024];
static _Thread_local int last_code;

int mutu_error_set(int code, const char *fmt, ...)
{
	char raw[sizeof(last_message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* messages quote what people typed and what files hold: escape what
	 * would break the one line, or a terminal */
	mutu_utf8_escape_to(last_message, sizeof(last_message), raw, 0);
	last_code = code;
	return code;
}

int mutu_error_git(const char *what)
{
	const git_error *e = git_error_last();

	return mutu_error_set(MUTU_EIO, "%s: %s", what,
			      e && e->message ? e->message : _("unknown Git error"));
}

int mutu_error_nomem(void)
{
	return mutu_error_set(MUTU_ENOMEM, "%s", _("out of memory"));
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
	char raw[1024], msg[1024];
	va_list ap;

	if (!warn_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	mutu_utf8_escape_to(msg, sizeof(msg), raw, 0);
	warn_fn(msg);
}
