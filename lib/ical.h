/*
 * ical — an iCalendar feed (RFC 5545) of the commons' dated records, for
 * calendar applications to subscribe to.
 *
 * A feed is mutu_ical_begin, one mutu_ical_write_event per event (in
 * the order the caller wants: nothing here sorts), then mutu_ical_end,
 * all appended to one buf, whose allocation failures are sticky as ever.
 * Every line ends in CRLF and is folded so that no physical line holds
 * more than 75 octets: a continuation starts with one space, and a fold
 * never splits a UTF-8 sequence nor a backslash escape.
 *
 * Text comes from what members typed and is made safe here, whatever it
 * holds: backslash, semicolon, comma and newline are escaped as RFC 5545
 * says (\\ \; \, \n); a carriage return is dropped and a tab becomes a
 * space; every other code point that mutu_utf8_unsafe names (C0 and C1
 * controls, DEL, line separators, bidirectional formatting characters)
 * is dropped, and a byte that is not UTF-8 becomes U+FFFD. A URL is
 * written only if it is http or https (clients make it a link), and
 * percent-encoded where it holds anything a URI may not.
 *
 * Nothing here reads the clock: the same events give the same bytes, so
 * a feed only changes when the commons does.
 */
#ifndef MUTU_ICAL_H
#define MUTU_ICAL_H

#include "buf.h"

#include <stddef.h>
#include <time.h>

typedef enum {
	MUTU_ICAL_STATUS_NONE = 0,   /* no STATUS property */
	MUTU_ICAL_STATUS_CONFIRMED,
	MUTU_ICAL_STATUS_TENTATIVE,
	MUTU_ICAL_STATUS_CANCELLED,
} mutu_ical_status;

/* One VEVENT. Strings other than uid may be NULL or "": the property is
 * then left out. */
typedef struct {
	const char *uid;     /* required, stable across runs: "7q3k9m2xh4ta@mutu" */
	time_t stamp;        /* DTSTAMP: when the record last changed (not now) */
	time_t start;        /* DTSTART */
	time_t end;          /* DTEND; 0: none */
	int all_day;         /* start and end are whole days: the UTC date of each */
	const char *summary;
	const char *description;
	const char *location;
	const char *const *categories;   /* ncategories strings, one category each */
	size_t ncategories;
	const char *url;
	mutu_ical_status status;
	long sequence;       /* SEQUENCE; negative: left out */
} mutu_ical_event;

/* Append the calendar's opening lines: BEGIN:VCALENDAR, VERSION:2.0, a
 * fixed PRODID, CALSCALE:GREGORIAN, METHOD:PUBLISH and, unless name is
 * NULL or "", X-WR-CALNAME (the name most clients show). */
void mutu_ical_begin(mutu_buf *out, const char *name);

/*
 * Append one VEVENT. Times are written in UTC (20261201T101500Z). An end
 * not after start is left out: the event then ends where it starts.
 *
 * With all_day, DTSTART;VALUE=DATE is start's UTC date and end, if any,
 * is the LAST day the event covers (a booking from the 1st to the 3rd
 * ends on the 3rd); DTEND;VALUE=DATE is the day after it, or the day
 * after start without an end (a loan's due date is a one-day event), as
 * RFC 5545 counts whole days.
 *
 * MUTU_EDATA, with nothing appended, if uid is NULL or "", if a date
 * written would fall outside the years 1 to 9999, or if sequence is above
 * 2147483647 (an iCalendar integer).
 */
int mutu_ical_write_event(mutu_buf *out, const mutu_ical_event *e);

/* Append END:VCALENDAR. RFC 5545's grammar asks for at least one
 * component; an empty feed is the caller's choice. */
void mutu_ical_end(mutu_buf *out);

#endif
