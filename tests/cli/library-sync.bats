#!/usr/bin/env bats
# The tool library across offline copies: one tool lent twice, two
# bookings of one space that overlap, an event joined past its capacity,
# each made on a clone that could not see the other, become conflict
# records after the merge that joins them (the checks lent-twice,
# booking-overlap and event-capacity), the same on every copy. Most
# records are written by hand and committed with plain git, as a member
# may: the checks must catch what plain git brings too; the last tests
# make them with mutu offer lend, book and join.

load helper

setup() {
	mutu_setup
}

# commons [init options]: alice's commons on a bare remote, with bob and
# carol; clones a and a2 (two machines of alice's), b (bob), c (carol).
commons() {
	REMOTE=$BATS_TEST_TMPDIR/remote.git
	git init -q --bare "$REMOTE"
	new_commons a "$@" || return
	add_member bob || return
	add_member carol || return
	git remote add origin "$REMOTE"
	mutu sync -q >/dev/null || fail "first sync" || return
	cd "$BATS_TEST_TMPDIR" || return
	clone a2 alice && clone b bob && clone c carol
}

# clone DIR HANDLE: a member's own copy
clone() {
	mutu clone -q "$REMOTE" "$BATS_TEST_TMPDIR/$1" || fail "clone $1" || return
	git -C "$BATS_TEST_TMPDIR/$1" config mutu.member "$2"
}

# gitas HANDLE ARGS…: plain git as a member
gitas() {
	local who=$1
	shift
	git -c user.name="${who^}" -c user.email="$who@example.org" "$@"
}

# at DIR COMMAND…: run in a clone
at() {
	local d=$1
	shift
	(cd "$BATS_TEST_TMPDIR/$d" && "$@")
}

tree_of() {
	git -C "$BATS_TEST_TMPDIR/$1" rev-parse 'HEAD^{tree}'
}

# every clone synced until all hold the remote's tree
converge() {
	local d
	for d in "$@" "$@"; do
		at "$d" mutu sync -q >/dev/null || fail "sync $d" || return
	done
}

# put DIR HANDLE PATH < YAML: a file written by hand on clone DIR and
# committed with plain git as HANDLE.
put() {
	local dir=$BATS_TEST_TMPDIR/$1 who=$2 path=$3
	mkdir -p "$dir/${path%/*}" || return
	cat >"$dir/$path" || return
	gitas "$who" -C "$dir" add "$path" || fail "git add $path" || return
	gitas "$who" -C "$dir" commit -qm "by hand: $path" || fail "git commit $path"
}

# lend DIR OFFER LOAN BORROWER CREATED [STATUS]: alice, the offer's author,
# lends it on clone DIR, in a loan of id LOAN.
lend() {
	put "$1" alice "loans/$2/$3.yaml" <<-EOF
		id: $3
		type: loan
		offer: $2
		lender: alice
		borrower: $4
		status: ${6:-out}
		created: "$5"
		updated: "$5"
		due: "2026-02-01T00:00:00Z"
		renewals: 0
	EOF
}

# book DIR HANDLE OFFER BOOKING FROM TO CREATED: HANDLE books OFFER on
# clone DIR over [FROM, TO).
book() {
	put "$1" "$2" "bookings/$3/$4.yaml" <<-EOF
		id: $4
		type: booking
		offer: $3
		member: $2
		created: "$7"
		from: "$5"
		to: "$6"
	EOF
}

# join DIR HANDLE EVENT JOINED: HANDLE joins EVENT on clone DIR.
join() {
	put "$1" "$2" "attendees/$3/$2.yaml" <<-EOF
		type: attendee
		offer: $3
		member: $2
		joined: "$4"
	EOF
}

# event DIR ID CAPACITY: alice's event of CAPACITY places, on clone DIR.
event() {
	put "$1" alice "offers/${2:0:2}/$2.yaml" <<-EOF
		id: $2
		type: offer
		title: Repair café
		kind: event
		status: open
		author: alice
		created: "$T0"
		updated: "$T0"
		start: "2026-03-01T14:00:00Z"
		end: "2026-03-01T18:00:00Z"
		capacity: $3
	EOF
}

# The open conflicts of clone DIR as JSON lines, into $output (exit 1
# and nothing when there is none); nothing may go to stderr: a conflict
# record a check wrote is a valid record.
conflicts_of() {
	run --separate-stderr at "$1" mutu conflicts list --format json
	[ "$status" -eq 0 ] || { [ "$status" -eq 1 ] && [ -z "$output" ]; } ||
		fail "mutu conflicts list in $1 exited $status: $stderr" || return
	[ -z "$stderr" ] || fail "mutu conflicts list in $1 warned:" "$stderr"
}

# rules_with_buffer MINUTES: the rules mutu init writes, but for
# booking.buffer_minutes; prints the file's path.
rules_with_buffer() {
	local tmpl=$BATS_TEST_TMPDIR/rules-template
	mutu init "$tmpl" --name Template --member alice --email alice@example.org -q ||
		fail "mutu init of the template" || return
	sed "s/^  buffer_minutes: .*/  buffer_minutes: $1/" "$tmpl/rules.yaml" >"$BATS_TEST_TMPDIR/rules.yaml"
	grep -q "^  buffer_minutes: $1\$" "$BATS_TEST_TMPDIR/rules.yaml" ||
		fail "no buffer_minutes in the rules mutu init writes" || return
	echo "$BATS_TEST_TMPDIR/rules.yaml"
}

L1=aaaaaaaaaaaa
L2=bbbbbbbbbbbb

@test "one tool lent on two offline clones is one conflict record, about the later loan" {
	local drill
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	converge a a2
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z
	lend a2 "$drill" $L2 carol 2026-01-05T11:00:00Z
	at a mutu sync -q
	run at a2 mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" == *$'found\tloan\t'$L2$'\tlent-twice\t'* ]]
	conflicts_of a2
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	[ "$(jq -r .check <<<"$output")" = lent-twice ]
	[ "$(jq -r .record_type <<<"$output")" = loan ]
	[ "$(jq -r .record <<<"$output")" = $L2 ]
	[ "$(jq -r .path <<<"$output")" = "loans/$drill/$L2.yaml" ]
	[ "$(jq -r .detail <<<"$output")" = "offer $drill: lent to bob (loan $L1) and to carol (loan $L2)" ]
	[ "$(jq -r .created <<<"$output")" = 2026-01-05T11:00:00Z ]
}

@test "a tool lent twice and synced both ways leaves the same conflict record on both copies" {
	local drill cid
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	converge a a2
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z
	lend a2 "$drill" $L2 carol 2026-01-05T11:00:00Z
	at a2 mutu sync -q
	at a mutu sync -q
	converge a2 a
	[ "$(tree_of a)" = "$(tree_of a2)" ]
	conflicts_of a
	cid=$(jq -r .id <<<"$output")
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	[ "$(jq -r .record <<<"$output")" = $L2 ]
	[ "$(at a mutu show "$cid" --format json)" = "$(at a2 mutu show "$cid" --format json)" ]
	[ "$(at a mutu show "$cid" --format json | jq -r .status)" = open ]
}

@test "two copies that each merge the same loans write the same conflict record" {
	local drill side
	commons
	side=$(new_bare_side)
	drill=$(at a mutu offer add --title Drill --kind tool)
	converge a a2
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z
	lend a2 "$drill" $L2 carol 2026-01-05T11:00:00Z
	at a mutu sync -q                               # the remote has L1
	gitas alice -C a2 push -q "$side" HEAD:main     # L2, elsewhere
	at a mutu sync "$side" --no-push -q             # a merges L2 in
	at a2 mutu sync -q                              # a2 merges L1 in, apart
	[ "$(git -C a rev-parse HEAD)" != "$(git -C a2 rev-parse HEAD)" ]
	[ "$(tree_of a)" = "$(tree_of a2)" ]
	conflicts_of a
	local on_a=$output
	conflicts_of a2
	[ "$output" = "$on_a" ]
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	# and when the two merges meet, nothing new is found
	at a mutu sync -q
	conflicts_of a
	[ "$(jq -s length <<<"$output")" -eq 1 ]
}

# new_bare_side: a second bare repository, for a copy to push to apart
new_bare_side() {
	git init -q --bare "$BATS_TEST_TMPDIR/side.git" && echo "$BATS_TEST_TMPDIR/side.git"
}

@test "plain git pull finds a tool lent twice as sync does" {
	local drill
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	converge a a2
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z
	lend a2 "$drill" $L2 carol 2026-01-05T11:00:00Z
	at a mutu sync -q
	cp -r a2 a3
	at a3 mutu sync --no-push -q
	run gitas alice -C a2 pull -q --no-rebase origin main
	[ "$status" -eq 0 ]
	[ "$(tree_of a2)" = "$(tree_of a3)" ]
	[ -z "$(git -C a2 status --porcelain)" ]
	conflicts_of a2
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	[ "$(jq -r .check <<<"$output")" = lent-twice ]
}

@test "a loan made on one clone only is no conflict" {
	local drill
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	converge a a2
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z
	at a2 mutu offer add --title Saw --kind tool -q   # a real merge, not a fast-forward
	at a mutu sync -q
	run at a2 mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" != *found* ]]
	converge a a2
	conflicts_of a
	[ -z "$output" ]
	[ -f "a2/loans/$drill/$L1.yaml" ]
}

@test "a loan returned on its clone before the other clone lent the tool is no conflict" {
	local drill
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	converge a a2
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z returned
	lend a2 "$drill" $L2 carol 2026-01-05T11:00:00Z
	converge a a2
	conflicts_of a
	[ -z "$output" ]
}

@test "bookings of one space that overlap, made on two clones, are one conflict about the later" {
	local room
	commons
	room=$(at a mutu offer add --title "Meeting room" --kind space)
	converge a b c
	book b bob "$room" $L1 2026-03-01T10:00:00Z 2026-03-01T12:00:00Z 2026-01-05T10:00:00Z
	book c carol "$room" $L2 2026-03-01T11:00:00Z 2026-03-01T13:00:00Z 2026-01-05T11:00:00Z
	at b mutu sync -q
	run at c mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" == *$'found\tbooking\t'$L2$'\tbooking-overlap\t'* ]]
	converge b c
	[ "$(tree_of b)" = "$(tree_of c)" ]
	conflicts_of b
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	[ "$(jq -r .record_type <<<"$output")" = booking ]
	[ "$(jq -r .record <<<"$output")" = $L2 ]
	[ "$(jq -r .detail <<<"$output")" = "offer $room: booking $L1 by bob from 2026-03-01T10:00:00Z to 2026-03-01T12:00:00Z and booking $L2 by carol from 2026-03-01T11:00:00Z to 2026-03-01T13:00:00Z; buffer 0 minutes" ]
}

@test "bookings that only touch are no conflict when the rules keep no buffer" {
	local room
	commons
	room=$(at a mutu offer add --title "Meeting room" --kind space)
	converge a b c
	book b bob "$room" $L1 2026-03-01T10:00:00Z 2026-03-01T12:00:00Z 2026-01-05T10:00:00Z
	book c carol "$room" $L2 2026-03-01T12:00:00Z 2026-03-01T13:00:00Z 2026-01-05T11:00:00Z
	converge b c
	conflicts_of c
	[ -z "$output" ]
}

@test "with a buffer in rules.yaml, adjacent bookings made on two clones are a conflict" {
	local room rules
	rules=$(rules_with_buffer 30)
	commons --rules "$rules"
	room=$(at a mutu offer add --title "Meeting room" --kind space)
	converge a b c
	book b bob "$room" $L1 2026-03-01T10:00:00Z 2026-03-01T12:00:00Z 2026-01-05T10:00:00Z
	book c carol "$room" $L2 2026-03-01T12:00:00Z 2026-03-01T13:00:00Z 2026-01-05T11:00:00Z
	# thirty minutes after carol's: far enough
	book b bob "$room" cccccccccccc 2026-03-01T13:30:00Z 2026-03-01T14:00:00Z 2026-01-05T12:00:00Z
	converge b c
	conflicts_of c
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	[ "$(jq -r .record <<<"$output")" = $L2 ]
	[[ "$(jq -r .detail <<<"$output")" == *"; buffer 30 minutes" ]]
}

@test "an event of one place joined on two clones is one conflict: the later joiner waits" {
	local ev=ev3k9m2xh4ta
	commons
	event a $ev 1
	converge a b c
	join b bob $ev 2026-01-05T10:00:00Z
	join c carol $ev 2026-01-05T11:00:00Z
	at b mutu sync -q
	run at c mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" == *$'found\tattendee\tcarol\tevent-capacity\t'* ]]
	converge b c
	[ "$(tree_of b)" = "$(tree_of c)" ]
	conflicts_of b
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	[ "$(jq -r .record_type <<<"$output")" = attendee ]
	[ "$(jq -r .record <<<"$output")" = carol ]
	[ "$(jq -r .path <<<"$output")" = "attendees/$ev/carol.yaml" ]
	[ "$(jq -r .detail <<<"$output")" = "offer $ev: capacity 1; carol joined 2026-01-05T11:00:00Z, now number 1 in line" ]
}

@test "an event with a place for each joiner is no conflict" {
	local ev=ev3k9m2xh4ta
	commons
	event a $ev 2
	converge a b c
	join b bob $ev 2026-01-05T10:00:00Z
	join c carol $ev 2026-01-05T11:00:00Z
	converge b c
	conflicts_of b
	[ -z "$output" ]
}

@test "a conflict a check found is acknowledged with --keep ours, and stays settled" {
	local drill cid
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	converge a a2
	lend a "$drill" $L1 bob 2026-01-05T10:00:00Z
	lend a2 "$drill" $L2 carol 2026-01-05T11:00:00Z
	converge a a2
	conflicts_of a
	cid=$(jq -r .id <<<"$output")
	run at a mutu conflicts resolve "$cid" --keep ours
	[ "$status" -eq 0 ]
	converge a a2
	conflicts_of a2
	[ -z "$output" ]
}

@test "a loan whose offer field lies and a booking with no time in it break nothing" {
	local drill room
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	room=$(at a mutu offer add --title "Meeting room" --kind space)
	converge a a2 c
	# on the copy that merges, where no audit stands in the way: a loan
	# under the drill that says it lends another offer, and a booking
	# of the room whose start is no time
	put a alice "loans/$drill/$L1.yaml" <<-EOF
		id: $L1
		type: loan
		offer: zzzzzzzzzzzz
		lender: alice
		borrower: bob
		status: out
		created: "2026-01-05T10:00:00Z"
		updated: "2026-01-05T10:00:00Z"
		due: "2026-02-01T00:00:00Z"
		renewals: 0
	EOF
	book a alice "$room" cccccccccccc tomorrow 2026-03-01T12:00:00Z 2026-01-05T10:00:00Z
	book a alice "$room" dddddddddddd 2026-03-01T12:00:00Z 2026-03-01T10:00:00Z 2026-01-05T10:00:00Z
	lend a2 "$drill" $L2 carol 2026-01-05T11:00:00Z
	book c carol "$room" $L2 2026-03-01T09:00:00Z 2026-03-01T13:00:00Z 2026-01-05T11:00:00Z
	at a2 mutu sync -q
	at c mutu sync -q
	run --separate-stderr at a mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" != *found* ]]
	conflicts_of a
	[ -z "$output" ]
}

@test "loans, bookings and sign-ups the commands made on two clones are found alike" {
	local drill room ev l2 b2
	commons
	drill=$(at a mutu offer add --title Drill --kind tool)
	room=$(at a mutu offer add --title "Meeting room" --kind space)
	ev=$(at a mutu offer add --kind event --title "Repair café" --start 2026-03-01T14:00:00Z --end 2026-03-01T18:00:00Z --capacity 1)
	converge a a2 b c
	MUTU_NOW=2026-01-05T10:00:00Z at a mutu offer lend "$drill" --to bob -q >/dev/null
	l2=$(MUTU_NOW=2026-01-05T11:00:00Z at a2 mutu offer lend "$drill" --to carol -q)
	MUTU_NOW=2026-01-05T10:00:00Z at b mutu offer book "$room" --from 2026-03-01T10:00:00Z --to 2026-03-01T12:00:00Z -q >/dev/null
	b2=$(MUTU_NOW=2026-01-05T11:00:00Z at c mutu offer book "$room" --from 2026-03-01T11:00:00Z --to 2026-03-01T13:00:00Z -q)
	MUTU_NOW=2026-01-05T10:00:00Z at b mutu offer join "$ev" -q
	MUTU_NOW=2026-01-05T11:00:00Z at c mutu offer join "$ev" -q
	converge a a2 b c
	[ "$(tree_of a)" = "$(tree_of c)" ]
	conflicts_of a
	[ "$(jq -s length <<<"$output")" -eq 3 ]
	[ "$(jq -r 'select(.check == "lent-twice") | .record' <<<"$output")" = "$l2" ]
	[ "$(jq -r 'select(.check == "booking-overlap") | .record' <<<"$output")" = "$b2" ]
	[ "$(jq -r 'select(.check == "event-capacity") | .record' <<<"$output")" = carol ]
}
