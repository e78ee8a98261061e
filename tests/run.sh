#!/bin/sh
# Run every test suite against one build and print one summary line:
# "N passed, N failed". Exits non-zero on any failure.
#
#   unit    build/tests/test_*      cmocka, TAP output
#   schema  tests/schema/run.sh     lib/ and ajv agree on a corpus
#   compat  tests/compat/run.sh     canonical YAML read back by common readers
#   i18n    tests/i18n/run.sh       the French catalogue complete and current
#   cli     tests/cli/*.bats        bats, against the *installed* commands,
#                                   a shard per processor
#
# BUILD names the build directory (build, build-asan).
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

# Install into a scratch prefix: the CLI suite runs what users run.
make -s BUILD="$BUILD" install DESTDIR="$out/root" PREFIX=/usr >/dev/null || exit 2
export MUTU_BIN="$out/root/usr/bin"
export MUTU_MANDIR="$out/root/usr/share/man"
# the message catalogues of this install, not of an installed mutu
export MUTU_TEXTDOMAINDIR="$out/root/usr/share/locale"
export MUTU_BUILD="$top/$BUILD"
export LC_ALL=C.UTF-8

tap() { # name, command...: run, keep the TAP stream, echo it
	name=$1; shift
	"$@" >"$out/$name.tap" 2>"$out/$name.err"
	status=$?
	cat "$out/$name.tap"
	if [ $status -ne 0 ] && ! grep -q '^not ok' "$out/$name.tap"; then
		# a crash or a suite that could not start counts as a failure
		echo "not ok - $name exited $status"
		sed 's/^/# /' "$out/$name.err" | tail -n 20
		echo "not ok - $name exited $status" >>"$out/$name.tap"
	elif [ -s "$out/$name.err" ]; then
		sed 's/^/# /' "$out/$name.err" | tail -n 20
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	CMOCKA_MESSAGE_OUTPUT=TAP tap "unit-$(basename "$t")" "$t"
done
tap schema sh tests/schema/run.sh
tap compat sh tests/compat/run.sh
tap i18n sh tests/i18n/run.sh
# The CLI suite, the bulk of the time, in one shard per processor (at
# most 4): each test works in its own directory and servers take the port
# the kernel hands them, so shards share nothing. Files are dealt largest
# first, round the shards, so that they end together.
jobs=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -gt 4 ] && jobs=4
if [ "$jobs" -gt 1 ]; then
	i=0
	for f in $(ls -S tests/cli/*.bats); do
		echo "$f" >>"$out/shard.$((i % jobs))"
		i=$((i + 1))
	done
	k=0
	while [ $k -lt "$jobs" ]; do
		# shellcheck disable=SC2046
		[ -s "$out/shard.$k" ] &&
			tap "cli-$k" bats --tap $(cat "$out/shard.$k") >"$out/cli-$k.out" &
		k=$((k + 1))
	done
	wait
	k=0
	while [ $k -lt "$jobs" ]; do
		[ -f "$out/cli-$k.out" ] && cat "$out/cli-$k.out"
		k=$((k + 1))
	done
else
	tap cli bats --tap tests/cli
fi

passed=$(cat "$out"/*.tap | grep -c '^ok')
failed=$(cat "$out"/*.tap | grep -c '^not ok')
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
