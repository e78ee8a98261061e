#!/usr/bin/env bats
# The tool library's loans: mutu offer lend, return, renew, hold, unhold
# and loans; what `mutu offer show` says of a loan and of the line; the
# rules that gate borrowing (lending.max_items, loan_days, renewals,
# min_balance). Every refusal is checked with `refuses`: one error line,
# its exit status, and the commons byte for byte as it was (HEAD, refs,
# index and work tree).

load helper
load library-helper

T1=2026-01-03T10:00:00Z      # the first in line gets in line
T2=2026-01-04T10:00:00Z      # the second
T3=2026-01-05T10:00:00Z      # the third
DUE0=2026-01-16T03:04:05Z    # T0 + lending.loan_days (14 days by default)

setup() {
	mutu_setup
	need_tool jq
	new_commons
	library_members
	DRILL=$(add_offer --title Drill --kind tool)
}

# An offer of alice's, lent to bob, three members in line: dan (T1),
# erin (T2), carol (T3), so that the line is not in the order of handles.
three_in_line() {
	add_member erin "Erin Roux"
	lend "$DRILL" bob >/dev/null
	hold_as dan "$DRILL" "$T1"
	hold_as erin "$DRILL" "$T2"
	hold_as carol "$DRILL" "$T3"
}

# --- lend ---

@test "offer lend prints the loan's id, tells the due date, and commits offer.lend" {
	local before id
	before=$(commit_count)
	run -0 --separate-stderr mutu offer lend "$DRILL" --to bob
	[[ $output =~ $ID_RE ]]
	[ "$stderr" = "mutu-offer: offer ${DRILL:0:8} lent to bob, due $DUE0" ]
	id=$output
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.lend ]
	[ "$(trailer Mutu-Record)" = "$(child_path loans "$DRILL" "$id")" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$(child_path loans "$DRILL" "$id")" ]
	[ "$(git log -1 --format=%s)" = "offer lend ${DRILL:0:8} to bob: Drill" ]
	[ "$(git log -1 --format='%an <%ae>')" = "Alice Martin <alice@example.org>" ]
	assert_clean
}

@test "offer lend writes a loan that names the offer, lender, borrower, due date and no renewal" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 mutu show "$id" --format json
	[ "$(jq -r .type <<<"$output")" = loan ]
	[ "$(jq -r .offer <<<"$output")" = "$DRILL" ]
	[ "$(jq -r .lender <<<"$output")" = alice ]
	[ "$(jq -r .borrower <<<"$output")" = bob ]
	[ "$(jq -r .status <<<"$output")" = out ]
	[ "$(jq -r .created <<<"$output")" = "$T0" ]
	[ "$(jq -r .due <<<"$output")" = "$DUE0" ]
	[ "$(jq -r .renewals <<<"$output")" = 0 ]
	[ "$(jq -r .need <<<"$output")" = null ]
}

@test "offer lend -q prints the loan's id and nothing on stderr" {
	run -0 --separate-stderr mutu offer lend "$DRILL" --to bob -q
	[[ $output =~ $ID_RE ]]
	[ -z "$stderr" ]
}

@test "the offer's record is not touched by a loan: only loans/<offer>/ changes" {
	local before
	before=$(git rev-parse "HEAD:$(record_path offers "$DRILL")")
	lend "$DRILL" bob >/dev/null
	[ "$(git rev-parse "HEAD:$(record_path offers "$DRILL")")" = "$before" ]
}

@test "a loan is due lending.loan_days after it is made: 3 days in a commons whose rules say 3" {
	library_commons 's/^  loan_days: 14$/  loan_days: 3/'
	[ "$(rule lending.loan_days)" = 3 ]
	DRILL=$(add_offer --title Drill)
	run -0 --separate-stderr mutu offer lend "$DRILL" --to bob
	[ "$(jfield "$output" .due)" = 2026-01-05T03:04:05Z ]
	[[ $stderr == *"due 2026-01-05T03:04:05Z" ]]
}

@test "lend --until YYYY-MM-DD is due at the end of that day (UTC)" {
	local id
	id=$(lend "$DRILL" bob --until 2026-02-01)
	[ "$(jfield "$id" .due)" = 2026-02-01T23:59:59Z ]
}

@test "lend --until takes an RFC 3339 time, with an offset, and keeps it in UTC" {
	local id
	id=$(lend "$DRILL" bob --until 2026-01-20T12:00:00+02:00)
	[ "$(jfield "$id" .due)" = 2026-01-20T10:00:00Z ]
}

@test "lend --until +7d is due a week from now" {
	local id
	id=$(lend "$DRILL" bob --until +7d)
	[ "$(jfield "$id" .due)" = 2026-01-09T03:04:05Z ]
}

@test "lend --until refuses what is not a date, a time or a duration (65), changing nothing" {
	refuses 65 "'tomorrow' is not a date" mutu offer lend "$DRILL" --to bob --until tomorrow
}

@test "lend --until refuses a day the calendar does not have (65)" {
	refuses 65 "2026-02-30" mutu offer lend "$DRILL" --to bob --until 2026-02-30
}

@test "lend --until refuses a time without its offset (65)" {
	refuses 65 "2026-02-01T10:00:00" mutu offer lend "$DRILL" --to bob --until 2026-02-01T10:00:00
}

@test "lend --until refuses a due date in the past (65)" {
	refuses 65 "2025-12-01 is not in the future" mutu offer lend "$DRILL" --to bob --until 2025-12-01
}

@test "only the offer's author lends it (77), the message naming the author and who tried" {
	MUTU_MEMBER=bob refuses 77 "only alice, the offer's author, can lend offer ${DRILL:0:8}; you are bob" \
		mutu offer lend "$DRILL" --to carol
}

@test "lend refuses an offer that is out (65), naming the borrower and the due date" {
	lend "$DRILL" bob >/dev/null
	refuses 65 "already lent to bob until $DUE0" mutu offer lend "$DRILL" --to carol
}

@test "lend refuses to lend an offer to its own author (65)" {
	refuses 65 "offer ${DRILL:0:8} is yours" mutu offer lend "$DRILL" --to alice
}

@test "lend refuses an unknown member (66), naming them" {
	refuses 66 "no member 'zed'" mutu offer lend "$DRILL" --to zed
}

@test "lend refuses a malformed handle (65)" {
	refuses 65 "malformed handle 'Bad_Handle'" mutu offer lend "$DRILL" --to Bad_Handle
}

@test "lend without --to is a usage error (2)" {
	refuses 2 "--to is required" mutu offer lend "$DRILL"
}

@test "lend refuses an unknown offer (66)" {
	refuses 66 "no offer with id zzzzzzzz" mutu offer lend zzzzzzzz --to bob
}

@test "lend refuses a member who left the commons (65)" {
	MUTU_MEMBER=bob mutu member leave bob -q
	refuses 65 "bob has left the commons" mutu offer lend "$DRILL" --to bob
}

@test "lend refuses an event (65): members join it" {
	local party
	party=$(add_offer --title Party --kind event --start 2026-02-01T18:00:00Z --end 2026-02-01T22:00:00Z)
	refuses 65 "offer ${party:0:8} is an event" mutu offer lend "$party" --to bob
}

@test "lend refuses a closed offer (65)" {
	mutu offer close "$DRILL" -q
	refuses 65 "offer ${DRILL:0:8} is closed" mutu offer lend "$DRILL" --to bob
}

@test "lend --need links the loan to the need it answers, found by id prefix" {
	local need id
	need=$(MUTU_MEMBER=bob add_need --title "A drill for the shelves")
	id=$(lend "$DRILL" bob --need "${need:0:6}")
	[ "$(jfield "$id" .need)" = "$need" ]
}

@test "lend --need refuses an unknown need (66)" {
	refuses 66 "no need with id zzzzzzzz" mutu offer lend "$DRILL" --to bob --need zzzzzzzz
}

@test "lend --need refuses a malformed id (65)" {
	refuses 65 "malformed id 'NOT!'" mutu offer lend "$DRILL" --to bob --need 'NOT!'
}

@test "lend --need refuses an offer's id: a need is wanted (66)" {
	local saw
	saw=$(add_offer --title Saw)
	refuses 66 "no need with id $saw" mutu offer lend "$DRILL" --to bob --need "$saw"
}

# --- return ---

@test "offer return records the return and commits offer.return" {
	local id before
	id=$(lend "$DRILL" bob)
	before=$(commit_count)
	run -0 --separate-stderr env MUTU_NOW=2026-01-05T09:00:00Z mutu offer return "${DRILL:0:6}"
	[ -z "$output" ]
	[ "$stderr" = "mutu-offer: offer ${DRILL:0:8} is back from bob" ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.return ]
	[ "$(trailer Mutu-Record)" = "$(child_path loans "$DRILL" "$id")" ]
	[ "$(jfield "$id" .status)" = returned ]
	[ "$(jfield "$id" .returned)" = 2026-01-05T09:00:00Z ]
	assert_clean
}

@test "an offer back from a loan may be lent again" {
	lend "$DRILL" bob >/dev/null
	mutu offer return "$DRILL" -q
	run -0 mutu offer lend "$DRILL" --to carol -q
	[ "$(jfield "$output" .borrower)" = carol ]
}

@test "return refuses an offer that is not lent out (65)" {
	refuses 65 "offer ${DRILL:0:8} is not lent out" mutu offer return "$DRILL"
}

@test "return refuses an offer already back (65)" {
	lend "$DRILL" bob >/dev/null
	mutu offer return "$DRILL" -q
	refuses 65 "not lent out" mutu offer return "$DRILL"
}

@test "only the lender records a return (77): not the borrower" {
	lend "$DRILL" bob >/dev/null
	MUTU_MEMBER=bob refuses 77 "only alice.*can return.*you are bob" mutu offer return "$DRILL"
}

@test "only the lender records a return (77): not another member" {
	lend "$DRILL" bob >/dev/null
	MUTU_MEMBER=carol refuses 77 "only alice.*you are carol" mutu offer return "$DRILL"
}

@test "an offer closed while it is out can still come back" {
	local id
	id=$(lend "$DRILL" bob)
	mutu offer close "$DRILL" -q
	run -0 mutu offer return "$DRILL" -q
	[ "$(jfield "$id" .status)" = returned ]
}

# --- renew ---

@test "offer renew moves the due date lending.loan_days further, prints it, counts the renewal" {
	local id before
	id=$(lend "$DRILL" bob)
	before=$(commit_count)
	run -0 --separate-stderr mutu offer renew "$DRILL"
	[ "$output" = 2026-01-30T03:04:05Z ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.renew ]
	[ "$(trailer Mutu-Record)" = "$(child_path loans "$DRILL" "$id")" ]
	[ "$(jfield "$id" .due)" = 2026-01-30T03:04:05Z ]
	[ "$(jfield "$id" .renewals)" = 1 ]
	assert_clean
}

@test "renew counts each renewal" {
	local id
	id=$(lend "$DRILL" bob)
	mutu offer renew "$DRILL" -q >/dev/null
	mutu offer renew "$DRILL" -q >/dev/null
	[ "$(jfield "$id" .renewals)" = 2 ]
	[ "$(jfield "$id" .due)" = 2026-02-13T03:04:05Z ]
}

@test "renew of an overdue loan counts lending.loan_days from now" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 env MUTU_NOW=2026-01-20T00:00:00Z mutu offer renew "$DRILL"
	[ "$output" = 2026-02-03T00:00:00Z ]
}

@test "renew --until sets the new due date (the end of that day)" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 mutu offer renew "$DRILL" --until 2026-03-01
	[ "$output" = 2026-03-01T23:59:59Z ]
	[ "$(jfield "$id" .due)" = 2026-03-01T23:59:59Z ]
	[ "$(jfield "$id" .renewals)" = 1 ]
}

@test "renew --until refuses a date before the loan's due date (65): a renewal extends a loan" {
	lend "$DRILL" bob --until 2026-03-01 >/dev/null
	refuses 65 "2026-01-05" mutu offer renew "$DRILL" --until 2026-01-05
}

@test "renew --until refuses a malformed date (65)" {
	lend "$DRILL" bob >/dev/null
	refuses 65 "'soon' is not a date" mutu offer renew "$DRILL" --until soon
}

@test "renew is refused past lending.renewals (77), naming the rule and the count" {
	library_commons 's/^  renewals: 2$/  renewals: 1/'
	DRILL=$(add_offer --title Drill)
	lend "$DRILL" bob >/dev/null
	mutu offer renew "$DRILL" -q >/dev/null
	refuses 77 "the rules \(lending.renewals\) allow at most 1 renewals of a loan; this one has had 1" \
		mutu offer renew "$DRILL"
}

@test "renew is refused at once when lending.renewals is 0 (77)" {
	library_commons 's/^  renewals: 2$/  renewals: 0/'
	DRILL=$(add_offer --title Drill)
	lend "$DRILL" bob >/dev/null
	refuses 77 "lending.renewals.*allow at most 0 renewals.*has had 0" mutu offer renew "$DRILL"
}

@test "the default rules allow two renewals, not three (77)" {
	lend "$DRILL" bob >/dev/null
	mutu offer renew "$DRILL" -q >/dev/null
	mutu offer renew "$DRILL" -q >/dev/null
	refuses 77 "lending.renewals.*allow at most 2 renewals.*has had 2" mutu offer renew "$DRILL"
}

@test "renew is refused while someone waits in line (77), naming the first" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	refuses 77 "someone waits for offer ${DRILL:0:8} \(first in line: carol\)" mutu offer renew "$DRILL"
}

@test "renew is allowed again once the line is empty (the one waiting left it)" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	MUTU_MEMBER=carol mutu offer unhold "$DRILL" -q
	run -0 mutu offer renew "$DRILL" -q
	[ "$output" = 2026-01-30T03:04:05Z ]
}

@test "only the lender renews (77): not the borrower" {
	lend "$DRILL" bob >/dev/null
	MUTU_MEMBER=bob refuses 77 "only alice.*can renew.*you are bob" mutu offer renew "$DRILL"
}

@test "renew refuses an offer that is not lent out (65)" {
	refuses 65 "offer ${DRILL:0:8} is not lent out" mutu offer renew "$DRILL"
}

# --- hold and unhold ---

@test "offer hold puts the member in line for an offer that is out, tells the place, commits offer.hold" {
	local before
	lend "$DRILL" bob >/dev/null
	before=$(commit_count)
	run -0 --separate-stderr env MUTU_MEMBER=carol MUTU_NOW=$T1 mutu offer hold "$DRILL"
	[ -z "$output" ]
	[ "$stderr" = "mutu-offer: you are in line for offer ${DRILL:0:8}: place 1" ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.hold ]
	[ "$(trailer Mutu-Record)" = "$(child_path holds "$DRILL" carol)" ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$(child_path holds "$DRILL" carol)" ]
	[ "$(git log -1 --format='%an <%ae>')" = "Carol Petit <carol@example.org>" ]
	assert_clean
}

@test "the second member to hold is told place 2" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	run -0 --separate-stderr env MUTU_MEMBER=dan MUTU_NOW=$T2 mutu offer hold "$DRILL"
	[ "$stderr" = "mutu-offer: you are in line for offer ${DRILL:0:8}: place 2" ]
}

@test "hold refuses a member already in line (65), naming their place" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	MUTU_MEMBER=carol MUTU_NOW=$T2 refuses 65 "already in line for offer ${DRILL:0:8} \(place 1\)" \
		mutu offer hold "$DRILL"
}

@test "hold refuses an offer that is not out (65): ask its author" {
	MUTU_MEMBER=carol refuses 65 "offer ${DRILL:0:8} is not lent out: ask alice" mutu offer hold "$DRILL"
}

@test "hold refuses the offer's own author (65)" {
	lend "$DRILL" bob >/dev/null
	refuses 65 "offer ${DRILL:0:8} is yours" mutu offer hold "$DRILL"
}

@test "hold refuses the borrower (65): it is lent to them already" {
	lend "$DRILL" bob >/dev/null
	MUTU_MEMBER=bob refuses 65 "lent to you already" mutu offer hold "$DRILL"
}

@test "hold refuses an event (65)" {
	local party
	party=$(add_offer --title Party --kind event --start 2026-02-01T18:00:00Z --end 2026-02-01T22:00:00Z)
	MUTU_MEMBER=carol refuses 65 "is an event" mutu offer hold "$party"
}

@test "hold refuses an unknown offer (66)" {
	MUTU_MEMBER=carol refuses 66 "no offer with id zzzzzzzz" mutu offer hold zzzzzzzz
}

@test "offer unhold leaves the line: the hold file goes, commit offer.unhold" {
	local before
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	before=$(commit_count)
	run -0 --separate-stderr env MUTU_MEMBER=carol MUTU_NOW=$T2 mutu offer unhold "$DRILL"
	[ -z "$output" ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = offer.unhold ]
	[ "$(trailer Mutu-Record)" = "$(child_path holds "$DRILL" carol)" ]
	[ ! -e "$(child_path holds "$DRILL" carol)" ]
	assert_clean
}

@test "after unhold the next member is first, and may hold again at the end of the line" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	hold_as dan "$DRILL" "$T2"
	MUTU_MEMBER=carol MUTU_NOW=$T3 mutu offer unhold "$DRILL" -q
	run -0 --separate-stderr env MUTU_MEMBER=carol MUTU_NOW=2026-01-06T10:00:00Z mutu offer hold "$DRILL"
	[ "$stderr" = "mutu-offer: you are in line for offer ${DRILL:0:8}: place 2" ]
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"In line:      dan, carol"* ]]
}

@test "unhold refuses a member who is not in line (65)" {
	lend "$DRILL" bob >/dev/null
	MUTU_MEMBER=carol refuses 65 "you are not in line for offer ${DRILL:0:8}" mutu offer unhold "$DRILL"
}

@test "unhold refuses a member whose hold was served by a loan (65)" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	MUTU_NOW=$T2 mutu offer return "$DRILL" -q
	MUTU_NOW=$T2 lend "$DRILL" carol >/dev/null
	MUTU_MEMBER=carol MUTU_NOW=$T3 refuses 65 "not in line" mutu offer unhold "$DRILL"
}

@test "a member whose hold was served may get in line again for the next loan" {
	need_yq
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	MUTU_NOW=$T2 mutu offer return "$DRILL" -q
	MUTU_NOW=$T2 lend "$DRILL" carol >/dev/null
	MUTU_NOW=$T3 mutu offer return "$DRILL" -q
	MUTU_NOW=$T3 lend "$DRILL" bob >/dev/null
	run -0 --separate-stderr env MUTU_MEMBER=carol MUTU_NOW=2026-01-06T10:00:00Z mutu offer hold "$DRILL"
	[ "$stderr" = "mutu-offer: you are in line for offer ${DRILL:0:8}: place 1" ]
	[ "$(yq -r .created "$(child_path holds "$DRILL" carol)")" = 2026-01-06T10:00:00Z ]
}

# --- the line ---

@test "the line is in the order members got in line, not by handle" {
	three_in_line
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"In line:      dan, erin, carol"* ]]
}

@test "each member in line is told their place as they get in line" {
	add_member erin "Erin Roux"
	lend "$DRILL" bob >/dev/null
	hold_as dan "$DRILL" "$T1"
	hold_as erin "$DRILL" "$T2"
	run -0 --separate-stderr env MUTU_MEMBER=carol MUTU_NOW=$T3 mutu offer hold "$DRILL"
	[ "$stderr" = "mutu-offer: you are in line for offer ${DRILL:0:8}: place 3" ]
}

@test "two members in line in the same second are ordered by handle" {
	lend "$DRILL" bob >/dev/null
	hold_as dan "$DRILL" "$T1"
	hold_as carol "$DRILL" "$T1"
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"In line:      carol, dan"* ]]
}

@test "lending to someone who is not first in line is refused (77), naming who is first" {
	three_in_line
	MUTU_NOW=2026-01-06T10:00:00Z mutu offer return "$DRILL" -q
	MUTU_NOW=2026-01-06T10:00:00Z refuses 77 "dan is first in line for offer ${DRILL:0:8}" \
		mutu offer lend "$DRILL" --to erin
}

@test "lending to someone not in line at all is refused while others wait (77)" {
	three_in_line
	MUTU_NOW=2026-01-06T10:00:00Z mutu offer return "$DRILL" -q
	MUTU_NOW=2026-01-06T10:00:00Z refuses 77 "dan is first in line" mutu offer lend "$DRILL" --to bob
}

@test "lending to the first in line serves their hold: the next one is first" {
	three_in_line
	MUTU_NOW=2026-01-06T10:00:00Z mutu offer return "$DRILL" -q
	MUTU_NOW=2026-01-06T10:00:00Z lend "$DRILL" dan >/dev/null
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"Lent to:      dan, due 2026-01-20T10:00:00Z"* ]]
	[[ $output == *"In line:      erin, carol"* ]]
	MUTU_NOW=2026-01-07T10:00:00Z mutu offer return "$DRILL" -q
	MUTU_NOW=2026-01-07T10:00:00Z refuses 77 "erin is first in line" mutu offer lend "$DRILL" --to carol
}

@test "once the line is served to its end, anyone may borrow again" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	MUTU_NOW=$T2 mutu offer return "$DRILL" -q
	MUTU_NOW=$T2 lend "$DRILL" carol >/dev/null
	MUTU_NOW=$T3 mutu offer return "$DRILL" -q
	run -0 env MUTU_NOW=$T3 mutu offer lend "$DRILL" --to dan -q
	[[ $output =~ $ID_RE ]]
}

@test "return tells who is first in line" {
	three_in_line
	run -0 --separate-stderr env MUTU_NOW=2026-01-06T10:00:00Z mutu offer return "$DRILL"
	[ "${stderr_lines[1]}" = "mutu-offer: dan is first in line for offer ${DRILL:0:8}" ]
}

@test "after a return, offer show says Back for: the line" {
	three_in_line
	MUTU_NOW=2026-01-06T10:00:00Z mutu offer return "$DRILL" -q
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"Back for:     dan, erin, carol"* ]]
	[[ $output != *"Lent to:"* ]]
}

@test "an offer back with a line waiting may still be held: the member joins the end of the line" {
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	MUTU_NOW=$T2 mutu offer return "$DRILL" -q
	run -0 --separate-stderr env MUTU_MEMBER=dan MUTU_NOW=$T3 mutu offer hold "$DRILL"
	[ "$stderr" = "mutu-offer: you are in line for offer ${DRILL:0:8}: place 2" ]
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"Back for:     carol, dan"* ]]
}

@test "after a return, offer loans (table) says who is first in line" {
	three_in_line
	MUTU_NOW=2026-01-06T10:00:00Z mutu offer return "$DRILL" -q
	# no loan out, but something to tell: not a negative answer
	run -0 mutu offer loans --format table
	[[ $output == *"offer ${DRILL:0:8} is back: dan is first in line"* ]]
}

@test "while it is out, offer loans (table) says how many wait and who is first" {
	three_in_line
	run -0 mutu offer loans --format table
	[[ $output == *"offer ${DRILL:0:8} is out until 2026-01-16: 3 waiting, dan first"* ]]
}

@test "offer loans --member (table) tells a member their place in line" {
	three_in_line
	lend "$(add_offer --title Saw)" erin >/dev/null
	run -0 mutu offer loans --member erin --format table
	[[ $output == *"offer ${DRILL:0:8} is out until 2026-01-16: erin is number 2 in line"* ]]
}

@test "a member who left the commons no longer holds up the line" {
	lend "$DRILL" bob >/dev/null
	hold_as dan "$DRILL" "$T1"
	MUTU_MEMBER=dan MUTU_NOW=$T2 mutu member leave dan -q
	MUTU_NOW=$T3 mutu offer return "$DRILL" -q
	run -0 env MUTU_NOW=$T3 mutu offer lend "$DRILL" --to carol -q
	[ "$(jfield "$output" .borrower)" = carol ]
}

@test "a hold made in the same second as an earlier loan to its member waits in line" {
	lend "$DRILL" carol >/dev/null
	mutu offer return "$DRILL" -q
	lend "$DRILL" bob >/dev/null
	run -0 --separate-stderr env MUTU_MEMBER=carol mutu offer hold "$DRILL"
	[ "$stderr" = "mutu-offer: you are in line for offer ${DRILL:0:8}: place 1" ]
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"In line:      carol"* ]]
}

# --- show ---

@test "offer show (table) says to whom the offer is lent, until when, and the loan" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"Lent to:      bob, due $DUE0 (loan ${id:0:8})"* ]]
}

@test "offer show (table) says nothing of loans for an offer never lent" {
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"Title:        Drill"* ]]
	[[ $output != *"Lent to:"* ]]
	[[ $output != *"In line:"* ]]
	[[ $output != *"Back for:"* ]]
}

@test "offer show (table) says nothing of a loan once it is back and no one waits" {
	lend "$DRILL" bob >/dev/null
	mutu offer return "$DRILL" -q
	run -0 mutu offer show "$DRILL" --format table
	[[ $output == *"Title:        Drill"* ]]
	[[ $output != *"Lent to:"* ]]
	[[ $output != *"Back for:"* ]]
}

@test "offer show --format json is the offer's record only" {
	lend "$DRILL" bob >/dev/null
	run -0 mutu offer show "$DRILL" --format json
	[ "$(jq -r .id <<<"$output")" = "$DRILL" ]
	[ "$(jq -r 'has("borrower")' <<<"$output")" = false ]
}

@test "mutu show finds a loan by a prefix of its id" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 mutu show "${id:0:5}" --format json
	[ "$(jq -r .id <<<"$output")" = "$id" ]
	[ "$(jq -r .type <<<"$output")" = loan ]
}

@test "mutu show (table) shows a loan's borrower, due date and renewals" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 mutu show "${id:0:6}" --format table
	[[ $output == *"Borrower:     bob"* ]]
	[[ $output == *"Due:          $DUE0"* ]]
	[[ $output == *"Renewals:     0"* ]]
}

# --- loans ---

@test "offer loans lists the loans out, in tsv: id, status, offer, borrower, lender, lent, due, returned" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 --separate-stderr mutu offer loans --format tsv
	[ "$output" = "$id	out	$DRILL	bob	alice	$T0	$DUE0	" ]
	[ -z "$stderr" ]
}

@test "offer loans lists the earliest due first" {
	local saw late early
	saw=$(add_offer --title Saw)
	late=$(lend "$DRILL" bob --until 2026-03-01)
	early=$(lend "$saw" carol --until 2026-02-01)
	run -0 mutu offer loans --format ids
	[ "${lines[0]}" = "$early" ]
	[ "${lines[1]}" = "$late" ]
}

@test "offer loans --format json prints each loan's record" {
	local id
	id=$(lend "$DRILL" bob)
	run -0 mutu offer loans --format json
	[ "$(jq -rs 'length' <<<"$output")" = 1 ]
	[ "$(jq -rs '.[0].id' <<<"$output")" = "$id" ]
	[ "$(jq -rs '.[0].borrower' <<<"$output")" = bob ]
	[ "$(jq -rs '.[0].due' <<<"$output")" = "$DUE0" ]
}

@test "offer loans exits 1 when nothing is lent out" {
	run -1 --separate-stderr mutu offer loans --format tsv
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "offer loans hides the loans that are back; --all lists them with their return" {
	local id
	id=$(lend "$DRILL" bob)
	MUTU_NOW=2026-01-05T09:00:00Z mutu offer return "$DRILL" -q
	run -1 mutu offer loans --format ids
	[ -z "$output" ]
	run -0 mutu offer loans --all --format tsv
	[ "$output" = "$id	returned	$DRILL	bob	alice	$T0	$DUE0	2026-01-05T09:00:00Z" ]
}

@test "offer loans --overdue lists only the loans past their due date" {
	local saw late
	saw=$(add_offer --title Saw)
	lend "$DRILL" bob --until 2026-02-01 >/dev/null
	late=$(lend "$saw" carol)
	run -1 mutu offer loans --overdue --format ids
	[ -z "$output" ]
	run -0 env MUTU_NOW=2026-01-20T00:00:00Z mutu offer loans --overdue --format ids
	[ "$output" = "$late" ]
}

@test "offer loans --overdue: a loan is not overdue at its due second" {
	lend "$DRILL" bob >/dev/null
	run -1 env MUTU_NOW=$DUE0 mutu offer loans --overdue --format ids
	[ -z "$output" ]
}

@test "offer loans --overdue ignores loans that are back, even with --all" {
	lend "$DRILL" bob >/dev/null
	mutu offer return "$DRILL" -q
	run -1 env MUTU_NOW=2026-02-01T00:00:00Z mutu offer loans --overdue --all --format ids
	[ -z "$output" ]
}

@test "offer loans --member lists only what that member borrowed" {
	local saw mine
	saw=$(add_offer --title Saw)
	lend "$DRILL" bob >/dev/null
	mine=$(lend "$saw" carol)
	run -0 mutu offer loans --member carol --format ids
	[ "$output" = "$mine" ]
	run -1 mutu offer loans --member dan --format ids
	[ -z "$output" ]
}

@test "offer loans --member refuses a malformed handle (65)" {
	refuses 65 "malformed handle 'Bad!'" mutu offer loans --member 'Bad!'
}

@test "offer loans refuses an argument (2)" {
	refuses 2 "unexpected argument 'extra'" mutu offer loans extra
}

# --- the rules that gate borrowing ---

@test "lending.max_items reached: the next loan is refused (77), with the member's count" {
	library_commons 's/^  max_items: 3$/  max_items: 2/'
	lend "$(add_offer --title One)" bob >/dev/null
	lend "$(add_offer --title Two)" bob >/dev/null
	DRILL=$(add_offer --title Drill)
	refuses 77 "the rules \(lending.max_items\) allow at most 2 out at once; bob has 2 out" \
		mutu offer lend "$DRILL" --to bob
}

@test "lending.max_items counts each member's loans: another member may still borrow" {
	library_commons 's/^  max_items: 3$/  max_items: 1/'
	lend "$(add_offer --title One)" bob >/dev/null
	DRILL=$(add_offer --title Drill)
	run -0 mutu offer lend "$DRILL" --to carol -q
	[[ $output =~ $ID_RE ]]
}

@test "lending.max_items: a loan that is back no longer counts" {
	local one
	library_commons 's/^  max_items: 3$/  max_items: 1/'
	one=$(add_offer --title One)
	lend "$one" bob >/dev/null
	mutu offer return "$one" -q
	DRILL=$(add_offer --title Drill)
	run -0 mutu offer lend "$DRILL" --to bob -q
	[[ $output =~ $ID_RE ]]
}

@test "the default lending.max_items is 3 (77 at the fourth)" {
	lend "$DRILL" bob >/dev/null
	lend "$(add_offer --title Two)" bob >/dev/null
	lend "$(add_offer --title Three)" bob >/dev/null
	refuses 77 "lending.max_items.*bob has 3" mutu offer lend "$(add_offer --title Four)" --to bob
}

@test "lending.max_items 0 sets no limit" {
	local i
	library_commons 's/^  max_items: 3$/  max_items: 0/'
	for i in 1 2 3 4 5; do
		lend "$(add_offer --title "Item $i")" bob >/dev/null
	done
	run -0 mutu offer loans --member bob --format ids
	[ "${#lines[@]}" -eq 5 ]
}

@test "lending.min_balance: a member whose time-bank balance is below it may not borrow (77), with their balance" {
	MUTU_MEMBER=bob mutu exchange add --to alice --hours 12 -q >/dev/null
	refuses 77 "lending.min_balance.*bob has -12" mutu offer lend "$DRILL" --to bob
}

@test "lending.min_balance: the message names the floor the rules set" {
	library_commons 's/^  min_balance: -10$/  min_balance: 0/'
	DRILL=$(add_offer --title Drill)
	MUTU_MEMBER=bob mutu exchange add --to carol --hours 1 -q >/dev/null
	refuses 77 "below 0 hours.*\(lending.min_balance\) and bob has -1" mutu offer lend "$DRILL" --to bob
}

@test "lending.min_balance: a balance at the floor may still borrow" {
	MUTU_MEMBER=bob mutu exchange add --to alice --hours 10 -q >/dev/null
	run -0 mutu offer lend "$DRILL" --to bob -q
	[[ $output =~ $ID_RE ]]
}

@test "lending.min_balance: hours received bring a member back above the floor" {
	MUTU_MEMBER=bob mutu exchange add --to alice --hours 12 -q >/dev/null
	MUTU_MEMBER=carol mutu exchange add --to bob --hours 5 -q >/dev/null
	run -0 mutu offer lend "$DRILL" --to bob -q
	[[ $output =~ $ID_RE ]]
}

@test "the rules gate the first in line like anyone (77)" {
	library_commons 's/^  max_items: 3$/  max_items: 1/'
	DRILL=$(add_offer --title Drill)
	lend "$DRILL" bob >/dev/null
	hold_as carol "$DRILL" "$T1"
	MUTU_NOW=$T2 lend "$(add_offer --title Saw)" carol >/dev/null
	MUTU_NOW=$T2 mutu offer return "$DRILL" -q
	MUTU_NOW=$T2 refuses 77 "lending.max_items.*carol has 1" mutu offer lend "$DRILL" --to carol
}
