#!/bin/sh
# bench/sign.sh [N]: what signing adds to a write (budget: 15 ms). N adds
# unsigned, then N signed with an ed25519 key file (gpg.format=ssh), in a
# commons of N offers; the medians. Runs the installed mutu on PATH.
set -eu
N=${1:-30}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT INT TERM
export HOME="$w/home" GIT_CONFIG_NOSYSTEM=1 MUTU_NOW=2026-01-02T03:04:05Z LC_ALL=C.UTF-8
mkdir -p "$HOME"
ms() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ssh-keygen -q -t ed25519 -N '' -f "$w/key" </dev/null
mutu init "$w/c" --name Bench --member alice --email alice@example.org -q
cd "$w/c"
mutu member edit alice --key "$w/key.pub" -q
for mode in unsigned signed; do
	if [ $mode = signed ]; then
		git config gpg.format ssh
		git config user.signingkey "$w/key"
	fi
	: >"$w/$mode"
	i=0
	while [ $i -lt "$N" ]; do
		t=$(ms); mutu offer add --title "offer $mode $i" -q >/dev/null; echo $(( ($(ms) - t) / 1000 )) >>"$w/$mode"
		i=$((i + 1))
	done
done
git verify-commit HEAD 2>/dev/null || { echo "the last commit does not verify" >&2; exit 1; }
u=$(median <"$w/unsigned")
s=$(median <"$w/signed")
printf 'offer add, unsigned (median of %s, us)   %s\n' "$N" "$u"
printf 'offer add, signed (median of %s, us)     %s\n' "$N" "$s"
printf 'signing adds (us, budget 15000)          %s\n' "$((s - u))"
