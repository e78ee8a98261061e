#!/usr/bin/env bats
# mutu: the dispatcher. What every command shares (--help, --version,
# unknown options and verbs, the common options, the environment) is in
# framework.bats, for the dispatcher and every command alike.

load helper

setup() {
	mutu_setup
}

@test "mutu help and mutu --help list the commands on stdout" {
	local h c
	for h in help --help -h; do
		run -0 --separate-stderr mutu $h
		[[ ${lines[0]} == usage:* ]] || fail "mutu $h: ${lines[0]}"
		for c in init member offer need show; do
			[[ $output == *"    $c "* ]] || fail "mutu $h does not list $c"
		done
		[ -z "$stderr" ] || fail "mutu $h wrote on stderr: $stderr"
	done
}

@test "mutu refuses a command name that is a path" {
	run -2 --separate-stderr mutu ../../bin/sh -c 'echo pwned'
	[[ $output != *pwned* ]]
	assert_usage_error mutu
	run -2 --separate-stderr mutu /bin/sh -c 'echo pwned'
	[[ $output != *pwned* ]]
	assert_usage_error mutu
	run -2 --separate-stderr mutu help ../../bin/sh
	assert_usage_error mutu
}

@test "mutu offer runs mutu-offer with the same arguments" {
	new_commons
	run -0 --separate-stderr mutu offer add --title Perceuse --kind tool
	[[ $output =~ ^[0-9a-hjkmnp-tv-z]{12}$ ]]
	local id=$output
	run -0 mutu-offer list --format ids
	[ "$output" = "$id" ]
	run -0 mutu offer show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = Perceuse ]
	[ "$(jq -r .kind <<<"$output")" = tool ]
}

@test "mutu need, mutu member, mutu show and mutu init run through the dispatcher" {
	local id
	run -0 mutu init c --name T --member alice --email alice@example.org -q
	[ -f c/mutu.yaml ]
	cd c
	run -0 mutu member list --format ids
	[ "$output" = alice ]
	run -0 mutu need add --title "Un escabeau"
	id=$output
	run -0 mutu need list --format tsv
	[[ $output == *"Un escabeau"* ]]
	run -0 mutu show "$id" --format ids
	[ "$output" = "$id" ]
}

@test "mutu runs the mutu-X beside it before any on PATH" {
	mkdir fake
	printf '#!/bin/sh\necho fake "$@"\n' >fake/mutu-offer
	chmod +x fake/mutu-offer
	PATH="$BATS_TEST_TMPDIR/fake:$PATH" run -0 --separate-stderr mutu offer --version
	[[ $output == "mutu-offer "[0-9]* ]]
	# a command only found on PATH runs, with its arguments
	printf '#!/bin/sh\necho extra "$@"\n' >fake/mutu-extra
	chmod +x fake/mutu-extra
	PATH="$BATS_TEST_TMPDIR/fake:$PATH" run -0 --separate-stderr mutu extra a 'b c'
	[ "$output" = "extra a b c" ]
}

@test "the dispatcher passes the exit status and the errors of the command through" {
	new_commons
	run -1 --separate-stderr mutu offer list
	[ -z "$output" ]
	run -66 --separate-stderr mutu offer show zzzzzzzz
	assert_one_line_error mutu-offer
	run -2 --separate-stderr mutu offer list --frobnicate
	assert_usage_error mutu-offer
	run -65 --separate-stderr mutu offer add --title ''
	assert_one_line_error mutu-offer
	MUTU_MEMBER=zed run -77 --separate-stderr mutu need add --title X
	assert_one_line_error mutu-need
}
