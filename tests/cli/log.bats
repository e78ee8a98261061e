#!/usr/bin/env bats
# mutu-log: the history of the commons, or of one record, as actions.

load helper

setup() {
	mutu_setup
	new_commons
}

# the tsv column named by its number (see mutu-log(1)), of every line
col() {
	cut -f"$1"
}

@test "log lists the actions newest first, with who and what" {
	add_member bob
	id=$(add_offer --title Perceuse --kind tool)
	MUTU_MEMBER=bob add_need --title Escabeau >/dev/null
	run -0 --separate-stderr mutu log --format tsv
	[ -z "$stderr" ]
	# one line a commit here: every field of a new record, each on its line
	[ "$(col 1 <<<"$output" | uniq | wc -l)" -eq 4 ]
	[ "$(col 4 <<<"$output" | uniq | tr '\n' ' ')" = "need.add offer.add member.add commons.init " ]
	[ "$(col 1,3 <<<"$output" | uniq | col 2 | tr '\n' ' ')" = "bob alice alice alice " ]
	[ "$(col 1 <<<"$output" | uniq | head -1)" = "$(git rev-parse HEAD)" ]
	grep -q "	offers/${id:0:2}/$id.yaml	title		Perceuse	added	offer add " <<<"$output"
	[ "$(col 2 <<<"$output" | sort -u)" = "$T0" ]
	[ "$(col 5 <<<"$output" | sort -u)" = unsigned ]
}

@test "log on a terminal: a block per commit; mutu log runs mutu-log" {
	id=$(add_offer --title Perceuse --kind tool)
	run -0 mutu log --format table
	[[ ${lines[0]} =~ ^[0-9a-f]{8}\ \ 2026-01-02\ \ alice\ \ offer\ add\ ${id:0:8}:\ Perceuse$ ]]
	[ "${lines[1]}" = "  offer ${id:0:8}: added: Perceuse" ]
	[[ ${lines[2]} == *"  alice  init: Test commons" ]]
	[ "${lines[3]}" = "  member alice: added: Alice Martin" ]
}

@test "an edit shows each field that changed, from what to what" {
	id=$(add_offer --title Perceuse --kind tool --location Atelier --tag a)
	MUTU_NOW=2026-01-05T00:00:00Z mutu offer edit "$id" --set location=Garage --set kind=skill --add-tag b -q
	run -0 mutu log --limit 1 --format tsv
	[ "${#lines[@]}" -eq 3 ]
	grep -qx "[0-9a-f]*	2026-01-05T00:00:00Z	alice	offer.edit	unsigned	offers/${id:0:2}/$id.yaml	kind	tool	skill	changed	offer edit .*" <<<"$output"
	grep -q "	location	Atelier	Garage	changed	" <<<"$output"
	grep -q "	tags	a	a,b	changed	" <<<"$output"
	# the updated stamp is noise
	! grep -q "	updated	" <<<"$output"
	run -0 mutu log --limit 1 --format table
	[ "${lines[1]}" = "  offer ${id:0:8}: kind: tool → skill" ]
	[ "${lines[2]}" = "  offer ${id:0:8}: tags: a → a, b" ]
	[ "${lines[3]}" = "  offer ${id:0:8}: location: Atelier → Garage" ]
	MUTU_NOW=2026-01-06T00:00:00Z mutu offer edit "$id" --set location= -q
	run -0 mutu log --limit 1 --format table
	[ "${lines[1]}" = "  offer ${id:0:8}: location: Garage → (none)" ]
}

@test "a record's own history, by id, by prefix and by path, newest first" {
	id=$(add_offer --title Perceuse)
	add_need --title Escabeau >/dev/null
	MUTU_NOW=2026-01-05T00:00:00Z mutu offer close "$id" -q
	add_member bob
	run -0 mutu log "$id" --format tsv
	[ "$(col 4 <<<"$output" | uniq | tr '\n' ' ')" = "offer.close offer.add " ]
	[ "$(col 6 <<<"$output" | sort -u)" = "offers/${id:0:2}/$id.yaml" ]
	run -0 mutu log "${id:0:5}" --format tsv
	[ "$(col 4 <<<"$output" | uniq | tr '\n' ' ')" = "offer.close offer.add " ]
	run -0 mutu log "offers/${id:0:2}/$id.yaml" --format tsv
	[ "$(col 4 <<<"$output" | uniq | tr '\n' ' ')" = "offer.close offer.add " ]
	# a member, by handle
	run -0 mutu log bob --format tsv
	[ "$(col 4 <<<"$output" | uniq)" = member.add ]
}

@test "a removed record's history is still there by path" {
	id=$(add_offer --title Perceuse)
	path=$(record_path offers "$id")
	gitc rm -q "$path"
	gitc commit -qm "remove it"
	run -0 mutu log "$path" --format tsv
	[ "$(col 4 <<<"$output" | uniq | tr '\n' ' ')" = "- offer.add " ]
	grep -q "	title	Perceuse		removed	remove it	" <<<"$output"
}

@test "a commit made with plain git shows action -, its author's name when no member has the email" {
	echo "hello" >NOTES
	gitc add NOTES
	gitc commit -qm "notes by hand"
	run -0 mutu log --limit 1 --format tsv
	[ "${#lines[@]}" -eq 1 ]
	[ "$(col 3 <<<"$output")" = "Hand Editor" ]
	[ "$(col 4 <<<"$output")" = - ]
	[ "$(col 6-10 <<<"$output")" = $'\t\t\t\t' ]
	[ "$(col 11 <<<"$output")" = "notes by hand" ]
	run -0 mutu log --limit 1 --format json
	[ "$(jq -r '.action' <<<"$output")" = null ]
	[ "$(jq -r '.member' <<<"$output")" = "Hand Editor" ]
}

@test "control characters in a commit's title are escaped in table and tsv" {
	git -c user.name="$(printf 'Eve\033[2J')" -c user.email=eve@example.org \
		commit -q --allow-empty -m "$(printf 'title \033[31mred\xe2\x80\xae')"
	run -0 mutu log --limit 1 --format table
	[[ $output == *'Eve\x1b[2J'* ]]
	[[ $output == *'title \x1b[31mred\u202e'* ]]
	! printf '%s' "$output" | LC_ALL=C grep -q $'\033'
	run -0 mutu log --limit 1 --format tsv
	[[ $(col 11 <<<"$output") == 'title \x1b[31mred\u202e' ]]
	! printf '%s' "$output" | LC_ALL=C grep -q $'\033'
	run -0 mutu log --limit 1 --format json
	[ "$(jq -r .summary <<<"$output")" = "$(printf 'title \033[31mred\xe2\x80\xae')" ]
}

@test "json: one object per commit, its changes with values as JSON" {
	need_tool jq
	id=$(add_offer --title Perceuse --tag a)
	MUTU_NOW=2026-01-05T00:00:00Z mutu offer edit "$id" --add-tag b -q
	run -0 mutu log --format json
	[ "${#lines[@]}" -eq 3 ]
	jq -e . <<<"$output" >/dev/null
	[ "$(jq -r .action <<<"${lines[0]}")" = offer.edit ]
	[ "$(jq -r .member <<<"${lines[0]}")" = alice ]
	[ "$(jq -r .signature <<<"${lines[0]}")" = unsigned ]
	[ "$(jq -r .merge <<<"${lines[0]}")" = false ]
	[ "$(jq -c '.changes' <<<"${lines[0]}")" = "[{\"path\":\"offers/${id:0:2}/$id.yaml\",\"type\":\"offer\",\"key\":\"$id\",\"field\":\"tags\",\"change\":\"changed\",\"old\":[\"a\"],\"new\":[\"a\",\"b\"]}]" ]
	[ "$(jq -r '.changes[] | select(.field == "title") | .new' <<<"${lines[1]}")" = Perceuse ]
	[ "$(jq -r '.parents | length' <<<"${lines[2]}")" -eq 0 ]
}

@test "--since REV leaves REV and what came before it out; --limit N keeps N" {
	add_offer --title One >/dev/null
	base=$(git rev-parse HEAD)
	add_offer --title Two >/dev/null
	add_offer --title Three >/dev/null
	run -0 mutu log --since "$base" --format tsv
	[ "$(col 11 <<<"$output" | uniq | sed 's/.*: //' | tr '\n' ' ')" = "Three Two " ]
	run -0 mutu log --since HEAD~1 --format tsv
	[ "$(col 11 <<<"$output" | uniq | sed 's/.*: //')" = Three ]
	run -0 mutu log --since HEAD --format tsv
	[ -z "$output" ]
	run -0 mutu log --limit 2 --format tsv
	[ "$(col 1 <<<"$output" | uniq | wc -l)" -eq 2 ]
	run -0 mutu log -n 1 --format json
	[ "${#lines[@]}" -eq 1 ]
}

@test "a merge is one line with its parents; the merged commits are listed themselves" {
	gitc checkout -qb side
	add_offer --title "On the side" >/dev/null
	side=$(git rev-parse HEAD)
	gitc checkout -q main
	add_need --title "On main" >/dev/null
	main=$(git rev-parse HEAD)
	gitc merge -q --no-edit side
	[ "$(git rev-list --count --merges HEAD)" -eq 1 ]
	merge=$(git rev-parse HEAD)
	run -0 mutu log --format tsv
	grep -qx "$merge	[-0-9T:]*Z	Hand Editor	-	unsigned						Merge branch 'side'	$main $side" <<<"$output"
	grep -q "	offer.add	.*On the side" <<<"$output"
	grep -q "	need.add	.*On main" <<<"$output"
	run -0 mutu log --limit 1 --format table
	[ "${#lines[@]}" -eq 1 ]
	[[ ${lines[0]} =~ ^${merge:0:8}\ \ [-0-9]{10}\ \ Hand\ Editor\ \ merge\ ${main:0:8}\ ${side:0:8}\ \ Merge\ branch\ \'side\'$ ]]
	run -0 mutu log --limit 1 --format json
	[ "$(jq -r '.merge' <<<"$output")" = true ]
	[ "$(jq -r '.parents | join(" ")' <<<"$output")" = "$main $side" ]
	[ "$(jq -r '.changes | length' <<<"$output")" -eq 0 ]
}

@test "a signed commit says signed" {
	need_tool ssh-keygen
	ssh-keygen -q -t ed25519 -N '' -C test -f "$BATS_TEST_TMPDIR/key"
	gitc -c gpg.format=ssh -c user.signingkey="$BATS_TEST_TMPDIR/key" \
		commit -q -S --allow-empty -m "signed by hand"
	git cat-file commit HEAD | grep -q '^gpgsig '
	run -0 mutu log --limit 2 --format tsv
	[ "$(col 1,5 <<<"$output" | uniq | col 2 | tr '\n' ' ')" = "signed unsigned " ]
	run -0 mutu log --limit 1 --format json
	[ "$(jq -r .signature <<<"$output")" = signed ]
	run -0 mutu log --limit 1 --format table
	[[ ${lines[0]} == *"signed by hand  (signed)" ]]
}

@test "a record file that is no YAML is said unreadable, not an error" {
	id=$(add_offer --title Perceuse)
	path=$(record_path offers "$id")
	printf 'title: [unclosed\n' >"$path"
	gitc commit -qam "broken by hand"
	run -0 --separate-stderr mutu log --limit 1 --format tsv
	[ "$(col 6,10 <<<"$output")" = "$path	unreadable" ]
	run -0 mutu log --limit 1 --format table
	[[ ${lines[1]} == "  offer ${id:0:8}: cannot be read as a record: $path:"* ]]
	run -0 mutu log --limit 1 --format json
	[ "$(jq -r '.changes[0].change' <<<"$output")" = unreadable ]
}

@test "a bulk import: the table tells 20 records and how many more, tsv and json all" {
	for i in $(seq 1 25); do printf -- '---\ntitle: Item %s\n' "$i"; done >items.yaml
	mutu offer add --yaml items.yaml -q >/dev/null
	run -0 mutu log --limit 1 --format table
	[ "${#lines[@]}" -eq 22 ]
	[ "${lines[21]}" = "  … and 5 more records" ]
	run -0 mutu log --limit 1 --format json
	[ "$(jq -r '[.changes[] | .path] | unique | length' <<<"$output")" -eq 25 ]
	run -0 mutu log --limit 1 --format tsv
	[ "$(col 6 <<<"$output" | sort -u | wc -l)" -eq 25 ]
}

@test "log refuses: an unknown id (66), a bad --since (65), usage (2)" {
	add_offer --title Perceuse >/dev/null
	refuses 66 "no record with id abcd2345" mutu log abcd2345
	refuses 66 "is not where a record lives" mutu log rules.yaml/x
	refuses 66 "no record at offers/ab/abcd23456789.yaml in the history" mutu log offers/ab/abcd23456789.yaml
	refuses 65 "no commit 'nope' in this commons' history" mutu log --since nope
	refuses 65 "no commit" mutu log --since "$(printf 'bad\033rev')"
	refuses 2 "one record at a time" mutu log a b
	refuses 2 "--limit" mutu log --limit 0
	refuses 2 "table, tsv or json" mutu log --format yaml
}

@test "log outside a commons is 66" {
	cd "$BATS_TEST_TMPDIR"
	mkdir empty
	cd empty
	run -66 --separate-stderr mutu log
	assert_one_line_error mutu-log
}
