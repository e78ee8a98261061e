#!/usr/bin/env bats
# Anything in a commons may come from plain git or from someone hostile.
# Files are committed here with the git CLI, as such a person would, and
# every command that reads them must stay safe: nothing reaches the
# terminal raw, nothing becomes a commit header unchecked, no input makes
# the cost superlinear or the memory unbounded, nothing is listed under an
# id that `show` cannot find, derived data is checked before it is
# believed, and nothing a person typed is lost.

load helper
load hostile-helper

setup() {
	mutu_setup
	need_tools
}

FORMATS=(table tsv json yaml ids)

# ids_of FORMAT FILE: the ids a list printed in FORMAT.
ids_of() {
	case $1 in
	ids) cat "$2" ;;
	tsv) cut -f1 "$2" ;;
	json) jq -r .id "$2" ;;
	yaml) yq -r .id "$2" ;;
	table) tail -n +2 "$2" | cut -d' ' -f1 ;;
	esac
}

# rows_are FORMAT FILE ID…: the rows FILE holds in FORMAT are exactly the
# records ID… (a table shows each id's unique prefix, 8 characters at least).
rows_are() {
	local f=$1 file=$2 id row found
	shift 2
	[ "$(ids_of "$f" "$file" | grep -c .)" -eq $# ] || fail "$f: expected $# rows:" "$(cat "$file")"
	for id in "$@"; do
		found=
		while read -r row; do
			if [ "$f" = table ]; then
				[ "${#row}" -lt 8 ] || [[ $id != "$row"* ]] || found=1
			else
				[ "$row" != "$id" ] || found=1
			fi
		done < <(ids_of "$f" "$file")
		[ -n "$found" ] || fail "$f: no row for $id:" "$(cat "$file")"
	done
}

# --- 1. terminal injection ---

# Two offers with BAD in every field: one by a hostile "author", one by
# alice (so that she may try to edit and close it).
commit_hostile_offers() {
	hand_offer abcdefgh0001 '.title += $b | .kind += $b | .status += $b | .author += $b |
		.created += $b | .updated += $b | .tags = ["x" + $b, "y"] | .location = "L" + $b |
		.availability = "A" + $b | .closed_reason = "R" + $b |
		.body = "para one " + $b + "\n\npara two"'
	hand_offer abcdefgh0002 '.title += $b | .tags = ["x" + $b] | .location = "L" + $b |
		.body = "para one " + $b + "\n\npara two"'
	commit_by_hand "hostile offers"
}

@test "list, in every format, never prints a control or bidi character from a hand-committed offer raw" {
	new_commons
	commit_hostile_offers
	local f
	for f in "${FORMATS[@]}"; do
		safe_run "$(mode_of "$f")" 0 mutu offer list --status all --format "$f"
		rows_are "$f" "$OUT" abcdefgh0001 abcdefgh0002
		grep -qF "offers/ab/abcdefgh0001.yaml" "$ERR"
	done
}

@test "list --format tsv escapes every unsafe character (\\x1b, \\u202e, \\t, \\n, \\r, \\\\) and keeps one record a line" {
	new_commons
	commit_hostile_offers
	safe_run tsv 0 mutu offer list --status all --format tsv
	[ "$(wc -l <"$OUT")" -eq 2 ]
	[ "$(awk -F'\t' '{ print NF }' "$OUT" | sort -u)" = 8 ]
	[ "$(grep '^abcdefgh0001' "$OUT" | cut -f7)" = "Hand made$BAD_TSV" ]
	[ "$(grep '^abcdefgh0001' "$OUT" | cut -f2)" = "open$BAD_TSV" ]
	[ "$(grep '^abcdefgh0001' "$OUT" | cut -f3)" = "tool$BAD_TSV" ]
	[ "$(grep '^abcdefgh0001' "$OUT" | cut -f4)" = "alice$BAD_TSV" ]
	[ "$(grep '^abcdefgh0001' "$OUT" | cut -f5)" = "$T0$BAD_TSV" ]
	[ "$(grep '^abcdefgh0001' "$OUT" | cut -f8)" = "x$BAD_TSV,y" ]
}

@test "list --format table shows every unsafe character escaped, in every column" {
	new_commons
	commit_hostile_offers
	safe_run lines 0 mutu offer list --status all --format table
	[ "$(wc -l <"$OUT")" -eq 3 ]
	grep -qF "Hand made$BAD_SHOWN" "$OUT"
	grep -qF "tool$BAD_SHOWN" "$OUT"
	grep -qF "open$BAD_SHOWN" "$OUT"
	grep -qF "alice$BAD_SHOWN" "$OUT"
	grep -qF "x$BAD_SHOWN,y" "$OUT"
}

@test "list --format json is valid JSON with unsafe characters as escapes, and reads back exactly" {
	new_commons
	commit_hostile_offers
	local one
	safe_run lines 0 mutu offer list --status all --format json
	jq -e . "$OUT" >/dev/null
	grep -qF '\u001b[31m' "$OUT"
	grep -qF '\u202e' "$OUT"
	grep -qF '\u0085' "$OUT"
	one=$(jq -c 'select(.id == "abcdefgh0001")' "$OUT")
	[ "$(jq -r .title <<<"$one")" = "Hand made$BAD" ]
	[ "$(jq -r .kind <<<"$one")" = "tool$BAD" ]
	[ "$(jq -r .status <<<"$one")" = "open$BAD" ]
	[ "$(jq -r .author <<<"$one")" = "alice$BAD" ]
	[ "$(jq -r .created <<<"$one")" = "$T0$BAD" ]
	[ "$(jq -r '.tags[0]' <<<"$one")" = "x$BAD" ]
	[ "$(jq -r .location <<<"$one")" = "L$BAD" ]
	[ "$(jq -r .availability <<<"$one")" = "A$BAD" ]
	[ "$(jq -r .closed_reason <<<"$one")" = "R$BAD" ]
	[ "$(jq -r .body <<<"$one")" = "para one $BAD

para two" ]
}

@test "offer show and mutu show, in every format, never print a hand-committed offer's unsafe characters raw" {
	new_commons
	commit_hostile_offers
	local f cmd
	for cmd in "mutu offer show" "mutu show"; do
		for f in "${FORMATS[@]}"; do
			if [ "$f" = tsv ]; then
				safe_run tsv 0 $cmd abcdefgh0001 abcdefgh0002 --format "$f"
				[ "$(awk -F'\t' '{ print NF }' "$OUT" | sort -u)" = 8 ]
			else
				safe_run lines 0 $cmd abcdefgh0001 abcdefgh0002 --format "$f"
			fi
			grep -qF "offers/ab/abcdefgh0001.yaml" "$ERR"
		done
		safe_run lines 0 $cmd abcdefgh0001 --format json
		[ "$(jq -r .title "$OUT")" = "Hand made$BAD" ]
		[ "$(jq -r .body "$OUT")" = "para one $BAD

para two" ]
		safe_run lines 0 $cmd abcdefgh0001 --format yaml
		[ "$(yq -r .title "$OUT")" = "Hand made$BAD" ]
		[ "$(yq -r .location "$OUT")" = "L$BAD" ]
	done
	printf 'abcdefgh0001\nabcdefgh0002\n' >"$BATS_TEST_TMPDIR/ids"
	safe_run tsv 0 with_stdin "$BATS_TEST_TMPDIR/ids" mutu offer show --stdin --format tsv
	[ "$(wc -l <"$OUT")" -eq 2 ]
	safe_run lines 0 with_stdin "$BATS_TEST_TMPDIR/ids" mutu show --stdin --format table
}

@test "offer show as a table escapes the controls of every field and of the body, and keeps the body's lines" {
	new_commons
	commit_hostile_offers
	safe_run lines 0 mutu offer show abcdefgh0001 --format table
	grep -qF "Hand made$BAD_SHOWN" "$OUT"
	grep -qF "L$BAD_SHOWN" "$OUT"
	grep -qF "A$BAD_SHOWN" "$OUT"
	# the body: its paragraphs stay on lines of their own, its controls show
	grep -q '^para one ' "$OUT"
	grep -qx 'para two' "$OUT"
	grep '^para one ' "$OUT" | grep -qE '\\x1b|&#27;'
	grep '^para one ' "$OUT" | grep -qF '\u202e'
	safe_run lines 0 mutu show abcdefgh0001 --format table
	grep -qx 'para two' "$OUT"
}

@test "member list and show, in every format, never print a hand-committed member's unsafe characters raw" {
	new_commons
	jq -nac --arg b "$BAD" --arg t "$T0" \
		'{handle: "eve", name: ("Eve" + $b), email: ("eve" + $b + "@example.org"), roles: ["r" + $b], joined: $t}' |
		put members/eve.yaml
	commit_by_hand "a hostile member"
	local f
	for f in "${FORMATS[@]}"; do
		safe_run "$(mode_of "$f")" 0 mutu member list --format "$f"
		grep -qF "members/eve.yaml" "$ERR"
		safe_run "$(mode_of "$f")" 0 mutu member show eve alice --format "$f"
	done
	safe_run tsv 0 mutu member list --format tsv
	[ "$(grep '^eve' "$OUT" | cut -f2)" = "Eve$BAD_TSV" ]
	[ "$(awk -F'\t' '{ print NF }' "$OUT" | sort -u)" = 6 ]
	safe_run lines 0 mutu member show eve --format table
	grep -qF "Eve$BAD_SHOWN" "$OUT"
	grep -qF "eve$BAD_SHOWN@example.org" "$OUT"
	safe_run lines 0 mutu member show eve --format json
	[ "$(jq -r .name "$OUT")" = "Eve$BAD" ]
	[ "$(jq -r .email "$OUT")" = "eve$BAD@example.org" ]
	[ "$(jq -r '.roles[0]' "$OUT")" = "r$BAD" ]
}

@test "file names with controls, bidi characters, tabs and newlines are escaped in every warning" {
	new_commons
	add_offer --title Perceuse >/dev/null
	local blob
	blob=$(offer_doc abcdefgh0003 | gitc hash-object -w --stdin)
	gitc update-index --add --cacheinfo "100644,$blob,offers/ab/x$(printf '\033[31m\342\200\256').yaml"
	gitc update-index --add --cacheinfo "100644,$blob,offers/$(printf '\033')q/abcdefgh0003.yaml"
	gitc update-index --add --cacheinfo "100644,$blob,offers/ab/a"$'\n'"b.yaml"
	gitc update-index --add --cacheinfo "100644,$blob,offers/ab/t$(printf '\t\302\205').yaml"
	gitc update-index --add --cacheinfo "100644,$(git rev-parse HEAD:members/alice.yaml),members/e$(printf '\033[2J')ve.yaml"
	gitc commit -qm "names by hand"
	gitc checkout -q -- .
	local f
	for f in "${FORMATS[@]}"; do
		safe_run "$(mode_of "$f")" 0 mutu offer list --format "$f"
		[ "$(ids_of "$f" "$OUT" | grep -c .)" -eq 1 ]
		grep -qF 'offers/ab/x\x1b[31m\u202e.yaml' "$ERR"
		grep -qF 'offers/\x1bq/abcdefgh0003.yaml' "$ERR"
		grep -qF 'offers/ab/a\nb.yaml' "$ERR"
		grep -qF 'offers/ab/t\t\u0085.yaml' "$ERR"
	done
	for f in "${FORMATS[@]}"; do
		safe_run "$(mode_of "$f")" 0 mutu member list --format "$f"
		grep -qF 'members/e\x1b[2Jve.yaml' "$ERR"
	done
	safe_run lines 0 mutu member show alice --format table
}

@test "values typed on the command line reach error messages escaped, in one line" {
	new_commons
	local id
	id=$(add_offer --title Clean)
	printf 'ab%s\n' "$BAD" >"$BATS_TEST_TMPDIR/line"
	refuses_safely 65 "malformed id" mutu offer show "ab$BAD"
	refuses_safely 65 "malformed id" mutu show "$BAD"
	REFUSES_PROG=mutu-offer refuses_safely 65 "malformed id" with_stdin "$BATS_TEST_TMPDIR/line" mutu offer show --stdin
	refuses_safely 2 "--kind" mutu offer list --kind "$BAD"
	refuses_safely 2 "--kind" mutu offer add --title t --kind "$BAD"
	refuses_safely 2 "unknown option" mutu offer list "--$BAD"
	refuses_safely 2 "--format" mutu offer --format "$BAD" list
	refuses_safely 2 "--sort" mutu offer list --sort "$BAD"
	refuses_safely 2 "--status" mutu offer list --status "$BAD"
	refuses_safely 2 "--limit" mutu offer list --limit "$BAD"
	REFUSES_PROG=mutu refuses_safely 2 "not a mutu command" mutu "$BAD"
	refuses_safely 2 "unknown verb" mutu offer "$BAD"
	refuses_safely 66 "cannot change to" mutu offer -C "$BAD" list
	refuses_safely 66 "cannot open" mutu offer add --yaml "/nowhere/$BAD"
	refuses_safely 66 "cannot open" mutu offer add --title t --body-file "/nowhere/$BAD"
	refuses_safely 65 "handle" mutu member show "$BAD"
	refuses_safely 65 "handle" mutu offer list --author "$BAD"
	refuses_safely 65 "handle" mutu member add "$BAD" --name X --email x@example.org
	refuses_safely 65 "cannot set" mutu offer edit "$id" --set "x$BAD=1"
	MUTU_MEMBER=$BAD refuses_safely 65 "MUTU_MEMBER" mutu offer add --title t
}

@test "a value cut to fit a message is cut on a character boundary, never shown as stray bytes" {
	new_commons
	# 38 ASCII characters, then a 3-byte one across the 40th byte
	local long
	long="abcdefghjkmnpqrstvwxyzabcdefghjkmnpqrs$(printf '\342\200\256')tail"
	refuses_safely 65 "malformed id" mutu offer show "$long"
	[[ ${stderr_lines[0]} != *'\xe2'* ]] || fail "a character was cut in half:" "${stderr_lines[0]}"
	[[ ${stderr_lines[0]} != *'\x80'* ]] || fail "a character was cut in half:" "${stderr_lines[0]}"
}

@test "values read from hand-committed records reach warnings and errors escaped" {
	new_commons
	hand_offer 7qaaaaaaaaa1 '.["x" + $b] = 1'
	hand_offer 7qaaaaaaaaa2 '.kind = $b'
	hand_offer 7qaaaaaaaaa3 '.author = "alice" + $b'
	hand_offer 7qaaaaaaaaa4 '.id = "7q" + $b'
	printf 'handle: "bob\\e[31m\\u202e"\nname: Bob\nemail: bob@example.org\njoined: "%s"\n' "$T0" |
		put members/bob.yaml
	commit_by_hand "hostile values"
	local f
	for f in "${FORMATS[@]}"; do
		safe_run "$(mode_of "$f")" 0 mutu offer list --format "$f"
		grep -qF "x$BAD_SHOWN" "$ERR"
		grep -qF "$BAD_SHOWN_HEAD" <(grep 7qaaaaaaaaa2 "$ERR")
		grep -qF "offers/7q/7qaaaaaaaaa3.yaml" "$ERR"
		grep -qF "7q$BAD_SHOWN" "$ERR"
	done
	safe_run lines 0 mutu offer show 7qaaaaaaaaa1 7qaaaaaaaaa2 7qaaaaaaaaa3 --format table
	safe_run lines 0 mutu member list --format table
	grep -qF 'bob\x1b[31m\u202e' "$ERR"
	# an error quoting the author a record names
	snapshot
	safe_run lines 77 mutu offer edit 7qaaaaaaaaa3 --set title=Mine
	grep -qF "only alice$BAD_SHOWN, the author" "$ERR"
	assert_unchanged
}

@test "edit and close of a hand-committed offer with controls print only escaped messages and change nothing" {
	new_commons
	commit_hostile_offers
	snapshot
	safe_run lines 65 mutu offer edit abcdefgh0002 --set location=Here
	safe_run lines 65 mutu offer close abcdefgh0002
	safe_run lines 65 mutu offer edit abcdefgh0002 --set title=Clean
	assert_unchanged
}

@test "edit and close of a hand-committed offer with controls refuse in one error line naming its file" {
	new_commons
	commit_hostile_offers
	refuses_safely 65 "offers/ab/abcdefgh0002\\.yaml" mutu offer edit abcdefgh0002 --set location=Here
	refuses_safely 65 "offers/ab/abcdefgh0002\\.yaml" mutu offer close abcdefgh0002
	refuses_safely 77 "only alice.*, the author, can edit" mutu offer edit abcdefgh0001 --set title=Mine
}

@test "writes refuse C1 controls, bidi characters and U+2028 in one-line fields (65), the commons unchanged" {
	new_commons
	local id c
	id=$(add_offer --title Perceuse)
	for c in "${UNSAFE_ONE_LINE[@]}"; do
		refuses_safely 65 "title" mutu offer add --title "a${c}b"
	done
	# U+0085 U+009B U+202E U+2066 U+200F U+061C U+2028 in every other field
	for c in "${UNSAFE_ONE_LINE[@]:0:3}" "${UNSAFE_ONE_LINE[4]}" "${UNSAFE_ONE_LINE[@]:7:3}"; do
		refuses_safely 65 "location" mutu offer add --title t --location "a${c}b"
		refuses_safely 65 "tag" mutu offer add --title t --tag "a${c}b"
		refuses_safely 65 "name" mutu member add zed --name "Zed${c}Z" --email zed@example.org
		refuses_safely 65 "email" mutu member add zed --name Zed --email "zed${c}@example.org"
	done
	c=${UNSAFE_ONE_LINE[2]}
	refuses_safely 65 "title" mutu offer edit "$id" --set "title=a${c}b"
	refuses_safely 65 "availability" mutu offer add --title t --availability "a${c}b"
	refuses_safely 65 "tag" mutu offer edit "$id" --add-tag "a${c}b"
	refuses_safely 65 "reason" mutu offer close "$id" --reason "a${c}b"
	refuses_safely 65 "title" mutu need add --title "a${c}b"
	jq -nc --arg t "a${c}b" '{title: $t}' >"$BATS_TEST_TMPDIR/in.yaml"
	refuses_safely 65 "title" mutu offer add --yaml "$BATS_TEST_TMPDIR/in.yaml"
}

@test "a body accepts every control, bidi and separator character and gives it back exactly" {
	new_commons
	local id
	id=$(add_offer --title Perceuse --body "$BAD")
	safe_run lines 0 mutu offer show "$id" --format json
	[ "$(jq -r .body "$OUT")" = "$BAD" ]
	safe_run lines 0 mutu offer show "$id" --format table
	safe_run tsv 0 mutu offer list --format tsv
	[ -z "$(git status --porcelain)" ]
}

# --- 2. records that become commit headers ---

# eve_says NAME EMAIL: commit members/eve.yaml by hand (JSON strings).
eve_says() {
	jq -nac --arg n "$1" --arg e "$2" --arg t "$T0" '{handle: "eve", name: $n, email: $e, joined: $t}' |
		put members/eve.yaml
	commit_by_hand "eve by hand"
}

@test "a member whose name or email cannot be a commit header is refused (65) in one line naming members/eve.yaml" {
	new_commons
	local v
	for v in $'Eve\nMutu-Action: member.add' 'Eve <evil@example.org>' 'Eve>' '<Eve' '   '; do
		eve_says "$v" eve@example.org
		MUTU_MEMBER=eve refuses_safely 65 "members/eve\\.yaml" mutu offer add --title Perceuse
	done
	eve_says Eve $'eve@example.org\nMutu-Action: member.add'
	MUTU_MEMBER=eve refuses_safely 65 "members/eve\\.yaml" mutu offer add --title Perceuse
	eve_says Eve '<eve@example.org>'
	MUTU_MEMBER=eve refuses_safely 65 "members/eve\\.yaml" mutu offer add --title Perceuse
}

@test "after a refused header-breaking member nothing is committed and every later command works" {
	new_commons
	local v before id n
	id=$(add_offer --title Perceuse)
	n=1
	for v in $'Eve\nMutu-Action: member.add' 'Eve <evil@example.org>' '   '; do
		eve_says "$v" eve@example.org
		before=$(commit_count)
		snapshot
		MUTU_MEMBER=eve run -65 --separate-stderr mutu offer add --title Stolen
		MUTU_MEMBER=eve run -65 --separate-stderr mutu offer edit "$id" --set title=Stolen
		assert_unchanged
		[ "$(commit_count)" -eq "$before" ]
		git log --format='%an <%ae>%n%(trailers)' >/dev/null
		[ "$(git log -1 --format=%an)" = "Hand Editor" ]
		git fsck --no-progress --no-dangling >/dev/null 2>&1
		run -0 mutu offer list --format ids
		[ "${#lines[@]}" -eq "$n" ]
		[[ $output == *"$id"* ]]
		safe_run tsv 0 mutu member list --format tsv
		add_offer --title "By alice" >/dev/null
		n=$((n + 1))
	done
}

@test "a member file whose handle differs from its file name is no identity: MUTU_MEMBER exits 77 naming it" {
	new_commons
	jq -nc --arg t "$T0" '{handle: "alice", name: "Eve", email: "eve@example.org", joined: $t}' |
		put members/eve.yaml
	commit_by_hand "eve says she is alice"
	MUTU_MEMBER=eve refuses_safely 77 "members/eve\\.yaml" mutu offer add --title Perceuse
}

@test "a user.email matching only a file whose handle differs from its name fails (77) with a warning naming it" {
	new_commons
	jq -nc --arg t "$T0" '{handle: "alice", name: "Eve", email: "eve@example.org", joined: $t}' |
		put members/eve.yaml
	commit_by_hand "eve says she is alice"
	git config --unset mutu.member
	git config user.email eve@example.org
	snapshot
	run -77 --separate-stderr mutu offer add --title Perceuse
	[ -z "$output" ]
	[[ $stderr == *warning*members/eve.yaml* ]]
	[ "$(grep -c 'error:' <<<"$stderr")" -eq 1 ]
	[[ ${stderr_lines[-1]} == "mutu-offer: error: "* ]]
	assert_unchanged
}

@test "member list warns by path about a file whose handle differs from its name and does not list it" {
	new_commons
	jq -nc --arg t "$T0" '{handle: "alice", name: "Eve", email: "eve@example.org", joined: $t}' |
		put members/eve.yaml
	commit_by_hand "eve says she is alice"
	local f
	for f in "${FORMATS[@]}"; do
		safe_run "$(mode_of "$f")" 0 mutu member list --format "$f"
		[ "$(grep -c 'members/eve.yaml' "$ERR")" -eq 1 ]
		no_match Eve "$OUT"
		no_match eve@example.org "$OUT"
	done
	safe_run lines 0 mutu member list --format ids
	[ "$(cat "$OUT")" = alice ]
}

# --- 3. superlinear cost guards (timeout only guards against a hang) ---

@test "a hand-committed record of 100,000 distinct keys is listed promptly, with a warning naming it" {
	new_commons
	{
		offer_doc abcdefgh0001 | yq -y .
		seq -f 'k%05g: 1' 0 99999
	} | put offers/ab/abcdefgh0001.yaml
	[ "$(wc -c <offers/ab/abcdefgh0001.yaml)" -lt 1048576 ]
	commit_by_hand "many keys"
	run -0 --separate-stderr timeout 60 mutu offer list --format ids
	[ "$output" = abcdefgh0001 ]
	[[ $stderr == *warning*offers/ab/abcdefgh0001.yaml* ]]
	run -0 --separate-stderr timeout 60 mutu offer show abcdefgh0001 --format json
	[ "$(jq -r .title <<<"$output")" = "Hand made" ]
}

@test "a hand-committed record of 100,000 duplicate keys is reported as not YAML, promptly" {
	new_commons
	add_offer --title Perceuse >/dev/null
	{
		offer_doc abcdefgh0001 | yq -y .
		yes 'dup: 1' | head -n 100000
	} | put offers/ab/abcdefgh0001.yaml
	commit_by_hand "duplicate keys"
	run -0 --separate-stderr timeout 60 mutu offer list --format ids
	[ "${#lines[@]}" -eq 1 ]
	[[ $output != *abcdefgh0001* ]]
	[[ $stderr == *offers/ab/abcdefgh0001.yaml*duplicate* ]]
	REFUSES_PROG=mutu-offer refuses 65 "offers/ab/abcdefgh0001\\.yaml.*duplicate" timeout 60 mutu offer show abcdefgh0001
}

@test "a hand-committed record whose tags list holds 50,000 items is listed promptly, with a warning" {
	new_commons
	{
		offer_doc abcdefgh0001 | yq -y .
		echo "tags:"
		seq -f '- t%g' 1 50000
	} | put offers/ab/abcdefgh0001.yaml
	commit_by_hand "many tags"
	run -0 --separate-stderr timeout 60 mutu offer list --format ids
	[ "$output" = abcdefgh0001 ]
	[[ $stderr == *warning*offers/ab/abcdefgh0001.yaml*tags* ]]
	run -0 --separate-stderr timeout 60 mutu offer list --tag t49999 --format ids
	[ "$output" = abcdefgh0001 ]
	run -0 --separate-stderr timeout 60 mutu offer show abcdefgh0001 --format json
	[ "$(jq '.tags | length' <<<"$output")" -eq 50000 ]
}

@test "list --tag with an empty value is a usage error (2), at once" {
	new_commons
	add_offer --title Perceuse --tag a >/dev/null
	REFUSES_PROG=mutu-offer refuses 2 "tag" timeout 60 mutu offer list --tag ""
	REFUSES_PROG=mutu-offer refuses 2 "tag" timeout 60 mutu offer list --tag a --tag ""
}

@test "--grep with an empty string matches every record; a 10,000-character one answers promptly" {
	new_commons
	local a b long
	a=$(add_offer --title Perceuse)
	long=$(head -c 10000 /dev/zero | tr '\0' a)
	b=$(add_offer --title Echelle --body "$(head -c 60000 /dev/zero | tr '\0' a)")
	run -0 timeout 60 mutu offer list --grep "" --format ids
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ' ')" ]
	run -0 timeout 60 mutu offer list --grep "$long" --format ids
	[ "$output" = "$b" ]
	run -1 timeout 60 mutu offer list --grep "${long}b" --format ids
	[ -z "$output" ]
	run -1 timeout 60 mutu offer list --grep "$(head -c 10000 /dev/zero | tr '\0' '%')" --format ids
}

@test "--set tags= with nothing but commas, many of them, leaves no empty tag, promptly" {
	new_commons
	local id
	id=$(add_offer --title Perceuse --tag a)
	run -0 timeout 60 mutu offer edit "$id" --set tags=,,,,,,
	run -0 timeout 60 mutu offer show "$id" --format json
	[ "$(jq '[.tags // [] | .[] | select(. == "")] | length' <<<"$output")" -eq 0 ]
	run -0 timeout 60 mutu offer edit "$id" --set "tags=$(head -c 100000 /dev/zero | tr '\0' ,)"
	run -0 timeout 60 mutu offer edit "$id" --set "tags=,,x,,,y,,"
	run -0 --separate-stderr mutu offer show "$id" --format json
	[ "$(jq -c .tags <<<"$output")" = '["x","y"]' ]
	[ -z "$stderr" ]
	[ -z "$(git status --porcelain)" ]
}

# --- 4. records that do not match their path ---

# Every way a file can fail to be where its id says, beside one good one.
commit_misplaced() {
	hand_offer 7qzzzzzzzz01 '.title = "Good"'
	offer_doc 7qaaaaaaaaa1 | put offers/ab/7qaaaaaaaaa1.yaml         # wrong fan-out directory
	offer_doc 7qaaaaaaaaa2 | put offers/7qaaaaaaaaa2.yaml            # not fanned out
	offer_doc 7qaaaaaaaaa9 | put offers/7q/7qaaaaaaaaa3.yaml         # id field differs
	echo "hello" | put offers/7q/readme.txt                          # not a record's name
	offer_doc 7qaaaaaaaaa4 | put offers/7q/7qaaaaaaaaa4.yml          # not .yaml
	ln -s ../ab/7qaaaaaaaaa1.yaml offers/7q/7qaaaaaaaaa5.yaml        # a symlink
	offer_doc 7qaaaaaaaaa6 | put offers/7q/sub/x.yaml                # a subdirectory
	offer_doc 7qaaaaaaaaa7 | put offers/7q/sub/7qaaaaaaaaa7.yaml
	gitc add -A .
	gitc update-index --add --cacheinfo "160000,$(git rev-parse HEAD),offers/7q/sm"
	gitc update-index --add --cacheinfo "160000,$(git rev-parse HEAD),offers/7q/7qaaaaaaaaa8.yaml"
	gitc commit -qm "misplaced by hand"
}

MISPLACED=(
	offers/ab/7qaaaaaaaaa1.yaml
	offers/7qaaaaaaaaa2.yaml
	offers/7q/7qaaaaaaaaa3.yaml
	offers/7q/readme.txt
	offers/7q/7qaaaaaaaaa4.yml
	offers/7q/7qaaaaaaaaa5.yaml
	offers/7q/sub
	offers/7q/sm
	offers/7q/7qaaaaaaaaa8.yaml
)

@test "list, in every format, warns once by path about each misplaced entry and never prints one as a row" {
	new_commons
	commit_misplaced
	local f p
	for f in "${FORMATS[@]}"; do
		safe_run "$(mode_of "$f")" 0 mutu offer list --format "$f"
		rows_are "$f" "$OUT" 7qzzzzzzzz01
		no_match 7qaaaaaaaa "$OUT"
		for p in "${MISPLACED[@]}"; do
			[ "$(grep -cF "$p:" "$ERR")" -eq 1 ] || fail "$f: '$p' not warned about once:" "$(cat "$ERR")"
		done
		[ "$(grep -c warning "$ERR")" -eq "${#MISPLACED[@]}" ]
	done
}

@test "every id that list prints in json or ids is one that mutu show finds" {
	new_commons
	commit_misplaced
	local f id
	for f in json ids; do
		run -0 --separate-stderr mutu offer list --status all --format "$f"
		printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/list"
		for id in $(ids_of "$f" "$BATS_TEST_TMPDIR/list"); do
			run -0 --separate-stderr mutu show "$id" --format ids
			[ "$output" = "$id" ]
			run -0 --separate-stderr mutu offer show "$id" --format ids
			[ "$output" = "$id" ]
		done
	done
	local i
	for i in 1 2 4 5 6 7 8; do
		refuses 66 "7qaaaaaaaaa$i" mutu show "7qaaaaaaaaa$i"
	done
}

@test "show of an id whose id field differs from its file name prints the record, warning with the file's name" {
	new_commons
	commit_misplaced
	run -0 --separate-stderr mutu offer show 7qaaaaaaaaa3 --format json
	[ "$(jq -r .title <<<"$output")" = "Hand made" ]
	[[ $stderr == *warning*offers/7q/7qaaaaaaaaa3.yaml* ]]
	run -0 --separate-stderr mutu show 7qaaaaaaaaa3 --format tsv
	[ "$(cut -f7 <<<"$output")" = "Hand made" ]
	[[ $stderr == *warning*offers/7q/7qaaaaaaaaa3.yaml* ]]
}

# --- 5. derived data is checked before it is believed ---

# A few offers, open and closed, listed once so that the catalog exists;
# $REF is what list prints with no catalog at all.
catalog_setup() {
	new_commons
	local i id
	for i in 1 2 3 4 5 6; do
		id=$(MUTU_NOW="2026-01-0${i}T00:00:00Z" add_offer --title "Offer number $i" --tag "t$i" --kind tool)
	done
	mutu offer close "$id" -q
	rm -rf .git/mutu/catalog
	REF=$(mutu offer list --status all --format tsv)
	[ "$(wc -l <<<"$REF")" -eq 6 ]
	CATALOG=.git/mutu/catalog/offers
	[ -s "$CATALOG" ] || fail "no catalog after a list"
	cp "$CATALOG" "$BATS_TEST_TMPDIR/catalog.good"
}

# damaged_list_is_right: list prints exactly REF, whatever the catalog holds.
damaged_list_is_right() {
	run -0 mutu offer list --status all --format tsv
	[ "$output" = "$REF" ] || fail "a damaged catalog changed the answer:" "$output"
	run -0 mutu offer list --status all --format tsv
	[ "$output" = "$REF" ] || fail "the second list after damage differs:" "$output"
}

@test "a catalog with bytes flipped at any of several offsets changes no answer" {
	catalog_setup
	local size off
	size=$(stat -c %s "$CATALOG")
	for off in 0 5 15 16 40 $((size / 3)) $((size / 2)) $((size - 20)) $((size - 12)) $((size - 5)) $((size - 1)); do
		cp "$BATS_TEST_TMPDIR/catalog.good" "$CATALOG"
		python3 -c 'import sys
p, o = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, "rb").read()); b[o] ^= 0x5a; open(p, "wb").write(b)' "$CATALOG" "$off"
		if cmp -s "$CATALOG" "$BATS_TEST_TMPDIR/catalog.good"; then fail "byte $off not flipped"; fi
		damaged_list_is_right
	done
}

@test "a truncated catalog changes no answer" {
	catalog_setup
	local size len
	size=$(stat -c %s "$CATALOG")
	for len in 0 1 10 $((size / 2)) $((size - 12)) $((size - 1)); do
		cp "$BATS_TEST_TMPDIR/catalog.good" "$CATALOG"
		truncate -s "$len" "$CATALOG"
		damaged_list_is_right
	done
}

@test "a catalog with garbage appended changes no answer" {
	catalog_setup
	local g
	for g in x "$(head -c 4096 /dev/urandom | base64 -w0)" "$(printf 'mutu-catalog 3\n')"; do
		cp "$BATS_TEST_TMPDIR/catalog.good" "$CATALOG"
		printf '%s' "$g" >>"$CATALOG"
		damaged_list_is_right
	done
	cp "$BATS_TEST_TMPDIR/catalog.good" "$CATALOG"
	cat "$BATS_TEST_TMPDIR/catalog.good" >>"$CATALOG"
	damaged_list_is_right
}

@test "another commons' catalog put in place changes no answer" {
	catalog_setup
	local here=$PWD
	new_commons other
	add_offer --title "Somewhere else" --tag other >/dev/null
	MUTU_NOW=2026-01-03T00:00:00Z add_offer --title "Offer number 3" --tag t3 >/dev/null
	mutu offer list --status all >/dev/null
	cd "$here"
	cp "$BATS_TEST_TMPDIR/other/.git/mutu/catalog/offers" "$CATALOG"
	damaged_list_is_right
}

@test "a catalog with a title edited in place, its length kept, changes no answer" {
	catalog_setup
	python3 -c 'import sys
p = sys.argv[1]
b = open(p, "rb").read()
assert b.count(b"Offer number 3") == 1
open(p, "wb").write(b.replace(b"Offer number 3", b"Offer NUMBER 9"))' "$CATALOG"
	damaged_list_is_right
	run -1 mutu offer list --status all --grep "number 9" --format ids
	[ -z "$output" ] || fail "the forged title was believed"
}

# --- 6. nothing a person typed is lost ---

# make_editor NAME SCRIPT [END]: an editor, $BATS_TEST_TMPDIR/NAME, for
# EDITOR. It runs SCRIPT on the file mutu asks it to edit ($1), keeps a
# copy of what it wrote in $BATS_TEST_TMPDIR/typed, then runs END (exit 0
# by default).
make_editor() {
	printf '#!/bin/sh\n%s\ncp "$1" "%s/typed"\n%s\n' "$2" "$BATS_TEST_TMPDIR" "${3:-exit 0}" \
		>"$BATS_TEST_TMPDIR/$1"
	chmod +x "$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

# The file an error line says the text is kept in.
kept_file() {
	local f
	f=$(sed -n 's/.*(your text is kept in \(.*\))$/\1/p' <<<"${stderr_lines[0]}")
	[ -n "$f" ] || fail "the error names no kept file:" "${stderr_lines[0]}"
	echo "$f"
}

@test "an editor session that saves invalid YAML fails in one line naming the kept file, which holds the text" {
	new_commons
	local id ed kept
	id=$(add_offer --title Perceuse)
	export TMPDIR="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$TMPDIR"
	ed=$(make_editor bad-yaml.sh "printf 'title: [my long text\\nkind: tool\\n' >\"\$1\"")
	EDITOR=$ed refuses 65 "your text is kept in $TMPDIR/mutu-edit-" mutu offer edit "$id" </dev/null
	kept=$(kept_file)
	[ -f "$kept" ]
	cmp "$kept" "$BATS_TEST_TMPDIR/typed"
	grep -q 'my long text' "$kept"
}

@test "an editor session that saves a schema violation keeps the text too" {
	new_commons
	local id ed kept
	id=$(add_offer --title Perceuse)
	export TMPDIR="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$TMPDIR"
	ed=$(make_editor schema.sh "sed -i 's/^title: .*/title: Mine/; \$a colour: red' \"\$1\"")
	EDITOR=$ed refuses 65 "colour.*your text is kept in $TMPDIR/" mutu offer edit "$id" </dev/null
	kept=$(kept_file)
	cmp "$kept" "$BATS_TEST_TMPDIR/typed"
	grep -qx 'title: Mine' "$kept"
}

@test "an editor that exits non-zero fails in one line naming the kept file, which holds what it wrote" {
	new_commons
	local id ed kept
	id=$(add_offer --title Perceuse)
	export TMPDIR="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$TMPDIR"
	ed=$(make_editor fails.sh "sed -i 's/^title: .*/title: Typed by hand/' \"\$1\"" "exit 3")
	EDITOR=$ed refuses 1 "editor.*your text is kept in $TMPDIR/" mutu offer edit "$id" </dev/null
	kept=$(kept_file)
	cmp "$kept" "$BATS_TEST_TMPDIR/typed"
	grep -qx 'title: Typed by hand' "$kept"
}

@test "an editor session whose save loses a race keeps the text, and the commons holds only the other change" {
	new_commons
	local id ed kept before path
	id=$(add_offer --title Perceuse)
	path=$(record_path offers "$id")
	export TMPDIR="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$TMPDIR"
	ed=$(make_editor race.sh "sed -i 's/^title: .*/title: Mine/' \"\$1\"
mutu offer edit $id --set title=Other -q || exit 9")
	before=$(commit_count)
	EDITOR=$ed run -75 --separate-stderr mutu offer edit "$id" </dev/null
	assert_one_line_error mutu-offer
	kept=$(kept_file)
	[[ $kept == "$TMPDIR"/* ]]
	cmp "$kept" "$BATS_TEST_TMPDIR/typed"
	grep -qx 'title: Mine' "$kept"
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git show "HEAD:$path" | grep '^title:')" = "title: Other" ]
	[ "$(git log -1 --format=%s)" = "offer edit ${id:0:8}: Other" ]
	[ -z "$(git status --porcelain --untracked-files=all)" ]
}

# --- 7. bounded reads ---

# refuses_bounded CODE REGEX CMD…: refuses, and CMD's peak memory stays
# under 50 MB.
refuses_bounded() {
	local code=$1 re=$2
	shift 2
	REFUSES_PROG=$(prog_of "$@") refuses "$code" "$re" rss "$@"
	[ "$(max_rss_kib)" -lt 51200 ] || fail "'$*' took $(max_rss_kib) KiB"
}

@test "--body-file /dev/zero and a 2 MiB --body-file are refused at once in bounded memory" {
	new_commons
	head -c 2097152 /dev/zero | tr '\0' a >"$BATS_TEST_TMPDIR/2mib"
	refuses_bounded 65 "/dev/zero" mutu offer add --title t --body-file /dev/zero
	refuses_bounded 65 "2mib" mutu offer add --title t --body-file "$BATS_TEST_TMPDIR/2mib"
	refuses_bounded 65 "standard input" mutu offer add --title t --body-file - </dev/zero
}

@test "member add --key /dev/zero is refused at once in bounded memory" {
	new_commons
	refuses_bounded 65 "/dev/zero" mutu member add bob --name Bob --email bob@example.org --key /dev/zero
}

@test "add --yaml /dev/zero, from a file or standard input, is refused at once in bounded memory" {
	new_commons
	head -c 10000000 /dev/zero | tr '\0' a >"$BATS_TEST_TMPDIR/10mb"
	refuses_bounded 65 "/dev/zero" mutu offer add --yaml /dev/zero
	refuses_bounded 65 "^mutu-offer: error: -:" mutu offer add --yaml - </dev/zero
	refuses_bounded 65 "larger than" mutu offer add --yaml - <"$BATS_TEST_TMPDIR/10mb"
}

@test "show --stdin fed one 10 MB line is refused at once in bounded memory" {
	new_commons
	add_offer --title Perceuse >/dev/null
	head -c 10000000 /dev/zero | tr '\0' a >"$BATS_TEST_TMPDIR/10mb"
	refuses_bounded 65 "standard input" mutu offer show --stdin <"$BATS_TEST_TMPDIR/10mb"
	refuses_bounded 65 "standard input" mutu show --stdin <"$BATS_TEST_TMPDIR/10mb"
}

@test "a 3 MiB offer committed by hand is listed as unreadable, by name, and never read into memory" {
	new_commons
	add_offer --title Perceuse >/dev/null
	{
		offer_doc 7qbbbbbbbbb1 | yq -y .
		printf 'body: '
		head -c 3145728 /dev/zero | tr '\0' a
		echo
	} | put offers/7q/7qbbbbbbbbb1.yaml
	commit_by_hand "a big one"
	local f
	for f in "${FORMATS[@]}"; do
		rss mutu offer list --format "$f" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
		[ "$(ids_of "$f" "$BATS_TEST_TMPDIR/out" | wc -l)" -eq 1 ]
		grep -q 'offers/7q/7qbbbbbbbbb1.yaml.*more than .* a record may hold' "$BATS_TEST_TMPDIR/err"
		[ "$(max_rss_kib)" -lt 51200 ]
	done
	refuses_bounded 65 "offers/7q/7qbbbbbbbbb1\\.yaml" mutu offer show 7qbbbbbbbbb1
	refuses_bounded 65 "offers/7q/7qbbbbbbbbb1\\.yaml" mutu show 7qbbbbbbbbb1
}

@test "a 500 MB offer that compresses to nothing is never inflated: list and show stay far below its size" {
	new_commons
	add_offer --title Perceuse >/dev/null
	mkdir -p offers/7q
	head -c 500000000 /dev/zero >offers/7q/7qbbbbbbbbb2.yaml
	gitc -c core.bigFileThreshold=1m -c core.compression=1 add offers/7q/7qbbbbbbbbb2.yaml
	gitc commit -qm "a huge one"
	rm offers/7q/7qbbbbbbbbb2.yaml # its blob is small; the work-tree copy is not needed
	rm -rf .git/mutu
	rss mutu offer list --format tsv >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -eq 1 ]
	grep -q 'offers/7q/7qbbbbbbbbb2.yaml.*more than .* a record may hold' "$BATS_TEST_TMPDIR/err"
	[ "$(max_rss_kib)" -lt 51200 ]
	rss mutu offer list --format json >/dev/null 2>&1
	[ "$(max_rss_kib)" -lt 51200 ]
	run -65 --separate-stderr rss mutu show 7qbbbbbbbbb2
	[[ $stderr == *offers/7q/7qbbbbbbbbb2.yaml* ]]
	[ "$(max_rss_kib)" -lt 51200 ]
}

# --- 8. canonical YAML survives every common reader ---

TRICKY=("=" "<<" "yes" "no" "on" "off" "y" "n" "~" "null" "Null" "true" "False" "0123" "1e3" "1_000"
	"0x1F" "0o17" "+1" "-1" "1.5" ".inf" "-.inf" ".nan" "2026-01-01" "2026-01-01T00:00:00Z" "12:30"
	"190:20:30" "- x" "-" "---" "..." "# x" "@x" '`x' "&x" "*x" "!x" "%x" "?x" "|x" ">x" "'x" '"x'
	"{x" "[x" "x]" ",x" "a: b" "a:" "a #b" " lead" "trail " "x\\y")

@test "show --format yaml writes strings that python's yaml.safe_load and yq read back exactly" {
	new_commons
	local s tag docs=()
	for s in "${TRICKY[@]}"; do
		tag=${s//[ ,]/}
		[ -n "$tag" ] || tag=empty
		jq -nc --arg s "$s" --arg tag "$tag" '{title: $s, location: $s, availability: $s, body: $s, tags: [$tag]}'
		echo ---
	done | sed '$d' >"$BATS_TEST_TMPDIR/tricky.yaml"
	run -0 --separate-stderr mutu offer add --yaml "$BATS_TEST_TMPDIR/tricky.yaml"
	[ "${#lines[@]}" -eq "${#TRICKY[@]}" ]
	mutu offer show "${lines[@]}" --format yaml >"$BATS_TEST_TMPDIR/shown.yaml"
	printf '%s\n' "${TRICKY[@]}" >"$BATS_TEST_TMPDIR/expected"
	python3 - "$BATS_TEST_TMPDIR/shown.yaml" "$BATS_TEST_TMPDIR/expected" <<-'EOF'
	import sys, yaml
	docs = list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))
	want = open(sys.argv[2], encoding="utf-8").read().split("\n")[:-1]
	assert len(docs) == len(want), (len(docs), len(want))
	bad = []
	for d, s in zip(docs, want):
	    tag = s.replace(" ", "").replace(",", "") or "empty"
	    for k in ("title", "location", "availability", "body"):
	        if d.get(k) != s:
	            bad.append((k, s, d.get(k)))
	    if d.get("tags") != [tag]:
	        bad.append(("tags", tag, d.get("tags")))
	    for k in ("id", "type", "kind", "status", "author", "created", "updated"):
	        if not isinstance(d.get(k), str):
	            bad.append((k, "a string", d.get(k)))
	if bad:
	    sys.exit("read back differently by yaml.safe_load: %r" % bad)
	EOF
	# yq, once over every document
	for s in "${TRICKY[@]}"; do
		tag=${s//[ ,]/}
		jq -nc --arg s "$s" --arg tag "${tag:-empty}" '[$s, $s, $s, $s, $tag, "string"]'
	done >"$BATS_TEST_TMPDIR/expected.json"
	yq -c '[.title, .location, .availability, .body, .tags[0], (.created | type)]' \
		"$BATS_TEST_TMPDIR/shown.yaml" >"$BATS_TEST_TMPDIR/yq.json"
	diff -u "$BATS_TEST_TMPDIR/expected.json" "$BATS_TEST_TMPDIR/yq.json"
}

@test "handles and ids that look like booleans, nulls or numbers stay strings for yaml readers" {
	new_commons
	local h
	for h in no yes on off null true false; do
		add_member "$h"
		MUTU_MEMBER=$h add_offer --title "$h" >/dev/null
	done
	hand_offer 100000000000 '.title = "123"'
	hand_offer 000000000001 '.title = "0x1F"'
	commit_by_hand "numeric ids"
	mutu member show no yes on off null true false --format yaml >"$BATS_TEST_TMPDIR/m.yaml"
	mutu offer list --format yaml >"$BATS_TEST_TMPDIR/o.yaml"
	python3 - "$BATS_TEST_TMPDIR/m.yaml" "$BATS_TEST_TMPDIR/o.yaml" <<-'EOF'
	import sys, yaml
	members = list(yaml.safe_load_all(open(sys.argv[1])))
	assert [m["handle"] for m in members] == ["no", "yes", "on", "off", "null", "true", "false"], members
	offers = list(yaml.safe_load_all(open(sys.argv[2])))
	assert all(isinstance(o[k], str) for o in offers for k in ("id", "author", "title")), offers
	assert {"100000000000", "000000000001"} <= {o["id"] for o in offers}, offers
	assert {"no", "yes", "null", "false"} <= {o["author"] for o in offers}, offers
	EOF
	[ "$(yq -c 'select(.id == "000000000001") | .title' "$BATS_TEST_TMPDIR/o.yaml")" = '"0x1F"' ]
	[ "$(yq -c 'select(.author == "null") | .title' "$BATS_TEST_TMPDIR/o.yaml")" = '"null"' ]
}
