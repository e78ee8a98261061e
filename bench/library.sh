#!/usr/bin/env bash
# bench/library.sh [BINDIR]: the tool library's budgets, on a commons of
# OFFERS offers (default 100000) and NEEDS open needs (default 10000) made
# by bench/gen-library.sh: 10000 loans across 5000 offers, 2000 of them
# out and 250 overdue, 400 holds, 5000 bookings (200 on one busy space),
# 500 events. Prints a Markdown table (also bench/out/library.md):
#
#   lend ID --to HANDLE          <= 30 ms   each run a different offer
#   book ID --from T --to T      <= 30 ms   on the busy space
#   loans --overdue (warm)       <= 50 ms   as a table (the line of holds
#                                           after it); tsv beside it
#   bookings ID (warm)           <= 50 ms   the busy space: 200 bookings
#   calendar (warm)              <= 200 ms  500 events, 500 bookings and
#                                           the 2000 loans out (the
#                                           generator's first commit)
#   first loans, first calendar  (shown)    no catalog: built from nothing
#   calendar of it all (warm)    (shown)    500 events, 5000 bookings, ...
#
# Writes and reads are measured in a non-bare and a bare copy of the
# commons. A write is timed once per offer or slot, RUNS of them (default
# 21, at most 39) after one not timed (it leaves the catalogs and git's
# allowed signers as any earlier command would); a warm read is timed RUNS
# times after one not timed; a first run COLD_RUNS times (default 5), the
# derived catalog deleted before each. Each figure is the median wall time
# of the whole process (bash's EPOCHREALTIME). MUTU_NOW is the generator's
# "now", so due dates and bookings stand where it put them.
#
# The commons is kept under $CACHE (default /var/tmp/mutu-library-bench),
# named after OFFERS, NEEDS and the generator's checksum, and made again
# only when missing; every run works on fresh copies. Runs the commands in
# BINDIR (default MUTU_BIN, else build/bin).
#
# Exits 1 if the commons does not behave (a lend or a booking refused, a
# warning, a count that is not what the generator made), never because a
# budget is missed. Never part of a test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-${MUTU_BIN:-$here/../build/bin}}" && pwd)
OFFERS=${OFFERS:-100000}
NEEDS=${NEEDS:-10000}
RUNS=${RUNS:-21}
COLD_RUNS=${COLD_RUNS:-5}
CACHE=${CACHE:-/var/tmp/mutu-library-bench}
if [ "$RUNS" -lt 1 ] || [ "$RUNS" -gt 39 ]; then
	echo "library.sh: RUNS goes from 1 to 39 (the generator plans 40 lends)" >&2
	exit 2
fi
w=$(mktemp -d /tmp/mutu-library.XXXXXX)
trap 'rm -rf "$w"' EXIT
export PATH="$bin:$PATH" HOME="$w/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 NO_COLOR=1
unset MUTU_MEMBER MUTU_DIR MUTU_NOW GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME" "$CACHE" "$here/out"
git config --global user.name Alice
git config --global user.email alice@example.org
git config --global init.defaultBranch main

fail() {
	echo "library.sh: $*" >&2
	[ ! -s "$w/err" ] || head -n 5 "$w/err" >&2
	exit 1
}

# once CMD...: run CMD, its output in $w/out; its wall time (us) in took.
# A failure, or anything on stderr (a warning: a record that fails its
# schema), means the commons does not behave.
once() {
	local s e
	s=${EPOCHREALTIME/./}
	"$@" >"$w/out" 2>"$w/err" || fail "'$*' failed (exit $?)"
	e=${EPOCHREALTIME/./}
	took=$((e - s))
	[ ! -s "$w/err" ] || fail "'$*' warned"
}

# median_ms US...: the median, in ms
median_ms() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'
}

# warm CMD...: the median of RUNS runs after one not timed, in result
warm() {
	local t=() i
	once "$@"
	for ((i = 0; i < RUNS; i++)); do
		once "$@"
		t+=("$took")
	done
	result=$(median_ms "${t[@]}")
}

# cold CMD...: the median of COLD_RUNS runs, each with no derived catalog
cold() {
	local t=() i
	for ((i = 0; i < COLD_RUNS; i++)); do
		rm -rf "$gitdir/mutu/catalog"
		once "$@"
		t+=("$took")
	done
	result=$(median_ms "${t[@]}")
}

lines() { wc -l <"$w/out" | tr -d ' '; }
expect() { [ "$2" = "$3" ] || fail "$1: $2, where the generator made $3"; }
is_id() { [[ $(cat "$w/out") =~ ^[0-9abcdefghjkmnpqrstvwxyz]{12}$ ]] || fail "$1 printed '$(head -c 80 "$w/out")', not an id"; }
rfc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
meets() { awk -v v="$1" -v max="$2" 'BEGIN { print (v <= max ? "yes" : "**no**") }'; }
row() { printf '| %s | %s | %s | %s | %s |\n' "$@" | tee -a "$here/out/library.md"; }

# --- the commons, generated once ---
sum=$(cksum <"$here/gen-library.sh" | cut -d' ' -f1)
c0=$CACHE/commons-$OFFERS-$NEEDS-$sum
plan=$c0.plan
if [ ! -d "$c0" ] || [ ! -s "$plan" ]; then
	echo "generating $OFFERS offers and $NEEDS needs into $c0" >&2
	rm -rf "$c0" "$plan" "$c0.new" "$c0.new.plan"
	s=$SECONDS
	sh "$here/gen-library.sh" "$c0.new" "$c0.new.plan" "$OFFERS" "$NEEDS"
	echo "generated in $((SECONDS - s)) s" >&2
	mv "$c0.new.plan" "$plan"
	mv "$c0.new" "$c0"
fi
count() { awk -v k="$1" '$1 == "counts" { for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1) }' "$plan"; }
MUTU_NOW=$(awk '$1 == "now" { print $2 }' "$plan")
export MUTU_NOW
base=$(awk '$1 == "base" { print $2 }' "$plan")
read -r _ space busy next step < <(grep '^space ' "$plan")
mapfile -t lends < <(awk '$1 == "lend" { print $2, $3, $4 }' "$plan")
events=$(count events)
out=$(count out)
overdue=$(count overdue)
bookings=$(count bookings)
first=$(count first)

load() { cut -d' ' -f1-3 /proc/loadavg; }
{
	echo "$OFFERS offers, $NEEDS needs, $(count loans) loans across $(count lent) offers ($out out, $overdue overdue), $bookings bookings, $events events; MUTU_NOW=$MUTU_NOW."
	echo "$(nproc) cores, load average $(load) at the start, git $(git --version | cut -d' ' -f3), libgit2 $(pkg-config --modversion libgit2 2>/dev/null || echo '?')."
	echo "Medians of $RUNS runs of the whole process (writes: $RUNS different offers or slots); first runs: $COLD_RUNS, no catalog."
	echo
	echo "| layout | work | budget | measured | met |"
	echo "| --- | --- | --- | ---: | --- |"
} | tee "$here/out/library.md"

for layout in non-bare bare; do
	cd "$w"
	if [ $layout = non-bare ]; then
		cp -a "$c0" "$w/c"
		cd "$w/c"
		unset MUTU_DIR
		gitdir=$w/c/.git
	else
		cp -a "$c0/.git" "$w/c.git"
		git --git-dir="$w/c.git" config core.bare true
		rm -f "$w/c.git/index"
		export MUTU_DIR=$w/c.git
		gitdir=$w/c.git
	fi

	# lend: each run an offer back home, to a member who may borrow
	t=()
	for ((i = 0; i <= RUNS; i++)); do
		read -r offer author borrower <<<"${lends[$i]}"
		export MUTU_MEMBER=$author
		once mutu offer lend "$offer" --to "$borrower" -q
		is_id "lend of $offer"
		((i == 0)) || t+=("$took")
	done
	lend=$(median_ms "${t[@]}")
	row $layout "lend ID --to HANDLE" "<= 30 ms" "$lend ms" "$(meets "$lend" 30)"

	# book: each run the next free slot of the busy space, by another member
	t=()
	for ((i = 0; i <= RUNS; i++)); do
		from=$(rfc $((next + i * step)))
		to=$(rfc $((next + i * step + 7200)))
		MUTU_MEMBER=$(printf 'm%04d' $((101 + i)))
		export MUTU_MEMBER
		once mutu offer book "$space" --from "$from" --to "$to" -q
		is_id "booking of $space"
		((i == 0)) || t+=("$took")
	done
	book=$(median_ms "${t[@]}")
	row $layout "book ID --from --to, a space with $busy bookings" "<= 30 ms" "$book ms" "$(meets "$book" 30)"
	unset MUTU_MEMBER

	cold mutu offer loans --overdue --format table
	row $layout "loans --overdue, first run (no catalog)" "(shown)" "$result ms" -
	once mutu offer loans --overdue --format tsv
	expect "loans --overdue" "$(lines)" "$overdue"
	once mutu offer loans --format tsv
	expect "loans out" "$(lines)" $((out + RUNS + 1))
	warm mutu offer loans --overdue --format table
	table=$result
	warm mutu offer loans --overdue --format tsv
	row $layout "loans --overdue (warm): $overdue of $((out + RUNS + 1)) out" "<= 50 ms" \
		"table $table ms; tsv $result ms" "$(meets "$table" 50) / $(meets "$result" 50)"

	warm mutu offer bookings "$space" --format table
	row $layout "bookings ID, $((busy + RUNS + 1)) bookings (warm)" "<= 50 ms" "$result ms" "$(meets "$result" 50)"
	once mutu offer bookings "$space" --format tsv
	expect "bookings of the busy space" "$(lines)" $((busy + RUNS + 1))

	cold mutu calendar
	row $layout "calendar of it all, first run (no catalog)" "(shown)" "$result ms" -
	warm mutu calendar
	n=$(grep -c '^BEGIN:VEVENT' "$w/out")
	expect "calendar entries" "$n" $((events + bookings + RUNS + 1 + out + RUNS + 1))
	row $layout "calendar of it all (warm): $n entries" "(shown)" "$result ms" -

	cd "$w"
	rm -rf "$w/c" "$w/c.git"
done

# the calendar of the budget: the generator's first commit
cp -a "$c0/.git" "$w/cal.git"
git --git-dir="$w/cal.git" config core.bare true
git --git-dir="$w/cal.git" update-ref refs/heads/main "$base"
rm -f "$w/cal.git/index"
export MUTU_DIR=$w/cal.git
gitdir=$w/cal.git
cold mutu calendar
row bare "calendar, first run (no catalog)" "(shown)" "$result ms" -
warm mutu calendar
expect "calendar entries of the first commit" "$(grep -c '^BEGIN:VEVENT' "$w/out")" $((events + first + out))
row bare "calendar (warm): $events events, $first bookings, $out loans out" "<= 200 ms" "$result ms" \
	"$(meets "$result" 200)"
echo
echo "Load average at the end: $(load)." | tee -a "$here/out/library.md"
