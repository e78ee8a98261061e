# Shared setup for the tool library's suites (lending.bats, booking.bats):
# a commons whose rules a test chooses, the clock moved by an offset, and
# the records under an offer read back through jq. Load it after helper.

# The id of any record: 12 characters of mutu's alphabet.
ID_RE='^[0-9abcdefghjkmnpqrstvwxyz]{12}$'

# at TIME SECONDS: the time SECONDS after TIME (SECONDS may be negative),
# in RFC 3339.
at() {
	date -u -d "@$(($(date -u -d "$1" +%s) + $2))" +%Y-%m-%dT%H:%M:%SZ
}

# library_rules FILE [SED-EXPRESSION]…: every key of rules.yaml at its
# default (as mutu(7) documents them), edited by each expression; an
# expression that changes nothing fails the test, so that a rule a test
# relies on is the one it set.
library_rules() {
	local file=$1 e
	shift
	cat >"$file" <<-'EOF'
	format: 1
	membership: open
	require_signatures: false
	voting:
	  method: yes-no
	  methods: [yes-no, consent, approval, majority-judgment, schulze, stv]
	  quorum: 50
	  threshold: 50
	  discussion: 7d
	  vote: 7d
	  early_close: false
	lending:
	  max_items: 3
	  loan_days: 14
	  renewals: 2
	  min_balance: -10
	booking:
	  buffer_minutes: 0
	  allow_past: false
	EOF
	for e in "$@"; do
		cp "$file" "$file.was"
		sed -i "$e" "$file" || fail "sed $e failed"
		! cmp -s "$file" "$file.was" || fail "sed $e changed nothing in the rules"
	done
	rm -f "$file.was"
}

# library_members: bob, carol and dan join alice's commons.
library_members() {
	add_member bob "Bob Dupont"
	add_member carol "Carol Petit"
	add_member dan "Dan Moreau"
}

# library_commons [SED-EXPRESSION]…: a fresh commons "r" founded by alice
# under the default rules so edited (init --rules), with bob, carol and dan
# as members, and cd into it.
library_commons() {
	need_yq
	library_rules "$BATS_TEST_TMPDIR/rules.yaml" "$@"
	new_commons r --rules "$BATS_TEST_TMPDIR/rules.yaml"
	[ "$(yq -cS . rules.yaml)" = "$(yq -cS . "$BATS_TEST_TMPDIR/rules.yaml")" ] ||
		fail "init --rules did not keep the rules given"
	library_members
}

# rule KEY: a value of the commons' rules.yaml (lending.loan_days), read
# with yq, to show what the test runs under.
rule() {
	yq -r ".$1" rules.yaml
}

# lend OFFER HANDLE [OPTIONS]…: alice (or MUTU_MEMBER) lends OFFER to
# HANDLE; prints the loan id, fails the test if mutu fails.
lend() {
	local offer=$1 to=$2
	shift 2
	mutu offer lend "$offer" --to "$to" -q "$@" || fail "mutu offer lend $offer --to $to $* failed"
}

# hold_as HANDLE OFFER [TIME]: HANDLE gets in line at TIME (MUTU_NOW).
hold_as() {
	MUTU_MEMBER=$1 MUTU_NOW=${3:-$MUTU_NOW} mutu offer hold "$2" -q ||
		fail "$1 could not hold $2"
}

# book_as HANDLE OFFER FROM TO: HANDLE books OFFER; prints the id.
book_as() {
	MUTU_MEMBER=$1 mutu offer book "$2" --from "$3" --to "$4" ||
		fail "$1 could not book $2 from $3 to $4"
}

# join_as HANDLE EVENT [TIME]: HANDLE joins EVENT at TIME (MUTU_NOW).
join_as() {
	MUTU_MEMBER=$1 MUTU_NOW=${3:-$MUTU_NOW} mutu offer join "$2" -q ||
		fail "$1 could not join $2"
}

# jfield ID FILTER: a field of any record (mutu show, json), through jq -r.
jfield() {
	mutu show "$1" --format json | jq -r "$2"
}

# The path of a record that lives under an offer: child_path DIR OFFER KEY.
child_path() {
	echo "$1/$2/$3.yaml"
}
