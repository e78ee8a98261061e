#!/usr/bin/env bats
# mutu-sync and mutu-clone over each transport a group's remote may
# speak: git://, smart HTTP behind basic auth, ssh, gitolite. Three
# members on three clones work offline and meet; every record arrives,
# every disagreement is a conflict record, and all clones end with the
# remote's tree. The servers are remote-helper.bash's, on 127.0.0.1.

load helper
load remote-helper

setup_file() {
	start_servers
	start_gitolite
	gitolite_key alice >/dev/null
	gitolite_conf <<-EOF
		repo commons
		    RW+ = alice
	EOF
}

teardown_file() {
	stop_servers
}

setup() {
	mutu_setup
	git config --global user.name Alice
	git config --global user.email alice@example.org
}

teardown() {
	stop_servers
}

at() {
	local d=$1
	shift
	(cd "$BATS_TEST_TMPDIR/$d" && "$@")
}

tree_of() {
	git -C "$BATS_TEST_TMPDIR/$1" rev-parse 'HEAD^{tree}'
}

# publish URL: alice's commons a, with bob and carol, pushed to URL
publish() {
	new_commons a
	add_member bob
	add_member carol
	git remote add origin "$1"
	mutu sync -q || fail "first sync to $1"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# meet URL BARE: clones b and c of URL; a day offline: adds on all three,
# the same field edited on two, everyone's vote, bob's on two machines;
# syncs in a mixed order; then everything checked
meet() {
	local url=$1 bare=$2 d id p ids=()
	local t
	t=$(date -u -d "$T0 + 8 days" +%Y-%m-%dT%H:%M:%SZ)
	mutu clone -q "$url" "$BATS_TEST_TMPDIR/b" || fail "clone b over $url"
	git -C b config mutu.member bob
	mutu clone -q "$url" "$BATS_TEST_TMPDIR/c" || fail "clone c over $url"
	git -C c config mutu.member carol
	id=$(at b mutu offer add --title Drill) || fail "add"
	p=$(at a mutu propose add --title "Buy a lathe") || fail "propose"
	MUTU_NOW=$t at a mutu propose start "$p" -q || fail "start"
	for d in a b c; do
		at "$d" mutu sync -q || fail "sync $d"
	done
	for d in a b c; do
		ids+=("$(at "$d" mutu offer add --title "offline $d")")
	done
	at b mutu offer edit "$id" --set title="Drill (laptop)" -q
	at c env MUTU_MEMBER=bob mutu offer edit "$id" --set title="Drill (phone)" -q
	MUTU_NOW=$t at a mutu vote "$p" yes -q
	MUTU_NOW=$t at b mutu vote "$p" yes -q
	MUTU_NOW=$t at c mutu vote "$p" abstain -q
	MUTU_NOW=$t at c env MUTU_MEMBER=bob mutu vote "$p" no -q
	for d in c a b c a b; do
		MUTU_NOW=$t at "$d" mutu sync -q || fail "sync $d over $url"
	done
	for d in a b c; do
		for id in "${ids[@]}"; do
			at "$d" mutu offer show "$id" >/dev/null || fail "$id missing in $d"
		done
		[ "$(at "$d" mutu vote list "$p" --format ids | wc -l)" -eq 3 ] || fail "$d: three ballots"
		[ "$(at "$d" mutu conflicts list --format ids | wc -l)" -eq 2 ] || fail "$d: two conflicts"
	done
	[ "$(at a mutu conflicts list --format tsv | cut -f3 | sort | tr '\n' ' ')" = "ballot offer " ] ||
		fail "a title and a ballot conflict"
	[ "$(tree_of a)" = "$(tree_of b)" ] || fail "a and b differ"
	[ "$(tree_of b)" = "$(tree_of c)" ] || fail "b and c differ"
	[ "$(git --git-dir="$bare" rev-parse 'main^{tree}')" = "$(tree_of a)" ] || fail "the remote differs"
}

@test "git://: three clones meet, and converge" {
	local bare
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	publish "$GIT_DAEMON_URL/commons$BATS_TEST_NUMBER.git"
	meet "$GIT_DAEMON_URL/commons$BATS_TEST_NUMBER.git" "$bare"
}

@test "smart HTTP: three clones meet with the password from git's credential helper" {
	local bare url
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	printf 'http://%s:%s@127.0.0.1:%s\n' "$HTTP_USER" "$HTTP_PASSWORD" "$HTTP_PORT" >"$HOME/.git-credentials"
	git config --global credential.helper store
	url=$HTTP_URL/commons$BATS_TEST_NUMBER.git
	publish "$url"
	meet "$url" "$bare"
}

@test "smart HTTP: the user and password in the URL" {
	local bare
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	publish "$HTTP_AUTH_URL/commons$BATS_TEST_NUMBER.git"
	run mutu clone "$HTTP_AUTH_URL/commons$BATS_TEST_NUMBER.git" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 0 ]
	[ -f "$BATS_TEST_TMPDIR/b/mutu.yaml" ]
}

@test "smart HTTP: no credentials, or wrong ones, is exit 77 and nothing changes" {
	local bare head
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	publish "$HTTP_AUTH_URL/commons$BATS_TEST_NUMBER.git"
	run mutu clone "$HTTP_URL/commons$BATS_TEST_NUMBER.git" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 77 ]
	[ ! -e "$BATS_TEST_TMPDIR/b" ]
	printf 'http://%s:wrong@127.0.0.1:%s\n' "$HTTP_USER" "$HTTP_PORT" >"$HOME/.git-credentials"
	git config --global credential.helper store
	cd a
	git remote set-url origin "$HTTP_URL/commons$BATS_TEST_NUMBER.git"
	mutu offer add --title Local >/dev/null
	head=$(git rev-parse HEAD)
	run mutu sync
	[ "$status" -eq 77 ]
	[ "$(git rev-parse HEAD)" = "$head" ]
	# as git does, the helper is told to forget what the server refused
	! grep -q wrong "$HOME/.git-credentials"
}

@test "ssh: three clones meet with the user's key and known_hosts" {
	local bare url
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	ssh_home "$HOME"
	url=$SSH_URL$bare
	publish "$url"
	meet "$url" "$bare"
}

@test "ssh: a host not in known_hosts is refused with 77, before any key is offered" {
	local bare
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	ssh_home "$HOME"
	: >"$HOME/.ssh/known_hosts"
	run mutu clone "$SSH_URL$bare" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 77 ]
	[[ "$output" == *"known_hosts"* ]]
}

@test "ssh: a host whose key changed is refused, loudly" {
	local bare
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	ssh_home "$HOME"
	ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/other" </dev/null
	printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$BATS_TEST_TMPDIR/other.pub")" \
		>"$HOME/.ssh/known_hosts"
	run mutu clone "$SSH_URL$bare" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 77 ]
	[[ "$output" == *"CHANGED"* ]]
}

@test "gitolite: three clones meet through a gitolite repository" {
	gitolite_home "$HOME" alice
	publish "$GITOLITE_URL/commons"
	meet "$GITOLITE_URL/commons" "$GITOLITE_HOME/repositories/commons.git"
}

@test "a push the server refused because the remote moved meanwhile is merged and sent again" {
	local bare url
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	url=$GIT_DAEMON_URL/commons$BATS_TEST_NUMBER.git
	publish "$url"
	mutu clone -q "$url" "$BATS_TEST_TMPDIR/b" && git -C b config mutu.member bob
	mutu clone -q "$url" "$BATS_TEST_TMPDIR/c" && git -C c config mutu.member carol
	at c mutu offer add --title "From c" >/dev/null
	# between c's fetch and c's push, bob's copy pushes first
	cat >"$bare/hooks/pre-receive" <<-EOF
		#!/bin/sh
		[ -e "$BATS_TEST_TMPDIR/moved" ] && exit 0
		: >"$BATS_TEST_TMPDIR/moved"
		unset GIT_DIR GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
		cd "$BATS_TEST_TMPDIR/b" && mutu offer add --title Racing >/dev/null && mutu sync -q
	EOF
	chmod +x "$bare/hooks/pre-receive"
	run at c mutu sync
	[ "$status" -eq 0 ]
	[ -e "$BATS_TEST_TMPDIR/moved" ]
	rm "$bare/hooks/pre-receive"
	at b mutu sync -q
	at a mutu sync -q
	[ "$(at a mutu offer list --format ids | wc -l)" -eq 2 ]
	[ "$(git --git-dir="$bare" rev-parse 'main^{tree}')" = "$(tree_of c)" ]
}

@test "a server that stopped is exit 75, and the sync after it is back succeeds" {
	local bare url id
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	start_git_daemon   # one of this test's own
	url=$GIT_DAEMON_URL/commons$BATS_TEST_NUMBER.git
	publish "$url"
	id=$(at a mutu offer add --title Offline)
	stop_servers
	run at a mutu sync
	[ "$status" -eq 75 ]
	[[ "$output" == *"sync again"* ]]
	start_git_daemon
	git -C a remote set-url origin "$GIT_DAEMON_URL/commons$BATS_TEST_NUMBER.git"
	at a mutu sync -q
	[ "$(git --git-dir="$bare" rev-parse main)" = "$(git -C a rev-parse HEAD)" ]
}

@test "syncs over HTTP killed at random instants leave a repository git fsck accepts" {
	local bare url i
	bare=$(new_bare "commons$BATS_TEST_NUMBER")
	printf 'http://%s:%s@127.0.0.1:%s\n' "$HTTP_USER" "$HTTP_PASSWORD" "$HTTP_PORT" >"$HOME/.git-credentials"
	git config --global credential.helper store
	url=$HTTP_URL/commons$BATS_TEST_NUMBER.git
	publish "$url"
	mutu clone -q "$url" "$BATS_TEST_TMPDIR/b" && git -C b config mutu.member bob
	for i in 1 2 3 4 5 6; do
		at a mutu offer add --title "a $i" >/dev/null
		at b mutu offer add --title "b $i" >/dev/null
		at b mutu sync -q
		(cd a && exec mutu sync -q) &
		local pid=$!
		sleep "0.0$((RANDOM % 9))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" || true
		git -C a fsck --no-progress 2>&1 | grep -v '^dangling' && fail "fsck, round $i"
		at a mutu sync -q || fail "sync after the kill, round $i"
		[ -z "$(git -C a status --porcelain)" ] || fail "status, round $i"
	done
	at b mutu sync -q
	[ "$(at b mutu offer list --format ids | wc -l)" -eq 12 ]
	[ "$(tree_of a)" = "$(tree_of b)" ]
}
