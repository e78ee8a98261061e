#!/usr/bin/env bats
# mutu-offer: what only offers do. Everything offers share with needs
# (add, list, show, edit, close, reopen, the formats) is in items.bats,
# run once for each type.

load helper

setup() {
	mutu_setup
}

@test "mutu offer --help says what offers are for" {
	run -0 --separate-stderr mutu offer --help
	[[ $output == *"What members put in common"* ]]
	[ -z "$stderr" ]
}
