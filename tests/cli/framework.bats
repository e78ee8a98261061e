#!/usr/bin/env bats
# What every command shares, shown to behave alike in every one of them:
# mutu (the dispatcher), mutu-init, mutu-offer, mutu-need, mutu-member and
# mutu-show. --help and --version; unknown options; verbs and `help`; the
# common options -q, -C DIR and --format before or after the verb; whole
# numbers and choices (the kinds from the schema); show with several ids
# and --stdin; the exit codes of mutu(7); MUTU_DIR, MUTU_NOW, MUTU_MEMBER.

load helper

setup() {
	mutu_setup
}

COMMANDS="mutu mutu-init mutu-offer mutu-need mutu-member mutu-show"

# The commands with verbs, and their verbs.
VERB_COMMANDS="mutu-offer mutu-need mutu-member"
verbs_of() {
	case $1 in
	mutu-offer | mutu-need) echo add list show edit close reopen ;;
	mutu-member) echo add list show ;;
	*) fail "no verbs for $1" ;;
	esac
}

# The commands the dispatcher knows.
DISPATCHED="init member offer need show"

SCHEMA_DIR="$BATS_TEST_DIRNAME/../../schema"

# The kinds schema/TYPE.json allows, as mutu lists them: "a, b, c".
schema_kinds() {
	need_tool jq
	jq -r '[.. | objects | select(has("enum")) | select(.enum | index("tool")) | .enum][0] | join(", ")' \
		"$SCHEMA_DIR/$1.json"
}

# The choices an error line lists after "is not one of ".
choices_in() {
	sed -n 's/.* is not one of //p' <<<"$1"
}

# A commons in c with an offer ($O), a need ($N) and two members; the
# current directory is left outside it.
two_of_each() {
	new_commons
	add_member bob "Bob Dupont"
	O=$(add_offer --title Perceuse --kind tool)
	N=$(add_need --title Escabeau --kind tool)
	cd "$BATS_TEST_TMPDIR" || return 1
}

# --- --help and --version ---

@test "-h and --help print the usage on stdout and exit 0, for every command, outside a commons too" {
	local c h
	mkdir empty
	cd empty
	for c in $COMMANDS; do
		for h in -h --help; do
			run -0 --separate-stderr "$c" "$h"
			[[ ${lines[0]} == "usage: $c "* ]] || fail "$c $h: ${lines[0]}"
			[ -z "$stderr" ] || fail "$c $h wrote on stderr: $stderr"
		done
	done
	assert_empty_dir .
}

@test "the dispatcher passes --help on: mutu X --help is mutu-X --help" {
	local c want
	for c in $DISPATCHED; do
		want=$("mutu-$c" --help)
		run -0 --separate-stderr mutu "$c" --help
		[ "$output" = "$want" ] || fail "mutu $c --help differs from mutu-$c --help"
		[ -z "$stderr" ]
	done
}

@test "--version prints '<prog> <version>' and exits 0, the same version everywhere" {
	local c v
	run -0 --separate-stderr mutu --version
	[[ $output =~ ^mutu\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
	v=${output#mutu }
	for c in $COMMANDS; do
		run -0 --separate-stderr "$c" --version
		[ "$output" = "$c $v" ] || fail "$c --version said '$output'"
		[ -z "$stderr" ] || fail "$c --version wrote on stderr: $stderr"
	done
	for c in $VERB_COMMANDS; do
		run -0 --separate-stderr "$c" list --version
		[ "$output" = "$c $v" ] || fail "$c list --version said '$output'"
		run -0 --separate-stderr mutu "${c#mutu-}" --version
		[ "$output" = "$c $v" ] || fail "mutu ${c#mutu-} --version said '$output'"
	done
}

# --- unknown options ---

# unknown_option PROG CMD…: CMD exits 2; the first line on stderr is
# exactly "PROG: error: unknown option '--x'", then the usage.
unknown_option() {
	local prog=$1
	shift
	run -2 --separate-stderr "$@"
	assert_usage_error "$prog"
	[ "${stderr_lines[0]}" = "$prog: error: unknown option '--x'" ] ||
		fail "$*: ${stderr_lines[0]}"
	[[ ${stderr_lines[1]-} == "usage: $prog "* ]] || fail "$*: no usage after the error:" "$stderr"
}

@test "an unknown option exits 2 with one error line first, then the usage, for every command" {
	local c
	for c in $COMMANDS; do
		unknown_option "$c" "$c" --x
	done
}

@test "an unknown option after the verb, or through the dispatcher, is the same usage error" {
	local c v
	new_commons
	for c in $VERB_COMMANDS; do
		for v in $(verbs_of "$c"); do
			unknown_option "$c" "$c" "$v" --x
		done
		unknown_option "$c" mutu "${c#mutu-}" --x
		unknown_option "$c" mutu "${c#mutu-}" list --x
	done
	unknown_option mutu-show mutu-show abcd --x
	unknown_option mutu-show mutu show abcd --x
	unknown_option mutu-init mutu init d --x
}

# --- verbs ---

@test "a command with verbs, given none, exits 2 with one error line first naming its verbs" {
	local c v
	for c in $VERB_COMMANDS; do
		run -2 --separate-stderr "$c"
		assert_usage_error "$c"
		for v in $(verbs_of "$c"); do
			[[ ${stderr_lines[0]} == *"$v"* ]] || fail "$c: the error does not name $v:" "$stderr"
		done
		[[ $stderr == *"usage: $c "* ]] || fail "$c: no usage:" "$stderr"
	done
}

@test "the dispatcher, given no command, exits 2 with one error line first naming the commands" {
	local c
	run -2 --separate-stderr mutu
	assert_usage_error mutu
	for c in $DISPATCHED; do
		[[ ${stderr_lines[0]} == *"$c"* ]] || fail "the error does not name $c:" "$stderr"
	done
	[[ $stderr == *"usage: mutu "* ]] || fail "no usage:" "$stderr"
}

@test "an unknown verb exits 2 with one error line naming it and the known verbs" {
	local c v
	for c in $VERB_COMMANDS; do
		run -2 --separate-stderr "$c" frobnicate
		assert_usage_error "$c"
		[[ ${stderr_lines[0]} == *frobnicate* ]] || fail "$c: ${stderr_lines[0]}"
		for v in $(verbs_of "$c"); do
			[[ ${stderr_lines[0]} == *"$v"* ]] || fail "$c: the error does not name $v: ${stderr_lines[0]}"
		done
		run -2 --separate-stderr "$c" help frobnicate
		assert_usage_error "$c"
		[[ ${stderr_lines[0]} == *frobnicate* ]] || fail "$c help: ${stderr_lines[0]}"
		run -2 --separate-stderr mutu "${c#mutu-}" frobnicate
		assert_usage_error "$c"
	done
}

@test "the dispatcher refuses an unknown command (2) with one error line naming it" {
	run -2 --separate-stderr mutu frobnicate
	assert_usage_error mutu
	[[ ${stderr_lines[0]} == *frobnicate* ]]
}

@test "mutu help with an unknown command is the same usage error as the unknown command (2)" {
	run -2 --separate-stderr mutu help frobnicate
	assert_usage_error mutu
	[[ ${stderr_lines[0]} == *frobnicate* ]]
}

@test "help, help VERB, VERB --help and VERB -h print on stdout and exit 0, outside a commons too" {
	local c v help
	mkdir empty
	cd empty
	for c in $VERB_COMMANDS; do
		run -0 --separate-stderr "$c" help
		[ -z "$stderr" ]
		[ "$output" = "$("$c" --help)" ] || fail "$c help differs from $c --help"
		for v in $(verbs_of "$c"); do
			[[ $output == *"    $v "* ]] || fail "$c help does not list $v"
		done
		for v in $(verbs_of "$c"); do
			run -0 --separate-stderr "$c" help "$v"
			[[ ${lines[0]} == "usage: $c $v"* ]] || fail "$c help $v: ${lines[0]}"
			[[ $output == *--format* ]] || fail "$c help $v lacks the common options"
			[ -z "$stderr" ] || fail "$c help $v wrote on stderr: $stderr"
			help=$output
			run -0 --separate-stderr "$c" "$v" --help
			[ "$output" = "$help" ] || fail "$c $v --help differs from $c help $v"
			[ -z "$stderr" ]
			run -0 --separate-stderr "$c" "$v" -h
			[ "$output" = "$help" ] || fail "$c $v -h differs from $c help $v"
			run -0 --separate-stderr mutu "${c#mutu-}" "$v" --help
			[ "$output" = "$help" ] || fail "mutu ${c#mutu-} $v --help differs from $c help $v"
		done
	done
	assert_empty_dir .
}

@test "mutu help lists the commands; mutu help COMMAND shows its manual page, on stdout, exit 0" {
	local c src
	run -0 --separate-stderr mutu help
	[ "$output" = "$(mutu --help)" ]
	[ -z "$stderr" ]
	for c in $DISPATCHED; do
		[[ $output == *"    $c "* ]] || fail "mutu help does not list $c"
	done
	# a manual tree man(1) can read, from the installed pages or the sources
	need_tool man
	mkdir -p man/man1
	for src in "${MUTU_MANDIR:-$BATS_TEST_DIRNAME/../../man}"/man1/mutu*.1 \
		"${MUTU_MANDIR:-$BATS_TEST_DIRNAME/../../man}"/mutu*.1; do
		if [ -f "$src" ]; then
			cp "$src" man/man1/
		fi
	done
	[ -f man/man1/mutu-offer.1 ]
	for c in $DISPATCHED; do
		MANPATH="$PWD/man" MANPAGER=cat PAGER=cat MANWIDTH=80 run -0 --separate-stderr mutu help "$c"
		[[ $output == *"mutu-$c"* ]] || fail "mutu help $c: $output"
		[ "$(sed -n '/^NAME/,/^SYNOPSIS/p' <<<"$output" | grep -c "mutu-$c")" -ge 1 ] ||
			fail "mutu help $c is not the page of mutu-$c"
	done
}

# --- the common options, before and after the verb ---

@test "-C DIR before the verb, after it, and before the command has the same effect" {
	local c want form
	two_of_each
	mkdir elsewhere
	cd elsewhere
	for c in offer need member; do
		want=$(cd ../c || exit 1; "mutu-$c" list --format ids)
		[ -n "$want" ]
		for form in "mutu-$c -C ../c list" "mutu-$c list -C ../c" "mutu -C ../c $c list" \
			"mutu $c -C ../c list" "mutu $c list -C ../c"; do
			# shellcheck disable=SC2086 # $form is a command line
			run -0 --separate-stderr $form --format ids
			[ "$output" = "$want" ] || fail "$form: $output"
		done
	done
	want=$(printf '%s\n' "$O" "$N")
	for form in "mutu-show -C ../c $O $N" "mutu-show $O $N -C ../c" "mutu -C ../c show $O $N" \
		"mutu show -C ../c $O $N"; do
		# shellcheck disable=SC2086
		run -0 --separate-stderr $form --format ids
		[ "$output" = "$want" ] || fail "$form: $output"
	done
	# writes land in DIR too
	run -0 mutu-offer -C ../c add --title One
	run -0 mutu-offer add --title Two -C ../c
	run -0 mutu -C ../c offer add --title Three
	run -0 mutu -C ../c need add --title Four
	run -0 mutu-member add carol --name Carol --email carol@example.org -C ../c
	run -0 mutu -C ../c member add dave --name Dave --email dave@example.org
	[ "$(git -C ../c log --format=%s -6 | cut -d' ' -f1-2 | tr '\n' ' ')" = \
		"member add member add need add offer add offer add offer add " ]
	assert_empty_dir .
	# mutu-init: DIR is taken from where -C leads
	run -0 mutu-init -C .. one --name T --member alice --email alice@example.org -q
	run -0 mutu-init two -C .. --name T --member alice --email alice@example.org -q
	run -0 mutu -C .. init three --name T --member alice --email alice@example.org -q
	[ -f ../one/mutu.yaml ]
	[ -f ../two/mutu.yaml ]
	[ -f ../three/mutu.yaml ]
	assert_empty_dir .
}

@test "--format before the verb, after it, and before the command has the same effect" {
	local c want form
	two_of_each
	cd c
	for c in offer need member; do
		want=$("mutu-$c" list --format json)
		[ "$(head -c1 <<<"$want")" = "{" ]
		for form in "mutu-$c --format json list" "mutu-$c --format=json list" "mutu-$c list --format=json" \
			"mutu --format json $c list" "mutu --format=json $c list" "mutu $c --format json list"; do
			# shellcheck disable=SC2086
			run -0 --separate-stderr $form
			[ "$output" = "$want" ] || fail "$form: $output"
		done
	done
	want=$(mutu-show "$O" "$N" --format yaml)
	for form in "mutu-show --format yaml $O $N" "mutu-show --format=yaml $O $N" \
		"mutu --format yaml show $O $N" "mutu show --format yaml $O $N"; do
		# shellcheck disable=SC2086
		run -0 --separate-stderr $form
		[ "$output" = "$want" ] || fail "$form: $output"
	done
	# mutu-init prints no record, but takes --format like every command
	cd "$BATS_TEST_TMPDIR"
	run -0 mutu-init --format json one --name T --member alice --email alice@example.org -q
	run -0 mutu init two --format=json --name T --member alice --email alice@example.org -q
	run -0 mutu --format json init three --name T --member alice --email alice@example.org -q
}

@test "-q before the verb, after it, and before the command has the same effect" {
	local c form id
	two_of_each
	cd c
	for c in offer need; do
		id=$(mutu "$c" list --format ids)
		# without -q, an edit that changes nothing says so
		run -0 --separate-stderr "mutu-$c" edit "$id" --set title=Same
		run -0 --separate-stderr "mutu-$c" edit "$id" --set title=Same
		[ "$stderr" = "mutu-$c: nothing changed" ]
		for form in "mutu-$c -q edit $id" "mutu-$c edit $id -q" "mutu-$c --quiet edit $id" \
			"mutu -q $c edit $id" "mutu $c -q edit $id" "mutu $c edit $id --quiet"; do
			# shellcheck disable=SC2086
			run -0 --separate-stderr $form --set title=Same
			[ -z "$output" ] || fail "$form printed: $output"
			[ -z "$stderr" ] || fail "$form said: $stderr"
		done
		# the ids add prints are not chatter
		for form in "mutu-$c -q add" "mutu-$c add -q" "mutu -q $c add" "mutu $c -q add"; do
			# shellcheck disable=SC2086
			run -0 --separate-stderr $form --title Quiet
			[[ $output =~ ^[0-9a-z]{12}$ ]] || fail "$form printed: $output"
			[ -z "$stderr" ] || fail "$form said: $stderr"
		done
	done
	# member add prints the handle, and nothing with -q
	run -0 --separate-stderr mutu-member add carol --name Carol --email carol@example.org
	[ "$output" = carol ]
	local n=0
	for form in "mutu-member -q add" "mutu-member add -q" "mutu -q member add" "mutu member -q add"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		run -0 --separate-stderr $form "m$n" --name "M $n" --email "m$n@example.org"
		[ -z "$output" ] || fail "$form printed: $output"
		[ -z "$stderr" ] || fail "$form said: $stderr"
	done
	run -0 mutu member list --format ids
	[ "${#lines[@]}" -eq $((3 + n)) ]
	# show prints the same with -q
	run -0 mutu-show "$O" --format json
	local want=$output
	for form in "mutu-show -q $O" "mutu-show $O -q" "mutu -q show $O"; do
		# shellcheck disable=SC2086
		run -0 --separate-stderr $form --format json
		[ "$output" = "$want" ] || fail "$form: $output"
	done
	# init says what it made, and nothing with -q
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr mutu-init loud --name T --member alice --email alice@example.org
	[[ $output == *loud* ]]
	for form in "mutu-init -q q1" "mutu-init q2 -q" "mutu -q init q3" "mutu init -q q4" "mutu-init --quiet q5"; do
		# shellcheck disable=SC2086
		run -0 --separate-stderr $form --name T --member alice --email alice@example.org
		[ -z "$output" ] || fail "$form printed: $output"
		[ -z "$stderr" ] || fail "$form said: $stderr"
	done
	[ "$(ls -d q? | tr '\n' ' ')" = "q1 q2 q3 q4 q5 " ]
	[ -f q2/mutu.yaml ]
}

@test "every command, the dispatcher too, spells the common options alike" {
	local want form bad=()
	two_of_each
	want=$(cd c || exit 1; mutu-offer list --format ids)
	[ "$want" = "$O" ]
	# every spelling is tried; the test fails at the end, naming each one refused
	for form in "mutu-offer -C c list" "mutu-offer -Cc list" "mutu-offer --directory c list" \
		"mutu-offer --directory=c list" "mutu-offer list -Cc" "mutu-offer list --directory=c" \
		"mutu -C c offer list" "mutu -Cc offer list" "mutu --directory c offer list" \
		"mutu --directory=c offer list" "mutu-offer --quiet -C c list" "mutu --quiet -C c offer list" \
		"mutu-offer -q -C c list" "mutu -q -C c offer list" \
		"mutu-offer --format=ids -C c list" "mutu --format=ids -C c offer list"; do
		# shellcheck disable=SC2086
		run --separate-stderr $form --format ids
		if [ "$status" -ne 0 ] || [ "$output" != "$want" ]; then
			bad+=("$form: exit $status: ${stderr_lines[0]-}")
		fi
	done
	[ "${#bad[@]}" -eq 0 ] || fail "refused:" "${bad[@]}"
}

@test "-C into a missing directory exits 66 with one error line, for every command" {
	local c
	mkdir empty
	cd empty
	for c in offer need member; do
		run -66 --separate-stderr "mutu-$c" -C nowhere list
		assert_one_line_error "mutu-$c"
		[[ $stderr == *nowhere* ]]
		run -66 --separate-stderr "mutu-$c" list -C nowhere
		assert_one_line_error "mutu-$c"
		run -66 --separate-stderr mutu -C nowhere "$c" list
		assert_one_line_error mutu
		[[ $stderr == *nowhere* ]]
	done
	run -66 --separate-stderr mutu-show -C nowhere abcd
	assert_one_line_error mutu-show
	run -66 --separate-stderr mutu-init x -C nowhere --name T --member alice --email alice@example.org
	assert_one_line_error mutu-init
	assert_empty_dir .
}

@test "a bad --format value exits 2 naming the choices, before or after the verb, for every command" {
	local c form
	new_commons
	for form in "mutu-offer --format xml list" "mutu-offer list --format xml" "mutu-offer list --format=xml" \
		"mutu-need --format xml list" "mutu-need show abcd --format xml" \
		"mutu-member --format xml list" "mutu-member list --format xml" \
		"mutu-show --format xml abcd" "mutu-show abcd --format xml" \
		"mutu-init --format xml d --name T --member alice --email alice@example.org" \
		"mutu-offer list --format"; do
		c=${form%% *}
		# shellcheck disable=SC2086
		run -2 --separate-stderr $form
		assert_usage_error "$c"
		[[ ${stderr_lines[0]} == *format* ]] || fail "$form: ${stderr_lines[0]}"
		if [[ $form == *xml* ]]; then
			[ "$(choices_in "${stderr_lines[0]}")" = "table, tsv, json, yaml, ids, ics" ] ||
				fail "$form: ${stderr_lines[0]}"
		fi
	done
	# through the dispatcher, the command refuses it
	run -2 --separate-stderr mutu --format xml offer list
	assert_usage_error mutu-offer
	[ "$(choices_in "${stderr_lines[0]}")" = "table, tsv, json, yaml, ids, ics" ]
	[ ! -e d ]
}

# --- whole numbers and choices ---

@test "a whole-number option out of range, or not a whole number, exits 2 naming it" {
	local c n
	new_commons
	add_offer --title Perceuse >/dev/null
	add_need --title Escabeau >/dev/null
	for c in offer need member; do
		for n in 0 -1 -3 ten 1.5 '' 2x 99999999999999999999 1000000001; do
			refuses 2 "--limit.*1 to 1000000000" mutu "$c" list --limit "$n"
		done
		refuses 2 "--limit" mutu "$c" list --limit=0
		refuses 2 "--limit" mutu "$c" list -n 0
		refuses 2 "--limit" mutu "$c" list --limit
		run -0 mutu "$c" list --limit 1 --format ids
		[ "${#lines[@]}" -eq 1 ]
		run -0 mutu "$c" list --limit 1000000000 --format ids
	done
}

@test "a choice option with a bad value exits 2 listing the choices" {
	local c
	new_commons
	for c in offer need; do
		refuses 2 "--status" mutu "$c" list --status bogus
		[ "$(choices_in "${stderr_lines[0]}")" = "open, closed, all" ]
		refuses 2 "--sort" mutu "$c" list --sort bogus
		[ "$(choices_in "${stderr_lines[0]}")" = "created, updated, title" ]
		refuses 2 "--kind" mutu "$c" list --kind bogus
		refuses 2 "--kind" mutu "$c" add --title X --kind bogus
		refuses 2 "--status" mutu "$c" list --status OPEN
		refuses 2 "--kind" mutu "$c" list --kind ''
	done
	refuses 2 "--sort" mutu member list --sort bogus
	[ "$(choices_in "${stderr_lines[0]}")" = "handle, joined" ]
}

@test "the kinds a command accepts are exactly the schema's enum, in its order" {
	local type kinds k
	new_commons
	for type in $ITEM_TYPES; do
		kinds=$(schema_kinds "$type")
		[ -n "$kinds" ]
		[[ $kinds == *tool* ]]
		refuses 2 "--kind" mutu "$type" list --kind bogus
		[ "$(choices_in "${stderr_lines[0]}")" = "$kinds" ] || fail "list --kind lists: ${stderr_lines[0]}" "schema: $kinds"
		refuses 2 "--kind" mutu "$type" add --title X --kind bogus
		[ "$(choices_in "${stderr_lines[0]}")" = "$kinds" ] || fail "add --kind lists: ${stderr_lines[0]}" "schema: $kinds"
		# the help lists them too
		run -0 mutu "$type" list --help
		[[ $output == *"($kinds)"* ]] || fail "list --help does not list ($kinds)"
		# and every one of them is accepted
		for k in ${kinds//,/}; do
			# an offered event needs its times (mutu-offer(1))
			if [ "$type" = offer ] && [ "$k" = event ]; then
				run -0 mutu "$type" add --title "A $k" --kind "$k" --start +1d --end +2d
			else
				run -0 mutu "$type" add --title "A $k" --kind "$k"
			fi
			run -0 mutu "$type" list --kind "$k" --format ids
			[ "${#lines[@]}" -eq 1 ] || fail "list --kind $k: $output"
		done
	done
}

@test "a bad kind is a usage error (2) on add --kind, and bad data (65) through edit --set" {
	local type id
	new_commons
	for type in $ITEM_TYPES; do
		id=$(add_item "$type" --title Perceuse)
		refuses 2 "--kind.*bogus" mutu "$type" add --title X --kind bogus
		refuses 65 "kind.*bogus" mutu "$type" edit "$id" --set kind=bogus
		refuses 65 "kind" mutu "$type" edit "$id" --set kind=TOOL
	done
}

# --- show: several ids, --stdin ---

@test "every show takes several ids and prints them in the order given" {
	local type a b c
	new_commons
	add_member bob
	for type in $ITEM_TYPES; do
		a=$(add_item "$type" --title A)
		b=$(add_item "$type" --title B)
		c=$(add_item "$type" --title C)
		run -0 --separate-stderr mutu "$type" show "$c" "${a:0:6}" "$b" --format ids
		[ "$output" = "$(printf '%s\n' "$c" "$a" "$b")" ]
		run -0 --separate-stderr mutu "$type" show "$c" "$a" "$b" --format json
		[ "$(jq -r .title <<<"$output" | tr -d '\n')" = CAB ]
		run -0 --separate-stderr mutu "$type" show "$b" "$a" --format tsv
		[ "$(cut -f7 <<<"$output" | tr -d '\n')" = BA ]
	done
	run -0 --separate-stderr mutu member show bob alice --format ids
	[ "$output" = "$(printf 'bob\nalice')" ]
	run -0 --separate-stderr mutu show "$c" "$a" --format ids
	[ "$output" = "$(printf '%s\n' "$c" "$a")" ]
}

@test "show --stdin reads one id a line: list --format ids | show --stdin prints every listed record once, in order" {
	local type want id
	new_commons
	for type in $ITEM_TYPES; do
		MUTU_NOW=2026-01-10T00:00:00Z add_item "$type" --title One >/dev/null
		MUTU_NOW=2026-01-11T00:00:00Z add_item "$type" --title Two --body "A body" >/dev/null
		MUTU_NOW=2026-01-12T00:00:00Z add_item "$type" --title Three --tag x >/dev/null
		want=
		for id in $(mutu "$type" list --format ids); do
			want+=$(mutu "$type" show "$id" --format json)$'\n'
		done
		run -0 --separate-stderr bash -c "set -o pipefail
			mutu $type list --format ids | mutu $type show --stdin --format json"
		[ "$output" = "${want%$'\n'}" ]
		[ "${#lines[@]}" -eq 3 ]
		[ "$(jq -r .title <<<"$output" | tr '\n' ' ')" = "Three Two One " ]
		[ -z "$stderr" ]
		# the same through mutu show, and with the dispatcher on both sides
		run -0 bash -c "set -o pipefail; mutu $type list --format ids | mutu show --stdin --format json"
		[ "$output" = "${want%$'\n'}" ]
		run -0 bash -c "set -o pipefail; mutu-$type list --format ids | mutu-show --stdin --format json"
		[ "$output" = "${want%$'\n'}" ]
	done
	# members too; blank lines are skipped
	add_member bob
	run -0 --separate-stderr bash -c "printf 'bob\n\nalice\n' | mutu member show --stdin --format ids"
	[ "$output" = "$(printf 'bob\nalice')" ]
}

@test "mutu show --stdin mixes types, prints what came before a missing id, then stops with its error" {
	local o n
	new_commons
	o=$(add_offer --title Perceuse)
	n=$(add_need --title Escabeau)
	run -0 --separate-stderr bash -c "printf '%s\n' $n '' ${o:0:5} | mutu show --stdin --format json"
	[ "$(jq -r '.type + " " + .id' <<<"$output" | tr '\n' ' ')" = "need $n offer $o " ]
	snapshot
	run -66 --separate-stderr bash -c "printf '%s\n' $n zzzzzzzz $o | mutu show --stdin --format ids"
	[ "$output" = "$n" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == "mutu-show: error: "*zzzzzzzz* ]]
	assert_unchanged
}

@test "mutu show finds offers and needs by id and by prefix, and says which type each is" {
	local o n
	new_commons
	o=$(add_offer --title Perceuse --kind tool)
	n=$(add_need --title Escabeau --kind space)
	run -0 --separate-stderr mutu show "$o" --format json
	[ "$(jq -r .type <<<"$output")" = offer ]
	[ "$(jq -r .id <<<"$output")" = "$o" ]
	run -0 --separate-stderr mutu show "${n:0:4}" --format json
	[ "$(jq -r .type <<<"$output")" = need ]
	[ "$(jq -r .id <<<"$output")" = "$n" ]
	run -0 mutu show "${o:0:6}" --format tsv
	[ "$output" = "$(mutu offer show "$o" --format tsv)" ]
	run -0 mutu-show "$(tr a-z A-Z <<<"${n:0:6}")" --format ids
	[ "$output" = "$n" ]
	refuses 66 "zzzzzzzz" mutu show zzzzzzzz
	refuses 65 "id" mutu show ../x
	refuses 2 "" mutu show
}

@test "mutu show refuses a prefix shared by an offer and a need (2), listing both" {
	new_commons
	craft_record offers abcde0000001 "The offer"
	craft_record needs abcde0000002 "The need"
	refuses 2 "offer abcde0000001.*need abcde0000002|need abcde0000002.*offer abcde0000001" mutu show abcde
	refuses 2 "abcde0000001.*abcde0000002|abcde0000002.*abcde0000001" mutu-show abcd
	run -0 mutu show abcde0000001 --format json
	[ "$(jq -r .type <<<"$output")" = offer ]
	run -0 mutu show abcde0000002 --format json
	[ "$(jq -r .type <<<"$output")" = need ]
	# a typed show looks at its own type only
	run -0 mutu offer show abcde --format ids
	[ "$output" = abcde0000001 ]
	run -0 mutu need show abcde --format ids
	[ "$output" = abcde0000002 ]
}

# --- the environment ---

@test "MUTU_DIR names the commons, over the one the current directory is in" {
	local o2 n2
	two_of_each
	new_commons other
	o2=$(add_offer --title Other)
	n2=$(add_need --title Other)
	# in c, MUTU_DIR points at other
	cd "$BATS_TEST_TMPDIR/c"
	snapshot
	export MUTU_DIR="$BATS_TEST_TMPDIR/other"
	run -0 mutu-offer list --format ids
	[ "$output" = "$o2" ]
	run -0 mutu offer list --format ids
	[ "$output" = "$o2" ]
	run -0 mutu-need list --format ids
	[ "$output" = "$n2" ]
	run -0 mutu-member list --format ids
	[ "$output" = alice ]
	run -0 mutu-show "$o2" "$n2" --format ids
	[ "$output" = "$(printf '%s\n' "$o2" "$n2")" ]
	refuses 66 "$O" mutu-show "$O"
	run -0 mutu-offer add --title "Into other"
	run -0 mutu need add --title "Into other"
	run -0 mutu member add carol --name Carol --email carol@example.org
	unset MUTU_DIR
	assert_unchanged
	[ "$(git -C ../other log --format=%s -3 | cut -d' ' -f1-2 | tr '\n' ' ')" = "member add need add offer add " ]
	# a relative MUTU_DIR is taken from the current directory
	cd "$BATS_TEST_TMPDIR"
	MUTU_DIR=other run -0 mutu-offer list --format ids --sort title
	[ "${#lines[@]}" -eq 2 ]
	MUTU_DIR=c run -0 mutu-offer list --format ids
	[ "$output" = "$O" ]
}

@test "-C first, then a relative MUTU_DIR is taken from there, as git does with GIT_DIR" {
	local form
	two_of_each
	mkdir -p elsewhere/deeper
	cd elsewhere/deeper
	for form in "mutu-offer -C ../.. list" "mutu-offer list -C ../.." "mutu -C ../.. offer list" \
		"mutu offer -C ../.. list"; do
		# shellcheck disable=SC2086
		MUTU_DIR=c run -0 --separate-stderr $form --format ids
		[ "$output" = "$O" ] || fail "$form: $output"
	done
	MUTU_DIR=c run -0 mutu-need -C ../.. list --format ids
	[ "$output" = "$N" ]
	MUTU_DIR=c run -0 mutu-member list -C ../.. --format ids
	[ "$output" = "$(printf 'alice\nbob')" ]
	MUTU_DIR=c run -0 mutu-show -C ../.. "$O" --format ids
	[ "$output" = "$O" ]
	MUTU_DIR=c run -0 mutu -C ../.. show "$N" --format ids
	[ "$output" = "$N" ]
	MUTU_DIR=c run -0 mutu-offer -C ../.. add --title "Through -C"
	[ "$(git -C ../../c log -1 --format=%s)" = "offer add ${output:0:8}: Through -C" ]
	# without -C, the same relative MUTU_DIR names nothing here
	MUTU_DIR=c run -66 --separate-stderr mutu-offer list
	assert_one_line_error mutu-offer
	[[ $stderr == *MUTU_DIR* ]]
}

@test "MUTU_DIR naming no commons exits 66 for every command, and does not fall back on the current directory" {
	local c
	new_commons
	mkdir plain
	for c in offer need member; do
		MUTU_DIR=plain run -66 --separate-stderr "mutu-$c" list
		assert_one_line_error "mutu-$c"
		[[ $stderr == *MUTU_DIR* ]] || fail "mutu-$c: $stderr"
		MUTU_DIR=nowhere run -66 --separate-stderr mutu "$c" list
		assert_one_line_error "mutu-$c"
	done
	MUTU_DIR=plain run -66 --separate-stderr mutu-show abcd
	assert_one_line_error mutu-show
	assert_empty_dir plain
}

@test "MUTU_NOW is the time of every write, commits included, for every command that writes" {
	local now=2027-03-04T05:06:07Z type id epoch
	epoch=$(date -u -d "$now" +%s)
	MUTU_NOW=$now run -0 mutu-init c --name T --member alice --email alice@example.org -q
	cd c
	[ "$(git log -1 --format='%at %ct')" = "$epoch $epoch" ]
	grep -Eqx "joined: [\"']?${now}[\"']?" members/alice.yaml
	for type in $ITEM_TYPES; do
		id=$(MUTU_NOW=$now add_item "$type" --title X)
		[ "$(git log -1 --format='%at %ct')" = "$epoch $epoch" ]
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r '.created + " " + .updated' <<<"$output")" = "$now $now" ]
		MUTU_NOW=2027-03-05T00:00:00Z mutu "$type" edit "$id" --set title=Y -q
		MUTU_NOW=2027-03-06T00:00:00Z mutu "$type" close "$id" -q
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r '.created + " " + .updated' <<<"$output")" = "$now 2027-03-06T00:00:00Z" ]
		[ "$(git log -1 --format=%at)" = "$(date -u -d 2027-03-06T00:00:00Z +%s)" ]
	done
	MUTU_NOW=$now mutu-member add bob --name Bob --email bob@example.org -q
	[ "$(git log -1 --format='%at %ct')" = "$epoch $epoch" ]
	run -0 mutu member show bob --format json
	[ "$(jq -r .joined <<<"$output")" = "$now" ]
	# an offset is a time too
	id=$(MUTU_NOW=2027-03-04T07:06:07+02:00 add_offer --title Offset)
	[ "$(git log -1 --format=%at)" = "$epoch" ]
}

@test "a malformed MUTU_NOW is bad data (65) for every command that writes, and nothing changes" {
	local type id bad
	new_commons
	for bad in bogus 2026-13-01T00:00:00Z "2026-01-02 03:04:05" 2026-01-02; do
		for type in $ITEM_TYPES; do
			MUTU_NOW=$bad refuses 65 "MUTU_NOW" mutu "$type" add --title X
		done
		id=$(add_offer --title "Kept $bad")
		MUTU_NOW=$bad refuses 65 "MUTU_NOW" mutu offer edit "$id" --set title=Y
		MUTU_NOW=$bad refuses 65 "MUTU_NOW" mutu offer close "$id"
		MUTU_NOW=$bad refuses 65 "MUTU_NOW" mutu member add bob --name Bob --email bob@example.org
		MUTU_NOW=$bad run -65 --separate-stderr mutu-init "$BATS_TEST_TMPDIR/d" --name T --member alice --email alice@example.org
		assert_one_line_error mutu-init
		[[ $stderr == *MUTU_NOW* ]]
		[ ! -e "$BATS_TEST_TMPDIR/d" ]
	done
}

@test "MUTU_MEMBER is who acts, for every command that writes, over git config mutu.member" {
	local type id
	new_commons
	add_member bob "Bob Dupont"
	[ "$(git config mutu.member)" = alice ]
	for type in $ITEM_TYPES; do
		id=$(MUTU_MEMBER=bob add_item "$type" --title Mine)
		[ "$(git log -1 --format='%an <%ae>')" = "Bob Dupont <bob@example.org>" ]
		run -0 mutu "$type" show "$id" --format json
		[ "$(jq -r .author <<<"$output")" = bob ]
		MUTU_MEMBER=bob mutu "$type" edit "$id" --set title=Ours -q
		[ "$(git log -1 --format=%an)" = "Bob Dupont" ]
		MUTU_MEMBER=bob mutu "$type" close "$id" -q
		MUTU_MEMBER=bob mutu "$type" reopen "$id" -q
		[ "$(git log -1 --format=%an)" = "Bob Dupont" ]
		# alice, from git config, is not the author
		refuses 77 "bob" mutu "$type" close "$id"
		MUTU_MEMBER=zed refuses 77 "zed" mutu "$type" add --title X
		# an empty MUTU_MEMBER is unset: git config speaks
		MUTU_MEMBER= run -0 mutu "$type" add --title Alice
		[ "$(git log -1 --format=%an)" = "Alice Martin" ]
	done
	MUTU_MEMBER=bob mutu member add carol --name Carol --email carol@example.org -q
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Dupont <bob@example.org>" ]
	MUTU_MEMBER=zed refuses 77 "zed" mutu member add dave --name Dave --email dave@example.org
	MUTU_MEMBER=zed refuses 77 "zed" mutu-member add dave --name Dave --email dave@example.org
}

# --- no commons ---

@test "every command outside a commons exits 66 with one error line, and creates nothing" {
	local c
	mkdir empty
	cd empty
	for c in "offer list" "need list" "member list" "offer add --title Drill" "need add --title Drill" \
		"member add bob --name Bob --email bob@example.org" "offer show abcd" "need close abcd" "show abcd"; do
		# shellcheck disable=SC2086 # $c is a command line
		run -66 --separate-stderr mutu $c
		assert_one_line_error "mutu-${c%% *}"
		[[ $stderr == *commons* ]] || fail "mutu $c: $stderr"
		# shellcheck disable=SC2086
		run -66 --separate-stderr "mutu-${c%% *}" ${c#* }
		assert_one_line_error "mutu-${c%% *}"
	done
	assert_empty_dir .
}

@test "a Git repository that is not a commons is not a commons (66), for every command" {
	git init -q r
	echo hi >r/file
	gitc -C r add file
	gitc -C r commit -qm first
	cd r
	refuses 66 'commons' mutu offer list
	refuses 66 'commons' mutu offer add --title Drill
	refuses 66 'commons' mutu need list
	refuses 66 'commons' mutu member list
	refuses 66 'commons' mutu member add bob --name Bob --email bob@example.org
	refuses 66 'commons' mutu show abcd
}
