#!/usr/bin/env bats
# The guard of a shared remote: `mutu audit --pre-receive` as a bare
# repository's pre-receive hook refuses, whole, a push that breaks the
# commons' rules, rewrites or deletes the main branch, or carries a commit
# dated in the future; over a path, smart HTTP and ssh alike, with plain
# git push. And mutu sync, which audits what it fetches from a remote
# without the guard, refuses a forged history and changes nothing.

load helper
load remote-helper

setup_file() {
	# the servers run the hook with their own environment: no MUTU_NOW
	# there, the hook uses the real clock
	unset MUTU_NOW
	start_servers
}

teardown_file() {
	stop_servers
}

setup() {
	mutu_setup
	need_tool jq
	new_commons
	add_member bob "Bob Dupont"
}

teardown() {
	stop_servers
}

# as NAME EMAIL GIT-ARGS…: plain git as that person, dated $MUTU_NOW (or $WHEN).
as() {
	local name=$1 email=$2 when=${WHEN:-$MUTU_NOW}
	shift 2
	GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when \
		git -c user.name="$name" -c user.email="$email" "$@"
}

as_alice() {
	as "Alice Martin" alice@example.org "$@"
}

as_bob() {
	as "Bob Dupont" bob@example.org "$@"
}

# guarded NAME: a bare repository $REMOTE_ROOT/NAME.git holding the
# commons as it is now (pushed before the guard is set), then guarded by
# the hook, which runs the installed mutu by its absolute path (the
# servers' PATH does not have it).
guarded() {
	local bare mutu
	bare=$(new_bare "$1") || return
	git push -q "$bare" main || fail "cannot fill $bare"
	mutu=$(command -v mutu) || fail "no mutu on PATH"
	printf '#!/bin/sh\nexec %s audit --pre-receive\n' "$mutu" >"$bare/hooks/pre-receive"
	chmod +x "$bare/hooks/pre-receive"
	echo "$bare"
}

# url_of TRANSPORT NAME: how a client names $REMOTE_ROOT/NAME.git.
url_of() {
	case $1 in
	path) echo "$REMOTE_ROOT/$2.git" ;;
	http) echo "$HTTP_AUTH_URL/$2.git" ;;
	ssh) echo "$SSH_URL$REMOTE_ROOT/$2.git" ;;
	*) fail "no transport $1" ;;
	esac
}

# push TRANSPORT NAME GIT-PUSH-ARGS…: plain git push, over TRANSPORT, to NAME.
push() {
	local url
	url=$(url_of "$1" "$2") || return
	shift 2
	GIT_SSH_COMMAND=$SSH_COMMAND git push "$url" "$@"
}

# remote_main NAME: the commit main is at in $REMOTE_ROOT/NAME.git.
remote_main() {
	git -C "$REMOTE_ROOT/$1.git" rev-parse refs/heads/main
}

# forge: on top of a commit mutu makes, three forgeries by plain git:
# bob edits alice's offer (not-owner), alice edits rules.yaml by hand
# (rules-outside-proposal), alice signs with a key that is not hers
# (foreign-key). Sets GOOD, NOT_OWNER, RULES and FOREIGN to their ids.
forge() {
	local id
	ssh-keygen -q -t ed25519 -N '' -C mallory -f "$BATS_TEST_TMPDIR/mallory" </dev/null ||
		fail "cannot make a key"
	ssh-keygen -q -t ed25519 -N '' -C alice -f "$BATS_TEST_TMPDIR/alice" </dev/null ||
		fail "cannot make a key"
	mutu member edit alice --key "$BATS_TEST_TMPDIR/alice.pub" -q || fail "cannot add alice's key"
	id=$(add_offer --title Drill)
	GOOD=$(git rev-parse HEAD)
	sed -i 's/^title: .*/title: Drill, now bob'"'"'s/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit" || fail "commit"
	NOT_OWNER=$(git rev-parse HEAD)
	sed -i 's/^  quorum: .*/  quorum: 1/' rules.yaml
	as_alice commit -qam "rules: quorum 1" || fail "commit"
	RULES=$(git rev-parse HEAD)
	as_alice -c gpg.format=ssh -c user.signingkey="$BATS_TEST_TMPDIR/mallory" \
		commit -q -S --allow-empty -m "signed by another key" || fail "commit"
	FOREIGN=$(git rev-parse HEAD)
}

# --- a clean push passes ---

@test "the guard lets a push of what mutu made through, over a path, smart HTTP and ssh" {
	local t
	guarded clean >/dev/null
	for t in path http ssh; do
		echo "# --- $t" >&2
		add_offer --title "Over $t" >/dev/null
		MUTU_MEMBER=bob add_need --title "Need over $t" >/dev/null
		run --separate-stderr push "$t" clean main
		[ "$status" -eq 0 ] || fail "push over $t failed:" "$stderr"
		[ "$(remote_main clean)" = "$(git rev-parse HEAD)" ]
	done
}

@test "the guard audits only what is new: a commit at fault the remote already holds does not stop the next push" {
	local old
	guarded held >/dev/null
	# put a forgery in by going around the guard
	sed -i 's/^  quorum: .*/  quorum: 1/' rules.yaml
	as_alice commit -qam "rules: quorum 1"
	old=$(git rev-parse HEAD)
	git -C "$REMOTE_ROOT/held.git" fetch -q "$PWD" "main:refs/heads/main"
	[ "$(remote_main held)" = "$old" ]
	add_offer --title Drill >/dev/null
	run --separate-stderr push path held main
	[ "$status" -eq 0 ] || fail "push refused:" "$stderr"
	[ "$(remote_main held)" = "$(git rev-parse HEAD)" ]
}

# --- a forged push is refused whole ---

@test "a push with forgeries is refused whole, over a path, smart HTTP and ssh, naming each rule and commit" {
	local t before
	guarded forged >/dev/null
	before=$(remote_main forged)
	forge
	for t in path http ssh; do
		echo "# --- $t" >&2
		run --separate-stderr push "$t" forged main
		[ "$status" -ne 0 ] || fail "push over $t accepted"
		[ "$(remote_main forged)" = "$before" ] || fail "remote main moved over $t"
		[[ $stderr == *"remote: mutu: ${NOT_OWNER:0:8} bob [not-owner]"* ]] || fail "no not-owner over $t:" "$stderr"
		[[ $stderr == *"remote: mutu: ${RULES:0:8} alice [rules-outside-proposal]"* ]] ||
			fail "no rules-outside-proposal over $t:" "$stderr"
		[[ $stderr == *"remote: mutu: ${FOREIGN:0:8} alice [foreign-key]"* ]] || fail "no foreign-key over $t:" "$stderr"
		[[ $stderr == *"remote: mutu: the push is refused: 3 violations of the commons' rules"* ]] ||
			fail "no summary over $t:" "$stderr"
		[[ $stderr != *"${GOOD:0:8}"* ]] || fail "the good commit is named over $t:" "$stderr"
		[[ $stderr == *"pre-receive hook declined"* ]] || fail "git does not say the hook declined over $t:" "$stderr"
	done
}

@test "a forgery on another branch is refused too" {
	local before
	guarded side >/dev/null
	git checkout -q -b side
	sed -i 's/^  quorum: .*/  quorum: 1/' rules.yaml
	as_alice commit -qam "rules: quorum 1"
	run --separate-stderr push path side side
	[ "$status" -ne 0 ]
	[[ $stderr == *"[rules-outside-proposal]"* ]]
	run git -C "$REMOTE_ROOT/side.git" rev-parse --verify -q refs/heads/side
	[ "$status" -ne 0 ]
}

@test "an unsigned commit, where the rules require signatures, is refused" {
	local r before t
	sed 's/^require_signatures: false/require_signatures: true/' rules.yaml >"$BATS_TEST_TMPDIR/sign.yaml"
	grep -qx 'require_signatures: true' "$BATS_TEST_TMPDIR/sign.yaml"
	r=$(mutu propose add --title "Sign everything" --rules-file "$BATS_TEST_TMPDIR/sign.yaml")
	t=$(date -u -d "$T0" +%s)
	MUTU_NOW=$(date -u -d "@$((t + 8 * 86400))" +%Y-%m-%dT%H:%M:%SZ) mutu propose start "$r" -q
	MUTU_NOW=$(date -u -d "@$((t + 8 * 86400 + 60))" +%Y-%m-%dT%H:%M:%SZ) mutu vote "$r" yes -q
	MUTU_NOW=$(date -u -d "@$((t + 8 * 86400 + 60))" +%Y-%m-%dT%H:%M:%SZ) MUTU_MEMBER=bob mutu vote "$r" yes -q
	export MUTU_NOW=$(date -u -d "@$((t + 16 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
	mutu propose close "$r" -q
	mutu propose apply "$r" -q
	grep -qx 'require_signatures: true' rules.yaml
	guarded unsigned >/dev/null
	before=$(remote_main unsigned)
	sed -i 's/^name: .*/name: Bob, unsigned/' members/bob.yaml
	as_bob commit -qam "member edit bob"
	run --separate-stderr push path unsigned main
	[ "$status" -ne 0 ]
	[[ $stderr == *"remote: mutu: $(git rev-parse --short=8 HEAD) bob [unsigned]"* ]]
	[ "$(remote_main unsigned)" = "$before" ]
}

# --- the main branch is never rewritten nor deleted ---

@test "a force push that rewrites main is refused, over a path, smart HTTP and ssh" {
	local t before
	add_offer --title Drill >/dev/null
	guarded rewrite >/dev/null
	before=$(remote_main rewrite)
	git reset -q --hard HEAD~1
	add_offer --title "Another drill" >/dev/null
	for t in path http ssh; do
		echo "# --- $t" >&2
		run --separate-stderr push "$t" rewrite --force main
		[ "$status" -ne 0 ] || fail "force push over $t accepted"
		[ "$(remote_main rewrite)" = "$before" ] || fail "remote main moved over $t"
		[[ $stderr == *"remote: mutu: refused: refs/heads/main may not be rewritten"* ]] ||
			fail "no refusal over $t:" "$stderr"
	done
}

@test "deleting main is refused, over a path, smart HTTP and ssh" {
	local t before
	guarded delete >/dev/null
	before=$(remote_main delete)
	for t in path http ssh; do
		echo "# --- $t" >&2
		run --separate-stderr push "$t" delete :main
		[ "$status" -ne 0 ] || fail "delete over $t accepted"
		[ "$(remote_main delete)" = "$before" ] || fail "remote main gone over $t"
		[[ $stderr == *"remote: mutu: refused: refs/heads/main may not be deleted"* ]] ||
			fail "no refusal over $t:" "$stderr"
	done
}

@test "another branch may be deleted and rewritten" {
	guarded other >/dev/null
	git checkout -q -b other
	add_offer --title Drill >/dev/null
	run --separate-stderr push path other other
	[ "$status" -eq 0 ] || fail "push of other refused:" "$stderr"
	git reset -q --hard HEAD~1
	add_offer --title "Another drill" >/dev/null
	run --separate-stderr push path other --force other
	[ "$status" -eq 0 ] || fail "force push of other refused:" "$stderr"
	[ "$(git -C "$REMOTE_ROOT/other.git" rev-parse refs/heads/other)" = "$(git rev-parse HEAD)" ]
	run --separate-stderr push path other :other
	[ "$status" -eq 0 ] || fail "delete of other refused:" "$stderr"
	run git -C "$REMOTE_ROOT/other.git" rev-parse --verify -q refs/heads/other
	[ "$status" -ne 0 ]
}

# --- a commit dated in the future ---

@test "a commit dated two days ahead of the remote's clock is refused (future-date), over a path, smart HTTP and ssh" {
	local t before when c
	guarded future >/dev/null
	before=$(remote_main future)
	# two days after whichever clock the hook reads: the real one (HTTP,
	# ssh), or MUTU_NOW (a path push passes the environment on); the real
	# clock is the later one
	[ "$(date -u +%s)" -gt "$(date -u -d "$MUTU_NOW" +%s)" ]
	when=$(date -u -d "@$(($(date -u +%s) + 2 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
	MUTU_NOW=$when mutu offer add --title "From the future" >/dev/null
	c=$(git rev-parse HEAD)
	[ "$(git log -1 --format=%ct)" -gt $(($(date -u +%s) + 86400)) ]
	for t in path http ssh; do
		echo "# --- $t" >&2
		run --separate-stderr push "$t" future main
		[ "$status" -ne 0 ] || fail "push over $t accepted"
		[ "$(remote_main future)" = "$before" ] || fail "remote main moved over $t"
		[[ $stderr == *"remote: mutu: ${c:0:8} alice [future-date]"* ]] || fail "no future-date over $t:" "$stderr"
	done
}

@test "a commit dated an hour ahead of the remote's clock passes: clocks drift" {
	local when
	guarded drift >/dev/null
	when=$(date -u -d "@$(($(date -u +%s) + 3600))" +%Y-%m-%dT%H:%M:%SZ)
	MUTU_NOW=$when add_offer --title Drill >/dev/null
	run --separate-stderr push ssh drift main
	[ "$status" -eq 0 ] || fail "push refused:" "$stderr"
	[ "$(remote_main drift)" = "$(git rev-parse HEAD)" ]
}

@test "over a path, the hook reads MUTU_NOW like every mutu command: a commit two days after it is refused" {
	local when before
	guarded mutunow >/dev/null
	before=$(remote_main mutunow)
	when=$(date -u -d "@$(($(date -u -d "$MUTU_NOW" +%s) + 2 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
	MUTU_NOW=$when add_offer --title Drill >/dev/null
	run --separate-stderr push path mutunow main
	[ "$status" -ne 0 ]
	[[ $stderr == *"[future-date]"* ]]
	[ "$(remote_main mutunow)" = "$before" ]
}

# --- mutu sync audits what it fetches ---

@test "mutu sync refuses a forged history from a remote without the guard (exit 65), naming the rules, and changes nothing" {
	local bare
	bare=$(new_bare plain)
	git remote add origin "$bare"
	mutu sync -q
	mutu clone -q "$bare" "$BATS_TEST_TMPDIR/b"
	forge
	git push -q origin main
	cd "$BATS_TEST_TMPDIR/b"
	git config mutu.member bob
	MUTU_MEMBER=bob add_need --title Ladder >/dev/null
	snapshot
	run --separate-stderr mutu sync
	[ "$status" -eq 65 ]
	[[ $stderr == *"mutu: ${NOT_OWNER:0:8} bob [not-owner]"* ]]
	[[ $stderr == *"mutu: ${RULES:0:8} alice [rules-outside-proposal]"* ]]
	[[ $stderr == *"mutu: ${FOREIGN:0:8} alice [foreign-key]"* ]]
	[[ $stderr == *"nothing was merged"* ]]
	assert_unchanged
	[ "$(git -C "$bare" rev-parse main)" = "$FOREIGN" ]
}

@test "mutu sync takes a clean history from the same remote, and audits it" {
	local bare
	bare=$(new_bare plainclean)
	git remote add origin "$bare"
	mutu sync -q
	mutu clone -q "$bare" "$BATS_TEST_TMPDIR/b"
	add_offer --title Drill >/dev/null
	git push -q origin main
	cd "$BATS_TEST_TMPDIR/b"
	git config mutu.member bob
	run --separate-stderr mutu sync -q
	[ "$status" -eq 0 ] || fail "sync failed:" "$stderr"
	[ "$(git rev-parse HEAD)" = "$(git -C "$bare" rev-parse main)" ]
}
