#!/usr/bin/env bats
# Every bad input: one error line on stderr naming the problem, the
# documented exit code, nothing on stdout, and the commons exactly as it
# was (refs, index, work tree, config).

load helper

setup() {
	mutu_setup
	new_commons
	ID=$(add_offer --title Perceuse --kind tool)
}

yaml() { # yaml FILE: write stdin to FILE outside the commons
	cat >"$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

# --- --yaml input ---

@test "add --yaml refuses malformed YAML, naming file:line:column" {
	local f
	f=$(printf 'title: Perceuse\nkind: [tool\n' | yaml bad.yaml)
	refuses 65 "bad\\.yaml:[0-9]+:[0-9]+: " mutu offer add --yaml "$f"
	f=$(printf 'title: "unclosed\n' | yaml bad2.yaml)
	refuses 65 "bad2\\.yaml:[0-9]+:[0-9]+: " mutu offer add --yaml "$f"
	f=$(printf 'title: a\n  kind: tool\n bad indent: x\n' | yaml bad3.yaml)
	refuses 65 "bad3\\.yaml:[0-9]+:[0-9]+: " mutu offer add --yaml "$f"
}

@test "add --yaml names the line and column of the error, 1-based" {
	local f
	f=$(printf 'title: Perceuse\nkind: tool\nbogus: 1\n' | yaml unk.yaml)
	refuses 65 "unk\\.yaml:3:1: .*bogus" mutu offer add --yaml "$f"
	f=$(printf 'title: Perceuse\ntags: 3\n' | yaml type.yaml)
	refuses 65 "type\\.yaml:2:7: .*tags" mutu offer add --yaml "$f"
}

@test "add --yaml - names standard input in its errors" {
	snapshot
	run -65 --separate-stderr bash -c 'printf "title: a\nbogus: 1\n" | mutu offer add --yaml -'
	assert_one_line_error mutu-offer
	[[ $stderr =~ (-|stdin|standard\ input):2:1: ]]
	assert_unchanged
}

@test "add --yaml refuses an unknown field" {
	local f
	f=$(printf 'title: Perceuse\ncolour: red\n' | yaml unk.yaml)
	refuses 65 "colour" mutu offer add --yaml "$f"
}

@test "add --yaml refuses a field of the wrong type" {
	local f
	f=$(printf 'title: Perceuse\ntags: 3\n' | yaml t1.yaml)
	refuses 65 "tags" mutu offer add --yaml "$f"
	f=$(printf 'title: [a, b]\n' | yaml t2.yaml)
	refuses 65 "title" mutu offer add --yaml "$f"
	f=$(printf 'title: Perceuse\nbody: {a: 1}\n' | yaml t3.yaml)
	refuses 65 "body" mutu offer add --yaml "$f"
	f=$(printf 'title: Perceuse\ntags: [a, [b]]\n' | yaml t4.yaml)
	refuses 65 "tags" mutu offer add --yaml "$f"
}

@test "add --yaml refuses the fields mutu sets itself" {
	local f field
	for field in "id: abcdabcdabcd" "type: offer" "status: closed" "author: bob" \
		"created: '2020-01-01T00:00:00Z'" "updated: '2020-01-01T00:00:00Z'" "closed_reason: x"; do
		f=$(printf 'title: Perceuse\n%s\n' "$field" | yaml owned.yaml)
		refuses 65 "${field%%:*}" mutu offer add --yaml "$f"
	done
}

@test "add --yaml refuses an unknown kind" {
	local f
	f=$(printf 'title: Perceuse\nkind: spaceship\n' | yaml k.yaml)
	refuses 65 "kind" mutu offer add --yaml "$f"
}

@test "add --yaml refuses a missing or empty title" {
	local f
	f=$(printf 'kind: tool\n' | yaml t.yaml)
	refuses 65 "title" mutu offer add --yaml "$f"
	f=$(printf 'title: ""\n' | yaml t.yaml)
	refuses 65 "title" mutu offer add --yaml "$f"
	f=$(printf 'title:\n' | yaml t.yaml)
	refuses 65 "title" mutu offer add --yaml "$f"
}

@test "add --yaml refuses a title with a newline or a control character" {
	local f
	f=$(printf 'title: "two\\nlines"\n' | yaml t.yaml)
	refuses 65 "title" mutu offer add --yaml "$f"
	f=$(printf 'title: "bell\\a"\n' | yaml t.yaml)
	refuses 65 "title" mutu offer add --yaml "$f"
	f=$(printf 'title: |\n  two\n  lines\n' | yaml t.yaml)
	refuses 65 "title" mutu offer add --yaml "$f"
}

@test "add --yaml refuses repeated tags and too many tags" {
	local f
	f=$(printf 'title: Perceuse\ntags: [a, b, a]\n' | yaml dup.yaml)
	refuses 65 "dup\\.yaml:.*tags" mutu offer add --yaml "$f"
	f=$(printf 'title: Perceuse\ntags: [%s]\n' "$(seq -s, 1 33)" | yaml many.yaml)
	refuses 65 "many\\.yaml.*tags" mutu offer add --yaml "$f"
}

@test "add --yaml refuses anchors and aliases" {
	local f
	f=$(printf 'title: &t Perceuse\nlocation: *t\n' | yaml a.yaml)
	refuses 65 "a\\.yaml:[0-9]+:[0-9]+: .*(anchor|alias)" mutu offer add --yaml "$f"
	f=$(printf 'title: Perceuse\nlocation: *t\n' | yaml a2.yaml)
	refuses 65 "a2\\.yaml:[0-9]+:[0-9]+: " mutu offer add --yaml "$f"
	f=$(printf 'title: Perceuse\n<<: {kind: tool}\n' | yaml merge.yaml)
	refuses 65 "merge\\.yaml" mutu offer add --yaml "$f"
}

@test "add --yaml refuses duplicate keys" {
	local f
	f=$(printf 'title: Perceuse\nkind: tool\ntitle: Marteau\n' | yaml d.yaml)
	refuses 65 "d\\.yaml:3:[0-9]+: .*title" mutu offer add --yaml "$f"
}

@test "add --yaml refuses invalid UTF-8" {
	local f
	f=$(printf 'title: Perceuse \xff\xfe\n' | yaml u.yaml)
	refuses 65 "u\\.yaml" mutu offer add --yaml "$f"
	f=$(printf 'title: overlong \xc0\xaf\n' | yaml u2.yaml)
	refuses 65 "u2\\.yaml" mutu offer add --yaml "$f"
	f=$(printf 'title: surrogate \xed\xa0\x80\n' | yaml u3.yaml)
	refuses 65 "u3\\.yaml" mutu offer add --yaml "$f"
}

@test "add --yaml refuses a document that is not a mapping, and an empty stream" {
	local f
	f=$(printf -- '- title: Perceuse\n' | yaml seq.yaml)
	refuses 65 "seq\\.yaml" mutu offer add --yaml "$f"
	f=$(printf 'just text\n' | yaml s.yaml)
	refuses 65 "s\\.yaml" mutu offer add --yaml "$f"
	f=$(printf '' | yaml empty.yaml)
	refuses 65 "empty\\.yaml" mutu offer add --yaml "$f"
}

@test "add --yaml refuses a NUL byte" {
	local f
	f=$(printf 'title: Per\0ceuse\n' | yaml nul.yaml)
	refuses 65 "nul\\.yaml" mutu offer add --yaml "$f"
}

@test "add --yaml refuses deep nesting and a huge document without crashing" {
	local f
	f=$(
		printf 'title: Perceuse\nbody: '
		printf '[%.0s' $(seq 5000)
		echo
	) && f=$(printf '%s\n' "$f" | yaml deep.yaml)
	refuses 65 "deep\\.yaml" mutu offer add --yaml "$f"
	f=$(
		printf 'title: Perceuse\nbody: "'
		head -c 3000000 /dev/zero | tr '\0' x
		printf '"\n'
	) && f=$(printf '%s\n' "$f" | yaml huge.yaml)
	refuses 65 "huge\\.yaml" mutu offer add --yaml "$f"
}

@test "add --yaml: a stream whose 3rd document is bad commits nothing, not even the first two" {
	local f
	f=$(printf 'title: One\n---\ntitle: Two\n---\ntitle: Three\ncolour: red\n---\ntitle: Four\n' | yaml s.yaml)
	refuses 65 "s\\.yaml:6:1: .*colour" mutu offer add --yaml "$f"
	run mutu offer list --format ids
	[ "$output" = "$ID" ]
}

@test "add --yaml: a stream whose 3rd document is malformed commits nothing" {
	local f
	f=$(printf 'title: One\n---\ntitle: Two\n---\ntitle: [Three\n' | yaml s.yaml)
	refuses 65 "s\\.yaml:[0-9]+:[0-9]+: " mutu offer add --yaml "$f"
	run mutu offer list --format ids
	[ "$output" = "$ID" ]
}

@test "add --yaml refuses a missing file (66)" {
	refuses 66 "nowhere\\.yaml" mutu offer add --yaml "$BATS_TEST_TMPDIR/nowhere.yaml"
}

@test "add --yaml refuses field options beside it (2)" {
	local f
	f=$(printf 'title: One\n' | yaml s.yaml)
	refuses 2 "" mutu offer add --yaml "$f" --title Two
}

# --- options of add ---

@test "add refuses an empty title" {
	refuses 65 "title" mutu offer add --title ""
}

@test "add refuses a title with a newline, a tab or another control character" {
	refuses 65 "title" mutu offer add --title "$(printf 'two\nlines')"
	refuses 65 "title" mutu offer add --title "$(printf 'a\tb')"
	refuses 65 "title" mutu offer add --title "$(printf 'esc\033[31m')"
	refuses 65 "title" mutu offer add --title "$(printf 'del\177')"
}

@test "add refuses a title longer than 200 characters" {
	refuses 65 "title" mutu offer add --title "$(head -c 201 /dev/zero | tr '\0' x)"
}

@test "add refuses an unknown kind (a usage error, 2), listing the kinds from the schema" {
	refuses 2 "spaceship.*tool, skill, space, time, material, service, event, other" \
		mutu offer add --title X --kind spaceship
}

@test "add refuses an unknown kind with a newline in one clean line" {
	refuses 2 "kind" mutu offer add --title X --kind "$(printf 'too\nl')"
}

@test "add refuses a bad tag, location or availability" {
	refuses 65 "tag" mutu offer add --title X --tag "$(printf 'a\nb')"
	refuses 65 "tag" mutu offer add --title X --tag ""
	refuses 65 "location" mutu offer add --title X --location "$(printf 'a\nb')"
	refuses 65 "availability" mutu offer add --title X --availability "$(printf 'a\rb')"
}

@test "add refuses invalid UTF-8 in a title (65), in one clean line" {
	refuses 65 "title" mutu offer add --title "$(printf 'bad \xff')"
}

@test "add refuses invalid UTF-8 in a body (65), from --body or --body-file" {
	refuses 65 "body|UTF-8" mutu offer add --title X --body "$(printf 'bad \xc3')"
	printf 'bad \xff\xfe body\n' >"$BATS_TEST_TMPDIR/bad.md"
	refuses 65 "bad\\.md|body|UTF-8" mutu offer add --title X --body-file "$BATS_TEST_TMPDIR/bad.md"
}

@test "add refuses a body file with a NUL byte, and a missing body file" {
	printf 'a\0b' >"$BATS_TEST_TMPDIR/nul.md"
	refuses 65 "nul\\.md" mutu offer add --title X --body-file "$BATS_TEST_TMPDIR/nul.md"
	refuses 66 "missing\\.md" mutu offer add --title X --body-file "$BATS_TEST_TMPDIR/missing.md"
}

@test "add refuses --body with --body-file, and a missing --title (2)" {
	echo hi >"$BATS_TEST_TMPDIR/b.md"
	refuses 2 "body" mutu offer add --title X --body a --body-file "$BATS_TEST_TMPDIR/b.md"
	refuses 2 "title" mutu offer add --kind tool
	refuses 2 "unexpected" mutu offer add --title X extra-argument
}

# --- ids and handles that are not plain names ---

@test "show refuses an id that is not a plain name (65)" {
	local bad
	for bad in ../x a/b ../../../etc/passwd "abcd/../../x" "/abcd" "ab cd" "abc" "abcdefghjkmnp" "uuuu" \
		"abcd.yaml"; do
		refuses 65 "id" mutu offer show "$bad"
	done
	refuses 65 "id" mutu offer show -- -abcd
}

@test "edit, close and reopen refuse an id that is not a plain name (65)" {
	local bad
	for bad in ../x a/b "abcd/../../x"; do
		refuses 65 "id" mutu offer edit "$bad" --set title=X
		refuses 65 "id" mutu offer close "$bad"
		refuses 65 "id" mutu offer reopen "$bad"
	done
}

@test "an id with a control character is refused (65) in one clean line" {
	refuses 65 "id" mutu offer show "$(printf 'ab\001cd')"
	refuses 65 "id" mutu offer close "$(printf 'ab\033cd')"
}

@test "an id with a newline is refused (65) in one line" {
	refuses 65 "id" mutu offer show "$(printf 'ab\ncd')"
	refuses 65 "id" mutu offer edit $'abcd\n' --set title=X
}

@test "MUTU_MEMBER that is not a plain name is refused (65)" {
	local bad
	for bad in ../x a/b ../members/alice "$(printf 'al\nice')" "$(printf 'al\001ice')" Alice; do
		MUTU_MEMBER=$bad refuses 65 "MUTU_MEMBER" mutu offer add --title X
	done
}

@test "an unknown acting member is refused (77), naming what was tried" {
	MUTU_MEMBER=zed refuses 77 "zed.*MUTU_MEMBER|MUTU_MEMBER.*zed" mutu offer add --title X
	MUTU_MEMBER=zed refuses 77 "zed" mutu offer edit "$ID" --set title=X
	MUTU_MEMBER=zed refuses 77 "zed" mutu offer close "$ID"
	git config mutu.member zed
	refuses 77 "zed.*mutu\\.member|mutu\\.member.*zed" mutu offer add --title X
}

@test "--author and --tag filters with bad values" {
	refuses 65 "handle" mutu offer list --author "../x"
	refuses 65 "handle" mutu offer list --author "$(printf 'a\nb')"
}

# --- prefixes ---

@test "an ambiguous prefix is refused (2) with both candidates listed" {
	craft_twins offers
	refuses 2 "abcde0000001.*abcde0000002" mutu offer show abcde
	refuses 2 "abcde0000001.*abcde0000002" mutu offer show abcde00000
	refuses 2 "abcde0000001.*abcde0000002" mutu offer edit abcde --set title=X
	refuses 2 "abcde0000001.*abcde0000002" mutu offer close abcd
	run mutu offer show abcde0000002 --format ids
	[ "$output" = abcde0000002 ]
}

@test "a prefix that names no record exits 66" {
	refuses 66 "zzzz" mutu offer show zzzz
	refuses 66 "zzzzzzzzzzzz" mutu offer show zzzzzzzzzzzz
	refuses 66 "zzzz" mutu offer edit zzzz --set title=X
	refuses 66 "zzzz" mutu offer close zzzz
	refuses 66 "zzzz" mutu offer reopen zzzz
}

@test "show wants an id, edit and close exactly one (2)" {
	refuses 2 "" mutu offer show
	refuses 2 "" mutu offer show --stdin "$ID"
	refuses 2 "" mutu offer edit
	refuses 2 "" mutu offer edit "$ID" "$ID"
	refuses 2 "" mutu offer close
	refuses 2 "" mutu offer close "$ID" "$ID"
}

# --- permissions ---

@test "only the author edits, closes or reopens a record (77)" {
	add_member bob
	MUTU_MEMBER=bob refuses 77 "alice" mutu offer edit "$ID" --set title=Mine
	MUTU_MEMBER=bob refuses 77 "alice" mutu offer close "$ID"
	mutu offer close "$ID" -q
	MUTU_MEMBER=bob refuses 77 "alice" mutu offer reopen "$ID"
}

@test "not the author: an edit that would change nothing is refused too (77)" {
	add_member bob
	MUTU_MEMBER=bob refuses 77 "alice" mutu offer edit "$ID" --set title=Perceuse
	MUTU_MEMBER=bob refuses 77 "alice" mutu offer edit "$ID" --remove-tag absent
}

@test "not the author: the editor is not even opened" {
	add_member bob
	printf '#!/bin/sh\ntouch "%s/opened"\n' "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/ed.sh"
	chmod +x "$BATS_TEST_TMPDIR/ed.sh"
	snapshot
	MUTU_MEMBER=bob EDITOR="$BATS_TEST_TMPDIR/ed.sh" run -77 --separate-stderr mutu offer edit "$ID" </dev/null
	assert_one_line_error mutu-offer
	assert_unchanged
	[ ! -e "$BATS_TEST_TMPDIR/opened" ]
}

# --- usage ---

@test "unknown options and missing values are usage errors (2)" {
	refuses 2 "--frobnicate" mutu offer add --title X --frobnicate
	refuses 2 "--frobnicate" mutu offer list --frobnicate
	refuses 2 "-z" mutu offer list -z
	refuses 2 "title" mutu offer add --title
	refuses 2 "kind" mutu offer add --title X --kind
	refuses 2 "set" mutu offer edit "$ID" --set
	refuses 2 "reason" mutu offer close "$ID" --reason
	refuses 2 "" mutu offer list -C
	refuses 2 "quiet" mutu offer list --quiet=yes
}

@test "no commons: exit 66 from a directory that is not one" {
	mkdir "$BATS_TEST_TMPDIR/plain"
	run -66 --separate-stderr mutu offer list -C "$BATS_TEST_TMPDIR/plain"
	assert_one_line_error mutu-offer
	run -66 --separate-stderr mutu offer add --title X -C "$BATS_TEST_TMPDIR/plain"
	assert_one_line_error mutu-offer
	MUTU_DIR="$BATS_TEST_TMPDIR/plain" run -66 --separate-stderr mutu offer list
	assert_one_line_error mutu-offer
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/plain")" ]
}
