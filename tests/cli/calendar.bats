#!/usr/bin/env bats
# mutu calendar and mutu offer list --kind event --format ics: the
# commons' dated records (events, bookings, the due dates of loans out) as
# one iCalendar (RFC 5545) feed, checked by ics-check.py, which parses it
# strictly with python3-icalendar and prints one tsv line per VEVENT:
# uid, summary, dtstart, dtend, location, description, status.

load helper

setup() {
	mutu_setup
	ICS_CHECK="$BATS_TEST_DIRNAME/ics-check.py"
	[ -x "$ICS_CHECK" ] || fail "$ICS_CHECK is missing or not executable"
	need_tool python3 od awk cmp
}

# ics FILE: the events of a feed as ics-check.py lists them; fails the
# test (with its one line) if the feed is not valid.
ics() {
	"$ICS_CHECK" "$1"
}

# The uids ics-check.py found in a feed, one a line, in the feed's order.
uids() {
	ics "$1" | cut -f1
}

# tsv_escape TEXT: TEXT as ics-check.py's tsv writes a field.
tsv_escape() {
	printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/\t/\\t/g' | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'
}

# A commons with something of every kind, founded by alice (T0 is
# 2026-01-02T03:04:05Z; a loan lasts 14 days by default):
#   EV    alice's event, 2026-02-01 10:00-12:00Z, Salle des fêtes, tag repair
#   EV2   bob's event, 2026-02-15 14:00-16:00+01:00; carol joined it
#   ROOM  bob's space: BK booked by carol 2026-03-01 09:00-11:00Z,
#                      BK2 booked by alice 2026-03-02 09:00-10:00Z
#   DRILL alice's tool, LN lent to bob until 2026-01-20 (all day)
#   LADDER carol's tool, LN2 lent to alice for 14 days: due 2026-01-16
setup_feed() {
	new_commons
	add_member bob "Bob Dupont"
	add_member carol "Carol Petit"
	add_member dave "Dave Martin"
	EV=$(add_offer --kind event --title "Repair café" --start 2026-02-01T10:00:00Z \
		--end 2026-02-01T12:00:00Z --location "Salle des fêtes" --capacity 10 --tag repair)
	EV2=$(MUTU_MEMBER=bob add_offer --kind event --title "Bike workshop" \
		--start 2026-02-15T14:00:00+01:00 --end 2026-02-15T16:00:00+01:00 --location Garage --capacity 2)
	MUTU_MEMBER=carol mutu offer join "$EV2" -q 2>/dev/null || fail "carol cannot join $EV2"
	ROOM=$(MUTU_MEMBER=bob add_offer --kind space --title "Meeting room")
	BK=$(MUTU_MEMBER=carol mutu offer book "$ROOM" --from 2026-03-01T09:00:00Z --to 2026-03-01T11:00:00Z 2>/dev/null) ||
		fail "carol cannot book $ROOM"
	BK2=$(mutu offer book "$ROOM" --from 2026-03-02T09:00:00Z --to 2026-03-02T10:00:00Z 2>/dev/null) ||
		fail "alice cannot book $ROOM"
	DRILL=$(add_offer --kind tool --title "Drill")
	LN=$(mutu offer lend "$DRILL" --to bob --until 2026-01-20 2>/dev/null) || fail "cannot lend $DRILL"
	LADDER=$(MUTU_MEMBER=carol add_offer --kind tool --title "Ladder")
	LN2=$(MUTU_MEMBER=carol mutu offer lend "$LADDER" --to alice 2>/dev/null) || fail "cannot lend $LADDER"
}

# --- the whole calendar ---

@test "calendar lists every event, booking and loan out, each with its UID <id>@mutu, in order of start" {
	setup_feed
	mutu calendar >feed.ics
	run -0 ics feed.ics
	[ "${#lines[@]}" -eq 6 ]
	[ "${lines[0]}" = "$LN2@mutu	Due back: Ladder (lent to alice)	2026-01-16	2026-01-17			CONFIRMED" ]
	[ "${lines[1]}" = "$LN@mutu	Due back: Drill (lent to bob)	2026-01-20	2026-01-21			CONFIRMED" ]
	[ "${lines[2]}" = "$EV@mutu	Repair café	2026-02-01T10:00:00Z	2026-02-01T12:00:00Z	Salle des fêtes		CONFIRMED" ]
	[ "${lines[3]}" = "$EV2@mutu	Bike workshop	2026-02-15T13:00:00Z	2026-02-15T15:00:00Z	Garage		CONFIRMED" ]
	[ "${lines[4]}" = "$BK@mutu	Booked: Meeting room (carol)	2026-03-01T09:00:00Z	2026-03-01T11:00:00Z			CONFIRMED" ]
	[ "${lines[5]}" = "$BK2@mutu	Booked: Meeting room (alice)	2026-03-02T09:00:00Z	2026-03-02T10:00:00Z			CONFIRMED" ]
}

@test "calendar writes times in UTC (Z) and a loan's due date as an all-day date" {
	setup_feed
	mutu calendar >feed.ics
	grep -q $'^DTSTART:20260215T130000Z\r$' feed.ics
	grep -q $'^DTEND:20260215T150000Z\r$' feed.ics
	grep -q $'^DTSTART;VALUE=DATE:20260120\r$' feed.ics
	grep -q $'^DTEND;VALUE=DATE:20260121\r$' feed.ics
	[ "$(grep -c '^DTSTART' feed.ics)" -eq 6 ]
	[ "$(grep -c '^DTSTART:[0-9]\{8\}T[0-9]\{6\}Z'$'\r''$' feed.ics)" -eq 4 ]
	[ "$(grep -c '^DTSTART;VALUE=DATE:[0-9]\{8\}'$'\r''$' feed.ics)" -eq 2 ]
	[ "$(grep -c '^DTSTAMP:[0-9]\{8\}T[0-9]\{6\}Z'$'\r''$' feed.ics)" -eq 6 ]
}

@test "calendar is one VCALENDAR named after the commons, its events' tags as CATEGORIES" {
	setup_feed
	mutu calendar >feed.ics
	[ "$(head -n 1 feed.ics)" = $'BEGIN:VCALENDAR\r' ]
	[ "$(tail -n 1 feed.ics)" = $'END:VCALENDAR\r' ]
	[ "$(grep -c '^BEGIN:VCALENDAR' feed.ics)" -eq 1 ]
	grep -q $'^VERSION:2.0\r$' feed.ics
	grep -q $'^X-WR-CALNAME:Test commons\r$' feed.ics
	grep -q $'^CATEGORIES:repair\r$' feed.ics
	[ "$(grep -c '^BEGIN:VEVENT' feed.ics)" -eq 6 ]
	[ "$(grep -c '^END:VEVENT' feed.ics)" -eq 6 ]
}

@test "calendar --format ics is the calendar" {
	setup_feed
	mutu calendar >a.ics
	mutu calendar --format ics >b.ics
	cmp a.ics b.ics
}

@test "a loan returned leaves the calendar; a renewed loan moves to its new due date" {
	setup_feed
	MUTU_NOW=2026-01-10T00:00:00Z MUTU_MEMBER=carol mutu offer renew "$LADDER" -q >/dev/null 2>&1
	mutu calendar >renewed.ics
	run -0 ics renewed.ics
	[ "$(grep "^$LN2@mutu" <<<"$output" | cut -f3,4)" = "2026-01-30	2026-01-31" ]
	grep -q $'^DTSTAMP:20260110T000000Z\r$' renewed.ics
	mutu offer return "$DRILL" -q 2>/dev/null
	mutu calendar >returned.ics
	run -0 uids returned.ics
	[ "${#lines[@]}" -eq 5 ]
	[[ $output != *"$LN@mutu"* ]]
}

@test "a cancelled booking leaves the calendar" {
	setup_feed
	MUTU_MEMBER=carol mutu offer unbook "$BK" -q 2>/dev/null
	mutu calendar >feed.ics
	run -0 uids feed.ics
	[ "${#lines[@]}" -eq 5 ]
	[[ $output != *"$BK@mutu"* ]]
	[[ $output == *"$BK2@mutu"* ]]
}

@test "a closed event stays in the calendar, STATUS:CANCELLED, stamped when it was closed" {
	setup_feed
	MUTU_NOW=2026-01-05T06:07:08Z mutu offer close "$EV" -q
	mutu calendar >feed.ics
	run -0 ics feed.ics
	[ "${#lines[@]}" -eq 6 ]
	[ "$(grep "^$EV@mutu" <<<"$output" | cut -f7)" = CANCELLED ]
	[ "$(grep "^$EV2@mutu" <<<"$output" | cut -f7)" = CONFIRMED ]
	[ "$(grep -c $'^STATUS:CANCELLED\r$' feed.ics)" -eq 1 ]
	grep -q $'^DTSTAMP:20260105T060708Z\r$' feed.ics
}

# --- --member ---

@test "calendar --member keeps what concerns them: events they run, their bookings and loans either way" {
	setup_feed
	mutu calendar --member alice >alice.ics
	run -0 uids alice.ics
	[ "$output" = "$(printf '%s@mutu\n' "$LN2" "$LN" "$EV" "$BK2")" ]
}

@test "calendar --member shows the events they joined, and the bookings of their offers" {
	setup_feed
	mutu calendar --member bob >bob.ics
	run -0 uids bob.ics
	[ "$output" = "$(printf '%s@mutu\n' "$LN" "$EV2" "$BK" "$BK2")" ]
	mutu calendar --member carol >carol.ics
	run -0 uids carol.ics
	[ "$output" = "$(printf '%s@mutu\n' "$LN2" "$EV2" "$BK")" ]
}

@test "calendar --member: an event left is no longer theirs" {
	setup_feed
	MUTU_MEMBER=carol mutu offer leave "$EV2" -q 2>/dev/null
	mutu calendar --member carol >carol.ics
	run -0 uids carol.ics
	[ "$output" = "$(printf '%s@mutu\n' "$LN2" "$BK")" ]
}

@test "calendar --member shows an event they wait in line for" {
	local small
	setup_feed
	small=$(MUTU_MEMBER=bob add_offer --kind event --title "Small" --start 2026-02-20T10:00:00Z \
		--end 2026-02-20T11:00:00Z --capacity 1)
	MUTU_MEMBER=carol mutu offer join "$small" -q 2>/dev/null
	MUTU_MEMBER=dave mutu offer join "$small" -q 2>/dev/null
	mutu calendar --member dave >dave.ics
	run -0 uids dave.ics
	[ "$output" = "$small@mutu" ]
}

@test "calendar --member with a handle that is no member's is refused (66)" {
	setup_feed
	refuses 66 "no member 'zed'" mutu calendar --member zed
}

@test "calendar --member of a member with nothing dated is a valid feed without events" {
	setup_feed
	mutu calendar --member dave >dave.ics
	run -0 ics dave.ics
	[ -z "$output" ]
	[ "$(grep -c '^BEGIN:VEVENT' dave.ics)" -eq 0 ]
	grep -q $'^END:VCALENDAR\r$' dave.ics
}

@test "calendar --member with a malformed handle is refused (65)" {
	setup_feed
	refuses 65 "malformed handle 'Bob'" mutu calendar --member Bob
	refuses 65 "malformed handle" mutu calendar --member ../bob
}

@test "calendar reads without an acting member, and writes nothing" {
	setup_feed
	snapshot
	MUTU_MEMBER=nobody mutu calendar >"$BATS_TEST_TMPDIR/feed.ics"
	MUTU_MEMBER=nobody mutu calendar --member bob -q >"$BATS_TEST_TMPDIR/bob.ics"
	assert_unchanged
	run -0 ics "$BATS_TEST_TMPDIR/feed.ics"
	[ "${#lines[@]}" -eq 6 ]
}

# --- stable bytes ---

@test "two runs of calendar give the same bytes" {
	setup_feed
	mutu calendar >a.ics
	mutu calendar >b.ics
	cmp a.ics b.ics
	mutu calendar --member bob >c.ics
	mutu calendar --member bob >d.ics
	cmp c.ics d.ics
}

@test "a later clock gives the same bytes while nothing changed: DTSTAMP comes from the records" {
	setup_feed
	mutu calendar >a.ics
	MUTU_NOW=2027-06-30T23:59:59Z mutu calendar >b.ics
	cmp a.ics b.ics
	[ "$(grep -c '^DTSTAMP:' a.ics)" -eq 6 ]
	[ "$(grep -c $'^DTSTAMP:20260102T030405Z\r$' a.ics)" -eq 6 ]
	MUTU_NOW=2027-06-30T23:59:59Z mutu offer list --kind event --format ics >c.ics
	mutu offer list --kind event --format ics >d.ics
	cmp c.ics d.ics
}

@test "an edited event gets the edit's time as DTSTAMP; the other entries keep theirs" {
	setup_feed
	mutu calendar >before.ics
	MUTU_NOW=2026-01-07T08:09:10Z mutu offer edit "$EV" --set "title=Repair café (new time)" -q
	mutu calendar >after.ics
	run -1 cmp -s before.ics after.ics
	[ "$(grep -c $'^DTSTAMP:20260107T080910Z\r$' after.ics)" -eq 1 ]
	[ "$(grep -c $'^DTSTAMP:20260102T030405Z\r$' after.ics)" -eq 5 ]
	run -0 ics after.ics
	[ "$(grep "^$EV@mutu" <<<"$output" | cut -f2)" = "Repair café (new time)" ]
}

# --- the bytes themselves ---

@test "every line of the raw feed ends in CRLF, and there is no bare LF or CR" {
	setup_feed
	mutu calendar >feed.ics
	[ "$(tail -c 2 feed.ics | od -An -c | tr -d ' ')" = '\r\n' ]
	[ "$(tr -cd '\n' <feed.ics | wc -c)" -eq "$(tr -cd '\r' <feed.ics | wc -c)" ]
	[ "$(LC_ALL=C awk '!/\r$/' feed.ics | wc -l)" -eq 0 ]
	[ "$(LC_ALL=C grep -c $'\r.' feed.ics)" -eq 0 ]
}

@test "no raw line holds more than 75 octets, even with a long title of emoji, accents and escapes" {
	local title
	new_commons
	title="$(printf '🎉é,;\\%.0s' {1..36})x"
	add_offer --kind event --title "$title" --body "$(printf 'Dîner, vin; fromage \\ %.0s' {1..200})" \
		--location "$(printf 'ü%.0s' {1..150})" --start 2026-04-01T18:00:00Z --end 2026-04-01T20:00:00Z >/dev/null
	mutu calendar >feed.ics
	[ "$(LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > m) m = length($0) } END { print m + 0 }' feed.ics)" -le 75 ]
	[ "$(grep -c '^ ' feed.ics)" -gt 10 ]
	run -0 ics feed.ics
	[ "$(cut -f2 <<<"$output")" = "$(tsv_escape "$title")" ]
}

@test "a fold never splits a backslash escape: no raw line ends in an unpaired backslash" {
	new_commons
	add_offer --kind event --title "$(printf ',%.0s' {1..199})" --body "$(printf '\\%.0s' {1..500})" \
		--start 2026-04-01T18:00:00Z --end 2026-04-01T19:00:00Z >/dev/null
	mutu calendar >feed.ics
	[ "$(LC_ALL=C awk '{ sub(/\r$/, ""); match($0, /\\+$/); if (RLENGTH > 0 && RLENGTH % 2) n++ } END { print n + 0 }' feed.ics)" -eq 0 ]
	run -0 ics feed.ics
	[ "$(cut -f2 <<<"$output")" = "$(printf ',%.0s' {1..199})" ]
	[ "$(cut -f6 <<<"$output")" = "$(printf '\\\\%.0s' {1..500})" ]
}

# --- hostile text ---

@test "commas, semicolons, backslashes, emoji and a typed \\n in a title are escaped and read back as typed" {
	local title='Soup, bread; wine \ cheese \n 🎉 done'
	new_commons
	add_offer --kind event --title "$title" --location 'Rue A, 3; "B" \ C' \
		--start 2026-04-01T18:00:00Z --end 2026-04-01T20:00:00Z >/dev/null
	mutu calendar >feed.ics
	grep -qF 'SUMMARY:Soup\, bread\; wine \\ cheese \\n 🎉 done' feed.ics
	grep -qF 'LOCATION:Rue A\, 3\; "B" \\ C' feed.ics
	run -0 ics feed.ics
	[ "$(cut -f2 <<<"$output")" = "$(tsv_escape "$title")" ]
	[ "$(cut -f5 <<<"$output")" = "$(tsv_escape 'Rue A, 3; "B" \ C')" ]
}

@test "a body's newlines become \\n, its bidi characters are dropped, its tab a space" {
	local body
	new_commons
	body=$(printf 'line one\nline two; with, commas \\ and \342\200\256evil\342\200\254 \342\201\246ok\342\201\251\tend')
	add_offer --kind event --title "Body" --body "$body" --start 2026-04-01T18:00:00Z \
		--end 2026-04-01T19:00:00Z >/dev/null
	mutu calendar >feed.ics
	run -0 ics feed.ics
	[ "$(cut -f6 <<<"$output")" = 'line one\nline two; with, commas \\ and evil ok end' ]
	[ "$(LC_ALL=C grep -c $'\xe2\x80\xae\|\xe2\x81\xa6\|\t' feed.ics)" -eq 0 ]
}

@test "the title of a lent or booked offer is escaped in the loan's and the booking's summary" {
	local tool room
	new_commons
	add_member bob
	tool=$(add_offer --kind tool --title 'Saw, big; \ sharp')
	room=$(add_offer --kind space --title 'Room; 1, ground floor')
	mutu offer lend "$tool" --to bob -q >/dev/null 2>&1
	MUTU_MEMBER=bob mutu offer book "$room" --from 2026-03-01T09:00:00Z --to 2026-03-01T10:00:00Z >/dev/null 2>&1
	mutu calendar >feed.ics
	run -0 ics feed.ics
	[ "$(cut -f2 <<<"${lines[0]}")" = "$(tsv_escape 'Due back: Saw, big; \ sharp (lent to bob)')" ]
	[ "$(cut -f2 <<<"${lines[1]}")" = 'Booked: Room; 1, ground floor (bob)' ]
}

@test "controls and bidi characters in a hand-committed event are dropped; the feed stays valid" {
	local bad
	new_commons
	bad=$(printf 'E\033[31mR\007B\rC\bD\177F\302\205G\302\233H\342\200\256I\342\201\246J\342\200\217K\330\234L\342\200\250M\\N\tO\nP')
	mkdir -p offers/ab
	jq -nac --arg b "$bad" --arg t "$T0" \
		'{id: "abcdefghjkmn", type: "offer", title: $b, kind: "event", status: "open", author: "alice",
		  created: $t, updated: $t, start: "2026-02-01T10:00:00Z", end: "2026-02-01T11:00:00Z",
		  location: $b, body: $b}' >offers/ab/abcdefghjkmn.yaml
	gitc add offers
	gitc commit -qm "an event by hand"
	mutu calendar >feed.ics
	run -0 ics feed.ics
	[ "${#lines[@]}" -eq 1 ]
	[ "$(cut -f1 <<<"$output")" = abcdefghjkmn@mutu ]
	[ "$(cut -f2 <<<"$output")" = 'E[31mRBCDFGHIJKLM\\N O\nP' ]
	[ "$(cut -f5 <<<"$output")" = 'E[31mRBCDFGHIJKLM\\N O\nP' ]
	[ "$(cut -f6 <<<"$output")" = 'E[31mRBCDFGHIJKLM\\N O\nP' ]
	[ "$(LC_ALL=C tr -d '\r\n' <feed.ics | LC_ALL=C grep -c '[[:cntrl:]]')" -eq 0 ]
}

@test "tags with a semicolon, a backslash or emoji are CATEGORIES, escaped, one per tag" {
	new_commons
	add_offer --kind event --title Tags --start 2026-02-01T10:00:00Z --end 2026-02-01T11:00:00Z \
		--tag 'x;y\z' --tag 'émoji🎉' --tag plain >/dev/null
	mutu calendar >feed.ics
	run -0 ics feed.ics
	grep -qxF $'CATEGORIES:x\\;y\\\\z,émoji🎉,plain\r' feed.ics
}

@test "a commons name with commas, semicolons and a backslash is escaped in X-WR-CALNAME" {
	mutu init "$BATS_TEST_TMPDIR/c" --name 'Les "amis", du; quartier \ ok' --member alice \
		--email alice@example.org -q
	cd "$BATS_TEST_TMPDIR/c"
	mutu calendar >feed.ics
	grep -qF 'X-WR-CALNAME:Les "amis"\, du\; quartier \\ ok' feed.ics
	run -0 ics feed.ics
}

# hand_event ID START END: commit, as plain git would, an event of
# alice's with these dates, whatever they are.
hand_event() {
	mkdir -p "offers/${1:0:2}"
	jq -nac --arg id "$1" --arg s "$2" --arg e "$3" --arg t "$T0" \
		'{id: $id, type: "offer", title: ("Event " + $id), kind: "event", status: "open",
		  author: "alice", created: $t, updated: $t, start: $s, end: $e}' >"$(record_path offers "$1")"
	gitc add offers
	gitc commit -qm "event $1 by hand"
}

@test "an event dated outside the years 1 to 9999 is left out with a warning; the rest is printed" {
	setup_feed
	hand_event abcdefghjkm0 0000-01-01T10:00:00Z 0000-01-01T11:00:00Z
	hand_event abcdefghjkm1 9999-12-31T22:00:00Z 9999-12-31T23:00:00Z
	run -0 --separate-stderr mutu calendar
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == "mutu-calendar: warning: "*"abcdefghjkm0"* ]]
	mutu calendar >feed.ics 2>/dev/null
	run -0 uids feed.ics
	[ "${#lines[@]}" -eq 7 ]
	[[ $output != *abcdefghjkm0* ]]
	[ "${lines[6]}" = abcdefghjkm1@mutu ]
}

@test "an event whose start cannot be read as a time is left out with a warning, not put in 1970" {
	setup_feed
	hand_event abcdefghjkm2 2026-13-45T99:99:99Z 2026-13-45T99:99:99Z
	run -0 --separate-stderr mutu calendar
	[[ $stderr == *"abcdefghjkm2"* ]]
	[[ $output != *"DTSTART:19700101T000000Z"* ]]
	mutu calendar >feed.ics 2>/dev/null
	run -0 uids feed.ics
	[[ $output != *abcdefghjkm2* ]]
	[ "${#lines[@]}" -eq 6 ]
}

# --- offer list --format ics ---

@test "offer list --kind event --format ics gives the open events only, nothing else dated" {
	setup_feed
	mutu offer list --kind event --format ics >events.ics
	run -0 uids events.ics
	[ "$output" = "$(printf '%s@mutu\n' "$EV" "$EV2")" ]
	run -0 ics events.ics
	[ "${lines[0]}" = "$EV@mutu	Repair café	2026-02-01T10:00:00Z	2026-02-01T12:00:00Z	Salle des fêtes		CONFIRMED" ]
}

@test "offer list --format ics without --kind still gives only the events" {
	setup_feed
	mutu offer list --format ics >events.ics
	run -0 uids events.ics
	[ "$output" = "$(printf '%s@mutu\n' "$EV" "$EV2")" ]
}

@test "offer list --kind event --format ics respects --tag" {
	setup_feed
	mutu offer list --kind event --tag repair --format ics >repair.ics
	run -0 uids repair.ics
	[ "$output" = "$EV@mutu" ]
}

@test "offer list --format ics with --status all shows a closed event cancelled" {
	setup_feed
	mutu offer close "$EV" -q
	mutu offer list --kind event --status all --format ics >all.ics
	run -0 ics all.ics
	[ "${#lines[@]}" -eq 2 ]
	[ "$(grep "^$EV@mutu" <<<"$output" | cut -f7)" = CANCELLED ]
}

@test "offer list --format ics that matches nothing is an empty valid feed, and exits 1 as any list" {
	setup_feed
	local rc=0
	mutu offer list --kind event --tag nothing --format ics >none.ics || rc=$?
	[ "$rc" -eq 1 ]
	run -0 ics none.ics
	[ -z "$output" ]
}

# --- usage errors ---

@test "--format ics on a need list, a member list or an exchange list is a usage error (2)" {
	setup_feed
	refuses 2 'ics' mutu need list --format ics
	refuses 2 'ics' mutu member list --format ics
	refuses 2 'ics' mutu exchange list --format ics
	refuses 2 'ics' mutu offer show "$EV" --format ics
}

@test "calendar in any format but ics is a usage error (2)" {
	setup_feed
	refuses 2 'not json' mutu calendar --format json
	refuses 2 'not tsv' mutu calendar --format tsv
	refuses 2 'not yaml' mutu calendar --format yaml
	refuses 2 'not table' mutu calendar --format table
	refuses 2 'not ids' mutu calendar --format ids
	refuses 2 "unexpected argument 'bob'" mutu calendar bob
}

# --- an empty commons ---

@test "an empty commons gives a valid VCALENDAR without events" {
	new_commons
	mutu calendar >feed.ics
	run -0 ics feed.ics
	[ -z "$output" ]
	[ "$(head -n 1 feed.ics)" = $'BEGIN:VCALENDAR\r' ]
	[ "$(tail -n 1 feed.ics)" = $'END:VCALENDAR\r' ]
	grep -q $'^PRODID:' feed.ics
	[ "$(grep -c '^BEGIN:VEVENT' feed.ics)" -eq 0 ]
	mutu offer list --kind event --format ics --status all >events.ics || true
	run -0 ics events.ics
}
