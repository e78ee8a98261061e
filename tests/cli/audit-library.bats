#!/usr/bin/env bats
# mutu-audit and the tool library: a season of loans, lines, bookings,
# events and the time bank made by mutu audits clean; what plain git lets
# a member forge instead is named with its rule, and refused by the guard
# of a shared remote and by mutu sync (caught). A loan is its offer's
# author's to write, fixed once lent and kept for ever; an exchange is its
# payer's, never changed nor taken back; a hold or an attendee is the file
# of the member it is named after.

load helper
load audit-helper

setup() {
	mutu_setup
	new_commons
	add_member bob "Bob Dupont"
	add_member carol "Carol Roy"
	remotes
}

# lend OFFER HANDLE: alice lends OFFER to HANDLE by mutu; prints the
# loan's path.
lend() {
	local loan
	loan=$(mutu offer lend "$1" --to "$2" 2>/dev/null) || fail "cannot lend $1 to $2"
	[ -f "loans/$1/$loan.yaml" ] || fail "no loans/$1/$loan.yaml"
	echo "loans/$1/$loan.yaml"
}

# pay HANDLE TO HOURS: HANDLE pays TO by mutu; prints the exchange's path.
pay() {
	local id
	id=$(MUTU_MEMBER=$1 mutu exchange add --to "$2" --hours "$3" --for "Help") ||
		fail "$1 cannot pay $2"
	record_path exchanges "$id"
}

# --- a season made by mutu ---

@test "a season of loans, lines, renewals, bookings, events and the time bank made by mutu audits clean, and the guard takes it" {
	local drill room party need booking
	drill=$(add_offer --title Drill --kind tool)
	room=$(add_offer --title Room --kind space)
	party=$(add_offer --title Party --kind event --start 2026-02-01T10:00:00Z \
		--end 2026-02-01T12:00:00Z --capacity 1)
	lend "$drill" bob >/dev/null
	MUTU_MEMBER=carol mutu offer hold "$drill" -q
	MUTU_MEMBER=carol mutu offer unhold "$drill" -q
	mutu offer renew "$drill" -q >/dev/null
	MUTU_MEMBER=carol mutu offer hold "$drill" -q
	mutu offer return "$drill" -q
	lend "$drill" carol >/dev/null
	booking=$(MUTU_MEMBER=bob mutu offer book "$room" --from 2026-01-10T10:00:00Z \
		--to 2026-01-10T12:00:00Z 2>/dev/null)
	MUTU_MEMBER=bob mutu offer unbook "$booking" -q
	MUTU_MEMBER=carol mutu offer book "$room" --from 2026-01-11T10:00:00Z \
		--to 2026-01-11T12:00:00Z -q >/dev/null
	MUTU_MEMBER=bob mutu offer join "$party" -q
	MUTU_MEMBER=carol mutu offer join "$party" -q
	MUTU_MEMBER=bob mutu offer leave "$party" -q
	pay bob alice 2 >/dev/null
	need=$(MUTU_MEMBER=carol add_need --title Ladder)
	MUTU_MEMBER=carol mutu need meet "$need" --by "$drill" --hours 1.5 -q
	[ "$(find loans -name '*.yaml' | wc -l)" -eq 2 ]
	[ -f "holds/$drill/carol.yaml" ]
	[ ! -e "attendees/$party/bob.yaml" ]
	[ -f "attendees/$party/carol.yaml" ]
	[ "$(find bookings -name '*.yaml' | wc -l)" -eq 1 ]
	[ "$(find exchanges -name '*.yaml' | wc -l)" -eq 2 ]
	audit_clean
	git push -q "$BATS_TEST_TMPDIR/guarded.git" HEAD:main
	[ "$(git -C "$BATS_TEST_TMPDIR/guarded.git" rev-parse main)" = "$(git rev-parse HEAD)" ]
}

# --- loans ---

@test "bob writes a loan of alice's offer by hand: not-owner" {
	local drill saw model f
	drill=$(add_offer --title Drill --kind tool)
	saw=$(add_offer --title Saw --kind tool)
	model=$(lend "$saw" carol)
	f=loans/$drill/abcdefghjk01.yaml
	mkdir -p "loans/$drill"
	sed "s/$saw/$drill/; s/^id: .*/id: abcdefghjk01/; s/^lender: alice\$/lender: bob/" "$model" >"$f"
	grep -qx 'lender: bob' "$f"
	gitas bob add "$f"
	gitas bob commit -qm "offer lend $drill to carol"
	caught not-owner "$(git rev-parse HEAD)" bob
	[[ $output == *"$f"* ]]
	[[ $output == *"only alice, its author, lends"* ]]
}

@test "the borrower marks their own loan returned: not-owner" {
	local drill f
	drill=$(add_offer --title Drill --kind tool)
	f=$(lend "$drill" bob)
	sed -i 's/^status: out$/status: returned/' "$f"
	grep -qx 'status: returned' "$f"
	gitas bob commit -qam "offer return $drill"
	caught not-owner "$(git rev-parse HEAD)" bob
	[[ $output == *"$f"* ]]
}

@test "the lender changes a loan's borrower: illegal-transition" {
	local drill f
	drill=$(add_offer --title Drill --kind tool)
	f=$(lend "$drill" bob)
	sed -i 's/^borrower: bob$/borrower: carol/' "$f"
	grep -qx 'borrower: carol' "$f"
	gitas alice commit -qam "loan to carol"
	caught illegal-transition "$(git rev-parse HEAD)" alice
	[[ $output == *"its borrower went from bob to carol"* ]]
}

@test "the lender changes a returned loan: illegal-transition" {
	local drill f
	drill=$(add_offer --title Drill --kind tool)
	f=$(lend "$drill" bob)
	mutu offer return "$drill" -q
	sed -i 's/^due: .*/due: "2026-03-01T00:00:00Z"/' "$f"
	grep -qx 'status: returned' "$f"
	gitas alice commit -qam "due later"
	audit_finds illegal-transition "$(git rev-parse HEAD)" alice
	[[ $output == *"a returned loan never changes"* ]]
}

@test "the lender removes a loan: illegal-transition" {
	local drill f
	drill=$(add_offer --title Drill --kind tool)
	f=$(lend "$drill" bob)
	gitas alice rm -q "$f"
	gitas alice commit -qm "forget the loan"
	caught illegal-transition "$(git rev-parse HEAD)" alice
	[[ $output == *"$f"* ]]
}

# --- the time bank ---

@test "the payer edits an exchange to pay less: illegal-transition" {
	local f
	f=$(pay bob alice 2)
	sed -i 's/^  minutes: 120$/  minutes: 60/' "$f"
	grep -qx '  minutes: 60' "$f"
	gitas bob commit -qam "pay less"
	caught illegal-transition "$(git rev-parse HEAD)" bob
	[[ $output == *"$f"* ]]
}

@test "the payer removes an exchange: illegal-transition" {
	local f
	f=$(pay bob alice 2)
	gitas bob rm -q "$f"
	gitas bob commit -qm "take it back"
	caught illegal-transition "$(git rev-parse HEAD)" bob
	[[ $output == *"$f"* ]]
}

@test "bob writes an exchange that alice pays him: not-owner" {
	local model f new=abcdefghjk02
	model=$(pay bob alice 2)
	f=$(record_path exchanges "$new")
	mkdir -p "$(dirname "$f")"
	sed "s/^id: .*/id: $new/; s/^payer: bob\$/payer: alice/; s/^- to: alice\$/- to: bob/" "$model" >"$f"
	grep -qx 'payer: alice' "$f"
	grep -qx -- '- to: bob' "$f"
	gitas bob add "$f"
	gitas bob commit -qm "exchange add $new"
	caught not-owner "$(git rev-parse HEAD)" bob
	[[ $output == *"$f"* ]]
}

# --- holds and attendees ---

@test "carol puts bob in line by writing his hold file: not-owner" {
	local drill f
	drill=$(add_offer --title Drill --kind tool)
	lend "$drill" carol >/dev/null
	f=holds/$drill/bob.yaml
	mkdir -p "holds/$drill"
	printf 'type: hold\noffer: %s\nmember: bob\ncreated: "%s"\n' "$drill" "$MUTU_NOW" >"$f"
	gitas carol add "$f"
	gitas carol commit -qm "offer hold $drill"
	caught not-owner "$(git rev-parse HEAD)" carol
	[[ $output == *"$f"* ]]
}

@test "a hold file named after another member, saying it is one's own: not-owner and schema" {
	local drill f
	drill=$(add_offer --title Drill --kind tool)
	lend "$drill" carol >/dev/null
	f=holds/$drill/bob.yaml
	mkdir -p "holds/$drill"
	printf 'type: hold\noffer: %s\nmember: carol\ncreated: "%s"\n' "$drill" "$MUTU_NOW" >"$f"
	gitas carol add "$f"
	gitas carol commit -qm "offer hold $drill"
	caught not-owner "$(git rev-parse HEAD)" carol
	awk -F'\t' '$4 == "schema" { f = 1 } END { exit !f }' <<<"$output"
}

@test "carol takes bob out of the line by removing his hold: not-owner" {
	local drill
	drill=$(add_offer --title Drill --kind tool)
	lend "$drill" carol >/dev/null
	MUTU_MEMBER=bob mutu offer hold "$drill" -q
	gitas carol rm -q "holds/$drill/bob.yaml"
	gitas carol commit -qm "offer unhold $drill"
	audit_finds not-owner "$(git rev-parse HEAD)" carol
}

@test "carol takes bob's place at an event by removing his attendee file: not-owner" {
	local party
	party=$(add_offer --title Party --kind event --start 2026-02-01T10:00:00Z \
		--end 2026-02-01T12:00:00Z --capacity 1)
	MUTU_MEMBER=bob mutu offer join "$party" -q
	MUTU_MEMBER=carol mutu offer join "$party" -q
	gitas carol rm -q "attendees/$party/bob.yaml"
	gitas carol commit -qm "offer leave $party"
	audit_finds not-owner "$(git rev-parse HEAD)" carol
}
