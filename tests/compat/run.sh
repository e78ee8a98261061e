#!/bin/sh
# tests/compat/run.sh — mutu's canonical YAML reads back as the same string
# in every common YAML reader.
#
# yaml-emit (tests/compat/yaml-emit.c, built as $MUTU_BUILD/tests/yaml-emit)
# writes every string of tests/compat/strings.txt through mutu_yaml_emit as
# a value, a list item and a key (top-level and nested); then each reader
# reads it back, every document on its own and the whole stream at once:
#
#   mutu       mutu_yaml_parse and mutu_yaml_reader (yaml-emit --check),
#              which also checks that emitting what was read gives the
#              same bytes, and that plain-* sections come out unquoted
#   check.py   PyYAML (libyaml and pure Python) and ruamel.yaml (C and
#              pure Python 'safe', round-trip), as YAML 1.1 and 1.2
#   check.mjs  js-yaml 4 and 5 and yaml (eemeli/yaml) in their schemas and
#              versions (npm ci into tests/compat/node_modules, first use)
#
# One TAP line per reader per corpus section, plus one per reader for the
# whole stream. Never skips: a missing reader, interpreter or module is a
# failure. Run from the repo top; MUTU_BUILD names the build directory
# (default ./build); PYTHON names the interpreter (default: the first of
# python3 and /usr/bin/python3 that has both PyYAML and ruamel.yaml, as
# tools/deps.sh installs them from Debian).
set -u

top=$(pwd)
build=${MUTU_BUILD:-$top/build}
here=$top/tests/compat
helper=$build/tests/yaml-emit
n=0
failed=0

# printf, not echo: dash's echo would turn a diagnostic's "\n" into a newline
ok() { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); printf 'not ok %d - %s\n' "$n" "$1"; }
diag() { sed 's/^/#   /'; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

if [ ! -x "$helper" ]; then
	not_ok "$helper is built (make BUILD=... test-bins)"
	finish
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The corpus, emitted once for every reader.
if "$helper" --expect "$tmp/expect" "$here/strings.txt" >"$tmp/stream" 2>"$tmp/err"; then
	strings=$(wc -l <"$tmp/expect")
	sections=$(cut -f1 "$tmp/expect" | uniq | wc -l)
	dups=$(cut -f1 "$tmp/expect" | uniq | sort | uniq -d)
	if [ -z "$dups" ]; then
		ok "yaml-emit writes tests/compat/strings.txt: $strings strings in $sections sections"
	else
		not_ok "yaml-emit writes tests/compat/strings.txt: each section is in one piece"
		printf '%s\n' "$dups" | diag
	fi
else
	not_ok "yaml-emit writes tests/compat/strings.txt"
	diag <"$tmp/err"
	finish
fi

# Number one checker's result lines as TAP. It must name as many readers
# as it has (so that none drops out unseen), report every section (and the
# whole stream) once for each, and exit 0 only when all of them passed.
report() { # name status output stderr readers
	name=$1 status=$2 out=$3 err=$4 want=$5
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <"$out"
	[ -s "$err" ] && diag <"$err"
	bad=$(grep -E '^(not )?ok - ' "$out" | sed -E 's/^(not )?ok - //; s/: .*//' | sort | uniq -c |
		awk -v want=$((sections + 1)) '$1 != want { $1 = ""; print substr($0, 2) }')
	readers=$(grep -E '^(not )?ok - ' "$out" | sed -E 's/^(not )?ok - //; s/: .*//' | sort -u | wc -l)
	if [ "$readers" -eq 0 ]; then
		not_ok "$name ran its readers (exit $status, no result)"
	elif [ "$readers" -ne "$want" ]; then
		not_ok "$name reported $want readers (it named $readers)"
	elif [ -n "$bad" ]; then
		not_ok "$name reported every section for each reader"
		printf '%s\n' "$bad" | diag
	elif [ "$status" -ne 0 ] && ! grep -q '^not ok - ' "$out"; then
		not_ok "$name exited $status with every reader passing"
	fi
}

# mutu's own reader
"$helper" --check "$here/strings.txt" >"$tmp/mutu.out" 2>"$tmp/mutu.err"
report "yaml-emit --check" $? "$tmp/mutu.out" "$tmp/mutu.err" 1

# Python: the interpreter that has both modules (Debian's, on a system
# whose python3 is another one), else the first python3, whose check.py
# then fails the readers it cannot import
python=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	command -v "$p" >/dev/null 2>&1 || continue
	[ -n "$python" ] || python=$p
	if "$p" -c 'import yaml, ruamel.yaml' 2>/dev/null; then
		python=$p
		break
	fi
done
if [ -z "$python" ]; then
	not_ok "python3 is installed (PyYAML and ruamel.yaml readers)"
else
	"$python" -c 'import sys; print("# " + sys.executable + " " + sys.version.split()[0])
try:
    import yaml; print("# PyYAML %s, libyaml %s" % (yaml.__version__, yaml.__with_libyaml__))
except Exception as e: print("# PyYAML: %s" % e)
try:
    import ruamel.yaml; print("# ruamel.yaml %s" % ruamel.yaml.__version__)
except Exception as e: print("# ruamel.yaml: %s" % e)' 2>&1
	"$python" "$here/check.py" "$tmp/stream" "$tmp/expect" >"$tmp/py.out" 2>"$tmp/py.err"
	report "check.py" $? "$tmp/py.out" "$tmp/py.err" 8
fi

# JavaScript
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	not_ok "node and npm are installed (js-yaml and yaml readers)"
	finish
fi
if [ ! -d "$here/node_modules/js-yaml" ] || [ ! -d "$here/node_modules/js-yaml-4" ] ||
	[ ! -d "$here/node_modules/yaml" ]; then
	if ! (cd "$here" && npm ci --silent --no-audit --no-fund) >/dev/null 2>"$tmp/npm.err"; then
		not_ok "npm ci in tests/compat (installs js-yaml and yaml)"
		diag <"$tmp/npm.err"
		finish
	fi
fi
node "$here/check.mjs" "$tmp/stream" "$tmp/expect" >"$tmp/js.out" 2>"$tmp/js.err"
report "check.mjs" $? "$tmp/js.out" "$tmp/js.err" 11

finish
