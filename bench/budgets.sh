#!/usr/bin/env bash
# bench/budgets.sh BINDIR [N]: the read and write budgets of a commons of
# N offers (default 100000), bare and non-bare, beside plain git on the
# same repository. Prints a Markdown table (also bench/out/budgets.md):
# each row the budget, what was measured, and whether it is met.
#
#   list --tag T (warm)     <= 30 ms and <= 0.15 x `git grep` for the tag
#   list --limit 10 (warm)  <= 30 ms
#   show ID                 <= 10 ms and <= 5 x `git cat-file -p` of the blob
#   show --stdin, 1000 ids  <= `git grep` over the tree
#   first list, fresh clone <= 1 s (the catalog built from nothing)
#   add, bare commons       <= 12 ms, the whole process
#   add, non-bare           <= 0.5 x `git add` + `git commit` of one file
#   memory of a list        bounded by what it prints: peak heap of
#                           --limit 10 and --tag T, against all rows
#
# Times are medians of RUNS runs (default 15) of the whole process, taken
# with bash's EPOCHREALTIME (no fork for the clock). Never part of a test.
set -euo pipefail
bin=$(cd "$1" && pwd)
n=${2:-100000}
RUNS=${RUNS:-15}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/mutu-budgets.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PATH="$bin:$PATH" LC_ALL=C.UTF-8 MUTU_MEMBER=alice
export GIT_CONFIG_NOSYSTEM=1 HOME="$work"
git config --global user.name Alice
git config --global user.email alice@example.org
unset MUTU_DIR MUTU_NOW
mkdir -p "$here/out"

# median_ms CMD...: the median wall time of RUNS runs, in ms
median_ms() {
	local t=() i s e
	"$@" >/dev/null 2>&1 || true   # warm the page cache
	for ((i = 0; i < RUNS; i++)); do
		s=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || true
		e=$EPOCHREALTIME
		t+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", (e - s) * 1000 }')")
	done
	printf '%s\n' "${t[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'
}

# peak_heap_kb CMD...: the peak heap (malloc'd bytes) of one run, from
# valgrind's massif; file-backed mappings (the catalog, Git's packs) are
# not heap and not counted.
peak_heap_kb() {
	local out=$work/massif.out
	valgrind --tool=massif --massif-out-file="$out" "$@" >/dev/null 2>&1 || true
	awk -F= '/^mem_heap_B=/ { if ($2 > m) m = $2 } END { printf "%d", m / 1024 }' "$out"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
meets() { awk -v v="$1" -v max="$2" 'BEGIN { print (v <= max ? "yes" : "**no**") }'; }

git_add_commit() { # plain git: the same one-record commit
	local f="offers/zz/zz$EPOCHREALTIME.yaml"
	mkdir -p offers/zz
	printf 'id: x\ntitle: plain git\n' >"$f"
	git add "$f" && git commit -q -m "plain git add"
}

make_commons() { # make_commons DIR [--bare]
	mutu init -q "$@" --name bench --member alice --email alice@example.org
	sh "$here/gen-records.sh" "$n" | mutu -C "$1" offer add --yaml - >/dev/null
	git -C "$1" gc -q
}

row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

{
	echo "$n offers, $(nproc) cores, git $(git --version | cut -d' ' -f3), libgit2 $(pkg-config --modversion libgit2 2>/dev/null), medians of $RUNS runs."
	echo
	row layout work budget measured met
	row --- --- --- ---: ---
} | tee "$here/out/budgets.md"

for layout in non-bare bare; do
	c=$work/c-$layout
	if [ $layout = bare ]; then
		make_commons "$c" --bare
		export MUTU_DIR=$c
		gitdir=$c
	else
		make_commons "$c"
		unset MUTU_DIR
		gitdir=$c/.git
	fi
	cd "$c"
	mutu offer list --tag rare >/dev/null   # the catalog, warm
	id=$(mutu offer list --limit 1 --format ids)
	path=offers/${id:0:2}/$id.yaml
	mutu offer list --format ids --limit 1000 --sort title >"$work/ids"

	tag=$(median_ms mutu offer list --tag rare)
	grep_ms=$(median_ms git --git-dir="$gitdir" grep -l -e '- rare' HEAD -- offers)
	row $layout "list --tag rare (warm)" "<= 30 ms, <= 0.15 x git grep" \
		"$tag ms; git grep $grep_ms ms: $(ratio "$tag" "$grep_ms") x" \
		"$(meets "$tag" 30) / $(meets "$(ratio "$tag" "$grep_ms")" 0.15)" | tee -a "$here/out/budgets.md"

	lim=$(median_ms mutu offer list --limit 10)
	row $layout "list --limit 10 (warm)" "<= 30 ms" "$lim ms" "$(meets "$lim" 30)" |
		tee -a "$here/out/budgets.md"

	show=$(median_ms mutu offer show "${id:0:6}")
	cat=$(median_ms git --git-dir="$gitdir" cat-file -p "HEAD:$path")
	row $layout "show ID" "<= 10 ms, <= 5 x git cat-file -p" \
		"$show ms; cat-file $cat ms: $(ratio "$show" "$cat") x" \
		"$(meets "$show" 10) / $(meets "$(ratio "$show" "$cat")" 5)" | tee -a "$here/out/budgets.md"

	stdin=$(median_ms sh -c "mutu offer show --stdin --format json <'$work/ids'")
	row $layout "show --stdin, 1000 ids" "<= git grep ($grep_ms ms)" "$stdin ms" \
		"$(meets "$stdin" "$grep_ms")" | tee -a "$here/out/budgets.md"

	# a fresh clone has no catalog: the first list builds it
	first=()
	for i in 1 2 3; do
		rm -rf "$work/clone"
		git clone -q --no-local --bare "$gitdir" "$work/clone"
		s=$EPOCHREALTIME
		MUTU_DIR=$work/clone mutu offer list --tag rare >/dev/null
		e=$EPOCHREALTIME
		first+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.0f", (e - s) * 1000 }')")
	done
	first_ms=$(printf '%s\n' "${first[@]}" | sort -n | sed -n 2p)
	row $layout "first list after a fresh clone" "<= 1000 ms" "$first_ms ms" \
		"$(meets "$first_ms" 1000)" | tee -a "$here/out/budgets.md"

	add=$(median_ms mutu offer add --title "Bench record" --kind tool --tag bench)
	if [ $layout = bare ]; then
		row bare "add one record, whole process" "<= 12 ms" "$add ms" "$(meets "$add" 12)" |
			tee -a "$here/out/budgets.md"
	else
		gitadd=$(median_ms git_add_commit)
		git rm -rq offers/zz && git commit -qm "remove plain git's records"
		row non-bare "add one record" "<= 0.5 x git add + commit" \
			"$add ms; git $gitadd ms: $(ratio "$add" "$gitadd") x" \
			"$(meets "$(ratio "$add" "$gitadd")" 0.5)" | tee -a "$here/out/budgets.md"
	fi

	if command -v valgrind >/dev/null 2>&1; then
		mutu offer list >/dev/null
		h10=$(peak_heap_kb "$bin/mutu-offer" list --limit 10)
		htag=$(peak_heap_kb "$bin/mutu-offer" list --tag rare)
		hall=$(peak_heap_kb "$bin/mutu-offer" list)
		row $layout "peak heap of a list" "bounded by what it prints" \
			"--limit 10: $h10 KB; --tag (1%): $htag KB; all $n: $hall KB" \
			"$(awk -v a="$h10" -v b="$hall" 'BEGIN { print (a * 20 < b ? "yes" : "**no**") }')" |
			tee -a "$here/out/budgets.md"
	fi
	cd "$work"
	rm -rf "$c"
done
