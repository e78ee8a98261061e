#!/bin/sh
# bench/sync.sh [N [NEW [CONFLICTS]]]: the budgets of meeting through a
# remote, on a commons of N offers (default 100000):
#
#   1. NEW records (default 1000) arriving from the remote: mutu sync
#      against plain git pull on the same repositories (budget: 1.5x);
#   2. the first list after that sync (budget: 100 ms: the catalog
#      follows the tree diff), and the same list warm, for comparison;
#   3. a merge of CONFLICTS records (default 100) edited on both sides,
#      each a conflict record (budget: 1 s).
#
# Each timing is the median of three runs, each from a fresh copy of the
# same prepared repositories. Runs the installed mutu on PATH.
set -eu
N=${1:-100000}
NEW=${2:-1000}
CONFLICTS=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT INT TERM
export HOME="$w/home" GIT_CONFIG_NOSYSTEM=1 MUTU_NOW=2026-01-02T03:04:05Z LC_ALL=C.UTF-8
mkdir -p "$HOME"
git config --global user.name Alice
git config --global user.email alice@example.org
git config --global init.defaultBranch main

ms() { date +%s%N | cut -c1-13; }
median() { sort -n | sed -n 2p; }
say() { printf '%-58s %s\n' "$1" "$2"; }

echo "preparing: $N offers, $NEW new, $CONFLICTS in conflict ($w)" >&2
mutu init "$w/a" --name Bench --member alice --email alice@example.org -q
cd "$w/a"
sh "$here/gen-records.sh" "$N" | mutu offer add --yaml - -q >/dev/null
git init -q --bare "$w/remote.git"
git remote add origin "$w/remote.git"
mutu sync -q >/dev/null
git -C "$w/remote.git" gc -q
mutu clone -q "$w/remote.git" "$w/base"
git -C "$w/base" config mutu.member alice
(cd "$w/base" && mutu offer list --format ids >/dev/null)   # a warm catalog, as a member has
sh "$here/gen-records.sh" "$NEW" 7 | mutu offer add --yaml - -q >/dev/null
mutu sync -q >/dev/null

# --- 1 and 2: NEW records come in ---
: >"$w/git" && : >"$w/mutu" && : >"$w/list" && : >"$w/warm" && : >"$w/all"
for run in 1 2 3; do
	rm -rf "$w/g" "$w/m"
	cp -a "$w/base" "$w/g"
	cp -a "$w/base" "$w/m"
	t=$(ms); git -C "$w/g" pull -q --no-rebase origin main; echo $(($(ms) - t)) >>"$w/git"
	t=$(ms); (cd "$w/m" && mutu sync -q --no-push >/dev/null); echo $(($(ms) - t)) >>"$w/mutu"
	t=$(ms); (cd "$w/m" && mutu offer list --limit 10 >/dev/null); echo $(($(ms) - t)) >>"$w/list"
	t=$(ms); (cd "$w/m" && mutu offer list --limit 10 >/dev/null); echo $(($(ms) - t)) >>"$w/warm"
	t=$(ms); (cd "$w/m" && mutu offer list --format ids >/dev/null); echo $(($(ms) - t)) >>"$w/all"
	[ "$(git -C "$w/g" rev-parse 'HEAD^{tree}')" = "$(git -C "$w/m" rev-parse 'HEAD^{tree}')" ] ||
		{ echo "sync and pull disagree" >&2; exit 1; }
done
g=$(median <"$w/git")
m=$(median <"$w/mutu")
say "git pull, $NEW new records into $N (ms)" "$g"
say "mutu sync, the same (ms)" "$m"
say "ratio (budget 1.5)" "$(awk -v a="$m" -v b="$g" 'BEGIN { printf "%.2f", a / b }')"
say "first mutu offer list --limit 10 after it (ms, budget 100)" "$(median <"$w/list")"
say "the same list again, warm (ms)" "$(median <"$w/warm")"
say "then all $((N + NEW)) ids, warm (ms)" "$(median <"$w/all")"

# --- 3: CONFLICTS records edited on both sides ---
rm -rf "$w/x"
cp -a "$w/base" "$w/x"
(cd "$w/x" && mutu sync -q >/dev/null)
ids=$(cd "$w/x" && mutu offer list --format ids | head -n "$CONFLICTS")
cd "$w/x"
for id in $ids; do mutu offer edit "$id" --set "title=Here $id" -q; done
mutu sync -q --no-push >/dev/null   # nothing to merge yet: x is the remote's tip plus edits
cd "$w/a"
for id in $ids; do mutu offer edit "$id" --set "title=There $id" -q; done
mutu sync -q >/dev/null
: >"$w/merge"
for run in 1 2 3; do
	rm -rf "$w/y"
	cp -a "$w/x" "$w/y"
	t=$(ms); (cd "$w/y" && mutu sync -q --no-push >/dev/null); echo $(($(ms) - t)) >>"$w/merge"
	n=$(cd "$w/y" && mutu conflicts list --format ids | wc -l)
	[ "$n" -eq "$CONFLICTS" ] || { echo "expected $CONFLICTS conflicts, got $n" >&2; exit 1; }
done
say "mutu sync merging $CONFLICTS conflicting records (ms, budget 1000)" "$(median <"$w/merge")"
