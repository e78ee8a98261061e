#!/usr/bin/env bats
# Signed actions: with git's own ssh signing settings, every mutu commit
# is signed so that plain git verifies it, with no set-up beyond mutu.

load helper

setup() {
	mutu_setup
	ssh-keygen -q -t ed25519 -N '' -C alice -f "$BATS_TEST_TMPDIR/alice" </dev/null
	new_commons c
	mutu member edit alice --key "$BATS_TEST_TMPDIR/alice.pub" -q
	git config gpg.format ssh
	git config user.signingkey "$BATS_TEST_TMPDIR/alice"
}

@test "a member's commits are signed with git's signing key, and git verifies them as they are" {
	mutu offer add --title Signed >/dev/null
	git cat-file commit HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----'
	run git verify-commit HEAD
	[ "$status" -eq 0 ]
	[[ "$output" == *'Good "git" signature for alice@example.org'* ]]
	[ -z "$(git status --porcelain)" ]
}

@test "without git's signing settings, commits are not signed" {
	git config --unset gpg.format
	mutu offer add --title Plain >/dev/null
	! git cat-file commit HEAD | grep -q '^gpgsig'
}

@test "a key that cannot sign stops the write with one line, and nothing is committed" {
	local head
	head=$(git rev-parse HEAD)
	git config user.signingkey "$BATS_TEST_TMPDIR/missing"
	run mutu offer add --title Never
	[ "$status" -eq 74 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"cannot sign the commit"*"missing"* ]]
	[ "$(git rev-parse HEAD)" = "$head" ]
	[ -z "$(git status --porcelain)" ]
}

@test "a key held by ssh-agent, named literally, signs" {
	local agent
	eval "$(ssh-agent -s)" >/dev/null
	agent=$SSH_AGENT_PID
	ssh-add -q "$BATS_TEST_TMPDIR/alice" 2>/dev/null
	git config user.signingkey "key::$(cat "$BATS_TEST_TMPDIR/alice.pub")"
	mv "$BATS_TEST_TMPDIR/alice" "$BATS_TEST_TMPDIR/alice.away"   # only the agent has it now
	run mutu offer add --title "By the agent"
	kill "$agent"
	[ "$status" -eq 0 ]
	git verify-commit HEAD
}

@test "the allowed signers follow the members' keys" {
	local fp
	grep -q '^alice@example.org namespaces="git" ssh-ed25519 ' .git/mutu/allowed_signers
	[ "$(git config gpg.ssh.allowedSignersFile)" = "$PWD/.git/mutu/allowed_signers" ]
	fp=$(ssh-keygen -l -f "$BATS_TEST_TMPDIR/alice.pub" | cut -d' ' -f2)
	git config --unset gpg.format
	mutu member edit alice --remove-key "$fp" -q
	! grep -q 'alice@example.org' .git/mutu/allowed_signers
}

@test "a clone verifies the signatures at once, and signs its merge commits" {
	local id
	mutu offer add --title Signed >/dev/null
	git init -q --bare "$BATS_TEST_TMPDIR/remote.git"
	git remote add origin "$BATS_TEST_TMPDIR/remote.git"
	mutu sync -q
	mutu clone -q "$BATS_TEST_TMPDIR/remote.git" "$BATS_TEST_TMPDIR/d"
	run git -C "$BATS_TEST_TMPDIR/d" verify-commit HEAD
	[ "$status" -eq 0 ]
	# a merge made by the sync is signed like any action
	id=$(mutu offer add --title Here)
	(cd "$BATS_TEST_TMPDIR/d" && git config mutu.member alice && mutu offer add --title There >/dev/null && mutu sync -q)
	mutu sync -q
	[ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 3 ]
	git verify-commit HEAD
}
