#!/usr/bin/env bash
# bench/tally.sh BINDIR [N]: the governance budgets on a bare commons of N
# members (default 10000) with, for each method, one proposal in vote
# holding N - 1 ballots (ten options; stv electing three), made by
# bench/gen-ballots.sh. Prints a Markdown table (also bench/out/tally.md).
#
#   tally, first time        <= 150 ms   no ballot cache (the member
#                                        catalog warm, as after any command
#                                        that read members); also shown: with
#                                        no derived data at all
#   tally again              <= 30 ms    no new ballot
#   tally after one ballot   (shown)     one ballot parsed again
#   vote: one more ballot    <= 30 ms    the whole process, a new ballot
#
# Times are medians of RUNS runs (default 11) of the whole process, from
# the installed commands in BINDIR. Never part of a test.
set -euo pipefail
bin=$(cd "$1" && pwd)
n=${2:-10000}
RUNS=${RUNS:-11}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/mutu-tally.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PATH="$bin:$PATH" LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 HOME="$work"
unset MUTU_MEMBER
mkdir -p "$here/out"

now_ms() { echo "${EPOCHREALTIME/./}"; }
# median of RUNS runs of CMD, in ms; PREP runs before each, untimed
median() {
	local prep=$1 t=() i s e
	shift
	for ((i = 0; i < RUNS; i++)); do
		eval "$prep"
		s=$(now_ms)
		"$@" >/dev/null 2>&1 || true
		e=$(now_ms)
		t+=($(((e - s) / 1000)))
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

mutu init "$work/c.git" --bare --name Bench --member alice --email alice@example.org -q
sh "$here/gen-ballots.sh" "$n" 2>"$work/ids" | git -C "$work/c.git" fast-import --quiet
git -C "$work/c.git" gc -q
export MUTU_DIR="$work/c.git" MUTU_NOW=2026-12-02T10:00:00Z
mutu member list >/dev/null   # the member catalog, as any earlier command leaves it

out="$here/out/tally.md"
{
	echo "| method | first tally | no derived data | again | after one new ballot | one more ballot (vote) |"
	echo "| --- | --- | --- | --- | --- | --- |"
} >"$out"
ok=1
i=0
while read -r method id; do
	i=$((i + 1))
	first=$(median "rm -rf '$work/c.git/mutu/ballots'" mutu propose tally "$id")
	cold=$(median "rm -rf '$work/c.git/mutu'" mutu propose tally "$id")
	mutu member list >/dev/null
	mutu propose tally "$id" >/dev/null
	again=$(median : mutu propose tally "$id")
	case $method in
	yes-no|consent) ballot=(yes) ;;
	approval) ballot=(--approve "Option 3,Option 1") ;;
	majority-judgment) ballot=(--grade "Option 1=good,Option 2=poor") ;;
	*) ballot=(--rank "Option 3,Option 1,Option 2") ;;
	esac
	# the first run casts, the others change: the same work (one file, one commit)
	cast=$(median : env MUTU_MEMBER=m$(printf %05d "$n") mutu vote "$id" "${ballot[@]}")
	# before each run, another member changes their ballot
	k=0
	after=$(median "k=\$((k + 1)); MUTU_MEMBER=m\$(printf %05d \$k) mutu vote '$id' ${ballot[*]@Q} >/dev/null 2>&1 || true" mutu propose tally "$id")
	row="| $method |"
	for cell in "$first 150" "$cold -" "$again 30" "$after -" "$cast 30"; do
		set -- $cell
		if [ "$2" = - ] || [ "$1" -le "$2" ]; then
			row="$row $1 ms |"
		else
			ok=0
			row="$row **$1 ms** (> $2) |"
		fi
	done
	echo "$row" >>"$out"
done <"$work/ids"
cat "$out"
[ "$ok" = 1 ] && echo "every budget met" || echo "some budgets missed"
