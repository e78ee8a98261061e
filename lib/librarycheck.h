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
 */
#ifndef MUTU_LIBRARYCHECK_H
#define MUTU_LIBRARYCHECK_H

#include "checks.h"

extern const mutu_check mutu_check_lent_twice;
extern const mutu_check mutu_check_booking_overlap;
extern const mutu_check mutu_check_event_capacity;

#endif
