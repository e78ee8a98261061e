/*
 * booking — time on shared spaces and tools, and places at events.
 *
 * A booking (bookings/<offer>/<id>.yaml) holds an offer for a member over
 * [from, to); two bookings of one offer never come closer than the rules'
 * booking.buffer_minutes, and none starts in the past unless
 * booking.allow_past says so. An event is an offer of kind "event" with a
 * start, an end and an optional capacity; members join it
 * (attendees/<offer>/<handle>.yaml, their own file) and take its places
 * in the order they joined (then by handle); past its capacity they wait
 * in line, and move up when someone leaves, since the order is derived,
 * never stored.
 *
 * Refusals follow lending.h: MUTU_EPERM for what the rules forbid,
 * MUTU_EDATA for what does not fit the records, MUTU_ETEMP when another
 * writer changed the offer's bookings or attendees meanwhile.
 */
#ifndef MUTU_BOOKING_H
#define MUTU_BOOKING_H

#include "actions.h"
#include "record.h"

#include <stddef.h>
#include <time.h>

/* Book offer over [from, to) (RFC 3339 or +DURATION) for the acting
 * member; note may be NULL. *out (may be NULL) gets the booking. */
int mutu_book(mutu_record **out, const mutu_action_ctx *ctx, const mutu_record *offer,
	      const char *from, const char *to, const char *note);

/* Cancel a booking (read at path, blob its base): its member only. */
int mutu_unbook(const mutu_action_ctx *ctx, const mutu_record *booking, const char *path,
		const mutu_oid *blob);

/* The bookings of offer at the tip, by start time (then id). */
int mutu_bookings_of(mutu_record ***out, size_t *n, mutu_store *st, const char *offer_id);

/* An event's roll: its attendees in order, how many places it has (0:
 * no limit), so that attendees[i] is in when capacity is 0 or
 * i < capacity, and waits at place i - capacity + 1 otherwise. */
typedef struct {
	mutu_record **attendees;
	mutu_oid *blobs;
	size_t n;
	long capacity;
	mutu_oid tree;              /* the guard of a join */
	int have_tree;
} mutu_roll;

int mutu_roll_read(mutu_roll *out, mutu_store *st, const mutu_record *event);
void mutu_roll_free(mutu_roll *r);

/* handle's place on the roll: 0 absent, else its 1-based rank. */
size_t mutu_roll_rank(const mutu_roll *r, const char *handle);

/* The acting member joins the event (*rank, may be NULL, gets their
 * rank: in when within the capacity), or leaves it. */
int mutu_join(size_t *rank, const mutu_action_ctx *ctx, const mutu_record *event);
int mutu_leave(const mutu_action_ctx *ctx, const mutu_record *event);

/* Whether an offer's start, end and capacity make sense: an event needs
 * a start before its end; only an event has them. MUTU_EDATA if not. */
int mutu_event_check(const mutu_record *offer);

#endif
