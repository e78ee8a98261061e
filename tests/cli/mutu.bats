#!/usr/bin/env bats
# mutu: the dispatcher, and what every command shares (--help, --version).

load helper

setup() {
	mutu_setup
}

@test "mutu --version prints the version on stdout" {
	run --separate-stderr mutu --version
	[ "$status" -eq 0 ]
	[[ $output =~ ^mutu\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
}

@test "every command answers --version with its name and the same version" {
	local v
	v=$(mutu --version | cut -d' ' -f2)
	for c in mutu-init mutu-member mutu-offer mutu-need; do
		run --separate-stderr "$c" --version
		[ "$status" -eq 0 ] || fail "$c --version exited $status"
		[ "$output" = "$c $v" ] || fail "$c --version said '$output'"
	done
}

@test "mutu help and mutu --help list the commands on stdout" {
	for h in help --help -h; do
		run --separate-stderr mutu $h
		[ "$status" -eq 0 ]
		[[ ${lines[0]} == usage:* ]]
		for c in init member offer need; do
			[[ $output == *"$c"* ]] || fail "mutu $h does not list $c"
		done
		[ -z "$stderr" ]
	done
}

@test "mutu without a command prints the usage on stderr and exits 2" {
	run -2 --separate-stderr mutu
	[ -z "$output" ]
	[[ $stderr == *usage:* ]]
}

@test "mutu with an unknown command exits 2 with one error line naming it" {
	run -2 --separate-stderr mutu frobnicate
	assert_usage_error mutu
	[[ ${stderr_lines[0]} == *frobnicate* ]]
}

@test "mutu refuses a command name that is a path" {
	run -2 --separate-stderr mutu ../../bin/sh -c 'echo pwned'
	[[ $output != *pwned* ]]
	run -2 --separate-stderr mutu /bin/sh -c 'echo pwned'
	[[ $output != *pwned* ]]
}

@test "mutu with an unknown option exits 2" {
	run -2 --separate-stderr mutu --frobnicate offer list
	assert_usage_error mutu
}

@test "mutu offer runs mutu-offer with the same arguments" {
	new_commons
	run --separate-stderr mutu offer add --title Perceuse --kind tool
	[ "$status" -eq 0 ]
	[[ $output =~ ^[0-9a-hjkmnp-tv-z]{12}$ ]]
	local id=$output
	run mutu-offer list --format ids
	[ "$output" = "$id" ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = Perceuse ]
}

@test "mutu need, mutu member and mutu init run through the dispatcher" {
	run mutu init c --name T --member alice --email alice@example.org -q
	[ "$status" -eq 0 ]
	cd c
	run mutu member list --format ids
	[ "$output" = alice ]
	run mutu need add --title "Un escabeau"
	[ "$status" -eq 0 ]
	run mutu need list --format tsv
	[[ $output == *"Un escabeau"* ]]
}

@test "mutu -C DIR runs the command in DIR" {
	new_commons
	add_offer --title Drill >/dev/null
	cd "$BATS_TEST_TMPDIR"
	run mutu -C c offer list --format ids
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "mutu -C into a missing directory exits 66 with one error line" {
	run -66 --separate-stderr mutu -C "$BATS_TEST_TMPDIR/nowhere" offer list
	assert_one_line_error mutu
}

@test "the dispatcher passes the exit status of the command through" {
	new_commons
	run -1 mutu offer list
	run -66 mutu offer show zzzzzzzz
	run -2 mutu offer list --frobnicate
}

@test "mutu-offer and mutu-need list their verbs on --help" {
	for c in offer need; do
		run --separate-stderr mutu "$c" --help
		[ "$status" -eq 0 ]
		for v in add list show edit close reopen; do
			[[ $output == *"$v"* ]] || fail "mutu $c --help does not list $v"
		done
		[ -z "$stderr" ]
	done
}

@test "mutu-member lists its verbs on --help" {
	run --separate-stderr mutu member --help
	[ "$status" -eq 0 ]
	for v in add list show; do
		[[ $output == *"$v"* ]] || fail "mutu member --help does not list $v"
	done
}

@test "--help on every verb prints its usage and options on stdout, exit 0, even outside a commons" {
	local c v
	for c in offer need; do
		for v in add list show edit close reopen; do
			run --separate-stderr mutu "$c" "$v" --help
			[ "$status" -eq 0 ] || fail "mutu $c $v --help exited $status"
			[[ ${lines[0]} == "usage: mutu-$c $v"* ]] || fail "mutu $c $v --help: ${lines[0]}"
			[[ $output == *--format* ]] || fail "mutu $c $v --help lacks the common options"
			[ -z "$stderr" ] || fail "mutu $c $v --help wrote on stderr: $stderr"
		done
	done
	for v in add list show; do
		run --separate-stderr mutu member "$v" --help
		[ "$status" -eq 0 ] || fail "mutu member $v --help exited $status"
		[[ ${lines[0]} == "usage: mutu-member $v"* ]] || fail "mutu member $v --help: ${lines[0]}"
	done
}

@test "verb help names the verb's own options" {
	run mutu offer add --help
	for o in --title --kind --tag --body --body-file --location --availability --yaml; do
		[[ $output == *"$o"* ]] || fail "offer add --help lacks $o"
	done
	run mutu offer list --help
	for o in --status --kind --tag --author --grep --sort --limit; do
		[[ $output == *"$o"* ]] || fail "offer list --help lacks $o"
	done
	run mutu offer edit --help
	for o in --set --add-tag --remove-tag; do
		[[ $output == *"$o"* ]] || fail "offer edit --help lacks $o"
	done
	run mutu offer close --help
	[[ $output == *--reason* ]]
	run mutu member add --help
	for o in --name --email --key --role; do
		[[ $output == *"$o"* ]] || fail "member add --help lacks $o"
	done
}

@test "an unknown verb exits 2 with one error line naming it" {
	for c in offer need member; do
		run -2 --separate-stderr mutu "$c" frobnicate
		assert_usage_error "mutu-$c"
		[[ ${stderr_lines[0]} == *frobnicate* ]] || fail "mutu $c: ${stderr_lines[0]}"
	done
}

@test "a command without a verb exits 2 with the usage on stderr" {
	for c in offer need member; do
		run -2 --separate-stderr mutu "$c"
		[ -z "$output" ]
		[[ $stderr == *usage:* ]] || fail "mutu $c: $stderr"
	done
}

@test "every command outside a commons exits 66 with one error line" {
	mkdir empty
	cd empty
	for c in "offer list" "need list" "member list" "offer add --title Drill" "offer show abcd"; do
		# shellcheck disable=SC2086 # $c is a command line
		run -66 --separate-stderr mutu $c
		assert_one_line_error "mutu-${c%% *}"
		[[ $stderr == *commons* ]] || fail "mutu $c: $stderr"
	done
	[ -z "$(ls -A)" ] || fail "something was created: $(ls -A)"
}

@test "a Git repository that is not a commons is not a commons (exit 66)" {
	git init -q r
	echo hi >r/file
	gitc -C r add file
	gitc -C r commit -qm first
	cd r
	refuses 66 'commons' mutu offer list
	refuses 66 'commons' mutu offer add --title Drill
}

@test "--format refuses an unknown format (exit 2)" {
	new_commons
	refuses 2 'format' mutu offer list --format xml
	refuses 2 'format' mutu member list --format xml
}
