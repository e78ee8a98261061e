#!/usr/bin/env bats
# The tool library's bookings and events: mutu offer book, unbook and
# bookings (overlaps refused, booking.buffer_minutes, booking.allow_past);
# offer add --kind event with --start, --end and --capacity; mutu offer
# join and leave, the waiting list past capacity; what `mutu offer show`
# says of both. Every refusal is checked with `refuses`: one error line,
# its exit status, and the commons byte for byte as it was (HEAD, refs,
# index and work tree).

load helper
load library-helper

# A Saturday's slots, a week after T0 (2026-01-02T03:04:05Z).
AT10=2026-01-10T10:00:00Z
AT11=2026-01-10T11:00:00Z
AT12=2026-01-10T12:00:00Z
AT13=2026-01-10T13:00:00Z
AT14=2026-01-10T14:00:00Z
# An evening event, a month after T0.
EV_START=2026-02-01T18:00:00Z
EV_END=2026-02-01T22:00:00Z

setup() {
	mutu_setup
	need_tool jq
	new_commons
	library_members
	ROOM=$(add_offer --title "Meeting room" --kind space)
}

# event [OPTIONS]…: alice's evening event; prints its id.
event() {
	add_offer --title Workshop --kind event --start "$EV_START" --end "$EV_END" "$@"
}

# --- book ---

@test "offer book prints the booking's id and commits offer.book" {
	local before id
	before=$(commit_count)
	run -0 --separate-stderr env MUTU_MEMBER=bob mutu offer book "$ROOM" --from "$AT10" --to "$AT12"
	[[ $output =~ $ID_RE ]]
	[ -z "$stderr" ]
	id=$output
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.book ]
	[ "$(trailer Mutu-Record)" = "$(child_path bookings "$ROOM" "$id")" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$(child_path bookings "$ROOM" "$id")" ]
	[ "$(git log -1 --format=%s)" = "offer book ${ROOM:0:8} ${id:0:8}: Meeting room" ]
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Dupont <bob@example.org>" ]
	assert_clean
}

@test "a booking names the offer, the member, when it was made, its start and its end" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	run -0 mutu show "$id" --format json
	[ "$(jq -r .type <<<"$output")" = booking ]
	[ "$(jq -r .offer <<<"$output")" = "$ROOM" ]
	[ "$(jq -r .member <<<"$output")" = bob ]
	[ "$(jq -r .created <<<"$output")" = "$T0" ]
	[ "$(jq -r .from <<<"$output")" = "$AT10" ]
	[ "$(jq -r .to <<<"$output")" = "$AT12" ]
}

@test "book --note keeps what the booking is for" {
	local id
	id=$(MUTU_MEMBER=bob mutu offer book "$ROOM" --from "$AT10" --to "$AT12" --note "Choir practice")
	[ "$(jfield "$id" .note)" = "Choir practice" ]
}

@test "book takes times with an offset and keeps them in UTC" {
	local id
	id=$(book_as bob "$ROOM" 2026-01-10T11:00:00+01:00 2026-01-10T13:00:00+01:00)
	[ "$(jfield "$id" .from)" = "$AT10" ]
	[ "$(jfield "$id" .to)" = "$AT12" ]
}

@test "book takes +DURATION from now" {
	local id
	id=$(book_as bob "$ROOM" +1h +3h)
	[ "$(jfield "$id" .from)" = 2026-01-02T04:04:05Z ]
	[ "$(jfield "$id" .to)" = 2026-01-02T06:04:05Z ]
}

@test "the author of an offer may book it too" {
	run -0 mutu offer book "$ROOM" --from "$AT10" --to "$AT12"
	[ "$(jfield "$output" .member)" = alice ]
}

@test "book without --from or --to is a usage error (2)" {
	refuses 2 "--from and --to are required" mutu offer book "$ROOM" --from "$AT10"
}

@test "book refuses an unknown offer (66)" {
	refuses 66 "no offer with id zzzzzzzz" mutu offer book zzzzzzzz --from "$AT10" --to "$AT12"
}

@test "book refuses a booking that ends before it starts (65)" {
	refuses 65 "the booking ends \($AT10\) before it starts \($AT12\)" \
		mutu offer book "$ROOM" --from "$AT12" --to "$AT10"
}

@test "book refuses a booking that ends when it starts (65)" {
	refuses 65 "the booking ends.*before it starts" mutu offer book "$ROOM" --from "$AT10" --to "$AT10"
}

@test "book refuses a malformed --from (65)" {
	refuses 65 "--from: 'tomorrow' is not a time" mutu offer book "$ROOM" --from tomorrow --to "$AT12"
}

@test "book refuses a malformed --to (65)" {
	refuses 65 "--to: '2026-01-10T25:00:00Z' is not a time" \
		mutu offer book "$ROOM" --from "$AT10" --to 2026-01-10T25:00:00Z
}

@test "book refuses a date without a time (65)" {
	refuses 65 "--from: '2026-01-10' is not a time" mutu offer book "$ROOM" --from 2026-01-10 --to "$AT12"
}

@test "book refuses a booking that starts in the past (77), naming the rule" {
	refuses 77 "starts in the past \(2026-01-01T10:00:00Z\).*booking.allow_past" \
		mutu offer book "$ROOM" --from 2026-01-01T10:00:00Z --to 2026-01-01T12:00:00Z
}

@test "book refuses a booking that has already begun (77)" {
	refuses 77 "booking.allow_past" mutu offer book "$ROOM" --from 2026-01-02T03:00:00Z --to "$AT10"
}

@test "booking.allow_past: true lets a booking start in the past" {
	library_commons 's/^  allow_past: false$/  allow_past: true/'
	ROOM=$(add_offer --title Room --kind space)
	run -0 mutu offer book "$ROOM" --from 2026-01-01T10:00:00Z --to 2026-01-01T12:00:00Z
	[ "$(jfield "$output" .from)" = 2026-01-01T10:00:00Z ]
}

@test "book refuses an event (65): members join it" {
	local ev
	ev=$(event)
	MUTU_MEMBER=bob refuses 65 "offer ${ev:0:8} is an event" mutu offer book "$ev" --from "$AT10" --to "$AT12"
}

@test "book refuses a closed offer (65)" {
	mutu offer close "$ROOM" -q
	MUTU_MEMBER=bob refuses 65 "offer ${ROOM:0:8} is closed" mutu offer book "$ROOM" --from "$AT10" --to "$AT12"
}

# --- overlaps ---

@test "book refuses an overlap (77), naming the other booking, its member and times" {
	local first
	first=$(book_as bob "$ROOM" "$AT10" "$AT12")
	MUTU_MEMBER=carol refuses 77 "booked by bob from $AT10 to $AT12 \(booking ${first:0:8}\)" \
		mutu offer book "$ROOM" --from "$AT11" --to "$AT13"
}

@test "book refuses a booking inside another one (77)" {
	book_as bob "$ROOM" "$AT10" "$AT13" >/dev/null
	MUTU_MEMBER=carol refuses 77 "booked by bob" mutu offer book "$ROOM" --from "$AT11" --to "$AT12"
}

@test "book refuses a booking around another one (77)" {
	book_as bob "$ROOM" "$AT11" "$AT12" >/dev/null
	MUTU_MEMBER=carol refuses 77 "booked by bob" mutu offer book "$ROOM" --from "$AT10" --to "$AT13"
}

@test "book refuses a member's own overlapping booking too (77)" {
	book_as bob "$ROOM" "$AT10" "$AT12" >/dev/null
	MUTU_MEMBER=bob refuses 77 "booked by bob" mutu offer book "$ROOM" --from "$AT11" --to "$AT13"
}

@test "with booking.buffer_minutes 0, a booking may start when another ends" {
	book_as bob "$ROOM" "$AT10" "$AT12" >/dev/null
	run -0 env MUTU_MEMBER=carol mutu offer book "$ROOM" --from "$AT12" --to "$AT13"
	[[ $output =~ $ID_RE ]]
}

@test "with booking.buffer_minutes 0, a booking may end when another starts" {
	book_as bob "$ROOM" "$AT12" "$AT13" >/dev/null
	run -0 env MUTU_MEMBER=carol mutu offer book "$ROOM" --from "$AT10" --to "$AT12"
	[[ $output =~ $ID_RE ]]
}

@test "bookings of two offers never clash" {
	local hall
	hall=$(add_offer --title Hall --kind space)
	book_as bob "$ROOM" "$AT10" "$AT12" >/dev/null
	run -0 env MUTU_MEMBER=carol mutu offer book "$hall" --from "$AT10" --to "$AT12"
	[[ $output =~ $ID_RE ]]
}

@test "with booking.buffer_minutes 30, touching bookings are refused (77), naming the rule's minutes" {
	local first
	library_commons 's/^  buffer_minutes: 0$/  buffer_minutes: 30/'
	ROOM=$(add_offer --title Room --kind space)
	first=$(book_as bob "$ROOM" "$AT10" "$AT12")
	MUTU_MEMBER=carol refuses 77 "booking ${first:0:8}\), and the rules keep 30 minutes between bookings" \
		mutu offer book "$ROOM" --from "$AT12" --to "$AT13"
}

@test "with booking.buffer_minutes 30, a booking ending 29 minutes before another is refused (77)" {
	library_commons 's/^  buffer_minutes: 0$/  buffer_minutes: 30/'
	ROOM=$(add_offer --title Room --kind space)
	book_as bob "$ROOM" "$AT12" "$AT13" >/dev/null
	MUTU_MEMBER=carol refuses 77 "30 minutes" mutu offer book "$ROOM" --from "$AT10" --to 2026-01-10T11:31:00Z
}

@test "with booking.buffer_minutes 30, bookings 30 minutes apart are allowed" {
	library_commons 's/^  buffer_minutes: 0$/  buffer_minutes: 30/'
	ROOM=$(add_offer --title Room --kind space)
	book_as bob "$ROOM" "$AT10" "$AT12" >/dev/null
	run -0 env MUTU_MEMBER=carol mutu offer book "$ROOM" --from 2026-01-10T12:30:00Z --to "$AT14"
	[[ $output =~ $ID_RE ]]
	run -0 env MUTU_MEMBER=dan mutu offer book "$ROOM" --from 2026-01-10T08:00:00Z --to 2026-01-10T09:30:00Z
	[[ $output =~ $ID_RE ]]
}

# --- bookings ---

@test "offer bookings lists an offer's bookings by start time (tsv)" {
	local late early
	late=$(book_as bob "$ROOM" "$AT12" "$AT13")
	early=$(book_as carol "$ROOM" "$AT10" "$AT11")
	run -0 --separate-stderr mutu offer bookings "$ROOM" --format tsv
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "$early	$ROOM	carol	$AT10	$AT11	$T0" ]
	[ "${lines[1]}" = "$late	$ROOM	bob	$AT12	$AT13	$T0" ]
	[ -z "$stderr" ]
}

@test "offer bookings --format table has a header and a row per booking" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	run -0 mutu offer bookings "${ROOM:0:6}" --format table
	[[ ${lines[0]} =~ ^ID\ +OFFER\ +MEMBER\ +FROM\ +TO$ ]]
	[[ ${lines[1]} =~ ^${id:0:8}\ +$ROOM\ +bob\ +$AT10\ +$AT12$ ]]
	[ "${#lines[@]}" -eq 2 ]
}

@test "offer bookings --format json prints each booking's record" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	run -0 mutu offer bookings "$ROOM" --format json
	[ "$(jq -rs length <<<"$output")" = 1 ]
	[ "$(jq -rs '.[0].id' <<<"$output")" = "$id" ]
	[ "$(jq -rs '.[0].member' <<<"$output")" = bob ]
	[ "$(jq -rs '.[0].from' <<<"$output")" = "$AT10" ]
}

@test "offer bookings lists only that offer's bookings" {
	local hall
	hall=$(add_offer --title Hall --kind space)
	book_as bob "$hall" "$AT10" "$AT12" >/dev/null
	run -1 mutu offer bookings "$ROOM" --format ids
	[ -z "$output" ]
}

@test "offer bookings exits 1 when there are none" {
	run -1 --separate-stderr mutu offer bookings "$ROOM" --format tsv
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "offer bookings hides the bookings that are over, --all shows them" {
	local past next
	past=$(book_as bob "$ROOM" "$AT10" "$AT11")
	next=$(book_as carol "$ROOM" "$AT13" "$AT14")
	run -0 env MUTU_NOW=$AT12 mutu offer bookings "$ROOM" --format ids
	[ "$output" = "$next" ]
	run -0 env MUTU_NOW=$AT12 mutu offer bookings "$ROOM" --all --format ids
	[ "${lines[0]}" = "$past" ]
	[ "${lines[1]}" = "$next" ]
}

@test "offer bookings shows a booking under way" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	run -0 env MUTU_NOW=$AT11 mutu offer bookings "$ROOM" --format ids
	[ "$output" = "$id" ]
}

@test "offer bookings exits 1 when every booking is over" {
	book_as bob "$ROOM" "$AT10" "$AT11" >/dev/null
	run -1 env MUTU_NOW=$AT11 mutu offer bookings "$ROOM" --format ids
	[ -z "$output" ]
}

@test "offer bookings refuses an unknown offer (66)" {
	refuses 66 "no offer with id zzzzzzzz" mutu offer bookings zzzzzzzz
}

@test "offer show (table) lists the bookings to come" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	run -0 mutu offer show "$ROOM" --format table
	[[ $output == *"Booked:       $AT10 to $AT12 by bob (${id:0:8})"* ]]
	run -0 env MUTU_NOW=$AT13 mutu offer show "$ROOM" --format table
	[[ $output != *"Booked:"* ]]
}

@test "mutu show finds a booking by a prefix of its id" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	run -0 mutu show "${id:0:5}" --format json
	[ "$(jq -r .id <<<"$output")" = "$id" ]
}

# --- unbook ---

@test "offer unbook cancels a booking by a prefix of its id, and commits offer.unbook" {
	local id before
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	before=$(commit_count)
	run -0 --separate-stderr env MUTU_MEMBER=bob mutu offer unbook "${id:0:6}"
	[ -z "$output" ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.unbook ]
	[ "$(trailer Mutu-Record)" = "$(child_path bookings "$ROOM" "$id")" ]
	[ ! -e "$(child_path bookings "$ROOM" "$id")" ]
	assert_clean
}

@test "a cancelled booking is no longer listed, and its time may be booked again" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	MUTU_MEMBER=bob mutu offer unbook "$id" -q
	run -1 mutu offer bookings "$ROOM" --format ids
	[ -z "$output" ]
	run -0 env MUTU_MEMBER=carol mutu offer book "$ROOM" --from "$AT10" --to "$AT12"
	[[ $output =~ $ID_RE ]]
}

@test "only the member who booked cancels a booking (77), not another member" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	MUTU_MEMBER=carol refuses 77 "only bob.*can unbook booking ${id:0:8}.*you are carol" mutu offer unbook "$id"
}

@test "only the member who booked cancels a booking (77), not the offer's author" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	refuses 77 "only bob.*you are alice" mutu offer unbook "$id"
}

@test "unbook refuses an unknown booking (66)" {
	refuses 66 "no booking with id zzzzzzzz" mutu offer unbook zzzzzzzz
}

@test "unbook refuses a booking already cancelled (66)" {
	local id
	id=$(book_as bob "$ROOM" "$AT10" "$AT12")
	MUTU_MEMBER=bob mutu offer unbook "$id" -q
	MUTU_MEMBER=bob refuses 66 "no booking with id $id" mutu offer unbook "$id"
}

@test "unbook refuses a malformed id (65)" {
	refuses 65 "malformed id 'NOT!'" mutu offer unbook 'NOT!'
}

@test "unbook refuses an offer's id: a booking is wanted (66)" {
	refuses 66 "no booking with id $ROOM" mutu offer unbook "$ROOM"
}

# --- events ---

@test "offer add --kind event records its start, end and capacity" {
	local ev
	ev=$(event --capacity 12)
	run -0 mutu offer show "$ev" --format json
	[ "$(jq -r .kind <<<"$output")" = event ]
	[ "$(jq -r .start <<<"$output")" = "$EV_START" ]
	[ "$(jq -r .end <<<"$output")" = "$EV_END" ]
	[ "$(jq -r .capacity <<<"$output")" = 12 ]
}

@test "an event's times may be given with an offset or as +DURATION" {
	local ev
	ev=$(add_offer --title Picnic --kind event --start 2026-02-01T19:00:00+01:00 --end +31d)
	[ "$(jfield "$ev" .start)" = "$EV_START" ]
	[ "$(jfield "$ev" .end)" = 2026-02-02T03:04:05Z ]
}

@test "offer add --kind event needs --start and --end (65)" {
	refuses 65 "an event needs a start and an end" mutu offer add --title Workshop --kind event
}

@test "offer add --kind event without --end is refused (65)" {
	refuses 65 "an event needs a start and an end" mutu offer add --title Workshop --kind event --start "$EV_START"
}

@test "offer add --kind event without --start is refused (65)" {
	refuses 65 "an event needs a start and an end" mutu offer add --title Workshop --kind event --end "$EV_END"
}

@test "offer add refuses an event that ends before it starts (65)" {
	refuses 65 "the event ends \($EV_START\) before it starts \($EV_END\)" \
		mutu offer add --title Workshop --kind event --start "$EV_END" --end "$EV_START"
}

@test "offer add refuses an event that ends when it starts (65)" {
	refuses 65 "the event ends" mutu offer add --title Workshop --kind event --start "$EV_START" --end "$EV_START"
}

@test "offer add refuses a malformed --start (65)" {
	refuses 65 "--start: 'soon' is not a time" mutu offer add --title Workshop --kind event --start soon --end "$EV_END"
}

@test "offer add refuses --capacity on an offer that is not an event (65)" {
	refuses 65 "only an event has a start, an end and a capacity, not an offer of kind tool" \
		mutu offer add --title Drill --kind tool --capacity 3
}

@test "offer add refuses --start and --end on an offer that is not an event (65)" {
	refuses 65 "only an event.*kind space" \
		mutu offer add --title Hall --kind space --start "$EV_START" --end "$EV_END"
}

@test "offer add refuses --capacity 0 (usage, 2)" {
	refuses 2 "--capacity takes a whole number from 1" \
		mutu offer add --title Workshop --kind event --start "$EV_START" --end "$EV_END" --capacity 0
}

@test "need add has no --start (usage, 2)" {
	refuses 2 "start" mutu need add --title Workshop --kind event --start "$EV_START" --end "$EV_END"
}

# --- join and leave ---

@test "offer join adds the member to the event, tells them, and commits offer.join" {
	local ev before
	ev=$(event --capacity 2)
	before=$(commit_count)
	run -0 --separate-stderr env MUTU_MEMBER=bob mutu offer join "$ev"
	[ -z "$output" ]
	[ "$stderr" = "mutu-offer: you take part in the event ${ev:0:8}" ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.join ]
	[ "$(trailer Mutu-Record)" = "$(child_path attendees "$ev" bob)" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$(child_path attendees "$ev" bob)" ]
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Dupont <bob@example.org>" ]
	assert_clean
}

@test "offer join refuses a member who has joined already (65)" {
	local ev
	ev=$(event)
	join_as bob "$ev"
	MUTU_MEMBER=bob refuses 65 "you have already joined the event ${ev:0:8}" mutu offer join "$ev"
}

@test "offer join refuses an offer that is not an event (65), naming its kind" {
	MUTU_MEMBER=bob refuses 65 "offer ${ROOM:0:8} is not an event \(its kind is space\)" mutu offer join "$ROOM"
}

@test "offer join refuses an event that is over (65)" {
	local ev
	ev=$(event)
	MUTU_MEMBER=bob MUTU_NOW=$EV_END refuses 65 "the event ${ev:0:8} is over \(it ended $EV_END\)" \
		mutu offer join "$ev"
}

@test "offer join refuses a closed event (65)" {
	local ev
	ev=$(event)
	mutu offer close "$ev" -q
	MUTU_MEMBER=bob refuses 65 "offer ${ev:0:8} is closed" mutu offer join "$ev"
}

@test "offer join refuses an unknown offer (66)" {
	MUTU_MEMBER=bob refuses 66 "no offer with id zzzzzzzz" mutu offer join zzzzzzzz
}

@test "offer leave takes the member off the event and commits offer.leave" {
	local ev before
	ev=$(event)
	join_as bob "$ev"
	before=$(commit_count)
	run -0 --separate-stderr env MUTU_MEMBER=bob mutu offer leave "$ev"
	[ -z "$output" ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.leave ]
	[ "$(trailer Mutu-Record)" = "$(child_path attendees "$ev" bob)" ]
	[ ! -e "$(child_path attendees "$ev" bob)" ]
	assert_clean
}

@test "offer leave refuses a member who has not joined (65)" {
	local ev
	ev=$(event)
	MUTU_MEMBER=bob refuses 65 "you have not joined the event ${ev:0:8}" mutu offer leave "$ev"
}

@test "offer leave refuses a member who has left already (65)" {
	local ev
	ev=$(event)
	join_as bob "$ev"
	MUTU_MEMBER=bob mutu offer leave "$ev" -q
	MUTU_MEMBER=bob refuses 65 "you have not joined" mutu offer leave "$ev"
}

@test "a member who left an event may join it again" {
	local ev
	ev=$(event)
	join_as bob "$ev"
	MUTU_MEMBER=bob mutu offer leave "$ev" -q
	run -0 --separate-stderr env MUTU_MEMBER=bob mutu offer join "$ev"
	[ "$stderr" = "mutu-offer: you take part in the event ${ev:0:8}" ]
}

# --- capacity and the waiting list ---

@test "past an event's capacity, the next member waits in line and is told their number" {
	local ev
	ev=$(event --capacity 2)
	join_as bob "$ev" 2026-01-03T10:00:00Z
	join_as carol "$ev" 2026-01-04T10:00:00Z
	run -0 --separate-stderr env MUTU_MEMBER=dan MUTU_NOW=2026-01-05T10:00:00Z mutu offer join "$ev"
	[ "$stderr" = "mutu-offer: the event ${ev:0:8} is full: you wait in line, number 1" ]
}

@test "the second member past capacity is number 2 in line" {
	local ev
	ev=$(event --capacity 1)
	join_as bob "$ev" 2026-01-03T10:00:00Z
	join_as carol "$ev" 2026-01-04T10:00:00Z
	run -0 --separate-stderr env MUTU_MEMBER=dan MUTU_NOW=2026-01-05T10:00:00Z mutu offer join "$ev"
	[ "$stderr" = "mutu-offer: the event ${ev:0:8} is full: you wait in line, number 2" ]
}

@test "offer show (table) lists who is going and who is waiting" {
	local ev
	ev=$(event --capacity 2)
	join_as bob "$ev" 2026-01-03T10:00:00Z
	join_as carol "$ev" 2026-01-04T10:00:00Z
	join_as dan "$ev" 2026-01-05T10:00:00Z
	run -0 mutu offer show "$ev" --format table
	[[ $output == *"Places:       2 of 2 taken"* ]]
	[[ $output == *"Going:        bob, carol"* ]]
	[[ $output == *"Waiting:      dan"* ]]
}

@test "places go in the order members joined, not by handle" {
	local ev
	ev=$(event --capacity 2)
	join_as dan "$ev" 2026-01-03T10:00:00Z
	join_as carol "$ev" 2026-01-04T10:00:00Z
	join_as bob "$ev" 2026-01-05T10:00:00Z
	run -0 mutu offer show "$ev" --format table
	[[ $output == *"Going:        dan, carol"* ]]
	[[ $output == *"Waiting:      bob"* ]]
}

@test "when one who is going leaves, the first waiting moves up" {
	local ev
	ev=$(event --capacity 2)
	join_as bob "$ev" 2026-01-03T10:00:00Z
	join_as carol "$ev" 2026-01-04T10:00:00Z
	join_as dan "$ev" 2026-01-05T10:00:00Z
	MUTU_MEMBER=bob MUTU_NOW=2026-01-06T10:00:00Z mutu offer leave "$ev" -q
	run -0 mutu offer show "$ev" --format table
	[[ $output == *"Going:        carol, dan"* ]]
	[[ $output != *"Waiting:"* ]]
}

@test "a place freed by leaving is taken by the next to join" {
	local ev
	ev=$(event --capacity 1)
	join_as bob "$ev" 2026-01-03T10:00:00Z
	MUTU_MEMBER=bob MUTU_NOW=2026-01-04T10:00:00Z mutu offer leave "$ev" -q
	run -0 --separate-stderr env MUTU_MEMBER=carol MUTU_NOW=2026-01-05T10:00:00Z mutu offer join "$ev"
	[ "$stderr" = "mutu-offer: you take part in the event ${ev:0:8}" ]
}

@test "an event without a capacity has no limit" {
	local ev
	ev=$(event)
	join_as bob "$ev" 2026-01-03T10:00:00Z
	join_as carol "$ev" 2026-01-04T10:00:00Z
	join_as dan "$ev" 2026-01-05T10:00:00Z
	run -0 mutu offer show "$ev" --format table
	[[ $output == *"Places:       3 taken, no limit"* ]]
	[[ $output == *"Going:        bob, carol, dan"* ]]
	[[ $output != *"Waiting:"* ]]
}

@test "offer show (table) of an event no one joined says its places are free" {
	local ev
	ev=$(event --capacity 5)
	run -0 mutu offer show "$ev" --format table
	[[ $output == *"Places:       0 of 5 taken"* ]]
	[[ $output != *"Going:"* ]]
}
