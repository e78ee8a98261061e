#include "clock.h"

#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mutu_clock_parse(time_t *out, const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, n = 0;
	char sign = 'Z';
	const char *p;

	if (sscanf(s, "%4d-%2d-%2d%*[Tt ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 ||
	    n != 19)
		goto bad;
	p = s + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 23 || om > 59)
			goto bad;
		p += 6;
	} else {
		goto bad;
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		goto bad;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm);
	if (sign == '+')
		*out -= oh * 3600 + om * 60;
	else if (sign == '-')
		*out += oh * 3600 + om * 60;
	return 0;
bad:
	return mutu_error_set(MUTU_EDATA, "malformed time '%.40s': expected RFC 3339, like 2026-11-25T09:56:00Z", s);
}

int mutu_clock_now(time_t *out)
{
	const char *fixed = getenv("MUTU_NOW");

	if (fixed && *fixed) {
		if (mutu_clock_parse(out, fixed) < 0) {
			char why[256];

			/* the message is formatted into the buffer it reads from */
			snprintf(why, sizeof(why), "%s", mutu_error_last());
			return mutu_error_set(MUTU_EDATA, "MUTU_NOW: %s", why);
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
