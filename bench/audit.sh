#!/bin/sh
# bench/audit.sh [N [SIGNED]]: the budgets of the audit (mutu-audit(1)),
# on a history of N generated commits (default 100000):
#
#   1. mutu audit of the whole history, once per FULL_RUNS (default 1):
#      budget 60 s on 2 cores; its peak memory (max RSS) beside it;
#   2. mutu audit again after one new commit, the rest remembered in
#      .git/mutu/audit: budget 100 ms;
#   3. git push of 10 commits made by mutu offer add into a bare copy
#      of the history whose pre-receive hook is mutu audit --pre-receive:
#      budget 1 s; the same push into a copy with no hook beside it, so
#      what the guard adds shows;
#   4. what a signature costs the audit: SIGNED commits (default 5000)
#      made by mutu offer add and signed with an ed25519 key, against as
#      many unsigned; the difference per signed commit, to extrapolate
#      the first figure to a history where every commit is signed.
#
# The N-commit history comes from bench/audit-history.sh and the SIGNED
# ones from mutu itself (~10 ms a commit); all are kept under $CACHE
# (default /var/tmp/mutu-audit-bench), named after N and the generator's
# checksum, and made again only when missing: rm -rf it after a change of
# mutu's record format. Every timed run works on a fresh copy.
#
# Timings 2 to 4 are the median of RUNS runs (default 3). Runs the mutu
# installed in MUTU_BIN (default: the build directory, build/bin).
set -eu
N=${1:-100000}
SIGNED=${2:-5000}
RUNS=${RUNS:-3}
FULL_RUNS=${FULL_RUNS:-1}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${MUTU_BIN:-$here/../build/bin}" && pwd)
CACHE=${CACHE:-/var/tmp/mutu-audit-bench}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT INT TERM
export PATH="$bin:$PATH" HOME="$w/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 NO_COLOR=1
# the generated history is of 2025; what mutu adds comes after it
export MUTU_NOW=2026-01-02T03:04:05Z
unset MUTU_MEMBER MUTU_DIR GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME" "$CACHE"
git config --global user.name Alice
git config --global user.email alice@example.org
git config --global init.defaultBranch main

ms() { date +%s%N | cut -c1-13; }
us() { date +%s%N | sed 's/...$//'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
say() { printf '%-62s %s\n' "$1" "$2"; }

# audit_clean DIR: a full audit of DIR must find nothing; a violation
# means the generated history is wrong, or the audit is: show it.
audit_clean() {
	if ! (cd "$1" && mutu audit --format tsv >"$w/violations" 2>"$w/audit.err") ||
	   [ -s "$w/violations" ]; then
		echo "audit.sh: mutu audit of $1 did not come out clean:" >&2
		head -n 20 "$w/violations" "$w/audit.err" >&2
		return 1
	fi
}

# --- the N-commit history, generated once ---
sum=$(cksum <"$here/audit-history.sh" | cut -d' ' -f1)
hist="$CACHE/history-$N-$sum"
if [ ! -d "$hist" ]; then
	echo "generating $N commits into $hist" >&2
	rm -rf "$hist.new"
	t=$(ms)
	sh "$here/audit-history.sh" "$hist.new" "$N"
	say "generating the $N-commit history (ms)" "$(($(ms) - t))"
	mv "$hist.new" "$hist"
fi
cp -a "$hist" "$w/c"

# --- 1: the whole history ---
: >"$w/full"
i=0
while [ $i -lt "$FULL_RUNS" ]; do
	rm -f "$w/c/.git/mutu/audit"
	# wall time in seconds, peak RSS in KiB, exit status: the last line
	# (time puts one before it when the status is not 0)
	(cd "$w/c" && /usr/bin/time -f '%e %M %x' -o "$w/time" mutu audit --format tsv \
		>"$w/violations" 2>"$w/audit.err") || true
	tail -n 1 "$w/time" >"$w/last"
	if [ -s "$w/violations" ] || [ "$(cut -d' ' -f3 "$w/last")" != 0 ]; then
		echo "audit.sh: the generated history did not audit clean:" >&2
		head -n 20 "$w/time" "$w/violations" "$w/audit.err" >&2
		exit 1
	fi
	cat "$w/last" >>"$w/full"
	i=$((i + 1))
done
commits=$(git -C "$w/c" rev-list --count HEAD)
say "mutu audit, $commits commits (s, budget 60; nproc $(nproc))" \
	"$(cut -d' ' -f1 "$w/full" | median)"
say "its peak RSS (MiB)" "$(($(cut -d' ' -f2 "$w/full" | sort -n | tail -n 1) / 1024))"

# --- 2: one commit more ---
: >"$w/again"
cd "$w/c"
i=0
while [ $i -lt "$RUNS" ]; do
	mutu offer add --title "one more $i" -q >/dev/null
	t=$(ms); mutu audit -q; echo $(($(ms) - t)) >>"$w/again"
	i=$((i + 1))
done
t=$(ms); mutu audit -q; nothing=$(($(ms) - t))
say "mutu audit after one new commit (ms, budget 100)" "$(median <"$w/again")"
say "mutu audit with nothing new (ms)" "$nothing"

# --- 3: the guard of a shared remote ---
git clone -q --bare "$hist" "$w/guarded.git"
git clone -q --bare "$hist" "$w/plain.git"
old=$(git -C "$w/guarded.git" rev-parse main)
printf '#!/bin/sh\nexec %s audit --pre-receive\n' "$bin/mutu" >"$w/guarded.git/hooks/pre-receive"
chmod +x "$w/guarded.git/hooks/pre-receive"
mutu clone -q "$w/plain.git" "$w/x"
cd "$w/x"
git config mutu.member alice
i=0
while [ $i -lt 10 ]; do
	mutu offer add --title "pushed $i" -q >/dev/null
	i=$((i + 1))
done
: >"$w/guarded" && : >"$w/plain"
i=0
while [ $i -lt "$RUNS" ]; do
	# the remotes back where they were: each push sends the same 10 commits
	git -C "$w/guarded.git" update-ref refs/heads/main "$old"
	git -C "$w/plain.git" update-ref refs/heads/main "$old"
	t=$(ms); git push -q "$w/guarded.git" main; echo $(($(ms) - t)) >>"$w/guarded"
	t=$(ms); git push -q "$w/plain.git" main; echo $(($(ms) - t)) >>"$w/plain"
	i=$((i + 1))
done
# the guard did audit: a commit by no member is refused
git -c user.email=nobody@example.org commit -q --allow-empty -m forged
if git push -q "$w/guarded.git" main 2>/dev/null; then
	echo "audit.sh: the guard let a forged commit through" >&2
	exit 1
fi
g=$(median <"$w/guarded")
p=$(median <"$w/plain")
say "git push of 10 commits, pre-receive guard (ms, budget 1000)" "$g"
say "the same push, no hook (ms)" "$p"
say "what the guard adds (ms)" "$((g - p))"

# --- 4: what a signature costs the audit ---
# made_by_mutu DIR SIGN: SIGNED offer adds by alice, signed or not
made_by_mutu() {
	rm -rf "$1.new"
	mutu init "$1.new" --name Bench --member alice --email alice@example.org \
		--fullname "Alice Martin" -q
	(
		cd "$1.new"
		if [ "$2" = signed ]; then
			rm -f "$1.key" "$1.key.pub"
			ssh-keygen -q -t ed25519 -N '' -C alice -f "$1.key" </dev/null
			mutu member edit alice --key "$1.key.pub" -q
			git config gpg.format ssh
			git config user.signingkey "$1.key"
		fi
		i=0
		while [ $i -lt "$SIGNED" ]; do
			mutu offer add --title "offer $i" -q >/dev/null
			i=$((i + 1))
		done
		[ "$2" = unsigned ] || git verify-commit HEAD 2>/dev/null ||
			{ echo "audit.sh: the last commit does not verify" >&2; exit 1; }
	)
	mv "$1.new" "$1"
}
for mode in unsigned signed; do
	d="$CACHE/$mode-$SIGNED"
	if [ ! -d "$d" ]; then
		echo "making $SIGNED $mode commits with mutu into $d" >&2
		t=$(ms)
		made_by_mutu "$d" $mode
		say "making $SIGNED $mode commits with mutu offer add (ms)" "$(($(ms) - t))"
	fi
	rm -rf "$w/$mode"
	cp -a "$d" "$w/$mode"
	audit_clean "$w/$mode"
	: >"$w/t-$mode"
	: >"$w/cpu-$mode"
	i=0
	while [ $i -lt "$RUNS" ]; do
		rm -f "$w/$mode/.git/mutu/audit"
		# the processor time too: the difference is small beside the
		# whole, and other work on the machine moves the wall time more
		t=$(us)
		(cd "$w/$mode" && /usr/bin/time -f '%U %S' -o "$w/time" mutu audit -q)
		echo $(($(us) - t)) >>"$w/t-$mode"
		awk '{ printf "%d\n", ($1 + $2) * 1000000 }' "$w/time" >>"$w/cpu-$mode"
		i=$((i + 1))
	done
done
u=$(median <"$w/t-unsigned")
s=$(median <"$w/t-signed")
cu=$(median <"$w/cpu-unsigned")
cs=$(median <"$w/cpu-signed")
say "mutu audit, $SIGNED unsigned commits (ms; processor ms)" "$((u / 1000)); $((cu / 1000))"
say "mutu audit, $SIGNED signed commits (ms; processor ms)" "$((s / 1000)); $((cs / 1000))"
say "audit cost of one signature (us per signed commit; processor)" "$(((s - u) / SIGNED)); $(((cs - cu) / SIGNED))"
