/*
 * calendar — the commons' dated records as one iCalendar feed (ical.h):
 * events (offers of kind "event"), bookings, and the due dates of loans
 * out, each with a UID made from its record's id ("<id>@mutu"), so a
 * calendar program that subscribes keeps one entry per record as the
 * feed changes, and a DTSTAMP from the record's own times, so the same
 * commons always gives the same bytes.
 *
 * A closed event stays in the feed, cancelled, so subscribers see it go.
 * Bookings and loans come from their catalogs; only the offers they are
 * about are read (once each), and events are read whole for their text.
 */
#ifndef MUTU_CALENDAR_H
#define MUTU_CALENDAR_H

#include "buf.h"
#include "record.h"
#include "store.h"

typedef struct mutu_calendar mutu_calendar;

int mutu_calendar_new(mutu_calendar **out);
void mutu_calendar_free(mutu_calendar *c);

/* An offer of kind event, read whole (others are skipped). */
int mutu_calendar_add_event(mutu_calendar *c, const mutu_record *offer);

/* What the commons holds of each kind; member, when not NULL, keeps only
 * what concerns them: the events they run or joined, their bookings and
 * those of their offers, what they borrowed or lent. */
int mutu_calendar_add_events(mutu_calendar *c, mutu_store *st, const char *member);
int mutu_calendar_add_bookings(mutu_calendar *c, mutu_store *st, const char *member);
int mutu_calendar_add_loans(mutu_calendar *c, mutu_store *st, const char *member);

/* The feed, named name (may be NULL), its entries by start then UID. */
int mutu_calendar_write(mutu_buf *out, mutu_calendar *c, const char *name);

#endif
