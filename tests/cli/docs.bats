#!/usr/bin/env bats
#
# The documentation matches what is built: a manual page per command,
# lint-clean, naming every verb and option the commands' --help lists;
# shell completions that load and complete verbs and record ids.

load helper

setup() {
	PATH="${MUTU_BIN:-$BATS_TEST_DIRNAME/../../build/bin}:$PATH"
	MANDIR="${MUTU_MANDIR:-$BATS_TEST_DIRNAME/../../man}"
	COMPLETIONS="$BATS_TEST_DIRNAME/../../completions"
	BINDIR="${MUTU_BIN:-$BATS_TEST_DIRNAME/../../build/bin}"
	unset MUTU_DIR MUTU_MEMBER
	export MUTU_NOW=2026-01-02T09:00:00Z
}

# The page of name in section s, in the repository's layout (man/NAME.S)
# or the installed one (MANDIR/manS/NAME.S).
page() {
	local name=$1 s=${2:-1}

	if [ -f "$MANDIR/$name.$s" ]; then
		echo "$MANDIR/$name.$s"
	elif [ -f "$MANDIR/man$s/$name.$s" ]; then
		echo "$MANDIR/man$s/$name.$s"
	else
		return 1
	fi
}

commands() {
	local f

	for f in "$BINDIR"/mutu "$BINDIR"/mutu-*; do
		if [ -x "$f" ]; then
			basename "$f"
		fi
	done
}

# The verbs a command's --help lists: a "verbs:" section, or "a|b|c" in
# its usage line.
verbs() {
	local help

	help=$("$1" --help) || return 1
	if grep -q '^verbs:' <<<"$help"; then
		sed -n '/^verbs:/,/^$/p' <<<"$help" | sed -n 's/^    \([a-z][a-z-]*\) .*/\1/p'
	else
		sed -n '1s/^usage: [^ ]* \([a-z|]*\) .*/\1/p' <<<"$help" | grep '|' | tr '|' '\n'
	fi
}

# Every -x and --long option named in a help text.
options_in() {
	grep -oE '(^|[ ,[])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ ,[]//' | sort -u
}

# The rendered text of a page.
rendered() {
	mandoc -T ascii "$1" | col -bx
}

make_commons() {
	COMMONS="$BATS_TEST_TMPDIR/commons"
	mutu init "$COMMONS" -q --name Test --member alice --email alice@example.org
	ID=$(mutu offer add -C "$COMMONS" --title "Perceuse" --kind tool)
	[ ${#ID} -eq 12 ]
}

# tsv_columns CMD KEY: the names of the fields `CMD show KEY --format tsv`
# prints, in order, two spaces apart: each cell matched to the one field
# of the JSON record that holds that value (lists joined by commas).
tsv_columns() {
	local tsv json
	tsv=$($1 show "$2" --format tsv) || return 1
	json=$($1 show "$2" --format json) || return 1
	jq -r --arg tsv "$tsv" '. as $r | $tsv | split("\t") | map(. as $cell
		| [$r | to_entries[] | select((.value | if type == "array" then join(",") else tostring end) == $cell) | .key]
		| if length == 1 then .[0] else "?(\($cell))" end) | join("  ")' <<<"$json"
}

@test "every built command has a manual page, and mutu(7) exists" {
	local c n=0 all

	all=$(commands)
	for c in $all; do
		page "$c" 1 || { echo "no manual page for $c in $MANDIR"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 5 ]
	page mutu 7
}

@test "mandoc -T lint -W warning is clean on every page" {
	local p out pages=0

	for p in "$MANDIR"/*.[17] "$MANDIR"/man[17]/mutu*.[17]; do
		[ -f "$p" ] || continue
		pages=$((pages + 1))
		out=$(mandoc -T lint -W warning "$p" 2>&1) || { echo "$out"; return 1; }
		[ -z "$out" ] || { echo "$out"; return 1; }
	done
	[ "$pages" -ge 6 ]
}

@test "every option of every command's --help is in its manual page" {
	local c v vs o p text help missing= all

	all=$(commands)
	[ "$(wc -w <<<"$all")" -ge 6 ]
	for c in $all; do
		p=$(page "$c" 1)
		text=$(rendered "$p")
		[ -n "$text" ]
		help=$("$c" --help)
		vs=$(verbs "$c")
		case $c in
		mutu-offer | mutu-need | mutu-member)
			[ -n "$vs" ] || fail "no verbs read from $c --help" ;;
		esac
		for v in $vs; do
			grep -qw -- "$v" <<<"$text" || missing+=" $c:verb:$v"
			help+=$'\n'$("$c" "$v" --help)
		done
		for o in $(options_in <<<"$help"); do
			grep -q -- "$o\\b" <<<"$text" || missing+=" $c:$o"
		done
	done
	[ -z "$missing" ] || { echo "missing from the pages:$missing"; return 1; }
}

@test "the offer, need and member pages give the tsv column order the code prints" {
	local type id cols text

	need_tool jq
	make_commons
	cd "$COMMONS"
	for type in offer need; do
		id=$(mutu "$type" add --title Perceuse --kind tool --tag outils --tag bricolage --body "Body")
		MUTU_NOW=2026-01-03T00:00:00Z mutu "$type" edit "$id" --set location=Lyon -q
		cols=$(tsv_columns "mutu $type" "$id")
		[ "$cols" = "id  status  kind  author  created  updated  title  tags" ] || fail "mutu $type prints: $cols"
		text=$(rendered "$(page "mutu-$type")")
		grep -qF -- "$cols" <<<"$text" || fail "mutu-$type(1) does not give: $cols"
	done
	echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbQ1Rk9Q4w2Yb5a3J4yDq5F0z2kWmH7C8n0Jx1s2t3u bob@laptop" >"$BATS_TEST_TMPDIR/bob.pub"
	mutu member add bob --name "Bob Dupont" --email bob@example.org -q
	grant_role bob moderator   # every column filled: an empty one names no field
	cols=$(tsv_columns "mutu member" bob)
	[ "$cols" = "handle  name  email  roles  joined  status" ] || fail "mutu member prints: $cols"
	text=$(rendered "$(page mutu-member)")
	grep -qF -- "$cols" <<<"$text" || fail "mutu-member(1) does not give: $cols"
}

@test "bash completion loads for mutu and every command" {
	run -0 bash -c "source '$COMPLETIONS/mutu.bash' && complete -p mutu mutu-offer mutu-need mutu-member mutu-init"
	[[ $output == *"-F _mutu mutu"* ]]
	[[ $output == *"mutu-offer"* ]]
}

# complete WORD...: run the bash completion for a command line whose last
# word is being completed; prints the candidates, one per line.
complete_bash() {
	bash -c '
		source "$1/mutu.bash"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		spec=$(complete -p "$1")
		spec=${spec#*-F }
		"${spec%% *}" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' complete_bash "$COMPLETIONS" "$@"
}

@test "bash completes the commands of mutu and the verbs of mutu offer" {
	local c
	run -0 complete_bash mutu ""
	for c in init member offer need; do
		grep -qx "$c" <<<"$output" || fail "mutu does not complete $c"
	done
	run -0 complete_bash mutu offer ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "add book bookings close edit help hold join leave lend list loans match renew reopen return show unbook unhold " ]
	run -0 complete_bash mutu-need ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "add close edit help list match meet reopen show " ]
}

@test "bash completes option values: kinds, statuses, formats, sort keys" {
	run -0 complete_bash mutu offer list --kind ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "event material other service skill space time tool " ]
	run -0 complete_bash mutu-need list --status ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "all closed open " ]
	run -0 complete_bash mutu offer list --format = j
	[ "$output" = json ]
	run -0 complete_bash mutu offer list --sort ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "created title updated " ]
}

@test "bash completes an id prefix to the whole id, in the commons" {
	make_commons
	cd "$COMMONS"
	run -0 complete_bash mutu offer show "${ID:0:5}"
	[ "$output" = "$ID" ]
	run -0 complete_bash mutu-offer close ""
	[ "$output" = "$ID" ]
	# -C names the commons from elsewhere
	cd "$BATS_TEST_TMPDIR"
	run -0 complete_bash mutu -C "$COMMONS" offer edit "${ID:0:4}"
	[ "$output" = "$ID" ]
	# needs are not offers
	run -0 complete_bash mutu need show "${ID:0:4}"
	[ -z "$output" ]
}

@test "bash id completion is silent outside a commons" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	cd "$BATS_TEST_TMPDIR/empty"
	run -0 complete_bash mutu offer show ""
	[ -z "$output" ]
}

@test "zsh completion parses (zsh -n)" {
	need_tool zsh
	run -0 zsh -n "$COMPLETIONS/_mutu"
	[ -z "$output" ]
	[[ $(head -1 "$COMPLETIONS/_mutu") == "#compdef mutu mutu-init mutu-member mutu-offer mutu-need"* ]]
}

@test "fish completion parses (fish -n)" {
	need_tool fish
	run -0 fish -n "$COMPLETIONS/mutu.fish"
	[ -z "$output" ]
}

@test "fish completes verbs and ids" {
	need_tool fish
	make_commons
	cd "$COMMONS"
	run -0 fish -c "source '$COMPLETIONS/mutu.fish'; complete -C'mutu offer ' | cut -f1"
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "add book bookings close edit help hold join leave lend list loans match renew reopen return show unbook unhold " ]
	run -0 fish -c "source '$COMPLETIONS/mutu.fish'; complete -C'mutu-offer show ${ID:0:5}' | cut -f1"
	[ "$output" = "$ID" ]
}
