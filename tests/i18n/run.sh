#!/bin/sh
# tests/i18n/run.sh — the French catalogue keeps up with the code.
#
# One TAP line per check:
#   - po/mutu.pot holds exactly the messages of the sources: the Makefile's
#     own `make pot` recipe, run in a shadow of the tree, gives the same set of
#     msgctxt/msgid/msgid_plural (headers and line references aside);
#   - every message of that fresh template is in po/fr.po, translated and
#     not fuzzy (msgcmp, msgattrib --only-fuzzy, msgattrib --untranslated),
#     and po/fr.po holds no message the sources no longer use;
#   - msgfmt -c accepts po/fr.po: format strings agree, the header is sound;
#   - po/fr.po holds no obsolete (#~) entries;
#   - its header says French (Language, UTF-8, French plural forms), and
#     each translation keeps its message's leading and trailing blanks.
#
# Never skips: a missing xgettext, msgfmt, msgcmp, msgattrib, msgexec or
# make is a failure. Runs from anywhere; never writes into the tree.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
po=$top/po/fr.po
pot=$top/po/mutu.pot
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
diag() { sed 's/^/#   /'; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

missing=
for tool in make xgettext msgfmt msgcmp msgattrib msgexec; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	not_ok "the gettext tools are installed (missing:$missing; Debian: apt-get install gettext make)"
	finish
fi
for f in "$pot" "$po"; do
	[ -f "$f" ] || { not_ok "${f#"$top"/} exists"; finish; }
done

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The messages of a PO or POT file, one a line, sorted: "ctxt<TAB>id<TAB>plural"
# with the strings as the file writes them (escapes kept, continuation lines
# joined). The header and obsolete (#~) entries are not messages.
keys() {
	awk '
	function str(l) { sub(/^[a-z_]+ "/, "", l); sub(/"$/, "", l); return l }
	function flush() {
		if (have && (hasctxt || id != ""))
			print (hasctxt ? "ctxt:" ctxt : "") "\t" id "\t" plural
		have = 0; hasctxt = 0; ctxt = ""; id = ""; plural = ""; cur = ""
	}
	/^#~/ { next }
	/^msgctxt / { flush(); hasctxt = 1; ctxt = str($0); cur = "ctxt"; have = 1; next }
	/^msgid / { if (cur != "ctxt") flush(); id = str($0); cur = "id"; have = 1; next }
	/^msgid_plural / { plural = str($0); cur = "plural"; next }
	/^msgstr/ { cur = "str"; next }
	/^"/ {
		s = substr($0, 2, length($0) - 2)
		if (cur == "ctxt") ctxt = ctxt s
		else if (cur == "id") id = id s
		else if (cur == "plural") plural = plural s
		next
	}
	END { flush() }
	' "$1" | LC_ALL=C sort
}

# A key as a person reads it: [context] "msgid" / "msgid_plural".
show_keys() {
	awk -F '\t' '{
		s = ($1 != "" ? "[" substr($1, 6) "] " : "") "\"" $2 "\""
		if ($3 != "") s = s " / \"" $3 "\""
		print s
	}'
}

# --- (a) po/mutu.pot is what `make pot` makes of the sources now ---------
# The recipe is the Makefile's own, run in a shadow of the tree: every
# top-level entry a symbolic link to the real one, but po/ a copy, where the
# fresh template goes. The tree itself is untouched.
shadow() {
	mkdir -p "$tmp/src" || return 1
	for f in "$top"/* "$top"/.[!.]*; do
		[ -e "$f" ] || continue
		case ${f##*/} in
		po|.git) ;;
		*) ln -s "$f" "$tmp/src/${f##*/}" || return 1 ;;
		esac
	done
	cp -R "$top/po" "$tmp/src/po" && rm -f "$tmp/src/po/mutu.pot"
}
if shadow 2>"$tmp/err" &&
	make -s -C "$tmp/src" pot >"$tmp/make.out" 2>&1 && [ -s "$tmp/src/po/mutu.pot" ]; then
	fresh=$tmp/src/po/mutu.pot
	keys "$fresh" >"$tmp/fresh.keys"
	keys "$pot" >"$tmp/pot.keys"
	if [ ! -s "$tmp/fresh.keys" ]; then
		not_ok "po/mutu.pot is up to date with the sources (make pot)"
		echo "#  the fresh template holds no message"
	elif cmp -s "$tmp/fresh.keys" "$tmp/pot.keys"; then
		ok "po/mutu.pot is up to date with the sources ($(wc -l <"$tmp/fresh.keys") messages)"
	else
		not_ok "po/mutu.pot is up to date with the sources (make pot)"
		echo "#  run 'make pot', then msgmerge --update --no-fuzzy-matching po/fr.po po/mutu.pot"
		LC_ALL=C comm -23 "$tmp/fresh.keys" "$tmp/pot.keys" | show_keys | sed 's/^/new in the sources: /' | diag
		LC_ALL=C comm -13 "$tmp/fresh.keys" "$tmp/pot.keys" | show_keys | sed 's/^/gone from the sources: /' | diag
	fi
else
	fresh=
	not_ok "make pot runs (in a shadow of the tree)"
	cat "$tmp/err" "$tmp/make.out" 2>/dev/null | diag
fi

# --- (b) every message of the fresh template is translated in po/fr.po ---
if [ -n "$fresh" ]; then
	# def first, then ref: each message of ref must be in def, translated,
	# not fuzzy (msgcmp ignores fuzzy and untranslated entries of def)
	if msgcmp -N "$po" "$fresh" >"$tmp/msgcmp" 2>&1; then
		ok "every message of the sources is in po/fr.po, translated"
	else
		not_ok "every message of the sources is in po/fr.po, translated"
		echo "#  msgcmp po/fr.po <fresh template>:"
		grep -v '^msgcmp: found' "$tmp/msgcmp" | sed "s|$tmp/src/||" | head -n 40 | diag
		echo "#  (po/mutu.pot line numbers; run make pot and msgmerge first)"
	fi
	keys "$po" >"$tmp/po.keys"
	if LC_ALL=C comm -13 "$tmp/fresh.keys" "$tmp/po.keys" >"$tmp/stale" && [ ! -s "$tmp/stale" ]; then
		ok "po/fr.po holds no message the sources no longer use"
	else
		not_ok "po/fr.po holds no message the sources no longer use"
		show_keys <"$tmp/stale" | sed 's/^/not in the sources: /' | head -n 40 | diag
	fi
fi

if msgattrib --no-wrap --only-fuzzy --no-obsolete "$po" >"$tmp/fuzzy" 2>&1 &&
	! grep -q '^msgid ' "$tmp/fuzzy"; then
	ok "po/fr.po has no fuzzy entry"
else
	not_ok "po/fr.po has no fuzzy entry"
	grep '^msgid ' "$tmp/fuzzy" | grep -v '^msgid ""$' | head -n 40 | diag
fi

if msgattrib --no-wrap --untranslated --no-obsolete "$po" >"$tmp/untranslated" 2>&1 &&
	! grep -q '^msgid ' "$tmp/untranslated"; then
	ok "po/fr.po has no untranslated entry"
else
	not_ok "po/fr.po has no untranslated entry"
	grep '^msgid ' "$tmp/untranslated" | grep -v '^msgid ""$' | head -n 40 | diag
fi

# --- (c) msgfmt -c: format strings, plural forms, header ------------------
if msgfmt -c --statistics -o "$tmp/fr.mo" "$po" >"$tmp/msgfmt" 2>&1; then
	ok "msgfmt -c accepts po/fr.po ($(tr -d '\n' <"$tmp/msgfmt"))"
else
	not_ok "msgfmt -c accepts po/fr.po"
	diag <"$tmp/msgfmt"
fi

# --- (d) no obsolete entries ---------------------------------------------
if grep -n '^#~' "$po" >"$tmp/obsolete"; then
	not_ok "po/fr.po has no obsolete (#~) entries"
	echo "#  remove them: msgattrib --no-obsolete -o po/fr.po po/fr.po"
	head -n 20 "$tmp/obsolete" | diag
else
	ok "po/fr.po has no obsolete (#~) entries"
fi

# --- the header says French ----------------------------------------------
why=
grep -q '^"Language: fr\\n"$' "$po" || why="$why; no 'Language: fr'"
grep -q '^"Content-Type: text/plain; charset=UTF-8\\n"$' "$po" || why="$why; not UTF-8"
grep -q '^"Plural-Forms: nplurals=2; plural=(n > 1);\\n"$' "$po" ||
	why="$why; Plural-Forms is not French's 'nplurals=2; plural=(n > 1);'"
if [ -z "$why" ]; then
	ok "po/fr.po's header: Language fr, UTF-8, French plural forms"
else
	not_ok "po/fr.po's header: Language fr, UTF-8, French plural forms"
	echo "#  ${why#; }"
fi

# --- blanks at either end are part of the message ------------------------
# msgfmt -c checks only newlines: " or " must stay " ou ", not "ou".
# shellcheck disable=SC2016 # expanded by the sh that msgexec runs
edges='
[ -n "$MSGEXEC_MSGID" ] || exit 0
ws=" 	
"
s=$(cat; echo x); s=${s%x}
id=$MSGEXEC_MSGID
# no command substitution here: it would eat trailing newlines
if [ "${id%%[!$ws]*}" != "${s%%[!$ws]*}" ] || [ "${id##*[!$ws]}" != "${s##*[!$ws]}" ]; then
	printf "%s\n" "$id" | head -n 1
	exit 1
fi
'
if msgexec -i "$po" sh -c "$edges" >"$tmp/edges" 2>&1; then
	ok "po/fr.po: each translation keeps its message's leading and trailing blanks"
else
	not_ok "po/fr.po: each translation keeps its message's leading and trailing blanks"
	head -n 40 "$tmp/edges" | diag
fi

finish
