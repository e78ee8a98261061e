#!/usr/bin/env bash
# bench/scale.sh BINDIR [SIZES...]: how mutu scales, beside plain git.
#
# For each size (default 1000 10000 100000) it builds two commons, bare and
# non-bare, by one bulk import of generated offers (then `git gc`, as a
# long-lived commons is packed), and reports the median of RUNS runs of:
#   add      mutu offer add (one record, one commit)
#   git-add  plain `git add` + `git commit` of one record file (non-bare)
#   list     mutu offer list (all open records, tsv to /dev/null)
#   tag      mutu offer list --tag rare (1 record in 100), warm cache
#   tag-cold the same right after deleting the derived catalog
#   grep     `git grep -l` for the same tag over the same tree
#   show     mutu offer show PREFIX
#   lib-add  the library's own cost of one add, timed in process
#   floor    git_libgit2_init alone: the start-up every command pays
# and the peak memory (max RSS) of `list --limit 10`, `list --tag rare` and
# `list` (all), to show memory follows what is printed, not the commons.
# Results: a Markdown table on stdout and in bench/out/results.md.
set -euo pipefail
bin=$(cd "$1" && pwd); shift
inproc="$bin/../bench/add-inproc"
[ -x "$inproc" ] || { echo "build $inproc first (make bench)" >&2; exit 2; }
sizes=("${@:-1000 10000 100000}")
sizes=(${sizes[*]})
RUNS=${RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/mutu-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PATH="$bin:$PATH" LC_ALL=C.UTF-8 MUTU_MEMBER=alice
export GIT_CONFIG_NOSYSTEM=1 HOME="$work"
git config --global user.name Alice; git config --global user.email alice@example.org
mkdir -p "$here/out"

now_ns() { date +%s%N; }
# median_ms CMD...: run RUNS times, print the median wall time in ms
median_ms() {
	local t=() i s e
	for ((i = 0; i < RUNS; i++)); do
		s=$(now_ns); "$@" >/dev/null 2>&1; e=$(now_ns)
		t+=($(( (e - s) / 1000 )))
	done
	printf '%s\n' "${t[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'
}
rss_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

n_git=0
git_add_commit() { # in a non-bare commons: the same one-record commit with plain git
	n_git=$((n_git + 1))
	local f="offers/zz/zzzzzzzz$(printf %04d $n_git).yaml"
	mkdir -p offers/zz
	printf 'id: x\ntitle: plain git %d\n' "$n_git" >"$f"
	git add "$f" && git commit -q -m "plain git add"
}
mutu_add() { mutu offer add --title "Bench record" --kind tool --tag bench; }

row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
{
	echo "Medians of $RUNS runs, ms; memory: max RSS in MB. $(nproc) cores, $(git --version | cut -d' ' -f3) git, libgit2 $(pkg-config --modversion libgit2 2>/dev/null)."
	echo
	echo "Process floor (git_libgit2_init alone, median of 7): $(for i in 1 2 3 4 5 6 7; do "$inproc" --init-only; done | sort -n | sed -n 4p) ms"
	echo
	row records layout add lib-add git-add list tag tag-cold grep show "rss limit10 MB" "rss tag MB" "rss all MB"
	row --- --- ---: ---: ---: ---: ---: ---: ---: ---: ---: ---:
} | tee "$here/out/results.md"

for n in "${sizes[@]}"; do
	for layout in non-bare bare; do
		c="$work/c-$n-$layout"
		if [ "$layout" = bare ]; then
			mutu init -q --bare "$c" --name bench --member alice --email alice@example.org
			export MUTU_DIR="$c"; gitdir="$c"
		else
			mutu init -q "$c" --name bench --member alice --email alice@example.org
			unset MUTU_DIR; gitdir="$c/.git"
		fi
		cd "$c"
		sh "$here/gen-records.sh" "$n" | mutu offer add --yaml - >/dev/null
		git --git-dir="$gitdir" gc -q
		id=$(mutu offer list --limit 1 --format ids)
		mutu offer list >/dev/null   # warm the derived catalog once
		add=$(median_ms mutu_add)
		gitadd=-
		[ "$layout" = non-bare ] && gitadd=$(median_ms git_add_commit)
		list=$(median_ms mutu offer list)
		tag=$(median_ms mutu offer list --tag rare)
		cold=$(median_ms sh -c "rm -rf '$gitdir/mutu/catalog'; mutu offer list --tag rare")
		grep=$(median_ms git --git-dir="$gitdir" grep -l -e '- rare' HEAD -- offers)
		show=$(median_ms mutu offer show "${id:0:6}")
		libadd=$("$inproc" "$c" "$RUNS")
		m10=$(rss_kb mutu offer list --limit 10)
		mtag=$(rss_kb mutu offer list --tag rare)
		mall=$(rss_kb mutu offer list)
		row "$n" "$layout" "$add" "$libadd" "$gitadd" "$list" "$tag" "$cold" "$grep" "$show" \
			$((m10 / 1024)) $((mtag / 1024)) $((mall / 1024)) | tee -a "$here/out/results.md"
		cd "$work"; rm -rf "$c"
	done
done
