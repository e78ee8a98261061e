# Shared by hostile.bats: the characters a terminal acts on, records
# committed by hand as plain git would, output checked byte by byte, and
# memory measured. Load after helper.bash.

# Every kind of character that must never reach a terminal raw, in one
# string: an ESC sequence, BEL, CR, backspace, DEL, the C1 controls NEL
# (U+0085) and CSI (U+009B), a right-to-left override (U+202E), a
# left-to-right isolate (U+2066), a right-to-left mark (U+200F), the
# Arabic letter mark (U+061C), the line separator (U+2028), then a
# backslash, a tab and a newline. Built from bytes: no locale involved.
BAD=$(printf 'E\033[31mR\007B\rC\bD\177F\302\205G\302\233H\342\200\256I\342\201\246J\342\200\217K\330\234L\342\200\250M\\N\tO\nP')

# How tsv prints BAD (a backslash doubled, so that it reads back), and
# how a table or a message shows it.
BAD_TSV='E\x1b[31mR\x07B\rC\x08D\x7fF\u0085G\u009bH\u202eI\u2066J\u200fK\u061cL\u2028M\\N\tO\nP'
BAD_SHOWN='E\x1b[31mR\x07B\rC\x08D\x7fF\u0085G\u009bH\u202eI\u2066J\u200fK\u061cL\u2028M\N\tO\nP'
# Its start, for messages that cut a long value short.
BAD_SHOWN_HEAD='E\x1b[31mR\x07B\rC\x08D\x7fF\u0085G\u009bH\u202eI'

# The one-line-field characters writes must refuse, one by one: C1
# controls, bidi overrides, isolates and marks, the line separator.
UNSAFE_ONE_LINE=(
	"$(printf '\302\205')"     # U+0085 NEL
	"$(printf '\302\233')"     # U+009B CSI
	"$(printf '\342\200\256')" # U+202E RIGHT-TO-LEFT OVERRIDE
	"$(printf '\342\200\252')" # U+202A LEFT-TO-RIGHT EMBEDDING
	"$(printf '\342\201\246')" # U+2066 LEFT-TO-RIGHT ISOLATE
	"$(printf '\342\201\251')" # U+2069 POP DIRECTIONAL ISOLATE
	"$(printf '\342\200\216')" # U+200E LEFT-TO-RIGHT MARK
	"$(printf '\342\200\217')" # U+200F RIGHT-TO-LEFT MARK
	"$(printf '\330\234')"     # U+061C ARABIC LETTER MARK
	"$(printf '\342\200\250')" # U+2028 LINE SEPARATOR
)

# assert_safe MODE FILE: FILE is valid UTF-8 and holds no C0 control,
# DEL, C1 control, line or paragraph separator or bidi formatting
# character (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), byte
# by byte. Newlines pass (they end lines); tabs pass only in MODE tsv,
# where they separate fields.
assert_safe() {
	local tab='\x09' found
	[ "$1" != tsv ] || tab=
	iconv -f UTF-8 -t UTF-8 "$2" >/dev/null 2>&1 ||
		{ fail "$2 ($1) is not valid UTF-8:" "$(od -c "$2" | head -n 20)"; return 1; }
	found=$(LC_ALL=C grep -naP "[\x00-\x08$tab\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]" "$2" | head -n 3) || true
	[ -z "$found" ] || fail "$2 ($1) holds characters that must never reach a terminal raw:" "$(od -c <<<"$found" | head -n 20)"
}

# safe_run MODE CODE CMD…: run CMD, its stdout into $OUT and its stderr
# into $ERR (files, byte for byte), check it exits CODE and that neither
# stream holds anything a terminal would act on (stdout checked as MODE,
# stderr as messages).
safe_run() {
	local mode=$1 code=$2 rc=0
	shift 2
	OUT="$BATS_TEST_TMPDIR/safe.out"
	ERR="$BATS_TEST_TMPDIR/safe.err"
	"$@" >"$OUT" 2>"$ERR" || rc=$?
	[ "$rc" -eq "$code" ] || { fail "'$*' exited $rc, not $code:" "$(cat -v "$ERR")"; return 1; }
	assert_safe "$mode" "$OUT" || return 1
	assert_safe message "$ERR"
}

# refuses_safely CODE REGEX CMD…: refuses (helper.bash), and its one line
# is free of anything a terminal acts on (C1 and bidi characters too).
refuses_safely() {
	refuses "$@"
	printf '%s\n' "$stderr" >"$BATS_TEST_TMPDIR/refusal"
	assert_safe message "$BATS_TEST_TMPDIR/refusal"
}

# offer_doc ID [AUTHOR]: a whole valid offer as one line of JSON (which is
# YAML), to be changed with jq and committed by hand.
offer_doc() {
	jq -nc --arg id "$1" --arg author "${2:-alice}" --arg t "$T0" \
		'{id: $id, type: "offer", title: "Hand made", kind: "tool", status: "open",
		  author: $author, created: $t, updated: $t}'
}

# put PATH: write standard input to PATH, making its directories.
put() {
	mkdir -p "$(dirname "$1")" && cat >"$1"
}

# hand_offer ID [JQ-FILTER [jq options…]]: commit-ready offers/<2>/ID.yaml,
# the offer changed by the filter; jq's ASCII output makes every character
# outside printable ASCII a \u escape, as a YAML double-quoted string reads
# it. $b holds BAD in the filter.
hand_offer() {
	local id=$1 filter=${2:-.}
	shift 2 || shift $#
	offer_doc "$id" | jq -ac --arg b "$BAD" "$@" "$filter" | put "$(record_path offers "$id")"
}

# with_stdin FILE CMD…: CMD with FILE on its standard input.
with_stdin() {
	local f=$1
	shift
	"$@" <"$f"
}

# no_match PATTERN FILE: FILE has no line matching PATTERN (an assertion:
# a bare `! grep` would not fail a bats test).
no_match() {
	if grep -q -- "$1" "$2"; then
		fail "unexpected '$1' in $2:" "$(grep -- "$1" "$2" | head -n 3)"
	fi
}

# mode_of FORMAT: how safe_run checks that format's output.
mode_of() {
	if [ "$1" = tsv ]; then echo tsv; else echo lines; fi
}

# commit_by_hand MESSAGE: commit everything as plain git would.
commit_by_hand() {
	gitc add -A . && gitc commit -qm "$1" || fail "cannot commit by hand"
}

# rss CMD…: run CMD under GNU time, with a 60 s timeout as a guard
# against a hang (never a measure of speed); the peak memory in KiB of CMD
# goes to $BATS_TEST_TMPDIR/rss (read it with max_rss_kib).
rss() {
	/usr/bin/time -o "$BATS_TEST_TMPDIR/rss" -f %M timeout 60 "$@"
}

max_rss_kib() {
	tail -n 1 "$BATS_TEST_TMPDIR/rss"
}

# The tools these tests read mutu's output with: missing is a failure.
need_tools() {
	local t
	for t in python3 jq yq /usr/bin/time timeout iconv; do
		command -v "$t" >/dev/null || fail "$t is needed by this test and missing"
	done
	python3 -c 'import yaml' || fail "python3's yaml module is needed and missing"
	[ "$(printf 'a: "1"\n' | yq -c .)" = '{"a":"1"}' ] ||
		fail "yq is not the jq wrapper for YAML (Debian's yq)"
}
