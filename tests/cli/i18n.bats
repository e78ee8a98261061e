#!/usr/bin/env bats
# Languages. Under LC_ALL=fr_FR.UTF-8 every command speaks French: errors,
# warnings, help, usage, table headings, the demo's narration. What scripts
# read never changes with the locale: the stdout of tsv, json, yaml and ids
# and every exit status are the same bytes under C.UTF-8, fr_FR.UTF-8 and
# C; record content is never translated. A message the catalogue lacks
# comes out in English.
#
# The French expected here is read from the installed catalogue (fr_text),
# so a better wording does not break a test; each such text is checked to
# differ from the English, so a missing translation does. The suite runner
# sets MUTU_TEXTDOMAINDIR to the catalogues of the install under test.

# The printf formats here are the catalogue's own translations, on purpose;
# stderr_lines is set by bats' run.
# shellcheck disable=SC2059,SC2154

load helper

FR=fr_FR.UTF-8
TOP=$BATS_TEST_DIRNAME/../..

setup() {
	mutu_setup
	# LANGUAGE would outrank LC_ALL for messages: the locale alone chooses
	unset LANGUAGE LC_MESSAGES LANG
	if [ -z "${MUTU_TEXTDOMAINDIR:-}" ]; then
		MUTU_TEXTDOMAINDIR=$(cd "$(dirname "$(command -v mutu)")/../share/locale" 2>/dev/null && pwd) ||
			fail "MUTU_TEXTDOMAINDIR is not set and no share/locale is beside $(command -v mutu)"
		export MUTU_TEXTDOMAINDIR
	fi
	[ -f "$MUTU_TEXTDOMAINDIR/fr/LC_MESSAGES/mutu.mo" ] ||
		fail "no French catalogue in $MUTU_TEXTDOMAINDIR (make install puts it there)"
	locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\{0,1\}8' ||
		fail "the fr_FR.UTF-8 locale is not generated: tools/deps.sh (make deps) generates it"
	command -v gettext >/dev/null 2>&1 || fail "gettext(1) is not installed (Debian: gettext-base)"
}

# i18n_need TOOL…: a tool the test reads output with; missing is a failure.
i18n_need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			fail "$t is not installed: tools/deps.sh (make deps) installs it"
	done
}

# fr_text MSGID: its French, from the installed catalogue; fails when the
# catalogue leaves it in English. fr_same MSGID: the same, for the few
# messages French writes as English does (the heading ID).
fr_same() {
	LC_ALL=$FR TEXTDOMAINDIR=$MUTU_TEXTDOMAINDIR gettext -d mutu -- "$1"
}

fr_text() {
	local s
	s=$(fr_same "$1") || return 1
	[ -n "$s" ] && [ "$s" != "${1%$'\n'}" ] || fail "not translated in the catalogue: '$1'"
	printf '%s' "$s"
}

# in_fr CMD…: CMD under the French locale.
in_fr() {
	LC_ALL=$FR "$@"
}

# After `run --separate-stderr`: stderr is ONE French error line from PROG,
# "PROG: erreur : …", valid UTF-8, no English "error:", nothing on stdout.
assert_french_error() {
	local prog=$1
	[ "${#stderr_lines[@]}" -eq 1 ] && [ "$stderr" = "${stderr_lines[0]}" ] ||
		fail "expected one line on stderr, got ${#stderr_lines[@]}:" "$stderr"
	[[ $stderr == "$prog: erreur : "* ]] ||
		fail "expected '$prog: erreur : …' on stderr, got:" "$stderr"
	printf '%s' "$stderr" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
		fail "the error line is not valid UTF-8:" "$(printf '%s' "$stderr" | od -c)"
	[ -z "$output" ] || fail "expected nothing on stdout, got:" "$output"
}

# --- French for people ---

@test "an error is one French line: 'mutu-offer: erreur : …'" {
	local want
	new_commons
	run -66 --separate-stderr in_fr mutu offer show zzzz
	assert_french_error mutu-offer
	want=$(printf "$(fr_text 'no %s with id %s')" offer zzzz)
	[ "$stderr" = "mutu-offer: erreur : $want" ] || fail "got:" "$stderr" "expected:" "mutu-offer: erreur : $want"

	run -66 --separate-stderr in_fr mutu show zzzz
	assert_french_error mutu-show
	want=$(printf "$(fr_text 'no record with id %s')" zzzz)
	[ "$stderr" = "mutu-show: erreur : $want" ]

	# outside any commons
	cd "$BATS_TEST_TMPDIR"
	run -66 --separate-stderr in_fr mutu need list
	assert_french_error mutu-need
	[[ $stderr == *"$(printf "$(fr_text 'not a commons (nor any parent directory): %s')" "")"* ]] ||
		fail "got:" "$stderr"
}

@test "errors of every kind speak French and keep their exit status" {
	local id
	new_commons
	add_member bob
	id=$(mutu offer add --title "Perceuse à percussion") || fail "cannot add an offer"
	# 65: bad data
	run -65 --separate-stderr in_fr mutu offer add --title ""
	assert_french_error mutu-offer
	[[ $stderr == *"$(printf "$(fr_text '%s must not be empty')" "'title'")"* ]] || fail "got:" "$stderr"
	# 77: not permitted
	MUTU_MEMBER=bob run -77 --separate-stderr in_fr mutu offer close "$id"
	assert_french_error mutu-offer
	[[ $stderr == *" alice"* && $stderr == *" bob" ]] || fail "got:" "$stderr"
	# 1: already so
	mutu offer close "$id" -q
	run -1 --separate-stderr in_fr mutu offer close "$id"
	assert_french_error mutu-offer
	# 2: an unknown command, from the dispatcher: the error, then the usage
	run -2 --separate-stderr in_fr mutu frobnicate
	[ -z "$output" ] || fail "expected nothing on stdout, got:" "$output"
	[ "${stderr_lines[0]}" = "mutu: erreur : $(printf "$(fr_text "'%s' is not a mutu command: use one of %s")" frobnicate "init, member, offer, need, exchange, calendar, propose, vote, show, clone, sync, conflicts, log, audit, merge-driver")" ] ||
		fail "got:" "$stderr"
	[[ ${stderr_lines[1]} == "usage : mutu "* ]] || fail "got:" "$stderr"
}

@test "a usage error is French: the error line, then the French usage" {
	local usage
	new_commons
	run -2 --separate-stderr in_fr mutu offer list --limit 0
	[[ ${stderr_lines[0]} == "mutu-offer: erreur : --limit "* ]] || fail "got:" "$stderr"
	usage=$(printf "$(fr_text $'usage: %s %s\n')" mutu-offer "$(fr_text 'list [options]')")
	[ "${stderr_lines[1]}" = "$usage" ] || fail "got:" "$stderr" "expected second line:" "$usage"
	[ "${#stderr_lines[@]}" -eq 2 ] || fail "got:" "$stderr"
	[ -z "$output" ]
	[[ $stderr != *"error:"* && $stderr != *"usage:"* ]] || fail "English in:" "$stderr"

	# no verb at all: one French error line naming the verbs, then the usage
	run -2 --separate-stderr in_fr mutu offer
	[ "${stderr_lines[0]}" = "mutu-offer: erreur : $(printf "$(fr_text 'which verb? use one of %s')" "add, list, show, edit, close, reopen, match, lend, return, renew, hold, unhold, loans, book, unbook, bookings, join, leave")" ] ||
		fail "got:" "$stderr"
	[[ ${stderr_lines[1]} == "usage : mutu-offer "* ]] || fail "got:" "$stderr"
	[ "${#stderr_lines[@]}" -eq 2 ] || fail "got:" "$stderr"
	[ -z "$output" ]
}

@test "a record failing its schema is a French warning, and is listed anyway" {
	local id new=abcd00000001 src before after
	new_commons
	id=$(mutu offer add --title Source) || fail "cannot add an offer"
	src=$(record_path offers "$id")
	mkdir -p offers/ab
	sed -e "s/$id/$new/" -e 's/^title: .*/title: ""/' "$src" >"$(record_path offers "$new")"
	gitc add offers/ab && gitc commit -qm "a record by hand" || fail "cannot commit it"
	run -0 --separate-stderr in_fr mutu offer list --format ids
	[ "${#lines[@]}" -eq 2 ] && [[ $output == *"$new"* ]] || fail "expected both ids, got:" "$output"
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "expected one warning, got:" "$stderr"
	# "%s: warning: %s\n" around "%s (listed anyway)" around "path:L:C: 'title' must not be empty"
	before=$(printf "$(fr_text $'%s: warning: %s\n')" mutu-offer "offers/ab/$new.yaml:")
	after=$(printf "$(fr_text '%s must not be empty')" "'title'")
	after=$(printf "$(fr_text '%s (listed anyway)')" "$after")
	[[ $stderr == "$before"[0-9]*:[0-9]*": $after" ]] ||
		fail "got:" "$stderr" "expected:" "$before<line>:<column>: $after"
	[[ $stderr == "mutu-offer: avertissement : "* ]] || fail "got:" "$stderr"
}

# every command and every verb: the --help a person reads
HELPS=(
	"mutu" "mutu-init" "mutu-show"
	"mutu-member" "mutu-member add" "mutu-member list" "mutu-member show"
	"mutu-offer" "mutu-offer add" "mutu-offer list" "mutu-offer show"
	"mutu-offer edit" "mutu-offer close" "mutu-offer reopen"
	"mutu-need" "mutu-need add" "mutu-need list" "mutu-need show"
	"mutu-need edit" "mutu-need close" "mutu-need reopen"
	"mutu offer add" "mutu member list"
)

@test "--help of every command and every verb is French, line for line" {
	local c en fr i n usage en_lines fr_lines
	usage=$(fr_text $'usage: %s %s\n')
	usage=${usage%%%s*}
	for c in "${HELPS[@]}"; do
		# shellcheck disable=SC2086 # word splitting is the point
		run -0 --separate-stderr env LC_ALL=C.UTF-8 $c --help
		en=$output
		# shellcheck disable=SC2086
		run -0 --separate-stderr in_fr $c --help
		fr=$output
		[ -z "$stderr" ] || fail "$c --help wrote on stderr:" "$stderr"
		[[ $fr == "$usage"* ]] || fail "$c --help does not start with '$usage':" "$fr"
		mapfile -t en_lines <<<"$en"
		mapfile -t fr_lines <<<"$fr"
		n=${#en_lines[@]}
		[ "${#fr_lines[@]}" -eq "$n" ] || fail "$c --help: $n lines in English, ${#fr_lines[@]} in French:" "$fr"
		# every line a person reads says something: none may stay English
		for ((i = 0; i < n; i++)); do
			[ -z "${en_lines[i]}" ] && continue
			[ "${en_lines[i]}" != "${fr_lines[i]}" ] ||
				fail "$c --help: line $((i + 1)) is still English:" "${fr_lines[i]}"
		done
	done
}

@test "help, and help VERB, are the French --help" {
	local c want
	for c in mutu mutu-member mutu-offer mutu-need; do
		run -0 in_fr "$c" --help
		want=$output
		run -0 in_fr "$c" help
		[ "$output" = "$want" ] || fail "$c help differs from $c --help:" "$output"
		[[ $output == *"$(fr_text 'this help, or a verb'"'"'s: help VERB')"* || $c == mutu ]] ||
			fail "$c help is not French:" "$output"
	done
	run -0 in_fr mutu-offer close --help
	want=$output
	run -0 in_fr mutu-offer help close
	[ "$output" = "$want" ]
	[[ $output == *"$(fr_text why)"* ]]
	run -0 in_fr mutu --help
	[[ $output == *"$(fr_text 'commands:')"* ]]
	[[ $output == *"$(fr_text 'create a commons')"* ]]
}

@test "on a terminal, list's table headings are French; content is not translated" {
	local h heads=() re
	i18n_need script
	new_commons
	mutu offer add --title "show this help" --kind tool --tag open >/dev/null || fail "cannot add"
	for h in KIND AUTHOR CREATED TITLE TAGS; do heads+=("$(fr_text "$h")"); done
	re="^$(fr_same ID)"
	for h in "${heads[@]}"; do re+=" +$h"; done
	run -0 bash -c "set -o pipefail
		LC_ALL=$FR script -qec 'stty cols 120 rows 20; mutu offer list' /dev/null </dev/null | tr -d '\r'"
	[[ ${lines[0]} =~ $re\ *$ ]] || fail "headings: expected /$re/, got:" "${lines[0]}"
	# the record's own words stay as they were written
	[[ ${lines[1]} == *"show this help"* && ${lines[1]} == *" tool "* && ${lines[1]} == *open* ]] ||
		fail "content changed:" "${lines[1]}"
	[[ $output != *"$(fr_text 'show this help')"* ]] || fail "a title was translated:" "$output"
}

@test "--format table: French headings for items and members, STATUS too" {
	local h re
	new_commons
	mutu offer add --title Perceuse >/dev/null || fail "cannot add"
	run -0 in_fr mutu offer list --status all --format table
	re="^$(fr_same ID)"
	for h in KIND STATUS AUTHOR CREATED TITLE TAGS; do re+=" +$(fr_text "$h")"; done
	[[ ${lines[0]} =~ $re\ *$ ]] || fail "expected /$re/, got:" "${lines[0]}"
	[[ ${lines[1]} == *" open "* ]] || fail "the status value changed:" "${lines[1]}"
	run -0 in_fr mutu member list --format table
	re="^$(fr_text HANDLE)"
	for h in NAME EMAIL ROLES JOINED STATUS; do re+=" +$(fr_text "$h")"; done
	[[ ${lines[0]} =~ $re\ *$ ]] || fail "expected /$re/, got:" "${lines[0]}"
	[[ ${lines[1]} == "alice "*"Alice Martin"*"alice@example.org"* ]] || fail "got:" "${lines[1]}"
}

@test "show --format table: French labels, the record's words untouched" {
	local id
	new_commons
	id=$(mutu offer add --title "show this help" --kind tool --tag open --location "Title:" \
		--body "nothing changed") || fail "cannot add"
	run -0 in_fr mutu offer show "$id" --format table
	[ "${lines[0]}" = "offer $id  (open)" ] || fail "got:" "${lines[0]}"
	[[ $output == *"$(fr_text 'Title:')"*"show this help"* ]] || fail "got:" "$output"
	[[ $output == *"$(fr_text 'Kind:')"*" tool"* ]] || fail "got:" "$output"
	[[ $output == *"$(fr_text 'Location:')"*" Title:"* ]] || fail "got:" "$output"
	[[ $output == *"nothing changed"* ]] || fail "the body changed:" "$output"
	[[ $output != *"$(fr_text 'show this help')"* && $output != *"$(fr_text $'%s: nothing changed\n' | sed 's/^%s: //')"* ]] ||
		fail "record content was translated:" "$output"
	run -0 in_fr mutu member show alice --format table
	[[ $output == *"$(fr_text 'Name:')"*"Alice Martin"* ]] || fail "got:" "$output"
}

@test "an edit that changes nothing says so in French" {
	local id want
	new_commons
	id=$(mutu offer add --title Perceuse --tag bricolage) || fail "cannot add"
	run -0 --separate-stderr in_fr mutu offer edit "$id" --add-tag bricolage
	want=$(printf "$(fr_text $'%s: nothing changed\n')" mutu-offer)
	[ "$stderr" = "$want" ] || fail "got:" "$stderr" "expected:" "$want"
	[ -z "$output" ]
}

@test "init reports in French, and the commons' name stays as typed" {
	run -0 in_fr mutu init "$BATS_TEST_TMPDIR/c" --name "Outils du quartier" --member alice \
		--email alice@example.org
	[ "$output" = "$(printf "$(fr_text $'Created the commons \'%s\' in %s\n')" "Outils du quartier" "$BATS_TEST_TMPDIR/c")" ] ||
		fail "got:" "$output"
}

@test "the demo narrates in French under LC_ALL=fr_FR.UTF-8" {
	local bin
	i18n_need jq git
	bin=${MUTU_BIN:-$(dirname "$(command -v mutu)")}
	run -0 env DEMO_DIR="$BATS_TEST_TMPDIR/demo" LC_ALL=$FR sh "$TOP/tools/demo.sh" "$bin"
	[[ $output == *"# $(fr_text 'Alice puts tools and time in common.')"* ]] ||
		fail "no French narration:" "$output"
	[[ $output != *"# Alice puts tools and time in common."* ]] || fail "English narration:" "$output"
	# the commands it runs speak French too
	[[ $output == *"mutu-offer: erreur : "* ]] || fail "the refused inputs are not French:" "$output"
}

# --- the same bytes for scripts, whatever the locale ---

# A commons whose records hold accents, other scripts, and English words
# that are also messages (never to be translated).
world_commons() {
	local id
	new_commons
	add_member zoe "Zoé Ødegård" zoe@example.org
	add_member li "李雷" li@example.org
	mutu offer add --title "Perceuse à percussion" --kind tool --tag bricolage --tag prêt \
		--location "Atelier, étagère 2" --body "Mèches **béton** et bois — « prêtées »." >/dev/null
	mutu offer add --title "Éclair de génie" --kind skill --tag électronique >/dev/null
	mutu offer add --title "自転車の修理" --kind skill --tag 自転車 --location 東京 >/dev/null
	mutu offer add --title "Ремонт велосипеда" --kind skill --tag вело >/dev/null
	mutu offer add --title "مثقاب كهربائي" --kind tool --tag أدوات >/dev/null
	mutu offer add --title "zèbre en peluche" --kind other >/dev/null
	mutu offer add --title "Zebra" --kind other >/dev/null
	mutu offer add --title "éclair au café" --kind material --tag pâtisserie >/dev/null
	mutu offer add --title "Ångström-mètre" --tag mesure >/dev/null
	mutu offer add --title "show this help" --tag open --body "nothing changed" >/dev/null
	id=$(mutu offer add --title "Scie égoïne" --kind tool --tag bricolage) || fail "cannot add"
	mutu offer close "$id" --reason "prêtée à Zoé" -q
	MUTU_MEMBER=zoe mutu need add --title "Réparer une lampe" --kind skill --tag électronique >/dev/null
	MUTU_MEMBER=li mutu need add --title "修理が必要な自転車" --tag 自転車 >/dev/null
	CLOSED=$id
	FIRST=$(mutu offer list --format ids --sort title --limit 1)
}

# scripts_view: for each command, its stdout byte for byte and its exit
# status, in the locale of the caller; stderr (for people) is left out.
# The commands are "STATUS COMMAND": STATUS is what the command must exit.
scripts_view() {
	local want cmd got
	while read -r want cmd; do
		[ -n "$cmd" ] || continue
		printf '=== %s\n' "$cmd"
		# bats runs with errexit: a failing command must not end the view
		if eval "$cmd" 2>/dev/null; then got=0; else got=$?; fi
		printf '\n=== exit %s\n' "$got"
		[ "$got" = "$want" ] || printf '!!! expected exit %s\n' "$want"
	done <<EOF
0 mutu offer list --format tsv
0 mutu offer list --format json
0 mutu offer list --format yaml
0 mutu offer list --format ids
0 mutu offer list --status all --format tsv
0 mutu offer list --status closed --format json
0 mutu offer list --sort title --format tsv
0 mutu offer list --sort title --status all --format ids
0 mutu offer list --sort updated --format ids
0 mutu offer list --tag 自転車 --format json
0 mutu offer list --tag prêt --format ids
0 mutu offer list --kind skill --format tsv
0 mutu offer list --grep éclair --format ids
0 mutu offer list --grep ÉCLAIR --format ids
0 mutu offer list --grep велосипеда --format ids
0 mutu offer list --limit 3 --sort title --format ids
0 mutu offer show $FIRST $CLOSED --format tsv
0 mutu offer show $FIRST $CLOSED --format json
0 mutu offer show $FIRST $CLOSED --format yaml
0 mutu offer show $FIRST $CLOSED --format ids
0 mutu show $CLOSED --format json
0 mutu need list --format json
0 mutu need list --format yaml
0 mutu need list --sort title --format tsv
0 mutu member list --format tsv
0 mutu member list --format json
0 mutu member list --format yaml
0 mutu member list --format ids
0 mutu member show zoe li --format yaml
0 mutu member show li --format tsv
0 printf '%s\n' $FIRST | mutu offer show --stdin --format json
1 mutu offer list --tag personne --format tsv
1 mutu offer close $CLOSED
2 mutu offer list --limit 0
2 mutu offer frobnicate
2 mutu frobnicate
65 mutu offer add --title ""
2 mutu offer add --title Pince --kind marteau-piqueur --format json
65 mutu offer edit $FIRST --set colour=rouge
66 mutu offer show zzzzzz --format json
66 mutu show zzzzzz --format tsv
66 mutu member show personne --format yaml
77 MUTU_MEMBER=zoe mutu offer reopen $CLOSED
77 MUTU_MEMBER=li mutu offer edit $FIRST --set title=Autre
EOF
}

@test "stdout for scripts and exit statuses are the same bytes under C.UTF-8, fr_FR.UTF-8 and C" {
	local l
	world_commons
	for l in C.UTF-8 "$FR" C; do
		LC_ALL=$l scripts_view >"$BATS_TEST_TMPDIR/view.$l"
		! grep -q '^!!! ' "$BATS_TEST_TMPDIR/view.$l" ||
			fail "under LC_ALL=$l, an exit status is not the documented one:" \
				"$(grep -B3 '^!!! ' "$BATS_TEST_TMPDIR/view.$l")"
	done
	# the views hold what they should: non-Latin content, verbatim
	grep -q '自転車の修理' "$BATS_TEST_TMPDIR/view.C.UTF-8" || fail "no Japanese title in the view"
	grep -q 'Ремонт велосипеда' "$BATS_TEST_TMPDIR/view.C.UTF-8" || fail "no Russian title in the view"
	grep -q 'show this help' "$BATS_TEST_TMPDIR/view.$FR" || fail "a title was translated"
	for l in "$FR" C; do
		diff -u "$BATS_TEST_TMPDIR/view.C.UTF-8" "$BATS_TEST_TMPDIR/view.$l" >&2 ||
			fail "the output for scripts changed between LC_ALL=C.UTF-8 and LC_ALL=$l"
	done
}

@test "--sort title orders the same way in every locale" {
	local l
	world_commons
	for l in C.UTF-8 "$FR" C; do
		LC_ALL=$l mutu offer list --sort title --status all --format tsv | cut -f7 >"$BATS_TEST_TMPDIR/titles.$l" ||
			fail "list --sort title failed under LC_ALL=$l"
	done
	[ "$(wc -l <"$BATS_TEST_TMPDIR/titles.C")" -eq 11 ] || fail "expected 11 titles:" "$(cat "$BATS_TEST_TMPDIR/titles.C")"
	cmp "$BATS_TEST_TMPDIR/titles.C.UTF-8" "$BATS_TEST_TMPDIR/titles.$FR" >&2 ||
		fail "the order differs under $FR:" "$(paste "$BATS_TEST_TMPDIR/titles.C.UTF-8" "$BATS_TEST_TMPDIR/titles.$FR")"
	cmp "$BATS_TEST_TMPDIR/titles.C.UTF-8" "$BATS_TEST_TMPDIR/titles.C" >&2 ||
		fail "the order differs under C:" "$(paste "$BATS_TEST_TMPDIR/titles.C.UTF-8" "$BATS_TEST_TMPDIR/titles.C")"
}

# --- what the catalogue lacks ---

@test "with no catalogue at all, messages fall back to English" {
	local en
	new_commons
	mkdir "$BATS_TEST_TMPDIR/no-catalogue"
	MUTU_TEXTDOMAINDIR=$BATS_TEST_TMPDIR/no-catalogue run -66 --separate-stderr in_fr mutu offer show zzzz
	[ "$stderr" = "mutu-offer: error: no offer with id zzzz" ] || fail "got:" "$stderr"
	[ -z "$output" ]
	run -0 env LC_ALL=C.UTF-8 mutu offer add --help
	en=$output
	MUTU_TEXTDOMAINDIR=$BATS_TEST_TMPDIR/no-catalogue run -0 in_fr mutu offer add --help
	[ "$output" = "$en" ] || fail "expected the English help, got:" "$output"
}

@test "a message missing from the catalogue comes out in English, the rest in French" {
	local part=$BATS_TEST_TMPDIR/part
	i18n_need msggrep msgfmt
	new_commons
	mkdir -p "$part/fr/LC_MESSAGES"
	# the French catalogue without one message
	msggrep --invert-match -K -e '^no %s with id %s$' -o "$BATS_TEST_TMPDIR/part.po" "$TOP/po/fr.po" ||
		fail "msggrep failed"
	! grep -q '^msgid "no %s with id %s"' "$BATS_TEST_TMPDIR/part.po" || fail "the message is still there"
	msgfmt -c -o "$part/fr/LC_MESSAGES/mutu.mo" "$BATS_TEST_TMPDIR/part.po" || fail "msgfmt failed"
	MUTU_TEXTDOMAINDIR=$part run -66 --separate-stderr in_fr mutu offer show zzzz
	assert_french_error mutu-offer
	[ "$stderr" = "mutu-offer: erreur : no offer with id zzzz" ] || fail "got:" "$stderr"
	# and what the catalogue has is still French
	MUTU_TEXTDOMAINDIR=$part run -66 --separate-stderr in_fr mutu show zzzz
	[ "$stderr" = "mutu-show: erreur : $(printf "$(fr_text 'no record with id %s')" zzzz)" ] ||
		fail "got:" "$stderr"
}
