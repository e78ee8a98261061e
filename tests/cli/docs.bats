#!/usr/bin/env bats
#
# The documentation matches what is built: a manual page per command,
# lint-clean, naming every verb and option the commands' --help lists;
# shell completions that load and complete verbs and record ids.

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
		[ -x "$f" ] && basename "$f"
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
	ID=$(cd "$COMMONS" && mutu offer add --title "Perceuse" --kind tool)
	[ ${#ID} -eq 12 ]
}

@test "every built command has a manual page, and mutu(7) exists" {
	local c n=0

	for c in $(commands); do
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
	local c v o text help missing=

	for c in $(commands); do
		text=$(rendered "$(page "$c" 1)")
		help=$("$c" --help)
		for v in $(verbs "$c"); do
			grep -qw -- "$v" <<<"$text" || missing+=" $c:verb:$v"
			help+=$'\n'$("$c" "$v" --help)
		done
		for o in $(options_in <<<"$help"); do
			grep -q -- "$o\\b" <<<"$text" || missing+=" $c:$o"
		done
	done
	[ -z "$missing" ] || { echo "missing from the pages:$missing"; return 1; }
}

@test "the offer and need pages give the tsv column order the code prints" {
	local p

	for p in mutu-offer mutu-need; do
		rendered "$(page $p)" | grep -q 'id  status  kind  author  created  updated  title  tags'
	done
	rendered "$(page mutu-member)" | grep -q 'handle  name  email  roles  joined'
}

@test "bash completion loads for mutu and every command" {
	run bash -c "source '$COMPLETIONS/mutu.bash' && complete -p mutu mutu-offer mutu-need mutu-member mutu-init"
	[ "$status" -eq 0 ]
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
	run complete_bash mutu ""
	[ "$status" -eq 0 ]
	for c in init member offer need; do grep -qx "$c" <<<"$output"; done
	run complete_bash mutu offer ""
	[ "$status" -eq 0 ]
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "add close edit list reopen show " ]
	run complete_bash mutu-need ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "add close edit list reopen show " ]
}

@test "bash completes option values: kinds, statuses, formats, sort keys" {
	run complete_bash mutu offer list --kind ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "event material other service skill space time tool " ]
	run complete_bash mutu-need list --status ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "all closed open " ]
	run complete_bash mutu offer list --format = j
	[ "$output" = json ]
	run complete_bash mutu offer list --sort ""
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "created title updated " ]
}

@test "bash completes an id prefix to the whole id, in the commons" {
	make_commons
	cd "$COMMONS"
	run complete_bash mutu offer show "${ID:0:5}"
	[ "$status" -eq 0 ]
	[ "$output" = "$ID" ]
	run complete_bash mutu-offer close ""
	[ "$output" = "$ID" ]
	# -C names the commons from elsewhere
	cd "$BATS_TEST_TMPDIR"
	run complete_bash mutu -C "$COMMONS" offer edit "${ID:0:4}"
	[ "$output" = "$ID" ]
	# needs are not offers
	run complete_bash mutu need show "${ID:0:4}"
	[ -z "$output" ]
}

@test "bash id completion is silent outside a commons" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	cd "$BATS_TEST_TMPDIR/empty"
	run complete_bash mutu offer show ""
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "zsh completion parses (zsh -n)" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$COMPLETIONS/_mutu"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	head -1 "$COMPLETIONS/_mutu" | grep -q '^#compdef mutu mutu-init mutu-member mutu-offer mutu-need'
}

@test "fish completion parses (fish -n)" {
	command -v fish >/dev/null || skip "fish is not installed"
	run fish -n "$COMPLETIONS/mutu.fish"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "fish completes verbs and ids" {
	command -v fish >/dev/null || skip "fish is not installed"
	make_commons
	cd "$COMMONS"
	run fish -c "source '$COMPLETIONS/mutu.fish'; complete -C'mutu offer ' | cut -f1"
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "add close edit list reopen show " ]
	run fish -c "source '$COMPLETIONS/mutu.fish'; complete -C'mutu-offer show ${ID:0:5}' | cut -f1"
	[ "$output" = "$ID" ]
}
