#!/bin/sh
# tests/schema/run.sh — lib/schema.c and ajv must agree on a corpus.
#
# For every record tests/data/schema/<type>/{valid,invalid}/*.yaml, one TAP
# line asserting that lib/ (through build/tests/schema-check, under both
# the C and the C.UTF-8 locale, since the commands compile the POSIX
# patterns under the user's locale) gives the verdict the directory names,
# AND that ajv (JSON Schema 2020-12, strict) gives the same verdict on the
# JSON lib/ read. Plus, per schema: ajv compiles it in strict mode, and
# the corpus has a valid and an invalid record for every keyword in every
# place the schema uses it.
#
# Never skips: no node, npm or ajv is a failure. Run from the repo top;
# MUTU_BUILD names the build directory (default ./build).
set -u

top=$(pwd)
build=${MUTU_BUILD:-$top/build}
here=$top/tests/schema
corpus=$top/tests/data/schema
helper=$build/tests/schema-check
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
diag() { sed 's/^/#   /'; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "not ok 1 - node and npm are required"
	echo "1..1"
	exit 1
fi

if [ ! -d "$here/node_modules/ajv" ]; then
	if ! (cd "$here" && npm ci --silent --no-audit --no-fund) >/dev/null 2>"${TMPDIR:-/tmp}/mutu-npm.$$"; then
		echo "not ok 1 - npm ci in tests/schema (installs ajv)"
		diag <"${TMPDIR:-/tmp}/mutu-npm.$$"
		rm -f "${TMPDIR:-/tmp}/mutu-npm.$$"
		echo "1..1"
		exit 1
	fi
	rm -f "${TMPDIR:-/tmp}/mutu-npm.$$"
fi

if [ ! -x "$helper" ]; then
	echo "not ok 1 - $helper is built (make BUILD=... test-bins)"
	echo "1..1"
	exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ajv() { node "$here/ajv-check.mjs" "$@"; }

for schema in "$top"/schema/*.json; do
	type=$(basename "$schema" .json)
	if ajv --compile "$type" >/dev/null 2>"$tmp/err"; then
		ok "ajv compiles schema/$type.json in strict mode"
	else
		not_ok "ajv compiles schema/$type.json in strict mode"
		diag <"$tmp/err"
	fi
done

for schema in "$top"/schema/*.json; do
	type=$(basename "$schema" .json)
	: >"$tmp/$type.valid"
	: >"$tmp/$type.invalid"
	rm -f "$tmp"/rec.*
	# lib/ on each record, under both locales (the JSON must not depend on it)
	i=0
	for verdict in valid invalid; do
		found=0
		for f in "$corpus/$type/$verdict"/*.yaml; do
			[ -f "$f" ] || continue
			found=1
			i=$((i + 1))
			r=$tmp/rec.$i
			echo "$verdict ${f#"$top"/}" >"$r.what"
			LC_ALL=C "$helper" "$type" "$f" >"$r.json.c" 2>"$r.lib.c"
			echo $? >"$r.status.c"
			LC_ALL=C.UTF-8 "$helper" "$type" "$f" >"$r.json" 2>"$r.lib"
			echo $? >"$r.status"
		done
		[ "$found" -eq 1 ] || not_ok "tests/data/schema/$type/$verdict has records"
	done
	# ajv on the JSON lib/ read, in one node process per type
	j=0
	set --
	while [ "$j" -lt "$i" ]; do j=$((j + 1)); set -- "$@" "$tmp/rec.$j.json"; done
	if [ "$i" -gt 0 ]; then
		ajv --files "$type" "$@" >"$tmp/ajv.status" 2>"$tmp/ajv.err"
	else
		: >"$tmp/ajv.status"
	fi
	j=0
	while [ "$j" -lt "$i" ]; do
		j=$((j + 1))
		r=$tmp/rec.$j
		read -r verdict rel <"$r.what"
		if [ "$verdict" = valid ]; then want=0; else want=1; fi
		lib_c=$(cat "$r.status.c")
		lib=$(cat "$r.status")
		a=$(sed -n "${j}p" "$tmp/ajv.status")
		why=""
		[ "$lib_c" = "$lib" ] || why="$why; lib/ says $lib_c under C but $lib under C.UTF-8"
		[ "$lib" = "$want" ] || why="$why; lib/ exits $lib, expected $want ($verdict)"
		cmp -s "$r.json" "$r.json.c" || why="$why; lib/'s JSON differs between locales"
		if [ "$lib" = 0 ] || [ "$lib" = 1 ]; then
			[ "$a" = "$want" ] || why="$why; ajv exits ${a:-nothing}, expected $want ($verdict)"
			cat "$r.json" >>"$tmp/$type.$verdict"
		else
			echo "(lib/ did not read the record: ajv's verdict is moot)" >"$r.json.ajv"
		fi
		if [ -z "$why" ]; then
			ok "$rel: lib/ and ajv both say $verdict"
		else
			not_ok "$rel: lib/ and ajv both say $verdict"
			echo "#  ${why#; }"
			echo "#  lib/ (C.UTF-8):"
			diag <"$r.lib"
			[ "$lib_c" = "$lib" ] || { echo "#  lib/ (C):"; diag <"$r.lib.c"; }
			echo "#  ajv:"
			if [ -f "$r.json.ajv" ]; then diag <"$r.json.ajv"; else diag <"$tmp/ajv.err"; fi
			echo "#  JSON:"
			cut -c1-300 "$r.json" | diag
		fi
	done
	if ajv --coverage "$type" "$tmp/$type.valid" "$tmp/$type.invalid" >"$tmp/cov" 2>&1; then
		ok "schema/$type.json: every keyword, in every place, has a valid and an invalid record"
		diag <"$tmp/cov"
	else
		not_ok "schema/$type.json: every keyword, in every place, has a valid and an invalid record"
		diag <"$tmp/cov"
	fi
done

finish
