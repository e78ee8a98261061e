#!/usr/bin/env bats
# Every bad input: one error line on stderr naming the problem, the
# documented exit code, nothing on stdout, and the commons exactly as it
# was (refs, index, work tree, config). What offers and needs refuse,
# they refuse alike: those tests run for each type ($ITEM_TYPES) in one
# commons that holds one offer and one need, ID[offer] and ID[need].

load helper

setup() {
	mutu_setup
	new_commons
	declare -gA ID
	ID[offer]=$(add_offer --title Perceuse --kind tool)
	ID[need]=$(add_need --title Perceuse --kind tool)
}

yaml() { # yaml FILE: write stdin to FILE outside the commons
	cat >"$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

# --- --yaml input ---

@test "add --yaml refuses malformed YAML, naming file:line:column" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse\nkind: [tool\n' | yaml bad.yaml)
		refuses 65 "bad\\.yaml:[0-9]+:[0-9]+: " mutu "$type" add --yaml "$f"
		f=$(printf 'title: "unclosed\n' | yaml bad2.yaml)
		refuses 65 "bad2\\.yaml:[0-9]+:[0-9]+: " mutu "$type" add --yaml "$f"
		f=$(printf 'title: a\n  kind: tool\n bad indent: x\n' | yaml bad3.yaml)
		refuses 65 "bad3\\.yaml:[0-9]+:[0-9]+: " mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml names the line and column of the error, 1-based" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse\nkind: tool\nbogus: 1\n' | yaml unk.yaml)
		refuses 65 "unk\\.yaml:3:1: .*bogus" mutu "$type" add --yaml "$f"
		f=$(printf 'title: Perceuse\ntags: 3\n' | yaml type.yaml)
		refuses 65 "type\\.yaml:2:7: .*tags" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml - names standard input in its errors" {
	local type
	for type in $ITEM_TYPES; do
		snapshot
		run -65 --separate-stderr bash -c "printf 'title: a\nbogus: 1\n' | mutu $type add --yaml -"
		assert_one_line_error "mutu-$type"
		[[ $stderr =~ (-|stdin|standard\ input):2:1: ]]
		assert_unchanged
	done
}

@test "add --yaml refuses an unknown field" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse\ncolour: red\n' | yaml unk.yaml)
		refuses 65 "colour" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses a field of the wrong type" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse\ntags: 3\n' | yaml t1.yaml)
		refuses 65 "tags" mutu "$type" add --yaml "$f"
		f=$(printf 'title: [a, b]\n' | yaml t2.yaml)
		refuses 65 "title" mutu "$type" add --yaml "$f"
		f=$(printf 'title: Perceuse\nbody: {a: 1}\n' | yaml t3.yaml)
		refuses 65 "body" mutu "$type" add --yaml "$f"
		f=$(printf 'title: Perceuse\ntags: [a, [b]]\n' | yaml t4.yaml)
		refuses 65 "tags" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses the fields mutu sets itself" {
	local type f field
	for type in $ITEM_TYPES; do
		for field in "id: abcdabcdabcd" "type: $type" "status: closed" "author: bob" \
			"created: '2020-01-01T00:00:00Z'" "updated: '2020-01-01T00:00:00Z'" "closed_reason: x"; do
			f=$(printf 'title: Perceuse\n%s\n' "$field" | yaml owned.yaml)
			refuses 65 "${field%%:*}" mutu "$type" add --yaml "$f"
		done
	done
}

@test "add --yaml refuses an unknown kind" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse\nkind: spaceship\n' | yaml k.yaml)
		refuses 65 "kind" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses a missing or empty title" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'kind: tool\n' | yaml t.yaml)
		refuses 65 "title" mutu "$type" add --yaml "$f"
		f=$(printf 'title: ""\n' | yaml t.yaml)
		refuses 65 "title" mutu "$type" add --yaml "$f"
		f=$(printf 'title:\n' | yaml t.yaml)
		refuses 65 "title" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses a title with a newline or a control character" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: "two\\nlines"\n' | yaml t.yaml)
		refuses 65 "title" mutu "$type" add --yaml "$f"
		f=$(printf 'title: "bell\\a"\n' | yaml t.yaml)
		refuses 65 "title" mutu "$type" add --yaml "$f"
		f=$(printf 'title: |\n  two\n  lines\n' | yaml t.yaml)
		refuses 65 "title" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses repeated tags and too many tags" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse\ntags: [a, b, a]\n' | yaml dup.yaml)
		refuses 65 "dup\\.yaml:.*tags" mutu "$type" add --yaml "$f"
		f=$(printf 'title: Perceuse\ntags: [%s]\n' "$(seq -s, 1 33)" | yaml many.yaml)
		refuses 65 "many\\.yaml.*tags" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses anchors and aliases" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: &t Perceuse\nlocation: *t\n' | yaml a.yaml)
		refuses 65 "a\\.yaml:[0-9]+:[0-9]+: .*(anchor|alias)" mutu "$type" add --yaml "$f"
		f=$(printf 'title: Perceuse\nlocation: *t\n' | yaml a2.yaml)
		refuses 65 "a2\\.yaml:[0-9]+:[0-9]+: " mutu "$type" add --yaml "$f"
		f=$(printf 'title: Perceuse\n<<: {kind: tool}\n' | yaml merge.yaml)
		refuses 65 "merge\\.yaml" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses duplicate keys" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse\nkind: tool\ntitle: Marteau\n' | yaml d.yaml)
		refuses 65 "d\\.yaml:3:[0-9]+: .*title" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses invalid UTF-8" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Perceuse \xff\xfe\n' | yaml u.yaml)
		refuses 65 "u\\.yaml" mutu "$type" add --yaml "$f"
		f=$(printf 'title: overlong \xc0\xaf\n' | yaml u2.yaml)
		refuses 65 "u2\\.yaml" mutu "$type" add --yaml "$f"
		f=$(printf 'title: surrogate \xed\xa0\x80\n' | yaml u3.yaml)
		refuses 65 "u3\\.yaml" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses a document that is not a mapping, and an empty stream" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf -- '- title: Perceuse\n' | yaml seq.yaml)
		refuses 65 "seq\\.yaml" mutu "$type" add --yaml "$f"
		f=$(printf 'just text\n' | yaml s.yaml)
		refuses 65 "s\\.yaml" mutu "$type" add --yaml "$f"
		f=$(printf '' | yaml empty.yaml)
		refuses 65 "empty\\.yaml" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses a NUL byte" {
	local type f
	for type in $ITEM_TYPES; do
		f=$(printf 'title: Per\0ceuse\n' | yaml nul.yaml)
		refuses 65 "nul\\.yaml" mutu "$type" add --yaml "$f"
	done
}

@test "add --yaml refuses deep nesting and a huge document without crashing" {
	local type deep huge
	deep=$(
		printf 'title: Perceuse\nbody: '
		printf '[%.0s' $(seq 5000)
		echo
	)
	deep=$(printf '%s\n' "$deep" | yaml deep.yaml)
	[ "$(wc -c <"$deep")" -gt 5000 ]
	huge=$(
		printf 'title: Perceuse\nbody: "'
		head -c 3000000 /dev/zero | tr '\0' x
		printf '"\n'
	)
	huge=$(printf '%s\n' "$huge" | yaml huge.yaml)
	[ "$(wc -c <"$huge")" -gt 3000000 ]
	for type in $ITEM_TYPES; do
		refuses 65 "deep\\.yaml" mutu "$type" add --yaml "$deep"
		refuses 65 "huge\\.yaml" mutu "$type" add --yaml "$huge"
	done
}

@test "add --yaml: a stream whose 3rd document is bad commits nothing, not even the first two" {
	local type f
	f=$(printf 'title: One\n---\ntitle: Two\n---\ntitle: Three\ncolour: red\n---\ntitle: Four\n' | yaml s.yaml)
	for type in $ITEM_TYPES; do
		refuses 65 "s\\.yaml:6:1: .*colour" mutu "$type" add --yaml "$f"
		run -0 mutu "$type" list --format ids
		[ "$output" = "${ID[$type]}" ]
	done
}

@test "add --yaml: a stream whose 3rd document is malformed commits nothing" {
	local type f
	f=$(printf 'title: One\n---\ntitle: Two\n---\ntitle: [Three\n' | yaml s.yaml)
	for type in $ITEM_TYPES; do
		refuses 65 "s\\.yaml:[0-9]+:[0-9]+: " mutu "$type" add --yaml "$f"
		run -0 mutu "$type" list --format ids
		[ "$output" = "${ID[$type]}" ]
	done
}

@test "add --yaml refuses a missing file (66)" {
	local type
	for type in $ITEM_TYPES; do
		refuses 66 "nowhere\\.yaml" mutu "$type" add --yaml "$BATS_TEST_TMPDIR/nowhere.yaml"
	done
}

@test "add --yaml refuses field options beside it (2)" {
	local type f
	f=$(printf 'title: One\n' | yaml s.yaml)
	for type in $ITEM_TYPES; do
		refuses 2 "yaml" mutu "$type" add --yaml "$f" --title Two
	done
}

# --- options of add ---

@test "add refuses an empty title" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "title" mutu "$type" add --title ""
	done
}

@test "add refuses a title with a newline, a tab or another control character" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "title" mutu "$type" add --title "$(printf 'two\nlines')"
		refuses 65 "title" mutu "$type" add --title "$(printf 'a\tb')"
		refuses 65 "title" mutu "$type" add --title "$(printf 'esc\033[31m')"
		refuses 65 "title" mutu "$type" add --title "$(printf 'del\177')"
	done
}

@test "add refuses a title longer than 200 characters" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "title" mutu "$type" add --title "$(head -c 201 /dev/zero | tr '\0' x)"
	done
}

@test "add refuses an unknown kind (a usage error, 2), listing the kinds from the schema" {
	local type
	for type in $ITEM_TYPES; do
		refuses 2 "spaceship.*tool, skill, space, time, material, service, event, other" \
			mutu "$type" add --title X --kind spaceship
	done
}

@test "add refuses an unknown kind with a newline in one clean line" {
	local type
	for type in $ITEM_TYPES; do
		refuses 2 "kind" mutu "$type" add --title X --kind "$(printf 'too\nl')"
	done
}

@test "add refuses a bad tag, location or availability" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "tag" mutu "$type" add --title X --tag "$(printf 'a\nb')"
		refuses 65 "tag" mutu "$type" add --title X --tag ""
		refuses 65 "location" mutu "$type" add --title X --location "$(printf 'a\nb')"
		refuses 65 "availability" mutu "$type" add --title X --availability "$(printf 'a\rb')"
	done
}

@test "add refuses invalid UTF-8 in a title (65), in one clean line" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "title" mutu "$type" add --title "$(printf 'bad \xff')"
	done
}

@test "add refuses invalid UTF-8 in a body (65), from --body or --body-file" {
	local type
	printf 'bad \xff\xfe body\n' >"$BATS_TEST_TMPDIR/bad.md"
	for type in $ITEM_TYPES; do
		refuses 65 "body|UTF-8" mutu "$type" add --title X --body "$(printf 'bad \xc3')"
		refuses 65 "bad\\.md|body|UTF-8" mutu "$type" add --title X --body-file "$BATS_TEST_TMPDIR/bad.md"
	done
}

@test "add refuses a body file with a NUL byte, and a missing body file" {
	local type
	printf 'a\0b' >"$BATS_TEST_TMPDIR/nul.md"
	for type in $ITEM_TYPES; do
		refuses 65 "nul\\.md" mutu "$type" add --title X --body-file "$BATS_TEST_TMPDIR/nul.md"
		refuses 66 "missing\\.md" mutu "$type" add --title X --body-file "$BATS_TEST_TMPDIR/missing.md"
	done
}

@test "add refuses --body with --body-file, and a missing --title (2)" {
	local type
	echo hi >"$BATS_TEST_TMPDIR/b.md"
	for type in $ITEM_TYPES; do
		refuses 2 "body" mutu "$type" add --title X --body a --body-file "$BATS_TEST_TMPDIR/b.md"
		refuses 2 "title" mutu "$type" add --kind tool
		refuses 2 "unexpected" mutu "$type" add --title X extra-argument
	done
}

# --- ids and handles that are not plain names ---

@test "show refuses an id that is not a plain name (65)" {
	local type bad
	for type in $ITEM_TYPES; do
		for bad in ../x a/b ../../../etc/passwd "abcd/../../x" "/abcd" "ab cd" "abc" "abcdefghjkmnp" "uuuu" \
			"abcd.yaml"; do
			refuses 65 "id" mutu "$type" show "$bad"
		done
		refuses 65 "id" mutu "$type" show -- -abcd
	done
}

@test "edit, close and reopen refuse an id that is not a plain name (65)" {
	local type bad
	for type in $ITEM_TYPES; do
		for bad in ../x a/b "abcd/../../x"; do
			refuses 65 "id" mutu "$type" edit "$bad" --set title=X
			refuses 65 "id" mutu "$type" close "$bad"
			refuses 65 "id" mutu "$type" reopen "$bad"
		done
	done
}

@test "an id with a control character is refused (65) in one clean line" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "id" mutu "$type" show "$(printf 'ab\001cd')"
		refuses 65 "id" mutu "$type" close "$(printf 'ab\033cd')"
	done
}

@test "an id with a newline is refused (65) in one line" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "id" mutu "$type" show "$(printf 'ab\ncd')"
		refuses 65 "id" mutu "$type" edit $'abcd\n' --set title=X
	done
}

@test "MUTU_MEMBER that is not a plain name is refused (65)" {
	local type bad
	for type in $ITEM_TYPES; do
		for bad in ../x a/b ../members/alice "$(printf 'al\nice')" "$(printf 'al\001ice')" Alice; do
			MUTU_MEMBER=$bad refuses 65 "MUTU_MEMBER" mutu "$type" add --title X
		done
	done
}

@test "an unknown acting member is refused (77), naming what was tried" {
	local type
	for type in $ITEM_TYPES; do
		MUTU_MEMBER=zed refuses 77 "zed.*MUTU_MEMBER|MUTU_MEMBER.*zed" mutu "$type" add --title X
		MUTU_MEMBER=zed refuses 77 "zed" mutu "$type" edit "${ID[$type]}" --set title=X
		MUTU_MEMBER=zed refuses 77 "zed" mutu "$type" close "${ID[$type]}"
	done
	git config mutu.member zed
	for type in $ITEM_TYPES; do
		refuses 77 "zed.*mutu\\.member|mutu\\.member.*zed" mutu "$type" add --title X
	done
}

@test "--author and --tag filters with bad values" {
	local type
	for type in $ITEM_TYPES; do
		refuses 65 "handle" mutu "$type" list --author "../x"
		refuses 65 "handle" mutu "$type" list --author "$(printf 'a\nb')"
		refuses 2 "tag" mutu "$type" list --tag ""
	done
}

# --- prefixes ---

@test "an ambiguous prefix is refused (2) with both candidates listed" {
	local type
	for type in $ITEM_TYPES; do
		craft_twins "${type}s"
		refuses 2 "abcde0000001.*abcde0000002" mutu "$type" show abcde
		refuses 2 "abcde0000001.*abcde0000002" mutu "$type" show abcde00000
		refuses 2 "abcde0000001.*abcde0000002" mutu "$type" edit abcde --set title=X
		refuses 2 "abcde0000001.*abcde0000002" mutu "$type" close abcd
		refuses 2 "abcde0000001.*abcde0000002" mutu "$type" reopen abcd
		run -0 mutu "$type" show abcde0000002 --format ids
		[ "$output" = abcde0000002 ]
	done
}

@test "a prefix that names no record exits 66, naming the type" {
	local type
	for type in $ITEM_TYPES; do
		refuses 66 "$type.*zzzz" mutu "$type" show zzzz
		refuses 66 "zzzzzzzzzzzz" mutu "$type" show zzzzzzzzzzzz
		refuses 66 "zzzz" mutu "$type" edit zzzz --set title=X
		refuses 66 "zzzz" mutu "$type" close zzzz
		refuses 66 "zzzz" mutu "$type" reopen zzzz
	done
}

@test "show wants an id, edit and close exactly one (2)" {
	local type id
	for type in $ITEM_TYPES; do
		id=${ID[$type]}
		refuses 2 "" mutu "$type" show
		refuses 2 "" mutu "$type" show --stdin "$id"
		refuses 2 "" mutu "$type" edit
		refuses 2 "" mutu "$type" edit "$id" "$id"
		refuses 2 "" mutu "$type" close
		refuses 2 "" mutu "$type" close "$id" "$id"
		refuses 2 "" mutu "$type" reopen
		refuses 2 "" mutu "$type" reopen "$id" "$id"
	done
}

# --- permissions ---

@test "only the author edits, closes or reopens a record (77)" {
	local type
	add_member bob
	for type in $ITEM_TYPES; do
		MUTU_MEMBER=bob refuses 77 "alice" mutu "$type" edit "${ID[$type]}" --set title=Mine
		MUTU_MEMBER=bob refuses 77 "alice" mutu "$type" close "${ID[$type]}"
		mutu "$type" close "${ID[$type]}" -q
		MUTU_MEMBER=bob refuses 77 "alice" mutu "$type" reopen "${ID[$type]}"
	done
}

@test "not the author: an edit that would change nothing is refused too (77)" {
	local type
	add_member bob
	for type in $ITEM_TYPES; do
		MUTU_MEMBER=bob refuses 77 "alice" mutu "$type" edit "${ID[$type]}" --set title=Perceuse
		MUTU_MEMBER=bob refuses 77 "alice" mutu "$type" edit "${ID[$type]}" --remove-tag absent
	done
}

@test "not the author: the editor is not even opened" {
	local type
	add_member bob
	printf '#!/bin/sh\ntouch "%s/opened"\n' "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/ed.sh"
	chmod +x "$BATS_TEST_TMPDIR/ed.sh"
	for type in $ITEM_TYPES; do
		snapshot
		MUTU_MEMBER=bob EDITOR="$BATS_TEST_TMPDIR/ed.sh" run -77 --separate-stderr mutu "$type" edit "${ID[$type]}" </dev/null
		assert_one_line_error "mutu-$type"
		assert_unchanged
		[ ! -e "$BATS_TEST_TMPDIR/opened" ]
	done
}

# --- usage ---

@test "unknown options and missing values are usage errors (2)" {
	local type id
	for type in $ITEM_TYPES; do
		id=${ID[$type]}
		refuses 2 "--frobnicate" mutu "$type" add --title X --frobnicate
		refuses 2 "--frobnicate" mutu "$type" list --frobnicate
		refuses 2 "-z" mutu "$type" list -z
		refuses 2 "title" mutu "$type" add --title
		refuses 2 "kind" mutu "$type" add --title X --kind
		refuses 2 "set" mutu "$type" edit "$id" --set
		refuses 2 "reason" mutu "$type" close "$id" --reason
		refuses 2 "directory" mutu "$type" list -C
		refuses 2 "quiet" mutu "$type" list --quiet=yes
	done
}

@test "no commons: exit 66 from a directory that is not one" {
	local type
	mkdir "$BATS_TEST_TMPDIR/plain"
	for type in $ITEM_TYPES; do
		run -66 --separate-stderr mutu "$type" list -C "$BATS_TEST_TMPDIR/plain"
		assert_one_line_error "mutu-$type"
		run -66 --separate-stderr mutu "$type" add --title X -C "$BATS_TEST_TMPDIR/plain"
		assert_one_line_error "mutu-$type"
		MUTU_DIR="$BATS_TEST_TMPDIR/plain" run -66 --separate-stderr mutu "$type" list
		assert_one_line_error "mutu-$type"
	done
	assert_empty_dir "$BATS_TEST_TMPDIR/plain"
}
