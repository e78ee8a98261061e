/*
 * ical — RFC 5545 content lines, folded as they are written.
 *
 * Every property goes through a line writer that knows how many octets
 * the current physical line holds. Values are fed to it in units: a
 * UTF-8 sequence, a backslash escape, a percent-encoded byte, each of
 * which must stay on one line. Before a unit that would take the line
 * past 75 octets, the writer folds (CRLF then one space, RFC 5545 3.1),
 * so a fold can only fall between units. RFC 5545 would allow a fold
 * inside an escape, but readers that unescape before unfolding exist,
 * and keeping "\n" whole costs nothing.
 *
 * An event is checked whole before any of it is written, so a refused
 * one leaves the feed as it was.
 */
#include "ical.h"

#include "error.h"
#include "i18n.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* RFC 5545 3.1: octets on a physical line, its CRLF not counted */
#define ICAL_LINE_OCTETS 75

/* An iCalendar INTEGER (RFC 5545 3.3.8) is a signed 32-bit number. */
#define ICAL_INTEGER_MAX 2147483647L

#define DAY_SECONDS 86400

/* room for "20261201T101500Z" and its NUL, and then some */
#define TIME_TEXT 32

typedef struct {
	mutu_buf *out;
	size_t used;   /* octets on the current physical line */
} line_writer;

static void put_unit(line_writer *w, const char *s, size_t n)
{
	if (w->used + n > ICAL_LINE_OCTETS) {
		mutu_buf_put(w->out, "\r\n ", 3);
		w->used = 1;
	}
	mutu_buf_put(w->out, s, n);
	w->used += n;
}

/* Names, parameters and values made here: ASCII, one unit a byte. */
static void put_ascii(line_writer *w, const char *s)
{
	for (; *s; s++)
		put_unit(w, s, 1);
}

static void end_line(line_writer *w)
{
	mutu_buf_put(w->out, "\r\n", 2);
	w->used = 0;
}

/* A TEXT value (RFC 5545 3.3.11), made safe as ical.h says. */
static void put_text(line_writer *w, const char *s)
{
	char esc[2] = { '\\', 0 };
	uint32_t cp;
	size_t n;

	for (; *s; s += n) {
		n = mutu_utf8_decode(s, &cp);
		if (cp == '\\' || cp == ';' || cp == ',') {
			esc[1] = (char)cp;
			put_unit(w, esc, 2);
		} else if (cp == '\n') {
			put_unit(w, "\\n", 2);
		} else if (cp == '\t') {
			put_unit(w, " ", 1);
		} else if (cp == 0xfffd && n == 1) {
			put_unit(w, "\xef\xbf\xbd", 3);   /* a byte that is not UTF-8 */
		} else if (!mutu_utf8_unsafe(cp)) {
			put_unit(w, s, n);
		}
	}
}

/* The characters a URI may hold as they are (RFC 3986's unreserved and
 * reserved sets); '%' only when it starts an encoded byte. */
static int uri_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-._~:/?#[]@!$&'()*+,;=", c));
}

static int hex_digit(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A URI value (RFC 5545 3.3.13), which is not TEXT: nothing is escaped
 * with backslashes, but whatever a URI may not hold (controls, spaces,
 * non-ASCII) is percent-encoded, byte by byte, as an IRI becomes a URI. */
static void put_uri(line_writer *w, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	char pct[3] = { '%', 0, 0 };

	for (; *p; p++) {
		if (*p == '%' && hex_digit(p[1]) && hex_digit(p[2])) {
			put_unit(w, (const char *)p, 3);
			p += 2;
		} else if (*p != '%' && uri_char(*p)) {
			put_unit(w, (const char *)p, 1);
		} else {
			pct[1] = hex[*p >> 4];
			pct[2] = hex[*p & 15];
			put_unit(w, pct, 3);
		}
	}
}

/* Whether url starts with scheme, ASCII case aside (never the locale's). */
static int has_scheme(const char *url, const char *scheme)
{
	for (; *scheme; url++, scheme++)
		if ((*url >= 'A' && *url <= 'Z' ? *url + 32 : *url) != *scheme)
			return 0;
	return 1;
}

/* Calendar clients make URL a link: only the web's schemes are written,
 * so that a typed "javascript:" or "file:" never becomes one. */
static void url_property(mutu_buf *out, const char *url)
{
	line_writer w = { out, 0 };

	if (!url || !(has_scheme(url, "https://") || has_scheme(url, "http://")))
		return;
	put_ascii(&w, "URL:");
	put_uri(&w, url);
	end_line(&w);
}

static void text_property(mutu_buf *out, const char *name, const char *value)
{
	line_writer w = { out, 0 };

	if (!value || !*value)
		return;
	put_ascii(&w, name);
	put_unit(&w, ":", 1);
	put_text(&w, value);
	end_line(&w);
}

/* CATEGORIES holds a list: commas between the items, escaped inside. */
static void categories_property(mutu_buf *out, const char *const *items, size_t n)
{
	line_writer w = { out, 0 };
	size_t i, written = 0;

	for (i = 0; i < n; i++) {
		if (!items[i] || !*items[i])
			continue;
		put_ascii(&w, written++ ? "," : "CATEGORIES:");
		put_text(&w, items[i]);
	}
	if (written)
		end_line(&w);
}

/* t as a UTC DATE-TIME (20261201T101500Z) or, with date_only, a DATE
 * (20261201). -1 if its year is outside 1 to 9999, which four digits and
 * the Gregorian calendar of RFC 5545 can hold. */
static int format_time(char out[TIME_TEXT], time_t t, int date_only)
{
	struct tm tm;
	int n;

	if (!gmtime_r(&t, &tm) || tm.tm_year < 1 - 1900 || tm.tm_year > 9999 - 1900)
		return -1;
	if (date_only)
		n = snprintf(out, TIME_TEXT, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			     tm.tm_mday);
	else
		n = snprintf(out, TIME_TEXT, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
			     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	/* never short with the year in range; the test keeps the compiler,
	 * which cannot know the fields' ranges, from fearing a cut */
	return n > 0 && n < TIME_TEXT ? 0 : -1;
}

/* The dates of an event, formatted before anything is written. */
typedef struct {
	char stamp[TIME_TEXT], start[TIME_TEXT], end[TIME_TEXT];   /* end "": no DTEND */
} event_times;

static int format_times(event_times *t, const mutu_ical_event *e)
{
	/* DTEND must be later than DTSTART (RFC 5545 3.8.2.2) */
	int has_end = e->end && e->end > e->start;
	time_t last = has_end ? e->end : e->start;

	t->end[0] = '\0';
	if (format_time(t->stamp, e->stamp, 0) < 0 ||
	    format_time(t->start, e->start, e->all_day) < 0)
		return -1;
	if (!e->all_day)
		return has_end ? format_time(t->end, e->end, 0) : 0;
	/* Whole days: DTEND is the day after the last one. A UTC day is
	 * always DAY_SECONDS long (POSIX time has no leap seconds), and the
	 * last day's year is checked first, so the addition cannot overflow. */
	if (format_time(t->end, last, 1) < 0)
		return -1;
	return format_time(t->end, last + DAY_SECONDS, 1);
}

/* NULL for none, and for a value outside the enum. */
static const char *status_name(mutu_ical_status status)
{
	switch (status) {
	case MUTU_ICAL_STATUS_CONFIRMED:
		return "CONFIRMED";
	case MUTU_ICAL_STATUS_TENTATIVE:
		return "TENTATIVE";
	case MUTU_ICAL_STATUS_CANCELLED:
		return "CANCELLED";
	default:
		return NULL;
	}
}

void mutu_ical_begin(mutu_buf *out, const char *name)
{
	mutu_buf_puts(out, "BEGIN:VCALENDAR\r\n"
			   "VERSION:2.0\r\n"
			   "PRODID:-//mutu//mutu//EN\r\n"
			   "CALSCALE:GREGORIAN\r\n"
			   "METHOD:PUBLISH\r\n");
	text_property(out, "X-WR-CALNAME", name);
}

int mutu_ical_write_event(mutu_buf *out, const mutu_ical_event *e)
{
	const char *value_date = e->all_day ? ";VALUE=DATE:" : ":";
	event_times t;

	if (!e->uid || !*e->uid)
		return mutu_error_set(MUTU_EDATA, _("a calendar event needs a uid"));
	if (format_times(&t, e) < 0)
		return mutu_error_set(MUTU_EDATA,
				      _("event '%s' cannot go in a calendar: its dates must fall "
					"in the years 1 to 9999"),
				      mutu_utf8_clip(e->uid, 40));
	if (e->sequence > ICAL_INTEGER_MAX)
		return mutu_error_set(MUTU_EDATA,
				      _("event '%s' cannot go in a calendar: its sequence %ld "
					"is above 2147483647"),
				      mutu_utf8_clip(e->uid, 40), e->sequence);

	mutu_buf_puts(out, "BEGIN:VEVENT\r\n");
	text_property(out, "UID", e->uid);
	mutu_buf_printf(out, "DTSTAMP:%s\r\n", t.stamp);
	mutu_buf_printf(out, "DTSTART%s%s\r\n", value_date, t.start);
	if (t.end[0])
		mutu_buf_printf(out, "DTEND%s%s\r\n", value_date, t.end);
	if (e->sequence >= 0)
		mutu_buf_printf(out, "SEQUENCE:%ld\r\n", e->sequence);
	if (status_name(e->status))
		mutu_buf_printf(out, "STATUS:%s\r\n", status_name(e->status));
	text_property(out, "SUMMARY", e->summary);
	text_property(out, "DESCRIPTION", e->description);
	text_property(out, "LOCATION", e->location);
	if (e->categories)
		categories_property(out, e->categories, e->ncategories);
	url_property(out, e->url);
	mutu_buf_puts(out, "END:VEVENT\r\n");
	return 0;
}

void mutu_ical_end(mutu_buf *out)
{
	mutu_buf_puts(out, "END:VCALENDAR\r\n");
}
