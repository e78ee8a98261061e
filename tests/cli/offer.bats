#!/usr/bin/env bats
# mutu-offer: add, list, show, edit, close, reopen, and the output formats.

load helper

setup() {
	mutu_setup
	new_commons
}

ID_RE='^[0-9abcdefghjkmnpqrstvwxyz]{12}$'

# --- add ---

@test "offer add prints the new id and commits offers/<2>/<id>.yaml as one commit" {
	local before id path
	before=$(commit_count)
	run --separate-stderr mutu offer add --title Perceuse --kind tool --tag bricolage \
		--body "Une perceuse à percussion." --location Lyon --availability "le week-end"
	[ "$status" -eq 0 ]
	[[ $output =~ $ID_RE ]]
	[ -z "$stderr" ]
	id=$output
	path=$(record_path offers "$id")
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$path" ]
	[ -f "$path" ]
	[ -z "$(git status --porcelain --untracked-files=all)" ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .id <<<"$output")" = "$id" ]
	[ "$(jq -r .type <<<"$output")" = offer ]
	[ "$(jq -r .title <<<"$output")" = Perceuse ]
	[ "$(jq -r .kind <<<"$output")" = tool ]
	[ "$(jq -r .status <<<"$output")" = open ]
	[ "$(jq -r .author <<<"$output")" = alice ]
	[ "$(jq -r .created <<<"$output")" = "$T0" ]
	[ "$(jq -r .updated <<<"$output")" = "$T0" ]
	[ "$(jq -c .tags <<<"$output")" = '["bricolage"]' ]
	[ "$(jq -r .body <<<"$output")" = "Une perceuse à percussion." ]
	[ "$(jq -r .location <<<"$output")" = Lyon ]
	[ "$(jq -r .availability <<<"$output")" = "le week-end" ]
}

@test "offer add writes a readable commit: summary, trailers, the member as author, MUTU_NOW as date" {
	local id
	id=$(add_offer --title Perceuse)
	[ "$(git log -1 --format=%s)" = "offer add ${id:0:8}: Perceuse" ]
	[ "$(trailer Mutu-Action)" = offer.add ]
	[ "$(trailer Mutu-Record)" = "$(record_path offers "$id")" ]
	[ "$(git log -1 --format='%an <%ae>|%cn <%ce>')" = "Alice Martin <alice@example.org>|Alice Martin <alice@example.org>" ]
	[ "$(git log -1 --format=%at)" = "$(date -u -d "$T0" +%s)" ]
	[ "$(git log -1 --format=%ct)" = "$(date -u -d "$T0" +%s)" ]
}

@test "offer add defaults the kind to other and leaves empty optional fields out" {
	local id
	id=$(add_offer --title Perceuse)
	run mutu offer show "$id" --format json
	[ "$(jq -r .kind <<<"$output")" = other ]
	[ "$(jq -c 'keys_unsorted' <<<"$output")" = '["id","type","title","kind","status","author","created","updated"]' ]
}

@test "offer add accepts every documented kind" {
	for k in tool skill space time material service event other; do
		run mutu offer add --title "A $k" --kind "$k"
		[ "$status" -eq 0 ] || fail "kind $k refused: $output"
	done
	run mutu offer list --format ids
	[ "${#lines[@]}" -eq 8 ]
}

@test "offer add --body-file reads the body from a file" {
	printf '# Détails\n\nLine one\nLine two\n' >body.md
	id=$(add_offer --title Perceuse --body-file body.md)
	run mutu offer show "$id" --format json
	[ "$(jq -r .body <<<"$output")" = "$(cat body.md)" ]
}

@test "offer add --body-file - reads the body from standard input" {
	local id
	id=$(printf 'from stdin\nsecond line\n' | mutu offer add --title Perceuse --body-file -)
	[[ $id =~ $ID_RE ]]
	run mutu offer show "$id" --format json
	[[ $(jq -r .body <<<"$output") == "from stdin"$'\n'"second line"* ]]
}

@test "offer add --yaml adds every document of a stream in ONE commit and prints every id" {
	local before
	before=$(commit_count)
	cat >in.yaml <<-'EOF'
	title: Perceuse
	kind: tool
	tags: [bricolage, outils]
	---
	title: Escabeau
	location: Lyon
	---
	title: Cours de couture
	kind: skill
	body: |
	  Le mardi soir.
	  Apportez du tissu.
	EOF
	run --separate-stderr mutu offer add --yaml in.yaml
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do [[ $l =~ $ID_RE ]]; done
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git diff --name-only HEAD~1 HEAD | wc -l)" -eq 3 ]
	[ "$(trailer Mutu-Action)" = offer.add ]
	[ "$(git log -1 --format='%(trailers:key=Mutu-Record,valueonly)' | grep -c .)" -eq 3 ]
	[ -z "$(git status --porcelain --untracked-files=all | grep -v 'in.yaml')" ]
	run mutu offer show "${lines[2]}" --format json
	[ "$(jq -r .title <<<"$output")" = "Cours de couture" ]
	[ "$(jq -r .kind <<<"$output")" = skill ]
	[ "$(jq -r .body <<<"$output")" = $'Le mardi soir.\nApportez du tissu.' ]
	[ "$(jq -r .author <<<"$output")" = alice ]
}

@test "offer add --yaml - reads the stream from standard input" {
	run --separate-stderr bash -c 'printf "title: A\n---\ntitle: B\n" | mutu offer add --yaml -'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	run mutu offer list --sort title --format tsv
	[ "$(cut -f7 <<<"$output" | tr '\n' ' ')" = "A B " ]
}

# --- show ---

@test "offer show finds a record by its whole id and by any unique prefix of 4 or more" {
	local id
	id=$(add_offer --title Perceuse)
	for p in "$id" "${id:0:4}" "${id:0:5}" "${id:0:8}" "${id:0:11}"; do
		run --separate-stderr mutu offer show "$p" --format ids
		[ "$status" -eq 0 ] || fail "prefix $p: $stderr"
		[ "$output" = "$id" ]
	done
}

@test "offer show reads an upper-case prefix as the id (Crockford)" {
	local id
	id=$(add_offer --title Perceuse)
	run mutu offer show "$(tr a-z A-Z <<<"${id:0:6}")" --format ids
	[ "$status" -eq 0 ]
	[ "$output" = "$id" ]
}

@test "offer show prints the record for a person: fields, then the body" {
	local id
	id=$(add_offer --title Perceuse --kind tool --tag bricolage --tag outils --location Lyon --body "Une **bonne** perceuse.")
	run --separate-stderr mutu offer show "$id" --format table
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "offer $id"*open* ]]
	[[ $output == *Perceuse* ]] && [[ $output == *tool* ]] && [[ $output == *alice* ]]
	[[ $output == *bricolage* ]] && [[ $output == *outils* ]] && [[ $output == *Lyon* ]]
	[[ $output == *"bonne"* ]]
}

@test "offer show prints one tsv line, the json object, the yaml record and the id" {
	local id
	id=$(add_offer --title Perceuse --kind tool --tag a --tag b)
	run mutu offer show "$id" --format tsv
	[ "$output" = "$(printf '%s\topen\ttool\talice\t%s\t%s\tPerceuse\ta,b' "$id" "$T0" "$T0")" ]
	run mutu offer show "$id" --format json
	[ "${#lines[@]}" -eq 1 ]
	[ "$(jq -r .id <<<"$output")" = "$id" ]
	run mutu offer show "$id" --format yaml
	[ "$output" = "$(git show "HEAD:$(record_path offers "$id")")" ]
	run mutu offer show "$id" --format ids
	[ "$output" = "$id" ]
}

@test "offer show on a pipe defaults to tsv" {
	local id
	id=$(add_offer --title Perceuse)
	run mutu offer show "$id"
	[[ $output == "$id"$'\t'open$'\t'* ]]
}

# --- list: filters ---

setup_three() {
	add_member bob "Bob Dupont"
	A=$(add_offer --title "Perceuse" --kind tool --tag bricolage --tag outils --body "Une perceuse à PERCUSSION.")
	B=$(MUTU_NOW=2026-01-03T00:00:00Z add_offer --title "Cours de percussion" --kind skill --tag bricolage)
	C=$(MUTU_NOW=2026-01-04T00:00:00Z MUTU_MEMBER=bob add_offer --title "Tondeuse" --kind tool --tag jardin)
}

ids_of() { # the ids a list printed, sorted, space-separated
	sort <<<"$output" | tr '\n' ' '
}

expect_ids() { # expected ids, in any order
	local want
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$(ids_of)" = "$want" ] || fail "listed: $(ids_of)" "wanted: $want"
}

@test "offer list prints every open offer, one tsv line each" {
	setup_three
	run --separate-stderr mutu offer list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do
		[ "$(awk -F'\t' '{print NF}' <<<"$l")" -eq 8 ]
	done
}

@test "offer list --kind keeps only that kind" {
	setup_three
	run mutu offer list --kind tool --format ids
	expect_ids "$A" "$C"
}

@test "offer list --tag keeps records with the tag; repeated --tag means all of them" {
	setup_three
	run mutu offer list --tag bricolage --format ids
	expect_ids "$A" "$B"
	run mutu offer list --tag bricolage --tag outils --format ids
	expect_ids "$A"
	run -1 mutu offer list --tag outils --tag jardin --format ids
	[ -z "$output" ]
}

@test "offer list --author keeps one member's records" {
	setup_three
	run mutu offer list --author bob --format ids
	expect_ids "$C"
	run mutu offer list --author alice --format ids
	expect_ids "$A" "$B"
}

@test "offer list --grep matches title and body, in any case" {
	setup_three
	run mutu offer list --grep percussion --format ids
	expect_ids "$A" "$B"
	run mutu offer list --grep PERCEUSE --format ids
	expect_ids "$A"
	run mutu offer list --grep "à perc" --format ids
	expect_ids "$A"
}

@test "offer list filters combine" {
	setup_three
	run mutu offer list --kind tool --tag bricolage --format ids
	expect_ids "$A"
	run mutu offer list --kind tool --author bob --grep tond --format ids
	expect_ids "$C"
}

@test "offer list exits 1 and prints nothing when nothing matches" {
	setup_three
	run -1 --separate-stderr mutu offer list --grep nowhere-to-be-found
	[ -z "$output" ]
	run -1 --separate-stderr mutu offer list --kind space
	[ -z "$output" ]
	run -1 --separate-stderr mutu offer list --author carol
	[ -z "$output" ]
}

@test "offer list in an empty commons exits 1" {
	run -1 --separate-stderr mutu offer list
	[ -z "$output" ]
}

@test "offer list shows open offers by default; --status closed and all" {
	setup_three
	mutu offer close "$A" -q
	run mutu offer list --format ids
	expect_ids "$B" "$C"
	run mutu offer list --status open --format ids
	expect_ids "$B" "$C"
	run mutu offer list --status closed --format ids
	expect_ids "$A"
	run mutu offer list --status all --format ids
	expect_ids "$A" "$B" "$C"
}

@test "offer list refuses a bad --status, --sort, --limit or --kind" {
	refuses 2 'status' mutu offer list --status bogus
	refuses 2 'sort' mutu offer list --sort bogus
	refuses 2 'limit' mutu offer list --limit 0
	refuses 2 'limit' mutu offer list --limit -3
	refuses 2 'limit' mutu offer list --limit ten
	refuses 2 'kind' mutu offer list --kind bogus
	refuses 65 'handle' mutu offer list --author ../x
}

# --- list: sort and limit ---

setup_sorted() {
	# created: Bravo, then Alpha, then Charlie; Bravo updated last.
	BRAVO=$(MUTU_NOW=2026-01-10T00:00:00Z add_offer --title Bravo)
	ALPHA=$(MUTU_NOW=2026-01-11T00:00:00Z add_offer --title Alpha)
	CHARLIE=$(MUTU_NOW=2026-01-12T00:00:00Z add_offer --title Charlie)
	MUTU_NOW=2026-01-20T00:00:00Z mutu offer edit "$BRAVO" --add-tag touched -q
}

titles() {
	cut -f7 <<<"$output" | tr '\n' ' '
}

@test "offer list is newest first by default" {
	setup_sorted
	run mutu offer list --format tsv
	[ "$(titles)" = "Charlie Alpha Bravo " ]
}

@test "offer list --sort created is newest created first" {
	setup_sorted
	run mutu offer list --sort created --format tsv
	[ "$(titles)" = "Charlie Alpha Bravo " ]
}

@test "offer list --sort updated is most recently updated first" {
	setup_sorted
	run mutu offer list --sort updated --format tsv
	[ "$(titles)" = "Bravo Charlie Alpha " ]
}

@test "offer list --sort title is by title, ascending" {
	setup_sorted
	run mutu offer list --sort title --format tsv
	[ "$(titles)" = "Alpha Bravo Charlie " ]
}

@test "offer list --limit N keeps the first N of the sorted list" {
	setup_sorted
	run mutu offer list --limit 2 --format tsv
	[ "$(titles)" = "Charlie Alpha " ]
	run mutu offer list --sort title --limit 2 --format tsv
	[ "$(titles)" = "Alpha Bravo " ]
	run mutu offer list --sort updated --limit 1 --format tsv
	[ "$(titles)" = "Bravo " ]
	run mutu offer list --limit 10 --format tsv
	[ "$(titles)" = "Charlie Alpha Bravo " ]
}

# --- formats ---

@test "offer list --format json prints one whole record per line, each valid JSON" {
	setup_three
	mutu offer edit "$A" --set location="Lyon 7e" -q
	run --separate-stderr mutu offer list --format json
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do
		jq -e 'type == "object" and (.id | test("^[0-9a-z]{12}$"))' <<<"$l" >/dev/null ||
			fail "not a record: $l"
	done
	# whole records: the body is there
	[ "$(jq -r "select(.id == \"$A\") | .body" <<<"$output")" = "Une perceuse à PERCUSSION." ]
	[ "$(jq -r "select(.id == \"$A\") | .location" <<<"$output")" = "Lyon 7e" ]
	[ "$(jq -s length <<<"$output")" -eq 3 ]
}

@test "offer json keeps tabs, newlines, quotes, backslashes and accents in a body" {
	local body id
	body=$(printf 'tab\there\nnew line "quoted" back\\slash é 漢字 🙂')
	id=$(add_offer --title Perceuse --body "$body")
	run mutu offer list --format json
	[ "${#lines[@]}" -eq 1 ]
	[ "$(jq -r .body <<<"$output")" = "$body" ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .body <<<"$output")" = "$body" ]
}

@test "offer yaml output keeps a body with tabs and backslashes" {
	local body id
	body=$(printf 'tab\there\nback\\slash\n  indented')
	id=$(add_offer --title Perceuse --body "$body")
	if have_yq; then
		run mutu offer show "$id" --format yaml
		[ "$(yq -r .body <<<"$output")" = "$body" ]
	fi
	# mutu reads back what it wrote
	run mutu offer show "$id" --format json
	[ "$(jq -r .body <<<"$output")" = "$body" ]
}

@test "offer tsv escapes backslashes in a title and tags, one record per line" {
	id=$(add_offer --title 'C:\outils\perceuse' --tag 'a\b')
	run mutu offer list --format tsv
	[ "${#lines[@]}" -eq 1 ]
	[ "$(cut -f7 <<<"$output")" = 'C:\\outils\\perceuse' ]
	[ "$(cut -f8 <<<"$output")" = 'a\\b' ]
}

@test "offer tsv escapes a tab, newline, carriage return and backslash inside a field" {
	# Titles cannot hold control characters, so commit such a record by hand:
	# reads are tolerant, and the tsv line must still be one line of 8 fields.
	local id=abcdefgh0001
	mkdir -p offers/ab
	cat >offers/ab/$id.yaml <<-EOF
	id: $id
	type: offer
	title: "a\tb\nc\rd\\\\e"
	kind: tool
	status: open
	author: alice
	created: "$T0"
	updated: "$T0"
	EOF
	gitc add offers && gitc commit -qm "by hand"
	run --separate-stderr mutu offer list --format tsv
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(awk -F'\t' '{print NF}' <<<"$output")" -eq 8 ]
	[ "$(cut -f7 <<<"$output")" = 'a\tb\nc\rd\\e' ]
	[[ $stderr == *"offers/ab/$id.yaml"* ]] # the warning names the file
}

@test "offer list --format yaml prints documents that re-parse, each a whole record" {
	setup_three
	run --separate-stderr mutu offer list --format yaml
	[ "$status" -eq 0 ]
	[ "$(grep -c '^id: ' <<<"$output")" -eq 3 ]
	[ "$(grep -c '^---$' <<<"$output")" -eq 2 ]
	[[ ${lines[0]} == id:* ]]
	[ "$(grep -A1 -x -- '---' <<<"$output" | grep -c '^id: ')" -eq 2 ]
	if have_yq; then
		[ "$(yq -c '{id, title}' <<<"$output" | wc -l)" -eq 3 ]
		[ "$(yq -r .id <<<"$output" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$A" "$B" "$C" | sort | tr '\n' ' ')" ]
	fi
}

@test "offer list --format ids | xargs -n1 mutu offer show" {
	setup_three
	run bash -c 'mutu offer list --format ids | xargs -n1 mutu offer show --format json | jq -r .title | sort'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'Cours de percussion\nPerceuse\nTondeuse')" ]
}

@test "offer list --format table has a header and shows 8-character ids" {
	local id
	id=$(add_offer --title Perceuse --kind tool)
	run --separate-stderr mutu offer list --format table
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == *ID* ]] && [[ ${lines[0]} == *TITLE* ]]
	[[ ${lines[1]} == "${id:0:8} "* ]]
	[[ ${lines[1]} != *"$id"* ]]
	[[ ${lines[1]} == *Perceuse* ]]
}

@test "offer list --format table shows more of an id where 8 characters are not unique" {
	craft_twins offers
	run mutu offer list --format table
	[[ $output == *abcde0000001* ]]
	[[ $output == *abcde0000002* ]]
}

@test "offer list --format table keeps one line per record and aligns accented titles" {
	add_offer --title "Étagère" >/dev/null
	add_offer --title "Perceuse" >/dev/null
	run mutu offer list --format table --sort title
	[ "${#lines[@]}" -eq 3 ]
	# the AUTHOR column starts at the same display column on every row
	local a b
	a=$(sed -n 2p <<<"$output" | sed 's/alice.*//' | wc -m)
	b=$(sed -n 3p <<<"$output" | sed 's/alice.*//' | wc -m)
	[ "$a" -eq "$b" ]
}

@test "offer list --format table aligns wide (CJK) titles by display width" {
	add_offer --title "漢字" --tag x >/dev/null
	add_offer --title "abcd" --tag y >/dev/null
	run mutu offer list --format table
	local wide narrow
	wide=$(grep '漢字' <<<"$output" | sed 's/.*漢字\( *\)x *$/\1/')
	narrow=$(grep 'abcd' <<<"$output" | sed 's/.*abcd\( *\)y *$/\1/')
	[ "${#wide}" -eq "${#narrow}" ] || fail "$output"
}

@test "a title may hold 200 characters (not bytes), not 201" {
	local t
	t=$(printf 'é%.0s' $(seq 200))
	run mutu offer add --title "$t"
	[ "$status" -eq 0 ]
	run mutu offer show "$output" --format json
	[ "$(jq -r .title <<<"$output")" = "$t" ]
	refuses 65 "title" mutu offer add --title "${t}é"
}

@test "offer show of a closed record shows why it was closed" {
	local id
	id=$(add_offer --title Perceuse)
	mutu offer close "$id" --reason "prêtée à Bob" -q
	run mutu offer show "$id" --format table
	[[ ${lines[0]} == *closed* ]]
	[[ $output == *"prêtée à Bob"* ]]
}

@test "on a terminal, offer list prints a table that fits its width, long titles cut with …" {
	command -v script >/dev/null || skip "script(1) is needed to give mutu a terminal"
	add_offer --title "$(printf 'A very long title %.0s' $(seq 6))" --tag outils >/dev/null
	add_offer --title Perceuse >/dev/null
	run bash -c 'script -qec "stty cols 60 rows 20; mutu offer list" /dev/null </dev/null | tr -d "\r"'
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == ID* ]]
	[ "${#lines[@]}" -eq 3 ]
	[[ $output == *…* ]]
	[[ $output == *outils* ]]
	[ "$(printf '%s\n' "$output" | wc -L)" -le 60 ] || fail "wider than 60 columns:" "$output"
}

@test "on a narrow terminal, the table still fits when the title column can shrink to its header" {
	command -v script >/dev/null || skip "script(1) is needed to give mutu a terminal"
	add_offer --title "$(printf 'A very long title %.0s' $(seq 6))" --tag outils >/dev/null
	# ID 8, KIND 5, AUTHOR 6, CREATED 10, TAGS 6 and five 2-space gaps take 45
	# columns: TITLE gets 5, its header's width.
	run bash -c 'script -qec "stty cols 50 rows 20; mutu offer list" /dev/null </dev/null | tr -d "\r"'
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -L)" -le 50 ] || fail "wider than 50 columns:" "$output"
}

# --- edit ---

@test "offer edit --set changes fields, stamps updated and commits offer.edit" {
	local id before
	id=$(add_offer --title Perceuse --location Lyon)
	before=$(commit_count)
	MUTU_NOW=2026-02-01T00:00:00Z run --separate-stderr mutu offer edit "${id:0:5}" \
		--set title=Marteau --set kind=tool --set availability="le soir" --set body="Solide."
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git log -1 --format=%s)" = "offer edit ${id:0:8}: Marteau" ]
	[ "$(trailer Mutu-Action)" = offer.edit ]
	[ "$(trailer Mutu-Record)" = "$(record_path offers "$id")" ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = Marteau ]
	[ "$(jq -r .kind <<<"$output")" = tool ]
	[ "$(jq -r .availability <<<"$output")" = "le soir" ]
	[ "$(jq -r .body <<<"$output")" = "Solide." ]
	[ "$(jq -r .location <<<"$output")" = Lyon ]
	[ "$(jq -r .created <<<"$output")" = "$T0" ]
	[ "$(jq -r .updated <<<"$output")" = 2026-02-01T00:00:00Z ]
	[ -z "$(git status --porcelain)" ]
}

@test "offer edit --set FIELD= removes an optional field" {
	local id
	id=$(add_offer --title Perceuse --location Lyon)
	mutu offer edit "$id" --set location= -q
	run mutu offer show "$id" --format json
	[ "$(jq 'has("location")' <<<"$output")" = false ]
	if grep -q location "$(record_path offers "$id")"; then fail "location is still in the file"; fi
}

@test "offer edit --set tags=a,b replaces the tags" {
	local id
	id=$(add_offer --title Perceuse --tag old)
	mutu offer edit "$id" --set tags=a,b -q
	run mutu offer show "$id" --format json
	[ "$(jq -c .tags <<<"$output")" = '["a","b"]' ]
}

@test "offer edit --add-tag and --remove-tag" {
	local id
	id=$(add_offer --title Perceuse --tag a --tag b)
	mutu offer edit "$id" --add-tag c --remove-tag a -q
	run mutu offer show "$id" --format json
	[ "$(jq -c .tags <<<"$output")" = '["b","c"]' ]
	mutu offer edit "$id" --remove-tag b --remove-tag c -q
	run mutu offer show "$id" --format json
	[ "$(jq 'has("tags")' <<<"$output")" = false ]
}

@test "offer edit that changes nothing says so and makes no commit" {
	local id before
	id=$(add_offer --title Perceuse --tag a)
	before=$(commit_count)
	snapshot
	run --separate-stderr mutu offer edit "$id" --add-tag a --set title=Perceuse
	[ "$status" -eq 0 ]
	[[ $stderr == *"nothing changed"* ]]
	assert_unchanged
}

@test "offer edit refuses a field mutu owns, an unknown field, a bad kind, an empty title" {
	local id
	id=$(add_offer --title Perceuse)
	refuses 65 "'id'" mutu offer edit "$id" --set id=abcdabcdabcd
	refuses 65 "author" mutu offer edit "$id" --set author=bob
	refuses 65 "status" mutu offer edit "$id" --set status=closed
	refuses 65 "bogus" mutu offer edit "$id" --set bogus=1
	refuses 2 "FIELD=VALUE" mutu offer edit "$id" --set title
	refuses 65 "kind" mutu offer edit "$id" --set kind=bogus
	refuses 65 "title" mutu offer edit "$id" --set title=
	refuses 65 "title" mutu offer edit "$id" --set "title=$(printf 'two\nlines')"
}

@test "offer edit refuses a tag with a space or a comma, with one clean error line" {
	local id
	id=$(add_offer --title Perceuse)
	refuses 65 "tag" mutu offer edit "$id" --add-tag "with space"
	refuses 65 "tag" mutu offer edit "$id" --add-tag "a,b"
}

# --- edit in an editor ---

editor() { # editor NAME BODY: a script in the test directory
	printf '#!/bin/sh\n%s\n' "$2" >"$BATS_TEST_TMPDIR/$1"
	chmod +x "$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

@test "offer edit without options opens \$EDITOR on the record and commits the change" {
	local id ed
	id=$(add_offer --title Perceuse --tag a)
	ed=$(editor ed.sh 'sed -i -e "s/^title: .*/title: Marteau/" -e "s/^- a$/- b/" "$1"')
	EDITOR=$ed MUTU_NOW=2026-02-01T00:00:00Z run --separate-stderr mutu offer edit "$id" </dev/null
	[ "$status" -eq 0 ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = Marteau ]
	[ "$(jq -c .tags <<<"$output")" = '["b"]' ]
	[ "$(jq -r .updated <<<"$output")" = 2026-02-01T00:00:00Z ]
	[ "$(trailer Mutu-Action)" = offer.edit ]
	[ -z "$(git status --porcelain)" ]
}

@test "offer edit prefers \$VISUAL to \$EDITOR" {
	local id
	id=$(add_offer --title Perceuse)
	VISUAL=$(editor vis.sh 'sed -i "s/^title: .*/title: Visual/" "$1"') \
		EDITOR=$(editor ed.sh 'sed -i "s/^title: .*/title: Editor/" "$1"') \
		run mutu offer edit "$id" </dev/null
	[ "$status" -eq 0 ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = Visual ]
}

@test "offer edit gives the editor the record as canonical YAML" {
	local id
	id=$(add_offer --title Perceuse --kind tool --tag a --body "x")
	EDITOR=$(editor ed.sh "cp \"\$1\" '$BATS_TEST_TMPDIR/seen.yaml'") mutu offer edit "$id" -q </dev/null
	cmp "$BATS_TEST_TMPDIR/seen.yaml" "$(record_path offers "$id")"
}

@test "offer edit with an editor that changes nothing makes no commit and keeps the file's bytes" {
	local id path sum
	id=$(add_offer --title Perceuse --kind tool --tag a --tag b --body $'line one\nline two' --location Lyon)
	path=$(record_path offers "$id")
	sum=$(sha256sum <"$path")
	snapshot
	EDITOR=true run --separate-stderr mutu offer edit "$id" </dev/null
	[ "$status" -eq 0 ]
	[[ $stderr == *"nothing changed"* ]]
	assert_unchanged
	[ "$(sha256sum <"$path")" = "$sum" ]
}

edit_nontty() {
	mutu offer edit "$@" </dev/null
}

@test "offer edit refuses a bad edit when stdin is not a terminal: exit 65, nothing changed" {
	local id
	id=$(add_offer --title Perceuse)
	REFUSES_PROG=mutu-offer EDITOR=$(editor bogus.sh 'echo "bogus: 1" >>"$1"') \
		refuses 65 'bogus' edit_nontty "$id"
	REFUSES_PROG=mutu-offer EDITOR=$(editor syntax.sh 'echo "tags: [unclosed" >>"$1"') \
		refuses 65 ':[0-9]+:[0-9]+:' edit_nontty "$id"
	REFUSES_PROG=mutu-offer EDITOR=$(editor author.sh 'sed -i "s/^author: .*/author: bob/" "$1"') \
		refuses 65 'author' edit_nontty "$id"
	REFUSES_PROG=mutu-offer EDITOR=$(editor empty.sh 'sed -i "s/^title: .*/title: \"\"/" "$1"') \
		refuses 65 'title' edit_nontty "$id"
	REFUSES_PROG=mutu-offer EDITOR=$(editor kind.sh 'sed -i "s/^kind: .*/kind: bogus/" "$1"') \
		refuses 65 'kind' edit_nontty "$id"
}

@test "offer edit stops when the editor fails, and changes nothing" {
	local id
	id=$(add_offer --title Perceuse)
	snapshot
	EDITOR=$(editor fails.sh 'sed -i "s/^title: .*/title: Changed/" "$1"; exit 3') \
		run --separate-stderr mutu offer edit "$id" </dev/null
	[ "$status" -ne 0 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "mutu-offer: error: "* ]]
	assert_unchanged
}

# --- close and reopen ---

@test "offer close --reason closes the record, keeps the reason and commits offer.close" {
	local id
	id=$(add_offer --title Perceuse)
	MUTU_NOW=2026-02-01T00:00:00Z run --separate-stderr mutu offer close "$id" --reason "prêtée pour de bon"
	[ "$status" -eq 0 ]
	[ "$(git log -1 --format=%s)" = "offer close ${id:0:8}: Perceuse" ]
	[ "$(trailer Mutu-Action)" = offer.close ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .status <<<"$output")" = closed ]
	[ "$(jq -r .closed_reason <<<"$output")" = "prêtée pour de bon" ]
	[ "$(jq -r .updated <<<"$output")" = 2026-02-01T00:00:00Z ]
	[ -z "$(git status --porcelain)" ]
}

@test "offer close of a closed record exits 1 and changes nothing" {
	local id
	id=$(add_offer --title Perceuse)
	mutu offer close "$id" -q
	refuses 1 'already closed' mutu offer close "$id"
}

@test "offer reopen reopens, drops the closed reason and commits offer.reopen" {
	local id
	id=$(add_offer --title Perceuse)
	mutu offer close "$id" --reason gone -q
	run --separate-stderr mutu offer reopen "$id"
	[ "$status" -eq 0 ]
	[ "$(trailer Mutu-Action)" = offer.reopen ]
	[ "$(git log -1 --format=%s)" = "offer reopen ${id:0:8}: Perceuse" ]
	run mutu offer show "$id" --format json
	[ "$(jq -r .status <<<"$output")" = open ]
	[ "$(jq 'has("closed_reason")' <<<"$output")" = false ]
}

@test "offer reopen of an open record exits 1 and changes nothing" {
	local id
	id=$(add_offer --title Perceuse)
	refuses 1 'already open' mutu offer reopen "$id"
}

@test "offer close refuses a reason with a newline" {
	local id
	id=$(add_offer --title Perceuse)
	refuses 65 'closed_reason' mutu offer close "$id" --reason "$(printf 'two\nlines')"
}

# --- canonical YAML ---

@test "records are canonical: keys in schema order, and the same record gives the same bytes" {
	local id path sum
	id=$(add_offer --title Perceuse --availability soir --location Lyon --body x --tag b --tag a --kind tool)
	path=$(record_path offers "$id")
	[ "$(sed -n 's/^\([a-z_]*\):.*/\1/p' "$path" | tr '\n' ' ')" = "id type title kind status author created updated tags location availability body " ]
	sum=$(git rev-parse "HEAD:$path")
	mutu offer edit "$id" --set title=Marteau -q
	mutu offer edit "$id" --set title=Perceuse -q
	[ "$(git rev-parse "HEAD:$path")" = "$sum" ]
}

@test "strings a YAML reader could take for another type are quoted, and read back as strings" {
	local t id path line
	local -a titles=(yes no on off true null '~' 0123 1e3 2026-01-01 '- x' 'a: b' '#hash' '&anchor'
		'*star' '!tag' '%pct' '@at' '`tick`' '12:30' '0x1F' '.inf' ' lead' 'trail ')
	local -a paths=()
	for t in "${titles[@]}"; do
		id=$(add_offer --title "$t")
		path=$(record_path offers "$id")
		paths+=("$path")
		line=$(grep '^title: ' "$path")
		[[ $line =~ ^title:\ [\"\'] ]] || fail "title '$t' written unquoted: $line"
		run mutu offer show "$id" --format json
		[ "$(jq -r .title <<<"$output")" = "$t" ] || fail "title '$t' read back as $(jq .title <<<"$output")"
	done
	if have_yq; then
		# an independent YAML reader takes every one of them for the same string
		[ "$(yq -c .title "${paths[@]}")" = "$(printf '%s\n' "${titles[@]}" | jq -cR .)" ] ||
			fail "yq reads: $(yq -c .title "${paths[@]}" | tr '\n' ' ')"
	fi
}

@test "a multi-line body is written as a literal block" {
	local id
	id=$(add_offer --title Perceuse --body $'line one\nline two')
	grep -Eq '^body: \|' "$(record_path offers "$id")"
	grep -qx '  line one' "$(record_path offers "$id")"
}
