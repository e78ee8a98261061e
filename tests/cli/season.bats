#!/usr/bin/env bats
# A season of a tool library of 50 members, from the command line alone:
# the members vote the lending rules, lend, renew and return tools with
# members waiting in line, book the workshop, run a repair café with a
# capacity, pay each other in hours, subscribe to one calendar; and the
# history audits clean. Each step's detail has its own suite (lending,
# booking, timebank, calendar, library-sync); this one proves they hold
# together.

load helper
load library-helper

setup() {
	mutu_setup
	need_tool jq
	need_yq
	library_commons
	local i
	for i in $(seq -w 4 49); do
		add_member "m$i" "Member $i"
	done
	[ "$(mutu member list --format ids | wc -l)" -eq 50 ]
}

# every HANDLE… votes yes on ID at TIME.
all_vote_yes() {
	local id=$1 time=$2 who
	shift 2
	for who in "$@"; do
		MUTU_MEMBER=$who MUTU_NOW=$time mutu vote "$id" yes -q || fail "$who could not vote"
	done
}

@test "a season: rules voted, tools lent in line, the workshop booked, a repair café, hours paid, one calendar" {
	local drill saw room cafe rules id n loan b1 week fortnight
	drill=$(mutu offer add --title "Perceuse à percussion" --kind tool --tag bricolage)
	saw=$(mutu offer add --title "Scie sauteuse" --kind tool --tag bricolage)
	room=$(mutu offer add --title "L'atelier" --kind space --location "Rue des Lilas")

	# the members vote to lend one item at a time, and apply it
	sed 's/^  max_items: 3$/  max_items: 1/' rules.yaml >"$BATS_TEST_TMPDIR/one.yaml"
	grep -qx '  max_items: 1' "$BATS_TEST_TMPDIR/one.yaml"
	rules=$(mutu propose add --title "Un objet à la fois" --rules-file "$BATS_TEST_TMPDIR/one.yaml")
	week=$(at "$T0" $((7 * 86400 + 60)))
	fortnight=$(at "$T0" $((14 * 86400 + 120)))
	MUTU_NOW=$week mutu propose start "$rules" -q
	all_vote_yes "$rules" "$(at "$week" 60)" alice bob carol dan $(seq -f 'm%02g' 4 30)
	MUTU_NOW=$fortnight mutu propose close "$rules" -q
	MUTU_NOW=$fortnight mutu propose apply "$rules" -q
	[ "$(rule lending.max_items)" = 1 ]
	export MUTU_NOW=$(at "$fortnight" 3600)

	# bob borrows the drill; the rule they voted stops a second item
	loan=$(lend "$drill" bob)
	[[ $loan =~ $ID_RE ]]
	refuses 77 "lending.max_items.*at most 1.*bob has 1" mutu offer lend "$saw" --to bob
	# carol then dan wait for the drill; no renewal while they wait
	hold_as carol "$drill" "$(at "$MUTU_NOW" 60)"
	hold_as dan "$drill" "$(at "$MUTU_NOW" 120)"
	refuses 77 "first in line: carol" mutu offer renew "$drill"
	MUTU_NOW=$(at "$MUTU_NOW" 86400) mutu offer return "$drill" -q
	# back: the first in line gets it, not whoever asks
	refuses 77 "carol is first in line" mutu offer lend "$drill" --to dan
	run -0 mutu offer show "$drill" --format table
	[[ $output == *"Back for:     carol, dan"* ]]
	MUTU_NOW=$(at "$MUTU_NOW" 90000) lend "$drill" carol >/dev/null
	run -0 mutu offer show "$drill" --format table
	[[ $output == *"Lent to:      carol"* ]]
	[[ $output == *"In line:      dan"* ]]
	# dan still waits: no renewal until dan leaves the line
	refuses 77 "first in line: dan" mutu offer renew "$drill"
	MUTU_MEMBER=dan mutu offer unhold "$drill" -q
	run -0 mutu offer renew "$drill"

	# the workshop: one booking a slot, no double booking
	b1=$(book_as m10 "$room" 2026-02-01T10:00:00Z 2026-02-01T12:00:00Z)
	[[ $b1 =~ $ID_RE ]]
	MUTU_MEMBER=m11 refuses 77 "booked by m10" mutu offer book "$room" --from 2026-02-01T11:00:00Z --to 2026-02-01T13:00:00Z
	book_as m11 "$room" 2026-02-01T12:00:00Z 2026-02-01T14:00:00Z >/dev/null
	run -0 mutu offer bookings "$room" --format ids
	[ "${#lines[@]}" -eq 2 ]

	# the repair café: ten places, twelve members, two wait; one leaves
	cafe=$(mutu offer add --kind event --title "Repair café" --location "Salle des fêtes" \
		--start 2026-02-07T14:00:00Z --end 2026-02-07T18:00:00Z --capacity 10)
	n=0
	for who in $(seq -f 'm%02g' 20 31); do
		join_as "$who" "$cafe" "$(at "$MUTU_NOW" $((n += 60)))"
	done
	run -0 mutu offer show "$cafe" --format table
	[[ $output == *"Places:       10 of 10 taken"* ]]
	[[ $output == *"Waiting:      m30, m31"* ]]
	MUTU_MEMBER=m22 mutu offer leave "$cafe" -q
	run -0 mutu offer show "$cafe" --format table
	[[ $output == *"Waiting:      m31"* ]]
	[[ $output == *"Going:"*"m30"* ]]

	# hours: the helpers are paid by those they helped; the sum is zero
	MUTU_MEMBER=m20 mutu exchange add --to alice --hours 2 --for "Réparation d'un grille-pain" -q
	MUTU_MEMBER=bob mutu exchange add --to m20 --to m21 --hours 1.5 -q
	run -0 mutu member balance --format json
	[ "$(jq -s 'map(.minutes) | add' <<<"$output")" = 0 ]
	[ "$(mutu member balance m20 --format json | jq .balance)" = -0.5 ]

	# one calendar: the café, both bookings, the drill's due date
	run -0 mutu calendar
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/season.ics"
	run -0 "$BATS_TEST_DIRNAME/ics-check.py" "$BATS_TEST_TMPDIR/season.ics"
	[ "${#lines[@]}" -eq 4 ]
	grep -q "^$cafe@mutu	Repair café	" <<<"$output"
	grep -q "^$b1@mutu	" <<<"$output"

	# and the history of the season holds every rule
	run -0 mutu audit
	[ -z "$output" ]
}
