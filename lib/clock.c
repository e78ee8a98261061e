#include "clock.h"

#include "error.h"
#include "i18n.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* n digits at s, as a number; -1 unless all n are digits. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int mutu_clock_parse(time_t *out, const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p;

	/* YYYY-MM-DDTHH:MM:SS, each field exactly its digits: sscanf's %d
	 * would let signs and blanks through */
	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || !strchr("Tt ", s[10]) ||
	    s[13] != ':' || s[16] != ':')
		goto bad;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
		goto bad;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			goto bad;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		/* digits() stops at the NUL, so p[3] is readable once oh is */
		if ((oh = digits(p + 1, 2)) < 0 || p[3] != ':')
			goto bad;
		om = digits(p + 4, 2);
		if (oh > 23 || om < 0 || om > 59)
			goto bad;
		p += 6;
	} else {
		goto bad;
	}
	if (*p)
		goto bad;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm) - sign * (oh * 3600 + om * 60);
	return 0;
bad:
	return mutu_error_set(MUTU_EDATA, _("malformed time '%s': expected RFC 3339, like 2026-11-25T09:56:00Z"),
			      mutu_utf8_clip(s, 40));
}

static const char *fixed, *fixed_name;

void mutu_clock_fix(const char *text, const char *name)
{
	fixed = text && *text ? text : NULL;
	fixed_name = name;
}

int mutu_clock_now(time_t *out)
{
	if (fixed) {
		if (mutu_clock_parse(out, fixed) < 0) {
			char why[256];

			/* the message is formatted into the buffer it reads from */
			snprintf(why, sizeof(why), "%s", mutu_error_last());
			return mutu_error_set(MUTU_EDATA, "%s: %s", fixed_name ? fixed_name : "now", why);
		}
		return 0;
	}
	*out = time(NULL);
	return 0;
}

void mutu_clock_format(char out[MUTU_TIME_LEN + 1], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, MUTU_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int mutu_clock_duration(long *out, const char *text)
{
	long n = 0;
	const char *p = text;

	/* at most four digits: no overflow, and no year-long typo either */
	while (*p >= '0' && *p <= '9' && p - text < 4)
		n = n * 10 + (*p++ - '0');
	if (p == text || !p[0] || p[1] || !strchr("hdw", p[0]) || text[0] == '0')
		return mutu_error_set(MUTU_EDATA, _("malformed duration '%s': a number from 1 to 9999 then h, d or w, such as 7d"),
				      mutu_utf8_clip(text, 40));
	*out = n * (p[0] == 'h' ? 3600L : p[0] == 'd' ? 86400L : 7 * 86400L);
	return 0;
}

int mutu_clock_resolve(time_t *out, const char *text, time_t now)
{
	long secs;
	int err;

	if (text[0] != '+')
		return mutu_clock_parse(out, text);
	if ((err = mutu_clock_duration(&secs, text + 1)) < 0)
		return err;
	*out = now + secs;
	return 0;
}

time_t mutu_clock_read(const char *text)
{
	time_t t = 0;

	if (!text || mutu_clock_parse(&t, text) < 0)
		t = 0;
	mutu_error_clear();
	return t;
}
