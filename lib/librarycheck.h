/*
 * librarycheck — the tool library's rules a merge must look at (checks.h).
 * Each copy refuses these offline; two copies can still break them
 * together, and no one sees it until their histories meet:
 *
 *   lent-twice       one offer out on two loans at once, lent on two copies;
 *   booking-overlap  two bookings of one offer whose times overlap (the
 *                    rules' booking.buffer_minutes kept between them),
 *                    made on two copies;
 *   event-capacity   members who joined an event on different copies,
 *                    each within its capacity there, now past it: the
 *                    later ones wait in line, and are told.
 *
 * A record counts as added on a side when the merge base lacks it and
 * that side's tree holds it as the merged tree does; two records break a
 * rule here only when no one side added both (what one copy did alone is
 * its own doing, which its commands refuse). Each finding is about the
 * later record, one finding per record: a loan out after another of the
 * same offer (by created, then id); a booking created after another it
 * comes closer to than the buffer (named against the first such, by
 * created then id); a member who had a place on their copy and waits in
 * the merged tree (their number in line in the detail). Times, the
 * offer's capacity and the buffer are read from the records themselves,
 * never the clock; a record that cannot be read is skipped.
 */
#ifndef MUTU_LIBRARYCHECK_H
#define MUTU_LIBRARYCHECK_H

#include "checks.h"

extern const mutu_check mutu_check_lent_twice;
extern const mutu_check mutu_check_booking_overlap;
extern const mutu_check mutu_check_event_capacity;

#endif
