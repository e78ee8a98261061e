#!/usr/bin/env bats
# A writer killed at any instant leaves nothing for a person to clean up.
#
# MUTU_TEST_CRASH=<point> makes a write kill itself with SIGKILL at a
# named step of the store's protocol (lib/store.c, lib/worktree.c):
#
#   intent     the intent is recorded, nothing else yet
#   locked     index.lock (marked "mutu <pid>") is held, the branch not moved
#   published  the branch is moved, no work-tree file written
#   files      half the work-tree files of the write are in place
#   index      every file is in place, the new index is not
#   unlocked   index.lock is released, the intent is still there
#
# For every point the next mutu command, a read or a write, must succeed
# by itself; the commons must end with no lock, no intent, a clean
# `git status` and a clean `git fsck`; and the change must be all there
# (published and later) or all absent (before).

load helper

setup() {
	mutu_setup
}

BULK=300

# gen_offers N [WORD]: N offers as one YAML stream.
gen_offers() {
	awk -v n="$1" -v w="${2:-Bulk}" 'BEGIN {
		for (i = 1; i <= n; i++) {
			if (i > 1) print "---"
			printf "title: %s %d\nkind: tool\ntags: [bulk, t%d]\nbody: |\n  Line one of %d.\n  Line two.\n", w, i, i % 7, i
		}
	}'
}

# with_stdin FILE CMD…: CMD with FILE on its standard input.
with_stdin() {
	local f=$1
	shift
	"$@" <"$f"
}

# The Git directory of the commons in the current directory, or of $1.
gitdir_of() {
	git -C "${1:-.}" rev-parse --absolute-git-dir
}

# Nothing a person would have to delete: no index.lock, no intent, no
# ref lock, no lock file at all, no temporary file of mutu's.
assert_no_leftovers() {
	local g
	g=$(gitdir_of "${1:-.}") || fail "no Git directory"
	[ ! -e "$g/index.lock" ] || fail "index.lock left behind: $(cat "$g/index.lock")"
	[ ! -e "$g/mutu/intent" ] || fail "the intent was left behind"
	[ ! -e "$g/refs/heads/main.lock" ] || fail "refs/heads/main.lock left behind"
	[ -z "$(find "$g" -name '*.lock')" ] || fail "lock files left: $(find "$g" -name '*.lock')"
	[ -z "$(find "$(dirname "$g")" -name '*.mutu-tmp')" ] || fail "temporary files left"
}

# A non-bare commons whose work tree and index are exactly the tip.
assert_clean_worktree() {
	local st
	st=$(git status --porcelain --untracked-files=all) || fail "git status failed"
	[ -z "$st" ] || fail "git status is not clean:" "$st"
	git diff --quiet HEAD || fail "the work tree differs from the tip"
	git diff --cached --quiet HEAD || fail "the index differs from the tip"
}

assert_fsck() {
	local out
	out=$(git -C "${1:-.}" fsck --no-progress --no-dangling 2>&1) || fail "git fsck failed:" "$out"
	[ -z "$out" ] || fail "git fsck complains:" "$out"
}

# A record fully there: committed, its file in the work tree holding the
# committed blob, the same blob in the index.
assert_record_in_step() {
	local path=$1 blob
	blob=$(git rev-parse --verify -q "HEAD:$path") || fail "$path is not committed"
	[ -f "$path" ] || fail "$path is not in the work tree"
	[ "$(git hash-object "$path")" = "$blob" ] || fail "$path in the work tree is not the committed content"
	[ "$(git rev-parse --verify -q ":$path")" = "$blob" ] || fail "$path in the index is not the committed blob"
}

# The field of a committed record, read back by mutu.
field_of() { # field_of ID FIELD [mutu options]
	local id=$1 field=$2
	shift 2
	mutu offer "$@" show "$id" --format json | jq -r ".$field"
}

# crash_case OP POINT EXPECT NEXT: in a fresh non-bare commons, kill OP
# (add, bulk, edit, close) at POINT, run NEXT (read or write) as the next
# mutu command, and check that the change is EXPECT (absent or present)
# and that nothing is left to clean up.
crash_case() {
	local op=$1 point=$2 expect=$3 next=$4 id ids_before new n before commits next_id="" after
	new_commons "c-$op-$point-$next" || return 1
	add_offer --title Keep >/dev/null || return 1
	id=$(add_offer --title Original) || return 1
	[ "$op" != bulk ] || gen_offers "$BULK" >"$BATS_TEST_TMPDIR/bulk.yaml"
	ids_before=$(mutu offer list --status all --format ids | sort)
	before=$(commit_count)

	case $op in
	add) run -137 env MUTU_TEST_CRASH="$point" mutu offer add --title Crashed ;;
	bulk) run -137 with_stdin "$BATS_TEST_TMPDIR/bulk.yaml" env MUTU_TEST_CRASH="$point" mutu offer add --yaml - ;;
	edit) run -137 env MUTU_TEST_CRASH="$point" mutu offer edit "$id" --set title=Crashed ;;
	close) run -137 env MUTU_TEST_CRASH="$point" mutu offer close "$id" ;;
	esac

	# the next command succeeds by itself: nobody deletes a lock
	case $next/$op in
	read/*) run -0 --separate-stderr mutu offer list --status all --format ids ;;
	write/add | write/bulk)
		run -0 --separate-stderr mutu offer add --title Next
		next_id=$output
		;;
	write/edit | write/close) run -0 --separate-stderr mutu offer edit "$id" --add-tag next ;;
	esac
	[[ $stderr != *error* ]] || fail "the next command printed an error: $stderr"
	assert_no_leftovers
	assert_clean_worktree
	assert_fsck

	# all there, or all absent
	new=$(comm -13 <(echo "$ids_before") <(mutu offer list --status all --format ids | sort) |
		grep -vx -e "$next_id" -e '' || true)
	n=$(grep -c . <<<"$new" || true)
	commits=$(commit_count)
	[ "$next" = read ] || commits=$((commits - 1))
	case $expect in
	absent) [ "$commits" -eq "$before" ] || fail "a commit appeared from a write killed at $point" ;;
	present) [ "$commits" -eq $((before + 1)) ] || fail "expected the one commit of the write killed at $point" ;;
	esac
	case $op/$expect in
	add/absent | bulk/absent)
		[ "$n" -eq 0 ] || fail "$n records appeared from a write killed at $point"
		[ "$(find offers -type f | wc -l)" -eq "$(git ls-tree -r --name-only HEAD offers | wc -l)" ]
		;;
	add/present)
		[ "$n" -eq 1 ] || fail "expected the one record of the killed add, found $n"
		[ "$(field_of "$new" title)" = Crashed ]
		assert_record_in_step "$(record_path offers "$new")"
		;;
	bulk/present)
		[ "$n" -eq "$BULK" ] || fail "expected all $BULK records of the killed import, found $n"
		# every file of the import is in the work tree and the index
		[ "$(git ls-files offers | wc -l)" -eq "$(git ls-tree -r --name-only HEAD offers | wc -l)" ]
		[ "$(find offers -type f | wc -l)" -eq "$(git ls-tree -r --name-only HEAD offers | wc -l)" ]
		assert_record_in_step "$(record_path offers "$(head -n1 <<<"$new")")"
		assert_record_in_step "$(record_path offers "$(tail -n1 <<<"$new")")"
		;;
	edit/absent)
		[ "$(field_of "$id" title)" = Original ]
		assert_record_in_step "$(record_path offers "$id")"
		;;
	edit/present)
		[ "$(field_of "$id" title)" = Crashed ]
		assert_record_in_step "$(record_path offers "$id")"
		;;
	close/absent)
		[ "$(field_of "$id" status)" = open ]
		assert_record_in_step "$(record_path offers "$id")"
		;;
	close/present)
		[ "$(field_of "$id" status)" = closed ]
		assert_record_in_step "$(record_path offers "$id")"
		;;
	esac

	# the next write lands normally
	after=$(add_offer --title After) || return 1
	[ "$(field_of "$after" title)" = After ]
	assert_record_in_step "$(record_path offers "$after")"
	assert_clean_worktree
	assert_no_leftovers
}

# bare_crash_case OP POINT EXPECT NEXT: the same in a bare commons, named
# by MUTU_DIR for the killed write and by -C for the commands after it.
bare_crash_case() {
	local op=$1 point=$2 expect=$3 next=$4 b="$BATS_TEST_TMPDIR/b-$1-$2-$4.git"
	local id ids_before new n before commits next_id="" after
	mutu init --bare "$b" --name Shared --member alice --email alice@example.org -q ||
		fail "mutu init --bare failed"
	id=$(mutu offer -C "$b" add --title Original) || fail "add failed"
	[ "$op" != bulk ] || gen_offers "$BULK" >"$BATS_TEST_TMPDIR/bulk.yaml"
	ids_before=$(mutu offer -C "$b" list --status all --format ids | sort)
	before=$(git -C "$b" rev-list --count HEAD)

	case $op in
	add) MUTU_DIR=$b run -137 env MUTU_TEST_CRASH="$point" mutu offer add --title Crashed ;;
	bulk) MUTU_DIR=$b run -137 with_stdin "$BATS_TEST_TMPDIR/bulk.yaml" env MUTU_TEST_CRASH="$point" mutu offer add --yaml - ;;
	edit) MUTU_DIR=$b run -137 env MUTU_TEST_CRASH="$point" mutu offer edit "$id" --set title=Crashed ;;
	close) MUTU_DIR=$b run -137 env MUTU_TEST_CRASH="$point" mutu offer close "$id" ;;
	esac

	case $next/$op in
	read/*) run -0 --separate-stderr mutu -C "$b" offer list --status all --format ids ;;
	write/add | write/bulk)
		run -0 --separate-stderr mutu offer -C "$b" add --title Next
		next_id=$output
		;;
	write/edit | write/close) run -0 --separate-stderr mutu offer -C "$b" edit "$id" --add-tag next ;;
	esac
	[[ $stderr != *error* ]] || fail "the next command printed an error: $stderr"
	assert_no_leftovers "$b"
	assert_fsck "$b"
	[ "$(git -C "$b" rev-parse --is-bare-repository)" = true ]
	[ ! -e "$b/offers" ] || fail "a bare commons got a work tree"

	new=$(comm -13 <(echo "$ids_before") <(mutu offer -C "$b" list --status all --format ids | sort) |
		grep -vx -e "$next_id" -e '' || true)
	n=$(grep -c . <<<"$new" || true)
	commits=$(git -C "$b" rev-list --count HEAD)
	[ "$next" = read ] || commits=$((commits - 1))
	case $expect in
	absent) [ "$commits" -eq "$before" ] || fail "a commit appeared from a write killed at $point" ;;
	present) [ "$commits" -eq $((before + 1)) ] || fail "expected the one commit of the write killed at $point" ;;
	esac
	case $op/$expect in
	add/absent | bulk/absent) [ "$n" -eq 0 ] || fail "$n records appeared from a write killed at $point" ;;
	add/present)
		[ "$n" -eq 1 ] || fail "expected the one record of the killed add, found $n"
		[ "$(field_of "$new" title -C "$b")" = Crashed ]
		git -C "$b" cat-file -e "HEAD:$(record_path offers "$new")"
		;;
	bulk/present)
		[ "$n" -eq "$BULK" ] || fail "expected all $BULK records of the killed import, found $n"
		[ "$(git -C "$b" ls-tree -r --name-only HEAD offers | wc -l)" -eq $((BULK + 1 + ${#next_id} / 12)) ]
		;;
	edit/absent) [ "$(field_of "$id" title -C "$b")" = Original ] ;;
	edit/present) [ "$(field_of "$id" title -C "$b")" = Crashed ] ;;
	close/absent) [ "$(field_of "$id" status -C "$b")" = open ] ;;
	close/present) [ "$(field_of "$id" status -C "$b")" = closed ] ;;
	esac

	after=$(mutu offer -C "$b" add --title After) || fail "the write after the crash failed"
	[ "$(field_of "$after" title -C "$b")" = After ]
	assert_no_leftovers "$b"
}

# Both: the next command a read, then in another commons a write.
crash() {
	crash_case "$@" read
	crash_case "$@" write
}

bare_crash() {
	bare_crash_case "$@" read
	bare_crash_case "$@" write
}

# --- every point, every write, in a commons with a work tree ---

@test "offer add killed at 'intent': the offer is absent, and the next read or write cleans up" {
	crash add intent absent
}

@test "offer add killed at 'locked': the offer is absent, and the next read or write cleans up" {
	crash add locked absent
}

@test "offer add killed at 'published': the offer is fully there, and the next read or write completes it" {
	crash add published present
}

@test "offer add killed at 'files': the offer is fully there, and the next read or write completes it" {
	crash add files present
}

@test "offer add killed at 'index': the offer is fully there, and the next read or write completes it" {
	crash add index present
}

@test "offer add killed at 'unlocked': the offer is fully there, and the next read or write cleans up" {
	crash add unlocked present
}

@test "a bulk import killed at 'intent': none of its records exist, and the next read or write cleans up" {
	crash bulk intent absent
}

@test "a bulk import killed at 'locked': none of its records exist, and the next read or write cleans up" {
	crash bulk locked absent
}

@test "a bulk import killed at 'published': all its records are there, files and index included" {
	crash bulk published present
}

@test "a bulk import killed at 'files', half its files written: all its records are there afterwards" {
	crash bulk files present
}

@test "a bulk import killed at 'index': all its records are there, files and index included" {
	crash bulk index present
}

@test "a bulk import killed at 'unlocked': all its records are there, and the next command cleans up" {
	crash bulk unlocked present
}

@test "offer edit killed at 'intent': the record keeps its old content everywhere" {
	crash edit intent absent
}

@test "offer edit killed at 'locked': the record keeps its old content everywhere" {
	crash edit locked absent
}

@test "offer edit killed at 'published': the edit is committed, in the work tree and in the index" {
	crash edit published present
}

@test "offer edit killed at 'files': the edit is committed, in the work tree and in the index" {
	crash edit files present
}

@test "offer edit killed at 'index': the edit is committed, in the work tree and in the index" {
	crash edit index present
}

@test "offer edit killed at 'unlocked': the edit is committed, in the work tree and in the index" {
	crash edit unlocked present
}

@test "offer close killed at 'intent': the offer stays open everywhere" {
	crash close intent absent
}

@test "offer close killed at 'locked': the offer stays open everywhere" {
	crash close locked absent
}

@test "offer close killed at 'published': the offer is closed, in the work tree and in the index" {
	crash close published present
}

@test "offer close killed at 'files': the offer is closed, in the work tree and in the index" {
	crash close files present
}

@test "offer close killed at 'index': the offer is closed, in the work tree and in the index" {
	crash close index present
}

@test "offer close killed at 'unlocked': the offer is closed, in the work tree and in the index" {
	crash close unlocked present
}

# --- a bare commons: only the points before and after the branch moves apply ---

@test "bare: offer add killed at 'intent' leaves no offer and no intent after the next command" {
	bare_crash add intent absent
}

@test "bare: offer add killed at 'published' leaves the offer committed and no intent after the next command" {
	bare_crash add published present
}

@test "bare: a bulk import killed at 'intent' leaves none of its records" {
	bare_crash bulk intent absent
}

@test "bare: a bulk import killed at 'published' leaves all of its records" {
	bare_crash bulk published present
}

@test "bare: offer edit killed at 'intent' leaves the old content" {
	bare_crash edit intent absent
}

@test "bare: offer edit killed at 'published' leaves the edit committed" {
	bare_crash edit published present
}

@test "bare: offer close killed at 'intent' leaves the offer open" {
	bare_crash close intent absent
}

@test "bare: offer close killed at 'published' leaves the offer closed" {
	bare_crash close published present
}

# --- kills at random instants ---

@test "bulk imports killed at random instants are all or nothing and never need a person" {
	local n=2000 i rc pid ms span base count before all=0 none=0 killed=0 t0 t1
	new_commons
	add_offer --title Keep >/dev/null
	gen_offers "$n" Random >"$BATS_TEST_TMPDIR/random.yaml"
	# one import run to its end: how long the window to kill in is
	t0=$(date +%s%N)
	mutu offer add --yaml - <"$BATS_TEST_TMPDIR/random.yaml" >/dev/null
	t1=$(date +%s%N)
	# kill anywhere from the start to a little past the end of that run
	span=$(((t1 - t0) * 11 / 10000000))
	[ "$span" -ge 300 ] || span=300
	base=$(mutu offer list --status all --format ids | wc -l)
	[ "$base" -eq $((n + 1)) ]
	for i in $(seq 1 20); do
		before=$(commit_count)
		mutu offer add --yaml - <"$BATS_TEST_TMPDIR/random.yaml" >/dev/null 2>&1 &
		pid=$!
		ms=$((RANDOM % span))
		sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
		kill -9 "$pid" 2>/dev/null || true
		rc=0
		wait "$pid" || rc=$?
		[ "$rc" -eq 137 ] || [ "$rc" -eq 0 ] || fail "iteration $i: the import exited $rc"
		[ "$rc" -ne 137 ] || killed=$((killed + 1))
		# the next command succeeds by itself
		mutu offer list --status all --format ids >"$BATS_TEST_TMPDIR/ids" ||
			fail "iteration $i: the list after the kill failed"
		count=$(wc -l <"$BATS_TEST_TMPDIR/ids")
		assert_no_leftovers
		assert_clean_worktree
		case $((count - base)) in
		0)
			none=$((none + 1))
			[ "$(commit_count)" -eq "$before" ] || fail "iteration $i: a commit without its records"
			;;
		"$n")
			all=$((all + 1))
			[ "$(commit_count)" -eq $((before + 1)) ] || fail "iteration $i: not one commit"
			;;
		*) fail "iteration $i (killed after ${ms} ms): $((count - base)) of $n records landed" ;;
		esac
		base=$count
	done
	echo "# $killed of 20 imports killed within ${span} ms: $all landed whole, $none left nothing" >&3
	assert_fsck
	[ "$(git ls-files offers | wc -l)" -eq "$base" ]
	[ "$(find offers -type f | wc -l)" -eq "$base" ]
	# the next write lands normally
	add_offer --title After >/dev/null
	assert_clean_worktree
	assert_no_leftovers
}

# --- a lock that is not mutu's ---

@test "a plain git index.lock is never removed: a write waits, exits 75 naming it, and the lock stays" {
	new_commons
	add_offer --title Perceuse >/dev/null
	: >.git/index.lock
	MUTU_LOCK_TIMEOUT_MS=300 refuses 75 "index\\.lock" mutu offer add --title Marteau
	[ -e .git/index.lock ]
	[ ! -s .git/index.lock ]
	# a read still works and leaves it alone
	run -0 mutu offer list --format ids
	[ "${#lines[@]}" -eq 1 ]
	[ -e .git/index.lock ]
	rm .git/index.lock
	add_offer --title Marteau >/dev/null
	assert_no_leftovers
}

@test "a dead writer's intent never makes mutu take git's own index.lock: it waits until git is done" {
	new_commons
	add_offer --title Perceuse >/dev/null
	run -137 env MUTU_TEST_CRASH=intent mutu offer add --title Crashed
	[ -e .git/mutu/intent ]
	: >.git/index.lock
	run -0 mutu offer list --format ids
	[ "${#lines[@]}" -eq 1 ]
	[ -e .git/index.lock ]
	[ ! -s .git/index.lock ]
	MUTU_LOCK_TIMEOUT_MS=300 refuses 75 "index\\.lock" mutu offer add --title Marteau
	[ -e .git/index.lock ]
	[ ! -s .git/index.lock ]
	# git is done: the next command finishes the dead writer's work
	rm .git/index.lock
	run -0 mutu offer list --format ids
	[ "${#lines[@]}" -eq 1 ]
	assert_no_leftovers
	assert_clean_worktree
	add_offer --title Marteau >/dev/null
	assert_clean_worktree
}
