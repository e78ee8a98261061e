#!/usr/bin/env bats
# mutu-need: the same verbs as mutu-offer, on needs/.

load helper

setup() {
	mutu_setup
	new_commons
}

ID_RE='^[0-9abcdefghjkmnpqrstvwxyz]{12}$'

@test "need add prints the new id and commits needs/<2>/<id>.yaml with need.add trailers" {
	local id before
	before=$(commit_count)
	run --separate-stderr mutu need add --title "Un escabeau" --kind tool --tag bricolage --body "Pour samedi." --location Lyon
	[ "$status" -eq 0 ]
	[[ $output =~ $ID_RE ]]
	id=$output
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "needs/${id:0:2}/$id.yaml" ]
	[ "$(git log -1 --format=%s)" = "need add ${id:0:8}: Un escabeau" ]
	[ "$(trailer Mutu-Action)" = need.add ]
	[ "$(trailer Mutu-Record)" = "needs/${id:0:2}/$id.yaml" ]
	[ "$(git log -1 --format='%an <%ae>')" = "Alice Martin <alice@example.org>" ]
	[ -z "$(git status --porcelain)" ]
	run mutu need show "${id:0:4}" --format json
	[ "$(jq -r .type <<<"$output")" = need ]
	[ "$(jq -r .title <<<"$output")" = "Un escabeau" ]
	[ "$(jq -r .kind <<<"$output")" = tool ]
	[ "$(jq -r .body <<<"$output")" = "Pour samedi." ]
	[ "$(jq -r .status <<<"$output")" = open ]
}

@test "need list filters and sorts like offer list" {
	add_member bob
	local a b c
	a=$(MUTU_NOW=2026-01-10T00:00:00Z add_need --title "Une perceuse" --kind tool --tag bricolage)
	b=$(MUTU_NOW=2026-01-11T00:00:00Z add_need --title "Aide au jardin" --kind time --tag jardin --body "Tailler la HAIE")
	c=$(MUTU_NOW=2026-01-12T00:00:00Z MUTU_MEMBER=bob add_need --title "Cours de code" --kind skill)
	run mutu need list --format ids
	[ "$output" = "$(printf '%s\n' "$c" "$b" "$a")" ]
	run mutu need list --sort title --format ids
	[ "$output" = "$(printf '%s\n' "$b" "$c" "$a")" ]
	run mutu need list --kind tool --format ids
	[ "$output" = "$a" ]
	run mutu need list --tag jardin --format ids
	[ "$output" = "$b" ]
	run mutu need list --author bob --format ids
	[ "$output" = "$c" ]
	run mutu need list --grep haie --format ids
	[ "$output" = "$b" ]
	run mutu need list --limit 1 --format ids
	[ "$output" = "$c" ]
	run -1 mutu need list --grep nowhere
	[ -z "$output" ]
}

@test "need list --format tsv and json" {
	local id
	id=$(add_need --title 'Un escabeau \ 3 marches' --tag a --tag b)
	run mutu need list --format tsv
	[ "$output" = "$(printf '%s\topen\tother\talice\t%s\t%s\t%s\ta,b' "$id" "$T0" "$T0" 'Un escabeau \\ 3 marches')" ]
	run mutu need list --format json
	[ "$(jq -r .title <<<"$output")" = 'Un escabeau \ 3 marches' ]
}

@test "need edit, close and reopen commit need.edit, need.close and need.reopen" {
	local id
	id=$(add_need --title "Un escabeau")
	mutu need edit "$id" --set title="Une échelle" --add-tag urgent -q
	[ "$(trailer Mutu-Action)" = need.edit ]
	run mutu need show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = "Une échelle" ]
	[ "$(jq -c .tags <<<"$output")" = '["urgent"]' ]
	mutu need close "$id" --reason "trouvée" -q
	[ "$(trailer Mutu-Action)" = need.close ]
	run mutu need list --status closed --format ids
	[ "$output" = "$id" ]
	run -1 mutu need list
	mutu need reopen "$id" -q
	[ "$(trailer Mutu-Action)" = need.reopen ]
	run mutu need list --format ids
	[ "$output" = "$id" ]
	[ -z "$(git status --porcelain)" ]
}

@test "need edit without options opens \$EDITOR" {
	local id
	id=$(add_need --title "Un escabeau")
	printf '#!/bin/sh\nsed -i "s/^title: .*/title: Une échelle/" "$1"\n' >"$BATS_TEST_TMPDIR/ed.sh"
	chmod +x "$BATS_TEST_TMPDIR/ed.sh"
	EDITOR="$BATS_TEST_TMPDIR/ed.sh" run mutu need edit "$id" </dev/null
	[ "$status" -eq 0 ]
	run mutu need show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = "Une échelle" ]
}

@test "need add --yaml adds a stream in one commit" {
	local before
	before=$(commit_count)
	run bash -c 'printf "title: A\nkind: time\n---\ntitle: B\n" | mutu need add --yaml -'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git diff --name-only HEAD~1 HEAD | grep -c '^needs/')" -eq 2 ]
}

@test "offers and needs are apart: an offer id is no need, and lists do not mix" {
	local o n
	o=$(add_offer --title Perceuse)
	n=$(add_need --title Escabeau)
	refuses 66 "$o" mutu need show "$o"
	refuses 66 "$n" mutu offer show "$n"
	run mutu offer list --format ids
	[ "$output" = "$o" ]
	run mutu need list --format ids
	[ "$output" = "$n" ]
}

@test "need refuses what offer refuses: empty title, unknown kind, not the author" {
	local id
	id=$(add_need --title Escabeau)
	add_member bob
	refuses 65 'title' mutu need add --title ''
	refuses 2 'kind' mutu need add --title X --kind bogus
	MUTU_MEMBER=bob refuses 77 'author' mutu need edit "$id" --set title=Mine
	MUTU_MEMBER=bob refuses 77 'author' mutu need close "$id"
	refuses 66 'need' mutu need show zzzzzzzz
	refuses 65 'id' mutu need show ../../x
}

@test "need ambiguous prefixes are refused with the candidates listed" {
	craft_twins needs
	refuses 2 'abcde0000001.*abcde0000002' mutu need show abcde
}
