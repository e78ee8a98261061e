#!/usr/bin/env bats
# The time bank: mutu exchange add (the acting member pays others hours
# for help received, kept as whole minutes), mutu member balance (derived
# from every exchange, never stored), mutu need meet (a need closed and
# its helper paid, in one commit).

load helper

setup() {
	mutu_setup
	need_yq
	new_commons
	add_member bob "Bob Dupont"
	add_member carol "Carol Petit"
}

# The exchange a command printed, as one line of JSON read by yq (not mutu).
exchange_json() {
	mutu show "$1" --format yaml | yq -c . || fail "cannot read exchange $1"
}

# The movements of exchange $1, as compact JSON.
movements() {
	exchange_json "$1" | jq -c .movements
}

# sum_column N: the sum of the Nth tab-separated field of $output, to two
# decimals (the balances are hours, each exact to the hundredth here).
sum_column() {
	awk -F '\t' -v n="$1" '{ s += $n } END { printf "%.2f\n", s }' <<<"$output"
}

# The files the tip commit touched, one a line, sorted.
files_of_head() {
	git show --format= --name-only HEAD | LC_ALL=C sort
}

# --- exchange add ---

@test "exchange add prints the new exchange's id and commits it alone as exchange.add" {
	local before id
	before=$(commit_count)
	run -0 --separate-stderr mutu exchange add --to bob --hours 2 --for "Garden help"
	[[ $output =~ ^[0-9a-z]{12}$ ]]
	[ -z "$stderr" ]
	id=$output
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = exchange.add ]
	[ "$(trailer Mutu-Record)" = "$(record_path exchanges "$id")" ]
	[ "$(files_of_head)" = "$(record_path exchanges "$id")" ]
	[ "$(git log -1 --format=%s)" = "exchange add ${id:0:8}: Garden help" ]
	[ -f "$(record_path exchanges "$id")" ]
	assert_clean
}

@test "an exchange records its payer, when, for what, and each movement in whole minutes" {
	local id
	id=$(mutu exchange add --to bob --hours 2.5 --for "Garden help")
	run -0 exchange_json "$id"
	[ "$(jq -r .id <<<"$output")" = "$id" ]
	[ "$(jq -r .type <<<"$output")" = exchange ]
	[ "$(jq -r .payer <<<"$output")" = alice ]
	[ "$(jq -r .created <<<"$output")" = "$T0" ]
	[ "$(jq -r .for <<<"$output")" = "Garden help" ]
	[ "$(jq -c .movements <<<"$output")" = '[{"to":"bob","minutes":150}]' ]
	[ "$(jq -r '.movements[0].minutes | type' <<<"$output")" = number ]
}

@test "several --to make ONE exchange with one movement each, each paid N hours" {
	local before id
	before=$(commit_count)
	id=$(mutu exchange add --to bob --to carol --hours 1.5 --for "Moving day")
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(files_of_head)" = "$(record_path exchanges "$id")" ]
	[ "$(movements "$id")" = '[{"to":"bob","minutes":90},{"to":"carol","minutes":90}]' ]
	[ "$(mutu exchange list --format ids)" = "$id" ]
	run -0 mutu member balance alice
	[ "$output" = "alice	-3	0	3	1	-180" ]
	run -0 mutu member balance bob
	[ "$output" = "bob	1.5	1.5	0	1	90" ]
	run -0 mutu member balance carol
	[ "$output" = "carol	1.5	1.5	0	1	90" ]
}

@test "--hours 1,5 (a decimal comma) is 1.5 hours: 90 minutes" {
	local id
	id=$(mutu exchange add --to bob --hours 1,5)
	[ "$(movements "$id")" = '[{"to":"bob","minutes":90}]' ]
}

@test "--hours takes quarters and tenths of an hour as whole minutes" {
	local a b c
	a=$(mutu exchange add --to bob --hours 0.25)
	b=$(mutu exchange add --to bob --hours 0.1)
	c=$(mutu exchange add --to bob --hours 0,75)
	[ "$(movements "$a")" = '[{"to":"bob","minutes":15}]' ]
	[ "$(movements "$b")" = '[{"to":"bob","minutes":6}]' ]
	[ "$(movements "$c")" = '[{"to":"bob","minutes":45}]' ]
}

@test "--hours 10000, the most one movement may hold, is 600000 minutes" {
	local id
	id=$(mutu exchange add --to bob --hours 10000)
	[ "$(movements "$id")" = '[{"to":"bob","minutes":600000}]' ]
}

@test "--need records the need the exchange answered, by its full id, and leaves the need open" {
	local need id
	need=$(add_need --title "Help with the garden")
	id=$(mutu exchange add --to bob --hours 1 --need "${need:0:6}")
	[ "$(exchange_json "$id" | jq -r .need)" = "$need" ]
	[ "$(mutu show "$need" --format yaml | yq -r .status)" = open ]
}

@test "only the payer's hours are given away: the acting member pays and authors the commit" {
	local id
	id=$(MUTU_MEMBER=bob mutu exchange add --to carol --hours 2)
	[ "$(exchange_json "$id" | jq -r .payer)" = bob ]
	[ "$(git log -1 --format=%ae)" = bob@example.org ]
	[ "$(git log -1 --format=%an)" = "Bob Dupont" ]
	run -0 mutu member balance bob
	[ "$output" = "bob	-2	0	2	1	-120" ]
	run -0 mutu member balance alice
	[ "$output" = "alice	0	0	0	0	0" ]
}

@test "there is no option to pay from someone else's hours (2), nothing changed" {
	refuses 2 'from' mutu exchange add --from bob --to carol --hours 1
	refuses 2 'payer' mutu exchange add --payer bob --to carol --hours 1
}

@test "exchange list prints one tsv line per exchange: id payer created flows need offer for" {
	local need a b
	need=$(add_need --title "Moving")
	a=$(mutu exchange add --to bob --to carol --hours 2 --for "Moving day" --need "$need")
	b=$(MUTU_MEMBER=bob mutu exchange add --to carol --hours 0.5)
	run -0 --separate-stderr mutu exchange list
	[ "${#lines[@]}" -eq 2 ]
	[[ $output == *"$a	alice	$T0	bob:120,carol:120	$need		Moving day"* ]]
	[[ $output == *"$b	bob	$T0	carol:30			"* ]]
}

@test "exchange show prints what list prints, the movements included" {
	local a
	a=$(mutu exchange add --to bob --to carol --hours 2 --for "Moving day")
	run -0 mutu exchange list
	local listed=$output
	run -0 --separate-stderr mutu exchange show "${a:0:6}"
	[ "$output" = "$listed" ]
	[ "$(cut -f4 <<<"$output")" = "bob:120,carol:120" ]
}

@test "exchange list --format json is the whole record, movements in minutes" {
	local a
	a=$(mutu exchange add --to bob --hours 1.5 --for "Garden")
	run -0 mutu exchange list --format json
	[ "$(jq -c . <<<"$output")" = "{\"id\":\"$a\",\"type\":\"exchange\",\"payer\":\"alice\",\"created\":\"$T0\",\"movements\":[{\"to\":\"bob\",\"minutes\":90}],\"for\":\"Garden\"}" ]
}

# --- exchange add: bad input, each refused in one line, nothing changed ---

@test "paying oneself is refused (65), alone or among others" {
	refuses 65 'alice cannot pay themselves' mutu exchange add --to alice --hours 1
	refuses 65 'alice cannot pay themselves' mutu exchange add --to bob --to alice --hours 1
}

@test "hours that are not a positive number are refused (65)" {
	refuses 65 "not '0'" mutu exchange add --to bob --hours 0
	refuses 65 "not '0.0'" mutu exchange add --to bob --hours 0.0
	refuses 65 "not '-1'" mutu exchange add --to bob --hours -1
	refuses 65 "not '-1'" mutu exchange add --to bob --hours=-1
	refuses 65 "not 'abc'" mutu exchange add --to bob --hours abc
	refuses 65 "not '1e3'" mutu exchange add --to bob --hours 1e3
	refuses 65 "not '\\+1'" mutu exchange add --to bob --hours +1
	refuses 65 "not '0x10'" mutu exchange add --to bob --hours 0x10
	refuses 65 "not ' 1'" mutu exchange add --to bob --hours ' 1'
	refuses 65 "not '1 '" mutu exchange add --to bob --hours '1 '
	refuses 65 "not '1h'" mutu exchange add --to bob --hours 1h
	refuses 65 "not '1\\.5\\.2'" mutu exchange add --to bob --hours 1.5.2
	refuses 65 "not '\\.5'" mutu exchange add --to bob --hours .5
	refuses 65 "not ''" mutu exchange add --to bob --hours ''
}

@test "hours with a dot and no digit after it ('1.') are refused (65), as '.5' is" {
	refuses 65 "'1\\.'" mutu exchange add --to bob --hours 1.
	refuses 65 "'1,'" mutu exchange add --to bob --hours 1,
}

@test "hours that are not a whole number of minutes are refused (65)" {
	refuses 65 "--hours 0\\.33 is not a whole number of minutes" mutu exchange add --to bob --hours 0.33
	refuses 65 "--hours 0\\.01 is not a whole number of minutes" mutu exchange add --to bob --hours 0.01
	refuses 65 "--hours 1,005 is not a whole number of minutes" mutu exchange add --to bob --hours 1,005
}

@test "more than 10000 hours in one movement is refused (65)" {
	refuses 65 '--hours 10001: a movement holds at most 10000 hours' mutu exchange add --to bob --hours 10001
	refuses 65 '--hours 10000\.5: a movement holds at most' mutu exchange add --to bob --hours 10000.5
	refuses 65 "99999999999" mutu exchange add --to bob --hours 99999999999
	refuses 65 "9223372036854775808" mutu exchange add --to bob --hours 9223372036854775808
}

@test "paying a member the commons does not know is refused (66)" {
	refuses 66 "no member 'zed'" mutu exchange add --to zed --hours 1
	refuses 66 "no member 'zed'" mutu exchange add --to bob --to zed --hours 1
}

@test "paying a malformed handle is refused (65)" {
	refuses 65 "malformed handle 'Bob'" mutu exchange add --to Bob --hours 1
	refuses 65 "malformed handle" mutu exchange add --to ../members/bob --hours 1
}

@test "paying a member who left is refused (65)" {
	MUTU_MEMBER=carol mutu member leave carol -q
	refuses 65 'carol has left' mutu exchange add --to carol --hours 1
	refuses 65 'carol has left' mutu exchange add --to bob --to carol --hours 1
}

@test "a member who left pays no one (77)" {
	MUTU_MEMBER=carol mutu member leave carol -q
	MUTU_MEMBER=carol refuses 77 'carol left the commons' mutu exchange add --to bob --hours 1
}

@test "an unknown acting member pays no one (77)" {
	MUTU_MEMBER=zed refuses 77 'zed' mutu exchange add --to bob --hours 1
}

@test "the same member twice in one exchange is refused (65)" {
	refuses 65 'bob is paid twice in one exchange' mutu exchange add --to bob --to bob --hours 1
	refuses 65 'bob is paid twice in one exchange' mutu exchange add --to bob --to carol --to bob --hours 1
}

@test "--to or --hours missing is a usage error (2)" {
	refuses 2 'required' mutu exchange add --hours 1
	refuses 2 'required' mutu exchange add --to bob
	refuses 2 'required' mutu exchange add
	refuses 2 "unexpected argument 'bob'" mutu exchange add bob --to carol --hours 1
}

@test "--need naming no need is refused (66)" {
	refuses 66 'no need with id zzzzzzzzzzzz' mutu exchange add --to bob --hours 1 --need zzzzzzzzzzzz
	refuses 66 'no need' mutu exchange add --to bob --hours 1 --need abcd
}

@test "--for with a control or bidi character is refused (65)" {
	refuses 65 "'for' may not hold" mutu exchange add --to bob --hours 1 --for "$(printf 'a\nb')"
	refuses 65 "'for' may not hold" mutu exchange add --to bob --hours 1 --for "$(printf 'a\342\200\256b')"
}

# --- member balance ---

# Four exchanges whose balances are known:
#   alice pays bob 2            alice -2     bob +2
#   bob pays carol 1.5                       bob -1.5   carol +1.5
#   carol pays alice, bob 0.25  alice +0.25  bob +0.25  carol -0.5
#   alice pays carol 3          alice -3                carol +3
#   balance                     -4.75        0.75       4
setup_exchanges() {
	mutu exchange add --to bob --hours 2 -q >/dev/null || fail "exchange 1"
	MUTU_MEMBER=bob mutu exchange add --to carol --hours 1.5 -q >/dev/null || fail "exchange 2"
	MUTU_MEMBER=carol mutu exchange add --to alice --to bob --hours 0.25 -q >/dev/null || fail "exchange 3"
	mutu exchange add --to carol --hours 3 -q >/dev/null || fail "exchange 4"
}

@test "balance sums every exchange: handle, balance, received, paid, exchanges, minutes (tsv)" {
	setup_exchanges
	run -0 --separate-stderr mutu member balance
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "alice	-4.75	0.25	5	3	-285" ]
	[ "${lines[1]}" = "bob	0.75	2.25	1.5	3	45" ]
	[ "${lines[2]}" = "carol	4	4.5	0.5	3	240" ]
	[ -z "$stderr" ]
}

@test "the balances of the whole commons total zero, and so received equals paid" {
	setup_exchanges
	MUTU_MEMBER=bob mutu exchange add --to alice --to carol --hours 7.5 >/dev/null
	run -0 mutu member balance --format tsv
	[ "${#lines[@]}" -eq 3 ]
	[ "$(sum_column 2)" = 0.00 ]
	[ "$(sum_column 3)" = "$(sum_column 4)" ]
	[ "$(sum_column 3)" = 22.00 ]
}

@test "balance --format tsv is the same as the default on a pipe" {
	setup_exchanges
	run -0 mutu member balance --format tsv
	[ "${lines[0]}" = "alice	-4.75	0.25	5	3	-285" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "balance --format json prints one object a line, numbers in hours" {
	setup_exchanges
	run -0 --separate-stderr mutu member balance --format json
	[ "${#lines[@]}" -eq 3 ]
	jq -e . <<<"${lines[0]}" >/dev/null
	[ "$(jq -c . <<<"${lines[0]}")" = '{"handle":"alice","balance":-4.75,"received":0.25,"paid":5,"exchanges":3,"minutes":-285}' ]
	[ "$(jq -c . <<<"${lines[1]}")" = '{"handle":"bob","balance":0.75,"received":2.25,"paid":1.5,"exchanges":3,"minutes":45}' ]
	[ "$(jq -c . <<<"${lines[2]}")" = '{"handle":"carol","balance":4,"received":4.5,"paid":0.5,"exchanges":3,"minutes":240}' ]
	[ "$(jq -s 'map(.balance) | add' <<<"$output")" = 0 ]
	[ "$(jq -s 'map(.minutes) | add' <<<"$output")" = 0 ]
}

@test "balance --format table has a heading and one row per member" {
	setup_exchanges
	run -0 --separate-stderr mutu member balance --format table
	[ "${#lines[@]}" -eq 4 ]
	[[ ${lines[0]} =~ ^HANDLE\ +BALANCE\ +RECEIVED\ +PAID\ +EXCHANGES$ ]]
	[[ ${lines[1]} =~ ^alice\ +-4\.75\ +0\.25\ +5\ +3$ ]]
	[[ ${lines[2]} =~ ^bob\ +0\.75\ +2\.25\ +1\.5\ +3$ ]]
	[[ ${lines[3]} =~ ^carol\ +4\ +4\.5\ +0\.5\ +3$ ]]
}

@test "balance --format yaml reads back as documents, one per member" {
	setup_exchanges
	run -0 --separate-stderr mutu member balance --format yaml
	[ "$(yq -c . <<<"$output" | jq -sc 'map(.handle)')" = '["alice","bob","carol"]' ]
	[ "$(yq -c . <<<"$output" | jq -sc 'map(.balance)')" = '[-4.75,0.75,4]' ]
}

@test "balance --format ids lists the handles of those who took part" {
	setup_exchanges
	run -0 --separate-stderr mutu member balance --format ids
	[ "$output" = "$(printf 'alice\nbob\ncarol')" ]
}

@test "balance --format json for one member is that member's object" {
	setup_exchanges
	run -0 --separate-stderr mutu member balance bob --format json
	[ "$(jq -c . <<<"$output")" = '{"handle":"bob","balance":0.75,"received":2.25,"paid":1.5,"exchanges":3,"minutes":45}' ]
}

@test "balance HANDLE prints that member's line alone" {
	setup_exchanges
	run -0 --separate-stderr mutu member balance bob
	[ "$output" = "bob	0.75	2.25	1.5	3	45" ]
	[ -z "$stderr" ]
}

@test "a member who never took part has a balance of 0 (exit 0) and is not in the whole list" {
	setup_exchanges
	add_member dave
	run -0 --separate-stderr mutu member balance dave
	[ "$output" = "dave	0	0	0	0	0" ]
	run -0 mutu member balance
	[ "$(cut -f1 <<<"$output")" = "$(printf 'alice\nbob\ncarol')" ]
}

@test "balance of a member the commons does not know is refused (66); a malformed handle (65)" {
	setup_exchanges
	refuses 66 "no member 'zed'" mutu member balance zed
	refuses 65 "malformed handle 'Zed'" mutu member balance Zed
}

@test "balance of two members at once is a usage error (2)" {
	refuses 2 'one member at a time' mutu member balance alice bob
}

@test "a member who left keeps the balance the exchanges give them" {
	setup_exchanges
	MUTU_MEMBER=carol mutu member leave carol -q
	run -0 mutu member balance carol
	[ "$output" = "carol	4	4.5	0.5	3	240" ]
}

@test "balance with no exchange yet lists no one and exits 1, like an empty list" {
	run -1 --separate-stderr mutu member balance
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "balance needs no acting member" {
	setup_exchanges
	run -0 env MUTU_MEMBER=nobody mutu member balance bob
	[ "$output" = "bob	0.75	2.25	1.5	3	45" ]
}

@test "balance never writes: the commons is the same after it" {
	setup_exchanges
	snapshot
	run -0 mutu member balance
	run -0 mutu member balance bob
	assert_unchanged
}

@test "a third of an hour, in an exchange committed by hand, is shown rounded to the hundredth" {
	mkdir -p exchanges/ab
	printf '%s\n' 'id: abcdefghjkmn' 'type: exchange' 'payer: alice' "created: \"$T0\"" \
		'movements:' '- to: bob' '  minutes: 20' '- to: carol' '  minutes: 40' >exchanges/ab/abcdefghjkmn.yaml
	gitc add exchanges
	gitc commit -qm "an exchange by hand"
	run -0 mutu member balance
	[ "${lines[0]}" = "alice	-1	0	1	1	-60" ]
	[ "${lines[1]}" = "bob	0.33	0.33	0	1	20" ]
	[ "${lines[2]}" = "carol	0.67	0.67	0	1	40" ]
}

# --- need meet ---

# A need of alice's and an offer of bob's that meets it.
setup_meet() {
	NEED=$(add_need --title "Need a drill" --kind tool)
	OFFER=$(MUTU_MEMBER=bob add_offer --title "Drill" --kind tool)
}

@test "need meet --hours prints the exchange, closes the need and pays the offer's author, in one commit" {
	local before ex
	setup_meet
	before=$(commit_count)
	run -0 --separate-stderr mutu need meet "$NEED" --by "$OFFER" --hours 2
	[[ $output =~ ^[0-9a-z]{12}$ ]]
	ex=$output
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(trailer Mutu-Action)" = need.meet ]
	[ "$(files_of_head)" = "$(printf '%s\n%s' "$(record_path exchanges "$ex")" "$(record_path needs "$NEED")")" ]
	[ "$(git log -1 --format=%ae)" = alice@example.org ]
	[ "$(mutu show "$NEED" --format yaml | yq -r .status)" = closed ]
	[ "$(mutu show "$NEED" --format yaml | yq -r .closed_reason)" = "met by offer ${OFFER:0:8} of bob" ]
	[ "$(exchange_json "$ex" | jq -r .for)" = "Need a drill" ]
	[ "$(exchange_json "$ex" | jq -r .payer)" = alice ]
	[ "$(exchange_json "$ex" | jq -r .need)" = "$NEED" ]
	[ "$(exchange_json "$ex" | jq -r .offer)" = "$OFFER" ]
	[ "$(movements "$ex")" = '[{"to":"bob","minutes":120}]' ]
	assert_clean
}

@test "need meet --hours moves the balances: the need's author pays, the offer's author receives" {
	setup_meet
	mutu need meet "$NEED" --by "$OFFER" --hours 1,5 >/dev/null
	run -0 mutu member balance alice
	[ "$output" = "alice	-1.5	0	1.5	1	-90" ]
	run -0 mutu member balance bob
	[ "$output" = "bob	1.5	1.5	0	1	90" ]
}

@test "need meet without --hours records the help with a movement of 0 minutes: balances do not move" {
	local ex
	setup_meet
	ex=$(mutu need meet "$NEED" --by "${OFFER:0:6}")
	[ "$(movements "$ex")" = '[{"to":"bob","minutes":0}]' ]
	[ "$(mutu show "$NEED" --format yaml | yq -r .status)" = closed ]
	run -0 mutu member balance alice
	[ "$output" = "alice	0	0	0	1	0" ]
	run -0 mutu member balance bob
	[ "$output" = "bob	0	0	0	1	0" ]
}

@test "need meet by someone who is not the need's author is refused (77)" {
	setup_meet
	MUTU_MEMBER=carol refuses 77 'only alice, the author, can meet need' mutu need meet "$NEED" --by "$OFFER" --hours 1
	MUTU_MEMBER=bob refuses 77 'only alice, the author, can meet need' mutu need meet "$NEED" --by "$OFFER"
}

@test "need meet of a closed need is refused (65)" {
	setup_meet
	mutu need meet "$NEED" --by "$OFFER" --hours 1 >/dev/null
	refuses 65 'is not open' mutu need meet "$NEED" --by "$OFFER" --hours 1
}

@test "need meet of a need closed by hand is refused (65)" {
	setup_meet
	mutu need close "$NEED" -q
	refuses 65 'is not open' mutu need meet "$NEED" --by "$OFFER"
}

@test "need meet by an offer of one's own is refused (65)" {
	local mine
	setup_meet
	mine=$(add_offer --title "My own drill")
	refuses 65 'is yours' mutu need meet "$NEED" --by "$mine" --hours 1
	refuses 65 'is yours' mutu need meet "$NEED" --by "$mine"
}

@test "need meet by an offer whose author left is refused (65)" {
	setup_meet
	MUTU_MEMBER=bob mutu member leave bob -q
	refuses 65 'bob has left' mutu need meet "$NEED" --by "$OFFER" --hours 1
}

@test "need meet with bad --hours is refused (65)" {
	setup_meet
	refuses 65 "not '0'" mutu need meet "$NEED" --by "$OFFER" --hours 0
	refuses 65 "not 'abc'" mutu need meet "$NEED" --by "$OFFER" --hours abc
	refuses 65 "not a whole number of minutes" mutu need meet "$NEED" --by "$OFFER" --hours 0.33
	refuses 65 'a movement holds at most 10000 hours' mutu need meet "$NEED" --by "$OFFER" --hours 10001
}

@test "need meet without --by or without a need is a usage error (2)" {
	setup_meet
	refuses 2 '--by is required' mutu need meet "$NEED"
	refuses 2 'which need' mutu need meet --by "$OFFER"
	refuses 2 'one need at a time' mutu need meet "$NEED" "$NEED" --by "$OFFER"
}

@test "need meet naming no offer or no need is refused (66)" {
	setup_meet
	refuses 66 'no offer with id zzzzzzzzzzzz' mutu need meet "$NEED" --by zzzzzzzzzzzz
	refuses 66 'no need' mutu need meet zzzzzzzzzzzz --by "$OFFER"
	refuses 66 'no offer' mutu need meet "$NEED" --by "$NEED"
}
