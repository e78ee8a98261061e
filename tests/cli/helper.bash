# Shared setup for the mutu command-line suite (bats >= 1.5).
#
# Every test runs against the INSTALLED commands ($MUTU_BIN, see
# tests/run.sh) in its own $BATS_TEST_TMPDIR, with its own HOME, no system
# Git configuration and a fixed clock. mutu never runs git; the tests use
# the git CLI and jq only to look at what mutu did.

bats_require_minimum_version 1.5.0

PATH="${MUTU_BIN:-$BATS_TEST_DIRNAME/../../build/bin}:$PATH"
export PATH

# The moment every record and commit is made at, unless a test says otherwise.
T0=2026-01-02T03:04:05Z

mutu_setup() {
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
	export GIT_CONFIG_NOSYSTEM=1
	export GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
	export LC_ALL="${LC_ALL:-C.UTF-8}"
	export MUTU_NOW="$T0"
	export NO_COLOR=1
	unset MUTU_MEMBER MUTU_DIR VISUAL EDITOR GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	cd "$BATS_TEST_TMPDIR" || return 1
}

fail() {
	printf '%s\n' "$@" >&2
	return 1
}

# git with a fixed identity, for the commits a test makes by hand.
gitc() {
	git -c user.name='Hand Editor' -c user.email=hand@example.org "$@"
}

# new_commons [DIR [init options]]: a fresh commons founded by alice
# <alice@example.org>, and cd into it. DIR defaults to "c".
new_commons() {
	local dir=${1:-c}
	if [ $# -gt 0 ]; then
		shift
	fi
	mutu init "$BATS_TEST_TMPDIR/$dir" --name "Test commons" --member alice \
		--email alice@example.org --fullname "Alice Martin" -q "$@" ||
		fail "mutu init failed"
	cd "$BATS_TEST_TMPDIR/$dir" || return 1
}

# add_member HANDLE [NAME [EMAIL]]: committed by the acting member.
add_member() {
	mutu member add "$1" --name "${2:-${1^}}" --email "${3:-$1@example.org}" -q >/dev/null ||
		fail "mutu member add $1 failed"
}

# grant_role HANDLE ROLE: the only way a member gets a role, an accepted
# proposal of kind role applied: proposed, discussed, voted on by every
# active member, closed and applied, the clock moved past each wait (the
# default rules: a week each) and set back afterwards.
grant_role() {
	local p m was=$MUTU_NOW t
	t=$(date -u -d "$MUTU_NOW" +%s)
	p=$(mutu propose add --title "$1: $2" --member "$1" --grant "$2") || fail "propose $1 $2"
	export MUTU_NOW=$(date -u -d "@$((t + 8 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
	mutu propose start "$p" -q || fail "start $p"
	for m in $(mutu member list --format ids); do
		MUTU_MEMBER=$m mutu vote "$p" yes -q || fail "vote $p by $m"
	done
	export MUTU_NOW=$(date -u -d "@$((t + 16 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
	mutu propose close "$p" -q || fail "close $p"
	mutu propose apply "$p" -q || fail "apply $p"
	export MUTU_NOW=$was
}

# add_item TYPE ARGS…: add an offer or a need and print its id. Used as
# id=$(add_item offer …): the status is mutu's, so that a failed add fails
# the test even inside $(…), where bash turns errexit off.
add_item() {
	local type=$1
	shift
	mutu "$type" add "$@" || fail "mutu $type add $* failed"
}

add_offer() {
	add_item offer "$@"
}

add_need() {
	add_item need "$@"
}

# The record types that are items, all tested alike: a test of what they
# share runs `for type in $ITEM_TYPES`.
ITEM_TYPES="offer need"

# turn TYPE: start TYPE's turn in a test over every item type: a fresh
# commons of its own (c-TYPE), and a line saying whose turn it is, which
# bats shows when the test fails.
turn() {
	echo "# --- $1" >&2
	new_commons "c-$1"
}

# The path of a record: record_path offers ID.
record_path() {
	echo "$1/${2:0:2}/$2.yaml"
}

commit_count() {
	git rev-list --count HEAD
}

# The state a failed command must leave byte for byte as it was: the
# branch tip and every ref, the index file, the config, Git's lock files,
# and the work tree (every path and its contents). Works in a work tree or
# in a bare repository (the current directory, or $1).
state() {
	local dir=${1:-.} gitdir
	(
		cd "$dir" || exit 1
		gitdir=$(git rev-parse --git-dir) || exit 1
		echo "== HEAD"
		git rev-parse HEAD 2>&1
		git symbolic-ref -q HEAD
		echo "== refs"
		git for-each-ref --format='%(objectname) %(refname)'
		echo "== config"
		git config --local --list
		echo "== locks"
		find "$gitdir" -maxdepth 2 -name '*.lock' | sort
		if [ "$(git rev-parse --is-bare-repository)" = false ]; then
			echo "== status"
			git status --porcelain=v1 --untracked-files=all --ignored
			echo "== index"
			sha256sum "$gitdir/index" 2>&1
			echo "== tree"
			find . -path ./.git -prune -o -print | LC_ALL=C sort
			find . -path ./.git -prune -o -type f -print0 | LC_ALL=C sort -z |
				xargs -0r sha256sum
		fi
	)
}

# assert_clean [DIR]: git status (which must work) has nothing to say: the
# work tree and the index hold exactly the tip, nothing untracked.
assert_clean() {
	local out
	out=$(git -C "${1:-.}" status --porcelain --untracked-files=all) || fail "git status failed in ${1:-.}"
	[ -z "$out" ] || fail "not clean:" "$out"
}

# assert_empty_dir DIR: DIR exists and holds nothing.
assert_empty_dir() {
	[ -d "$1" ] || fail "$1 is not a directory"
	[ -z "$(ls -A "$1")" ] || fail "$1 is not empty:" "$(ls -A "$1")"
}

# snapshot [DIR]: remember the state; assert_unchanged [DIR]: compare.
snapshot() {
	state "$@" >"$BATS_TEST_TMPDIR/.state.before" || fail "cannot take a snapshot"
}

assert_unchanged() {
	state "$@" >"$BATS_TEST_TMPDIR/.state.after" || fail "cannot take a snapshot"
	diff -u "$BATS_TEST_TMPDIR/.state.before" "$BATS_TEST_TMPDIR/.state.after" >&2 ||
		fail "the commons changed"
}

# The program a command line reports errors as: "mutu offer" is mutu-offer.
prog_of() {
	case $1 in
	mutu) case ${2-} in -*|'') echo mutu ;; *) echo "mutu-$2" ;; esac ;;
	*) echo "${1##*/}" ;;
	esac
}

# After `run --separate-stderr`: stderr is exactly ONE line,
# "PROG: error: …", and nothing went to stdout.
assert_one_line_error() {
	local prog=$1
	[ "${#stderr_lines[@]}" -eq 1 ] ||
		fail "expected one line on stderr, got ${#stderr_lines[@]}:" "$stderr"
	[ "$stderr" = "${stderr_lines[0]}" ] ||
		fail "expected one line on stderr, got more:" "$stderr"
	[[ $stderr == "$prog: error: "* ]] ||
		fail "expected '$prog: error: …' on stderr, got:" "$stderr"
	! printf '%s' "$stderr" | LC_ALL=C grep -q '[[:cntrl:]]' ||
		fail "control characters in the error line:" "$(printf '%s' "$stderr" | od -c)"
	printf '%s' "$stderr" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
		fail "the error line is not valid UTF-8:" "$(printf '%s' "$stderr" | od -c)"
	[ -z "$output" ] || fail "expected nothing on stdout, got:" "$output"
}

# A usage error (exit 2) may be followed by the usage, as git does: the
# first line is the one error line and no other line is an error.
assert_usage_error() {
	local prog=$1
	[[ ${stderr_lines[0]-} == "$prog: error: "* ]] ||
		fail "expected '$prog: error: …' first on stderr, got:" "$stderr"
	[ "$(printf '%s\n' "$stderr" | grep -c 'error:')" -eq 1 ] ||
		fail "expected one error line, got:" "$stderr"
	! printf '%s' "${stderr_lines[0]}" | LC_ALL=C grep -q '[[:cntrl:]]' ||
		fail "control characters in the error line:" "$(printf '%s' "$stderr" | od -c)"
	[ -z "$output" ] || fail "expected nothing on stdout, got:" "$output"
}

# refuses CODE REGEX CMD…: CMD exits CODE with one error line on stderr
# matching REGEX (extended, bash =~), prints nothing on stdout, and leaves
# the commons in the current directory exactly as it was. Set REFUSES_DIR
# to check another directory (a bare commons), REFUSES_PROG when CMD is a
# shell function.
refuses() {
	local code=$1 re=$2 prog
	shift 2
	prog=${REFUSES_PROG:-$(prog_of "$@")}
	snapshot "${REFUSES_DIR:-.}"
	run "-$code" --separate-stderr "$@"
	if [ "$code" -eq 2 ]; then
		assert_usage_error "$prog"
	else
		assert_one_line_error "$prog"
	fi
	[[ ${stderr_lines[0]} =~ $re ]] ||
		fail "error line does not match /$re/:" "${stderr_lines[0]}"
	assert_unchanged "${REFUSES_DIR:-.}"
}

# The value of a trailer of the tip commit (or of $2).
trailer() {
	git log -1 --format="%(trailers:key=$1,valueonly,separator=%x2C)" "${2:-HEAD}"
}

# need_tool NAME…: the tools the suite reads mutu's output with. They are
# never optional (tools/deps.sh installs them): a missing one fails the
# test instead of skipping what it checks.
need_tool() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			fail "$t is not installed: tools/deps.sh (make deps) installs it"
	done
}

# need_yq: yq, the jq wrapper (Debian's yq), as a YAML reader independent
# of mutu's.
need_yq() {
	need_tool yq jq
	[ "$(printf 'a: "1"\n' | yq -c .)" = '{"a":"1"}' ] ||
		fail "yq is not the jq wrapper for YAML that tools/deps.sh installs"
}

# craft_record DIR ID [TITLE]: commit with the git CLI, not through mutu, a
# record of DIR (offers or needs) with the id ID, copied from a real
# record that mutu made.
craft_record() {
	local dir=$1 new=$2 type=${1%s} id src
	id=$(mutu "$type" add --title "${3:-Crafted source}") || fail "cannot add a $type"
	src=$(record_path "$dir" "$id")
	mkdir -p "$dir/${new:0:2}"
	sed "s/$id/$new/" "$src" >"$(record_path "$dir" "$new")" || fail "cannot write $new"
	grep -q "^id: $new\$" "$(record_path "$dir" "$new")" || fail "the crafted record has no id"
	gitc add "$dir/${new:0:2}" || fail "cannot stage $new"
	gitc commit -qm "crafted $new" || fail "cannot commit $new"
}

# craft_twins DIR: two records of DIR whose ids share the prefix "abcde"
# (abcde0000001, abcde0000002).
craft_twins() {
	craft_record "$1" abcde0000001 "Twin one"
	craft_record "$1" abcde0000002 "Twin two"
}
