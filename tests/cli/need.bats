#!/usr/bin/env bats
# mutu-need: what only needs do. Everything needs share with offers
# (add, list, show, edit, close, reopen, the formats) is in items.bats,
# run once for each type.

load helper

setup() {
	mutu_setup
}

@test "mutu need --help says what needs are for" {
	run -0 --separate-stderr mutu need --help
	[[ $output == *"What members ask the commons for"* ]]
	[ -z "$stderr" ]
}
